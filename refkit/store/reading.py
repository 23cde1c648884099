"""Turning selected rows into ``Record`` objects, with their library data fetched in bulk."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

from ..model import Annotations, Source
from .codec import loads_entry
from .records import Record

__all__ = ["grouped", "load_records"]

_CHUNK = 500  # SQLite's limit on bound parameters is far above this


def grouped(conn: sqlite3.Connection, sql: str, ids: list[int]) -> dict[int, list]:
    """``{entry id: [row values]}`` for ``sql`` (selecting ``entry, ...``) over ``ids``, by index lookups."""
    found: dict[int, list] = defaultdict(list)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        where = f"WHERE entry IN ({', '.join('?' * len(chunk))})"
        for entry, *rest in conn.execute(sql.format(where=where), chunk):
            found[entry].append(rest[0] if len(rest) == 1 else tuple(rest))
    return found


def _json(text: str, empty):
    return empty() if text in ("{}", "[]", "") else json.loads(text)  # most rows: nothing to decode


def load_records(conn: sqlite3.Connection, rows: list[tuple]) -> list[Record]:
    """``rows`` are ``(id, key, data, status, enrichment, user_edited, provenance, key_frozen, key_origin)``."""
    ids = [r[0] for r in rows]
    tags = grouped(conn, "SELECT entry, tag FROM tags {where} ORDER BY entry, tag", ids)
    projects = grouped(conn, "SELECT entry, project FROM projects {where} ORDER BY entry, project", ids)
    notes = grouped(conn, "SELECT entry, text FROM notes {where} ORDER BY entry, id", ids)
    sources = grouped(
        conn, "SELECT entry, file, line, reader FROM sources {where} ORDER BY entry, rowid", ids
    )
    aliases = grouped(conn, "SELECT entry, alias FROM key_aliases {where} ORDER BY entry, alias", ids)
    records = []
    for row_id, key, data, status, enrichment, edited, provenance, frozen, origin in rows:
        records.append(
            Record(
                rowid=row_id,
                key=key,
                entry=loads_entry(data, key),
                annotations=Annotations(
                    tuple(tags[row_id]), tuple(projects[row_id]), status, tuple(notes[row_id])
                ),
                enrichment=_json(enrichment, dict) or {"status": "not-tried", "method": None, "score": None},
                user_edited=frozenset(_json(edited, list)),
                sources=[Source(*s) for s in sources[row_id]],
                provenance=_json(provenance, dict),
                key_frozen=bool(frozen),
                key_origin=origin,
                aliases=tuple(aliases[row_id]),
            )
        )
    return records
