"""SQLite: which rows a read selects (filters and FTS5 full-text search as one query), and their columns."""

from __future__ import annotations

import json
import sqlite3

from ..storage import Selection
from .fulltext import to_fts_query

__all__ = ["Reads"]

_RECORD_COLUMNS = (
    "e.id, e.key, e.data, e.status, e.enrichment, e.user_edited, e.provenance, e.key_frozen, e.key_origin"
)
_JSON_COLUMNS = "e.id, e.key, e.data, e.status, e.enrichment, e.user_edited, e.key_frozen, e.provenance"
_LISTING_COLUMNS = "e.id, e.key, e.status, e.enrichment, e.user_edited, e.provenance, {}"

# one json_extract call with several paths parses the stored JSON once (SQLite < 3.45 has no cache)
_LINE_VALUES = (
    "json_extract(e.data, '$.issued', '$.title', '$.author[0].family', '$.author[0].literal', "
    "'$.author[1]', '$.authors_truncated', '$.type')"
)
# the same for a library where some row's data is not JSON text (json_extract would fail the query)
_GUARDED_LINE_VALUES = f"CASE WHEN typeof(e.data) = 'text' AND json_valid(e.data) THEN {_LINE_VALUES} END"


class Reads:
    conn: sqlite3.Connection

    def record_rows(self, selection: Selection) -> list[tuple]:
        """``(id, key, data, status, enrichment, user_edited, provenance, key_frozen, key_origin)`` of the
        selected rows: by relevance when there is a query, else by key."""
        sql, args = self._selection_sql(selection)
        return [] if sql is None else self.conn.execute(sql.format(columns=_RECORD_COLUMNS), args).fetchall()

    def record_row(self, rowid: int) -> tuple | None:
        """``record_rows``' columns of one row."""
        return self.conn.execute(f"SELECT {_RECORD_COLUMNS} FROM entries e WHERE e.id = ?", (rowid,)).fetchone()

    def json_rows(self, selection: Selection) -> list[tuple]:
        """``(id, key, data, status, enrichment, user_edited, key_frozen, provenance)`` of the selected rows."""
        sql, args = self._selection_sql(selection)
        return [] if sql is None else self.conn.execute(sql.format(columns=_JSON_COLUMNS), args).fetchall()

    def listing_rows(self, selection: Selection) -> list[tuple]:
        """``(id, key, status, enrichment, user_edited, provenance, values)`` of the selected rows, where
        ``values`` lists what a listing line shows of the data, in ``storage.LISTING_VALUES`` order (None
        where the data is not JSON)."""
        sql, args = self._selection_sql(selection)
        if sql is None:
            return []
        try:
            rows = self.conn.execute(sql.format(columns=_LISTING_COLUMNS.format(_LINE_VALUES)), args).fetchall()
        except sqlite3.OperationalError:  # a row whose data is not JSON: a second parse per row guards it
            rows = self.conn.execute(
                sql.format(columns=_LISTING_COLUMNS.format(_GUARDED_LINE_VALUES)), args
            ).fetchall()
        return [(*row[:-1], None if row[-1] is None else json.loads(row[-1])) for row in rows]

    def _selection_sql(self, selection: Selection) -> tuple[str | None, list]:
        """``SELECT {columns} FROM entries e ... ORDER BY ...`` (callers fill in the columns) and its
        arguments; ``None`` when the query has no words. More than 500 keys go through a temporary table."""
        where, args, join, order = [], [], "", "e.key"
        if selection.query is not None:
            fts = to_fts_query(selection.query)
            if not fts:
                return None, []
            join, order = "JOIN entries_fts f ON f.rowid = e.id", "bm25(entries_fts, 10.0, 5.0, 1.0), e.key"
            where.append("entries_fts MATCH ?")
            args.append(fts)
        for table, column, value in (("projects", "project", selection.project), ("tags", "tag", selection.tag)):
            if value is not None:
                where.append(f"e.id IN (SELECT entry FROM {table} WHERE {column} = ?)")
                args.append(value)
        if selection.status is not None:
            where.append("e.status = ?")
            args.append(selection.status)
        if selection.keys is not None:
            keys = list(dict.fromkeys(selection.keys))
            if len(keys) <= 500:
                where.append(f"e.key IN ({', '.join('?' * len(keys))})")
                args.extend(keys)
            else:  # more keys than SQLite takes as parameters: a temporary table (not in the library file)
                self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_keys (key TEXT PRIMARY KEY)")
                self.conn.execute("DELETE FROM temp.wanted_keys")
                self.conn.executemany("INSERT INTO temp.wanted_keys VALUES (?)", [(k,) for k in keys])
                where.append("e.key IN (SELECT key FROM temp.wanted_keys)")
        sql = (
            f"SELECT {{columns}} FROM entries e {join} {'WHERE ' + ' AND '.join(where) if where else ''} "
            f"ORDER BY {order}"
        )
        return sql, args
