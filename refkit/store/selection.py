"""Which rows ``Library.select`` and ``refkit list`` read: filters and full-text search as one SQL query."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from .search import to_fts_query

__all__ = ["selection_sql"]


def selection_sql(
    conn: sqlite3.Connection,
    project: str | None = None,
    tag: str | None = None,
    status: str | None = None,
    query: str | None = None,
    keys: Iterable[str] | None = None,
) -> tuple[str | None, list]:
    """``SELECT {columns} FROM entries e ... ORDER BY ...`` (a template: callers fill in the columns,
    ``e.`` the entries table) and its arguments; ``None`` when the query has no words.

    Rows match every given filter; ``query`` is full-text over title, authors and abstract, ranked by
    relevance, else rows come by key. More than 500 ``keys`` go through a temporary table.
    """
    where, args, join, order = [], [], "", "e.key"
    if query is not None:
        fts = to_fts_query(query)
        if not fts:
            return None, []
        join, order = "JOIN entries_fts f ON f.rowid = e.id", "bm25(entries_fts, 10.0, 5.0, 1.0), e.key"
        where.append("entries_fts MATCH ?")
        args.append(fts)
    for table, column, value in (("projects", "project", project), ("tags", "tag", tag)):
        if value is not None:
            where.append(f"e.id IN (SELECT entry FROM {table} WHERE {column} = ?)")
            args.append(value)
    if status is not None:
        where.append("e.status = ?")
        args.append(status)
    if keys is not None:
        keys = list(dict.fromkeys(keys))
        if len(keys) <= 500:
            where.append(f"e.key IN ({', '.join('?' * len(keys))})")
            args.extend(keys)
        else:  # more keys than SQLite takes as parameters: a temporary table (not in the library file)
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_keys (key TEXT PRIMARY KEY)")
            conn.execute("DELETE FROM temp.wanted_keys")
            conn.executemany("INSERT INTO temp.wanted_keys VALUES (?)", [(k,) for k in keys])
            where.append("e.key IN (SELECT key FROM temp.wanted_keys)")
    sql = (
        f"SELECT {{columns}} FROM entries e {join} {'WHERE ' + ' AND '.join(where) if where else ''} "
        f"ORDER BY {order}"
    )
    return sql, args
