"""Lean reads for ``refkit list``: listing lines and ``--json`` objects straight from the stored JSON.

A broad query hits thousands of rows; decoding each into ``Entry``/``Person`` objects and a
``Record`` cost most of ``refkit list``. Here SQLite's ``json_extract`` picks the few values a
listing line shows, and the ``--json`` objects are built from the stored dicts. Both give exactly
what ``refkit.cli.library`` printed from full records (``record_to_json``); tests compare the two.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass
from json.encoder import encode_basestring

from .reading import grouped
from .text import strip_markup

__all__ = ["ListingLine", "dumps_indented", "json_objects", "listing_lines"]


@dataclass(frozen=True, slots=True)
class ListingLine:
    """What one ``refkit list`` line shows."""

    key: str
    year: int | None
    first_author: str  # family name, or the literal name of an institution
    more_authors: bool  # several authors, or a list ending in "et al."
    title: str  # plain text (markup stripped)
    tags: tuple[str, ...]


# one json_extract call with several paths parses the stored JSON once (SQLite < 3.45 has no cache)
_LINE_VALUES = (
    "json_extract(e.data, '$.issued', '$.title', '$.author[0].family', '$.author[0].literal', "
    "'$.author[1]', '$.authors_truncated')"
)


def _year(issued: str | None) -> int | None:
    if not issued:
        return None
    if issued[0] == "-":  # "-0044-03": a year before the common era
        return -int(issued[1:].split("-", 1)[0])
    return int(issued.split("-", 1)[0])


def listing_lines(conn: sqlite3.Connection, sql: str, args: list) -> list[ListingLine]:
    """``sql`` is a ``SELECT {columns} FROM entries e ... WHERE ... ORDER BY ...`` template."""
    rows = conn.execute(sql.format(columns=f"e.id, e.key, {_LINE_VALUES}"), args).fetchall()
    tags = grouped(conn, "SELECT entry, tag FROM tags {where} ORDER BY entry, tag", [r[0] for r in rows])
    lines = []
    for row_id, key, values in rows:
        issued, title, family, literal, second, truncated = json.loads(values)
        lines.append(
            ListingLine(
                key,
                _year(issued),
                family or literal or "",
                second is not None or bool(truncated),
                strip_markup(title or ""),
                tuple(tags[row_id]) if row_id in tags else (),
            )
        )
    return lines


_NOT_TRIED = {"status": "not-tried", "method": None, "score": None}


def _person(person: dict) -> dict:
    """``refkit.store.records.person_to_json`` of a stored person dict (empty parts are not stored)."""
    if person.get("literal"):
        return {"literal": person["literal"]}
    data = {"family": person.get("family", ""), "given": person.get("given", "")}
    if person.get("particle"):
        data["particle"] = person["particle"]
    if person.get("suffix"):
        data["suffix"] = person["suffix"]
    return data


def _loads(text: str, empty):
    return empty() if text in ("{}", "[]", "") else json.loads(text)


def json_objects(conn: sqlite3.Connection, sql: str, args: list) -> list[dict]:
    """The ``record_to_json`` objects of the rows ``sql`` selects (see ``listing_lines``)."""
    rows = conn.execute(
        sql.format(columns="e.id, e.key, e.data, e.status, e.enrichment, e.user_edited, e.key_frozen"), args
    ).fetchall()
    ids = [r[0] for r in rows]
    tags = grouped(conn, "SELECT entry, tag FROM tags {where} ORDER BY entry, tag", ids)
    projects = grouped(conn, "SELECT entry, project FROM projects {where} ORDER BY entry, project", ids)
    notes = grouped(conn, "SELECT entry, text FROM notes {where} ORDER BY entry, id", ids)
    sources = grouped(
        conn, "SELECT entry, file, line, reader FROM sources {where} ORDER BY entry, rowid", ids
    )
    objects = []
    for row_id, key, data, status, enrichment, edited, frozen in rows:
        entry = json.loads(data)
        tried = _loads(enrichment, dict) or _NOT_TRIED
        get = entry.get
        objects.append(
            {
                "key": key,
                "title": strip_markup(get("title", "")),
                "authors": [_person(p) for p in get("author", ())],
                "date": get("issued"),  # stored as PartialDate.iso(), which reading would rebuild
                "arxiv_id": get("arxiv_id") or None,
                "arxiv_version": get("arxiv_version"),
                "doi": get("doi") or None,
                "primary_category": get("primary_category") or None,
                "categories": list(get("categories", ())),
                "projects": projects.get(row_id, []),
                "tags": tags.get(row_id, []),
                "status": status or "to-read",
                "enrichment": {name: tried.get(name, default) for name, default in _NOT_TRIED.items()},
                "type": entry["type"],
                "authors_truncated": get("authors_truncated", False),
                "container_title": strip_markup(get("container_title", "")) or None,
                "url": get("url") or None,
                "abstract": get("abstract") or None,
                "notes": notes.get(row_id, []),
                "sources": [
                    {"file": file, "line": line, "reader": reader}
                    for file, line, reader in sources.get(row_id, ())
                ],
                "key_frozen": bool(frozen),
                "user_edited": sorted(set(_loads(edited, list))),
            }
        )
    return objects


class _Unsupported(Exception):
    """A value the fast writer does not handle: ``dumps_indented`` hands it to ``json.dumps``."""


def dumps_indented(value) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, character for character, several times faster.

    (The standard library's C encoder does not indent, so indented output runs its pure-Python one.)
    """
    try:
        return _dump(value, "\n")
    except (_Unsupported, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=2)


def _float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _dump(value, newline: str) -> str:  # ``newline`` is "\n" plus the indentation of value's line
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    inner = newline + "  "
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join([_dump(item, inner) for item in value]) + newline + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(isinstance(name, str) for name in value):
            raise _Unsupported
        return (
            "{"
            + inner
            + ("," + inner).join([encode_basestring(k) + ": " + _dump(v, inner) for k, v in value.items()])
            + newline
            + "}"
        )
    raise _Unsupported
