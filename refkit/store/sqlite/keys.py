"""SQLite: citation keys and the aliases (former keys) that still find an entry.

"Keys starting with ``base``" is a ``GLOB 'base*'`` with the base's wildcards escaped: exact and
case-sensitive whatever the keys hold, and SQLite turns the literal prefix into a range over the
key index itself.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from .entries import chunks

__all__ = ["KeyRows", "glob_prefix"]

_GLOB_SPECIAL = re.compile(r"([*?\[])")


def glob_prefix(prefix: str) -> str:
    """The GLOB pattern of every text starting with ``prefix``."""
    return _GLOB_SPECIAL.sub(r"[\1]", prefix) + "*"


class KeyRows:
    conn: sqlite3.Connection

    def row_of_key(self, key: str) -> int | None:
        """The row whose key, else whose former key, is ``key``."""
        found = self.conn.execute(
            "SELECT id FROM entries WHERE key = ? UNION ALL SELECT entry FROM key_aliases WHERE alias = ?",
            (key, key),
        ).fetchone()
        return found[0] if found else None

    def key_holder(self, key: str) -> tuple[int | None, str, bool] | None:
        """Who has ``key``: ``(rowid, key_base, generated and not frozen)`` for an entry, ``(None, "",
        False)`` for an alias, None when nobody does."""
        found = self.conn.execute(
            "SELECT id, key_base, key_origin = 'generated' AND key_frozen = 0 FROM entries WHERE key = ? "
            "UNION ALL SELECT NULL, '', 0 FROM key_aliases WHERE alias = ?",
            (key, key),
        ).fetchone()
        return None if found is None else (found[0], found[1], bool(found[2]))

    def key_of(self, rowid: int) -> str | None:
        found = self.conn.execute("SELECT key FROM entries WHERE id = ?", (rowid,)).fetchone()
        return found[0] if found else None

    def keys_of(self, rowids: list[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for chunk, marks in chunks(rowids):
            found.update(self.conn.execute(f"SELECT id, key FROM entries WHERE id IN ({marks})", chunk))
        return found

    def keys_starting_with(self, prefix: str, limit: int = -1) -> list[tuple[int, str]]:
        """``(rowid, key)`` of entries whose key starts with ``prefix`` (at most ``limit``)."""
        return self.conn.execute(
            "SELECT id, key FROM entries WHERE key GLOB ? LIMIT ?", (glob_prefix(prefix), limit)
        ).fetchall()

    def aliases_starting_with(self, prefix: str) -> list[str]:
        return [
            alias
            for (alias,) in self.conn.execute(
                "SELECT alias FROM key_aliases WHERE alias GLOB ?", (glob_prefix(prefix),)
            )
        ]

    def generated_keys(self, base: str) -> list[tuple[int, str, str | None]]:
        """``(rowid, identity, key)`` of the rows whose generated, unfrozen key grows from ``base``."""
        return self.conn.execute(
            "SELECT id, identity, key FROM entries WHERE key_base = ? AND key_origin = 'generated' "
            "AND key_frozen = 0",
            (base,),
        ).fetchall()

    def set_key(self, rowid: int, key: str | None, origin: str | None = None, base: str | None = None) -> None:
        """Give a row its key (None: unsettled until the write ends), and with ``origin`` its origin and base."""
        if origin is None:
            self.conn.execute("UPDATE entries SET key = ? WHERE id = ?", (key, rowid))
        else:
            self.conn.execute(
                "UPDATE entries SET key = ?, key_origin = ?, key_base = ? WHERE id = ?", (key, origin, base, rowid)
            )

    def set_user_key(self, rowid: int, key: str, now: str) -> None:
        """A key the user chose: it never moves again."""
        self.conn.execute(
            "UPDATE entries SET key = ?, key_origin = 'user', key_base = ?, key_frozen = 1, updated_at = ? "
            "WHERE id = ?",
            (key, key, now, rowid),
        )

    def unsettled_keys(self) -> int:
        """How many rows have no key (only ever inside a write, between a claim and the settling)."""
        return self.conn.execute("SELECT count(*) FROM entries WHERE key IS NULL").fetchone()[0]

    def thawed(self, rowids: list[int]) -> list[int]:
        """The rows among ``rowids`` whose key is not frozen yet."""
        found: list[int] = []
        for chunk, marks in chunks(rowids):
            found += [i for (i,) in self.conn.execute(
                f"SELECT id FROM entries WHERE NOT key_frozen AND id IN ({marks})", chunk
            )]
        return found

    def freeze_keys(self, rowids: Iterable[int]) -> None:
        self.conn.executemany("UPDATE entries SET key_frozen = 1 WHERE id = ?", [(i,) for i in rowids])

    def put_alias(self, alias: str, rowid: int) -> None:
        """``alias`` finds row ``rowid`` from now on (whatever it found before)."""
        self.conn.execute("INSERT OR REPLACE INTO key_aliases(alias, entry) VALUES (?, ?)", (alias, rowid))

    def remove_alias(self, alias: str) -> None:
        self.conn.execute("DELETE FROM key_aliases WHERE alias = ?", (alias,))
