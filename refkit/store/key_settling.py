"""Which key each row of one write ends up with: imported keys claimed, generated keys settled.

Used by ``ingest.Writer`` inside one transaction. A generated key whose base is taken waits (key
None) and is settled once at the end, per base, by ``refkit.keys.assign_keys`` -- an order that does
not depend on arrival. Keys already shown to the user (rows older than this write) never move; an
imported key that is taken gets the next free suffix, with a note.
"""

from __future__ import annotations

from ..keys import assign_keys, suffixes
from .storage import Storage

__all__ = ["KeySettler"]


class KeySettler:
    def __init__(self, storage: Storage, inserted: set[int]):
        self.storage = storage
        self.inserted = inserted  # rows new in this write (shared with the Writer): their keys may move
        self.touched: set[str] = set()  # base keys whose generated members need (re)assigning
        self.before: dict[int, str | None] = {}  # row id -> key before this write
        self.notes: list[str] = []

    def taken(self, key: str) -> bool:
        return self.storage.row_of_key(key) is not None

    def generated(self, base: str) -> str | None:
        """The key a new generated entry gets now: its base, or None to be settled in ``settle``."""
        if not self.taken(base):
            return base
        self.touched.add(base)
        return None

    def release(self, row_id: int, key: str | None, base: str) -> None:
        """A generated key of this write is given up (its row is settled again at the end)."""
        self.before.setdefault(row_id, key)
        self.storage.set_key(row_id, None)
        self.touched.add(base)

    def claim(self, key: str) -> str:
        """``key`` for an imported entry: a generated holder of this write moves aside; else the next free suffix."""
        holder = self.storage.key_holder(key)
        if holder is None:
            return key  # the usual case: nobody has it
        holder_id, holder_base, movable = holder
        if movable and holder_id in self.inserted:
            self.release(holder_id, key, holder_base)
        for suffix in suffixes():
            if not self.taken(key + suffix):
                if suffix:
                    self.notes.append(f"imported key {key!r} is taken; the entry got {key + suffix!r}")
                return key + suffix
        raise AssertionError("unreachable")

    def settle(self) -> None:
        """Keys for every touched base; a row left without one rolls the write back."""
        for base in sorted(self.touched):
            self._settle(base)
        self.touched.clear()
        if self.storage.unsettled_keys():
            raise AssertionError("a row of this write was left without a key")

    def _settle(self, base: str) -> None:
        members = [m for m in self.storage.generated_keys(base) if m[0] in self.inserted]  # a shown key stays
        if not members:
            return
        ids = {m[0] for m in members}
        taken = {k for i, k in self.storage.keys_starting_with(base) if i not in ids}
        taken.update(self.storage.aliases_starting_with(base))
        wanted = assign_keys(base, [(m[1], m[0]) for m in members], taken)
        moving = [(m[0], m[2], wanted[m[0]]) for m in members if wanted[m[0]] != m[2]]
        for row_id, old, _new in moving:  # two steps, so swapping keys never trips UNIQUE
            self.before.setdefault(row_id, old)
            if old is not None:
                self.storage.set_key(row_id, None)
        for row_id, _old, new in moving:
            self.storage.set_key(row_id, new)

    def renamed(self, resolve) -> dict[str, str]:
        """Keys the user had seen that changed in this write (old -> new); ``resolve`` follows merges."""
        out = {}
        for row_id, old in self.before.items():
            if old is None or row_id in self.inserted:  # never shown: not a rename
                continue
            now = self.storage.key_of(resolve(row_id))
            if now is not None and now != old:
                out[old] = now
        return out
