"""SQLite: entry rows by rowid, the match keys that find them, and their full-text index entries."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

__all__ = ["EntryRows"]

_CHUNK = 500  # SQLite's limit on bound parameters is far above this

# Writer.row's columns, in refkit.store.storage.WRITER_COLUMNS order
_WRITER_COLUMNS = "id, key, key_origin, key_base, key_frozen, data, user_edited, provenance, enrichment"
_CHECKED_COLUMNS = "key, data, status, enrichment, user_edited, provenance"


def chunks(ids: list, size: int = _CHUNK) -> Iterable[tuple[list, str]]:
    """``ids`` in slices small enough to bind, each with its ``?, ?, …`` placeholders."""
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        yield chunk, ", ".join("?" * len(chunk))


class EntryRows:
    conn: sqlite3.Connection

    # --- entry rows ------------------------------------------------------------------------------
    def insert_entry(self, columns: dict) -> int:
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        return self.conn.execute(f"INSERT INTO entries({names}) VALUES ({marks})", tuple(columns.values())).lastrowid

    def update_entry(self, rowid: int, columns: dict) -> None:
        sets = ", ".join(f"{name} = ?" for name in columns)
        self.conn.execute(f"UPDATE entries SET {sets} WHERE id = ?", (*columns.values(), rowid))

    def delete_entries(self, rowids: Iterable[int]) -> None:
        """Delete rows with everything that hangs on them (tags, projects, notes, sources, aliases)."""
        self.conn.executemany("DELETE FROM entries WHERE id = ?", [(i,) for i in rowids])

    def writer_row(self, rowid: int) -> tuple | None:
        """``(id, key, key_origin, key_base, key_frozen, data, user_edited, provenance, enrichment)``."""
        return self.conn.execute(f"SELECT {_WRITER_COLUMNS} FROM entries WHERE id = ?", (rowid,)).fetchone()

    def checked_columns(self, rowid: int) -> tuple | None:
        """``(key, data, status, enrichment, user_edited, provenance)``: what ``decode_columns`` checks."""
        return self.conn.execute(f"SELECT {_CHECKED_COLUMNS} FROM entries WHERE id = ?", (rowid,)).fetchone()

    def row_exists(self, rowid: int) -> bool:
        return self.conn.execute("SELECT 1 FROM entries WHERE id = ?", (rowid,)).fetchone() is not None

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM entries").fetchone()[0]

    def set_enrichment(self, rowid: int, enrichment: str) -> None:
        self.conn.execute("UPDATE entries SET enrichment = ? WHERE id = ?", (enrichment, rowid))

    def take_status(self, survivor: int, other: int) -> None:
        """``survivor`` takes ``other``'s reading status unless its own is more than the default."""
        self.conn.execute(
            "UPDATE entries SET status = (SELECT status FROM entries WHERE id = ?) "
            "WHERE id = ? AND status = 'to-read'",
            (other, survivor),
        )

    def move_library_data(self, other: int, survivor: int) -> None:
        """Row ``other`` merges into ``survivor``: its sources, notes, aliases, match keys, tags and projects."""
        for table in ("sources", "notes", "key_aliases", "match_keys"):
            self.conn.execute(f"UPDATE OR IGNORE {table} SET entry = ? WHERE entry = ?", (survivor, other))
        for table, column in (("tags", "tag"), ("projects", "project")):
            self.conn.execute(
                f"INSERT OR IGNORE INTO {table}(entry, {column}) SELECT ?, {column} FROM {table} WHERE entry = ?",
                (survivor, other),
            )

    # --- match keys ----------------------------------------------------------------------------
    def stored_match_keys(self, rowids: list[int]) -> dict[int, tuple]:
        """``{rowid: (arxiv_id, doi, title_key)}``: the row's current match keys."""
        found: dict[int, tuple] = {}
        for chunk, marks in chunks(rowids):
            for rowid, *keys in self.conn.execute(
                f"SELECT id, arxiv_id, doi, title_key FROM entries WHERE id IN ({marks})", chunk
            ):
                found[rowid] = tuple(keys)
        return found

    def remember_match_keys(self, rowid: int, pairs: list[tuple[str, str]]) -> None:
        """Row ``rowid`` is known by these ``(kind, value)`` pairs from now on (kept through edits)."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO match_keys(kind, value, entry) VALUES (?, ?, ?)",
            [(kind, value, rowid) for kind, value in pairs],
        )

    def rows_known_by(self, pairs: list[tuple[str, str]]) -> list[tuple[int, int]]:
        """``(rowid, index of the pair it shares)`` for every row known by one of ``pairs``, lowest index first."""
        union = " UNION ALL ".join(
            f"SELECT entry, {i} FROM match_keys WHERE kind = ? AND value = ?" for i in range(len(pairs))
        )
        return self.conn.execute(union + " ORDER BY 2", [x for pair in pairs for x in pair]).fetchall()

    # --- full-text index (kept by hand: per-row triggers cost more than the indexing) ------------
    def unindex(self, rowid: int) -> None:
        """Take a row out of the full-text index, as its indexed columns are now."""
        self.conn.execute(
            "INSERT INTO entries_fts(entries_fts, rowid, title, authors, abstract) "
            "SELECT 'delete', id, title, authors, abstract FROM entries WHERE id = ?",
            (rowid,),
        )

    def index(self, rowids: list[int]) -> None:
        """Put rows in the full-text index, as their indexed columns are now."""
        for chunk, marks in chunks(rowids):
            self.conn.execute(
                "INSERT INTO entries_fts(rowid, title, authors, abstract) "
                f"SELECT id, title, authors, abstract FROM entries WHERE id IN ({marks})",
                chunk,
            )
