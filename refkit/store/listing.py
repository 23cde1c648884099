"""Lean reads for ``refkit list``: listing lines and the ``--json`` text straight from the stored JSON.

A broad query hits thousands of rows; decoding each into ``Entry``/``Person`` objects and a
``Record``, then indenting ``record_to_json`` dicts with ``json.dumps``, cost most of
``refkit list``. Here SQLite's ``json_extract`` picks the few values a listing line shows, and the
``--json`` text is written from the stored dicts. Both give exactly what full records give
(``record_to_json`` + ``json.dumps(indent=2)``); tests compare the two.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from .jsontext import dumps_indented, encode_basestring, string_list
from .reading import grouped
from .text import strip_markup

__all__ = ["ListingLine", "json_text", "listing_lines"]


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
_FIELD = ",\n    "  # between two fields of a record (records sit at indentation 2)
_ITEM = "\n    "  # the indentation of a record's fields
_PERSON = "\n      "  # of a list item inside a record


def _person(person: dict) -> str:
    """``person_to_json`` of a stored person dict (empty parts are not stored), as JSON text."""
    literal, family, given = person.get("literal"), person.get("family", ""), person.get("given", "")
    if literal:
        return '{\n        "literal": ' + _scalar(literal) + _PERSON + "}"
    text = f'{{\n        "family": {_scalar(family)},\n        "given": {_scalar(given)}'
    for part in ("particle", "suffix"):
        if person.get(part):
            text += f',\n        "{part}": ' + _scalar(person[part])
    return text + _PERSON + "}"


def _scalar(value) -> str:
    """``dumps_indented`` of a value outside containers; strings and None (most of them) directly."""
    if type(value) is str:
        return encode_basestring(value)
    return "null" if value is None else dumps_indented(value)


def _or_null(value) -> str:
    return _scalar(value or None)


def _sources(sources: list[tuple]) -> str:
    if not sources:
        return "[]"
    items = [
        f'{{\n        "file": {_scalar(file)},\n        "line": '
        f"{int.__repr__(line) if type(line) is int else dumps_indented(line)},"
        f'\n        "reader": {_scalar(reader)}{_PERSON}}}'
        for file, line, reader in sources
    ]
    return "[" + _PERSON + ("," + _PERSON).join(items) + _ITEM + "]"


_NOT_TRIED_TEXT = dumps_indented(_NOT_TRIED, _ITEM)


def _loads(text: str, empty):
    return empty() if text in ("{}", "[]", "") else json.loads(text)


def json_text(conn: sqlite3.Connection, sql: str, args: list) -> str:
    """``json.dumps([record_to_json(r) for r in records], ensure_ascii=False, indent=2)`` of the rows
    ``sql`` selects (see ``listing_lines``), without building the records."""
    rows = conn.execute(
        sql.format(columns="e.id, e.key, e.data, e.status, e.enrichment, e.user_edited, e.key_frozen"), args
    ).fetchall()
    if not rows:
        return "[]"
    ids = [r[0] for r in rows]
    tags = grouped(conn, "SELECT entry, tag FROM tags {where} ORDER BY entry, tag", ids)
    projects = grouped(conn, "SELECT entry, project FROM projects {where} ORDER BY entry, project", ids)
    notes = grouped(conn, "SELECT entry, text FROM notes {where} ORDER BY entry, id", ids)
    sources = grouped(
        conn, "SELECT entry, file, line, reader FROM sources {where} ORDER BY entry, rowid", ids
    )
    records = []
    for row_id, key, data, status, enrichment, edited, frozen in rows:
        entry = json.loads(data)
        get = entry.get
        authors = get("author")
        tried = _loads(enrichment, dict)
        # the fields and their order are record_to_json's
        fields = (
            '"key": ' + encode_basestring(key),
            '"title": ' + encode_basestring(strip_markup(get("title", ""))),
            '"authors": '
            + (
                "[" + _PERSON + ("," + _PERSON).join([_person(p) for p in authors]) + _ITEM + "]"
                if authors
                else "[]"
            ),
            '"date": ' + _scalar(get("issued")),  # stored as PartialDate.iso(), which reading rebuilds
            '"arxiv_id": ' + _or_null(get("arxiv_id")),
            '"arxiv_version": ' + _scalar(get("arxiv_version")),
            '"doi": ' + _or_null(get("doi")),
            '"primary_category": ' + _or_null(get("primary_category")),
            '"categories": ' + (dumps_indented(get("categories"), _ITEM) if "categories" in entry else "[]"),
            '"projects": ' + string_list(projects.get(row_id), _ITEM),
            '"tags": ' + string_list(tags.get(row_id), _ITEM),
            '"status": ' + encode_basestring(status or "to-read"),
            '"enrichment": '
            + (
                dumps_indented(
                    {name: tried.get(name, default) for name, default in _NOT_TRIED.items()}, _ITEM
                )
                if tried
                else _NOT_TRIED_TEXT
            ),
            '"type": ' + _scalar(entry["type"]),
            '"authors_truncated": ' + dumps_indented(get("authors_truncated", False)),
            '"container_title": ' + _or_null(strip_markup(get("container_title", ""))),
            '"url": ' + _or_null(get("url")),
            '"abstract": ' + _or_null(get("abstract")),
            '"notes": ' + string_list(notes.get(row_id), _ITEM),
            '"sources": ' + _sources(sources.get(row_id)),
            '"key_frozen": ' + ("true" if frozen else "false"),
            '"user_edited": '
            + (dumps_indented(sorted(set(json.loads(edited))), _ITEM) if edited not in ("[]", "") else "[]"),
        )
        records.append("{" + _ITEM + _FIELD.join(fields) + "\n  }")
    return "[\n  " + ",\n  ".join(records) + "\n]"
