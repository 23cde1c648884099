"""Writing entries into the library inside one open transaction: insert, merge, absorb.

``Writer`` is used by ``Library`` only, inside ``Storage.transaction()``, and speaks only to the
``Storage`` interface. Every duplicate check is a look-up of a match key, never a scan. Which key a
row ends up with is ``key_settling.KeySettler``'s job (settled once at the end, in ``finish``);
where each record came from is ``PendingSources``', the merges' story ``MergeLog``'s.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..keys import base_key
from ..model import Entry
from .columns import entry_columns, match_pairs
from .dedupe import MatchKeys, cited_by, conflicts, match_keys, merge_entries, title_match_vetoed
from .key_settling import KeySettler
from .merge_log import MergeLog, entry_label
from .pending_sources import PendingSources
from .reading import decode_row
from .records import Merge
from .storage import Storage

__all__ = ["Row", "Writer", "survivor_first"]


@dataclass(slots=True)
class Row:
    id: int
    key: str | None  # None: not settled yet (a row of this write whose wanted key is taken)
    key_origin: str
    key_base: str
    key_frozen: bool
    entry: Entry
    user_edited: frozenset[str]
    provenance: dict
    enrichment: dict

    @property
    def fixed(self) -> bool:
        """A key that stays: frozen, chosen by the user, or imported."""
        return self.key_frozen or self.key_origin != "generated"


def _row_label(row: Row) -> str:
    return row.key_base if row.key is None else row.key


def survivor_first(row: Row) -> tuple:
    """Sort key of rows that merge: the first survives, the one whose key must stay (frozen, then
    chosen or imported, then the oldest)."""
    return (not row.key_frozen, row.key_origin == "generated", row.id)


class Writer:
    def __init__(self, storage: Storage, pattern: str, now: str):
        self.storage, self.pattern, self.now = storage, pattern, now
        self.absorbed: dict[int, int] = {}  # absorbed row id -> the row it went into
        self.unindexed: set[int] = set()  # rows whose full-text entry is (re)written in finish()
        self.sources = PendingSources(storage)  # written in finish()
        self.merges = MergeLog()
        self.inserted: set[int] = set()  # rows new in this transaction: the only keys not yet shown
        self.keys = KeySettler(storage, self.inserted)

    @property
    def notes(self) -> list[str]:
        return self.keys.notes

    # --- reading rows -------------------------------------------------------------------------
    def row(self, row_id: int) -> Row:
        r = self.storage.writer_row(row_id)
        # a row of this write waiting for its key is read under its base key
        key = r[3] if r[1] is None and r[0] in self.inserted else r[1]
        # a damaged row raises DamagedEntry (refkit.store.reading): nothing is merged into it or over it
        entry, enrichment, edited, provenance = decode_row(r[0], key, r[5], "", r[8], r[6], r[7])
        return Row(r[0], r[1], r[2], r[3], bool(r[4]), entry, frozenset(edited), provenance, enrichment)

    def candidates(
        self, keys: MatchKeys, entry: Entry, cited: frozenset, exclude: int | None = None
    ) -> dict[int, str]:
        """Rows that are the same paper, strongest evidence first, each with the kind of key it shares.

        Rows that contradict the newcomer or an earlier choice are left out. A row found by its
        title key alone must also pass the title vetoes against each of them (``title_match_vetoed``).
        ``cited`` holds the (file, citation key) pairs ``entry`` comes with.
        """
        pairs = match_pairs(keys)
        if not pairs:
            return {}
        found: dict[int, str] = {}
        for row_id, rank in self.storage.rows_known_by(pairs):
            if row_id not in found and row_id != exclude:
                found[row_id] = pairs[rank][0]
        chosen: dict[int, str] = {}
        chosen_keys, chosen_records = [keys], [(entry, cited)]
        for row_id, kind in found.items():
            theirs = self.stored_keys(row_id)
            if any(conflicts(theirs, mine) for mine in chosen_keys):
                continue
            record = (self.row(row_id).entry, self.sources.cited(row_id))
            if kind == "title" and any(title_match_vetoed(*record, *other) for other in chosen_records):
                continue
            chosen[row_id] = kind
            chosen_keys.append(theirs)
            chosen_records.append(record)
        return chosen

    def stored_keys(self, row_id: int) -> MatchKeys:
        return MatchKeys(*self.storage.stored_match_keys([row_id])[row_id])

    # --- writing --------------------------------------------------------------------------------
    def put(self, entry: Entry, imported_key: str = "") -> tuple[str, int]:
        """Add or merge one entry; returns (``added`` | ``merged`` | ``unchanged``, row id)."""
        keys = match_keys(entry)
        found = self.candidates(keys, entry, cited_by(entry))
        if not found:
            return "added", self._insert(entry, imported_key, keys)
        rows = sorted((self.row(i) for i in found), key=survivor_first)
        survivor, others = rows[0], rows[1:]
        label = entry_label(entry)
        if not self.sources.has(survivor.id, entry.source):  # adding a file again is no merge
            self.merges.note(label, survivor.id, found[survivor.id], keys)
        merged, edited = survivor.entry, set(survivor.user_edited)
        for other in others:
            self.merges.note(_row_label(other), survivor.id, found[other.id], keys, via=label)
            merged, edited = self.absorb(survivor, merged, edited, other)
        merged = merge_entries(merged, entry, frozenset(edited))
        self.remember(survivor.id, keys)
        changed = merged != survivor.entry or bool(others)
        key_changed = self._maybe_take_imported_key(survivor, imported_key)
        if changed:
            self.update(survivor, merged, edited, survivor.provenance if others else None)
        return ("merged" if changed or key_changed else "unchanged"), survivor.id

    def settle_duplicates(self, row_id: int) -> int:
        """Merge every other row that is the same paper as ``row_id``; returns the surviving row's id.

        The survivor is the one whose key must stay (frozen, then chosen or imported, then oldest).
        """
        keys = self.stored_keys(row_id)
        others = self.candidates(keys, self.row(row_id).entry, self.sources.cited(row_id), exclude=row_id)
        if not others:
            return row_id
        rows = sorted((self.row(i) for i in [row_id, *others]), key=survivor_first)
        survivor, merged, edited = rows[0], rows[0].entry, set(rows[0].user_edited)
        for other in rows[1:]:
            self.merges.note(
                _row_label(other), survivor.id, others.get(other.id) or others[survivor.id], keys
            )
            merged, edited = self.absorb(survivor, merged, edited, other)
        self.update(survivor, merged, edited, survivor.provenance)
        return survivor.id

    def absorb(self, survivor: Row, merged: Entry, edited: set[str], other: Row) -> tuple[Entry, set[str]]:
        """Fold row ``other`` into ``survivor``: data, library data, sources; its key becomes an alias."""
        own = {name: getattr(other.entry, name) for name in other.user_edited - edited}
        merged = merge_entries(merged, other.entry, frozenset(edited)).replace(**own)
        edited |= other.user_edited
        survivor.provenance = {**other.provenance, **survivor.provenance}
        if (
            other.enrichment.get("status", "not-tried") != "not-tried"
            and survivor.enrichment.get("status", "not-tried") == "not-tried"
        ):
            self.storage.set_enrichment(survivor.id, json.dumps(other.enrichment))
        self.storage.take_status(survivor.id, other.id)  # a reading status set on either beats the default
        self.sources.moved(other.id, survivor.id)
        self.storage.move_library_data(other.id, survivor.id)
        self.keys.before.setdefault(other.id, other.key)
        self.unindex(other.id)
        self.unindexed.discard(other.id)
        self.storage.delete_entries([other.id])
        if other.fixed or other.id not in self.inserted:  # a key once shown keeps finding the paper
            self.storage.put_alias(other.key, survivor.id)
        if other.key_origin == "generated":
            self.keys.touched.add(other.key_base)
        self.absorbed[other.id] = survivor.id
        return merged, edited

    def _insert(self, entry: Entry, imported_key: str, keys: MatchKeys) -> int:
        cols = entry_columns(entry, keys)
        if imported_key:
            key, origin, base = self.keys.claim(imported_key), "imported", imported_key
        else:
            base, origin = base_key(entry, self.pattern), "generated"
            key = self.keys.generated(base)  # None: a collision, the whole group is settled in finish()
        cols.update(
            key=key,
            key_origin=origin,
            key_base=base,
            status="to-read",
            added_at=self.now,
            updated_at=self.now,
        )
        row_id = self.storage.insert_entry(cols)
        self.remember(row_id, keys)
        self.unindexed.add(row_id)
        self.inserted.add(row_id)
        return row_id

    def unindex(self, row_id: int) -> None:
        """Take a row out of the full-text index (a no-op for rows not indexed yet)."""
        if row_id not in self.unindexed:
            self.storage.unindex(row_id)
            self.unindexed.add(row_id)

    def remember(self, row_id: int, keys: MatchKeys) -> None:
        self.storage.remember_match_keys(row_id, match_pairs(keys))

    def update(self, row: Row, entry: Entry, edited: set[str], provenance: dict | None = None) -> None:
        cols = entry_columns(entry)
        cols.update(user_edited=json.dumps(sorted(edited)), updated_at=self.now)
        if provenance is not None:
            cols["provenance"] = json.dumps(provenance, sort_keys=True)
        if row.key_origin == "generated" and not row.key_frozen:
            new_base = base_key(entry, self.pattern)
            self.keys.touched.update({row.key_base, new_base})
            cols["key_base"] = new_base
        self.unindex(row.id)
        self.storage.update_entry(row.id, cols)
        self.remember(row.id, MatchKeys(cols["arxiv_id"], cols["doi"], cols["title_key"]))

    def _maybe_take_imported_key(self, row: Row, imported_key: str) -> bool:
        """An imported key replaces a generated one (unless frozen); otherwise it stays findable as an alias."""
        if not imported_key or imported_key == row.key:
            return False
        if row.key_origin == "generated" and not row.key_frozen and row.id in self.inserted:
            self.keys.release(row.id, row.key, row.key_base)  # its generated key is free for the claim
            key = self.keys.claim(imported_key)
            self.storage.set_key(row.id, key, "imported", imported_key)
            row.key, row.key_origin, row.key_base = key, "imported", imported_key
            return True
        if not self.keys.taken(imported_key):
            self.storage.put_alias(imported_key, row.id)
        return False

    def finish(self) -> dict[str, str]:
        """Settle keys, index and record sources; returns renamed existing keys (old -> new)."""
        self.keys.settle()  # raises (rolling the write back) if a row is left without a key
        self.storage.index(sorted(self.unindexed))
        self.unindexed.clear()
        self.sources.write(self.resolve, self.now)
        return self.keys.renamed(self.resolve)

    def resolve(self, row_id: int) -> int:
        while row_id in self.absorbed:
            row_id = self.absorbed[row_id]
        return row_id

    def add_source(self, row_id: int, entry: Entry, new: bool = False) -> None:
        """Record where ``entry`` came from (written in bulk by ``finish``); a repeated source is kept once."""
        self.sources.add(row_id, entry, new)

    def merge_report(self) -> list[Merge]:
        """Every merge of this transaction, named by the keys the records have after ``finish``."""
        return self.merges.report(lambda row_id: self.storage.key_of(self.resolve(row_id)))
