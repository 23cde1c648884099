"""SQLite: what the library knows beside the bibliographic data: tags, projects, status, notes, sources."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from .entries import chunks

__all__ = ["LibraryDataRows"]

# kind -> (table, name column)
_NAMED = {"tags": ("tags", "tag"), "projects": ("projects", "project")}

# kind -> what ``grouped`` reads, in the order a record lists them
_GROUPED = {
    "tags": "SELECT entry, tag FROM tags {where} ORDER BY entry, tag",
    "projects": "SELECT entry, project FROM projects {where} ORDER BY entry, project",
    "notes": "SELECT entry, text FROM notes {where} ORDER BY entry, id",
    "sources": "SELECT entry, file, line, reader FROM sources {where} ORDER BY entry, rowid",
    "aliases": "SELECT entry, alias FROM key_aliases {where} ORDER BY entry, alias",
}


class LibraryDataRows:
    conn: sqlite3.Connection

    def annotate(self, kind: str, rowids: Iterable[int], names: list[str]) -> None:
        """Put every row in ``rowids`` under every name (``kind``: ``tags`` or ``projects``)."""
        table, column = _NAMED[kind]
        self.conn.executemany(
            f"INSERT OR IGNORE INTO {table}(entry, {column}) VALUES (?, ?)",
            [(i, n) for i in sorted(rowids) for n in names],
        )

    def unannotate(self, kind: str, rowids: Iterable[int], names: Iterable[str]) -> None:
        table, column = _NAMED[kind]
        names = list(names)
        self.conn.executemany(
            f"DELETE FROM {table} WHERE entry = ? AND {column} = ?", [(i, n) for i in rowids for n in names]
        )

    def counts(self, kind: str) -> list[tuple[str, int]]:
        """``(name, number of entries)`` of every tag or project, by name."""
        table, column = _NAMED[kind]
        return self.conn.execute(
            f"SELECT {column}, count(*) FROM {table} GROUP BY {column} ORDER BY {column}"
        ).fetchall()

    def grouped(self, kind: str, rowids: list[int]) -> dict[int, list]:
        """``{rowid: [values]}`` of ``tags``, ``projects``, ``notes``, ``sources`` (file, line, reader
        tuples) or ``aliases`` of ``rowids``."""
        sql = _GROUPED[kind]
        found: dict[int, list] = defaultdict(list)
        for chunk, marks in chunks(rowids):
            for entry, *rest in self.conn.execute(sql.format(where=f"WHERE entry IN ({marks})"), chunk):
                found[entry].append(rest[0] if len(rest) == 1 else tuple(rest))
        return found

    def set_status(self, rowid: int, status: str, now: str) -> None:
        self.conn.execute("UPDATE entries SET status = ?, updated_at = ? WHERE id = ?", (status, now, rowid))

    def add_note(self, rowid: int, text: str, now: str) -> None:
        self.conn.execute("INSERT INTO notes(entry, text, created_at) VALUES (?, ?, ?)", (rowid, text, now))

    # --- sources ------------------------------------------------------------------------------
    def has_source(self, rowid: int, file: str, line: int, reader: str) -> bool:
        return (
            self.conn.execute(
                "SELECT 1 FROM sources WHERE entry = ? AND file = ? AND line = ? AND reader = ?",
                (rowid, file, line, reader),
            ).fetchone()
            is not None
        )

    def cited_keys(self, rowid: int) -> list[tuple[str, str]]:
        """(file, citation key) of every stored source of a row that gave a key."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT file, key FROM sources WHERE entry = ? AND key != ''", (rowid,)
        )]

    def insert_sources(self, rows: list[tuple]) -> None:
        """``rows`` are ``(rowid, file, line, reader, key, added_at)``."""
        self.conn.executemany(
            "INSERT INTO sources(entry, file, line, reader, key, added_at) VALUES (?, ?, ?, ?, ?, ?)", rows
        )
