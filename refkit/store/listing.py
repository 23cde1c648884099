"""Lean reads for ``refkit list``: listing lines and the ``--json`` text straight from the stored JSON.

A broad query hits thousands of rows; decoding each into ``Entry``/``Person`` objects and a
``Record``, then indenting ``record_to_json`` dicts with ``json.dumps``, cost most of
``refkit list``. Here the storage picks the few values a listing line shows (SQLite: ``json_extract``),
and the ``--json`` text is written from the stored dicts. Both give exactly what full records give
(``record_to_json`` + ``json.dumps(indent=2)``); tests compare the two.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import PartialDate
from ..text import strip_markup
from .codec import StoredDataError, loads_entry_dict
from .jsontext import dumps_indented, encode_basestring, string_list
from .reading import OnDamage, check_key, decode_columns, loads_column
from .storage import Selection, Storage

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


def _line_values(values) -> tuple:
    """The listed values, checked: ``StoredDataError`` when they are not what refkit stores."""
    if values is None:
        raise StoredDataError("unreadable")  # the full check (_problem) says what exactly
    *found, kind = values
    issued, title, family, literal, _second, truncated = found
    if (
        type(kind) is not str  # every stored entry has a type: without one, the data is not an entry
        or not all(v is None or type(v) is str for v in (issued, title, family, literal))
        or truncated not in (None, 0, 1)
    ):
        raise StoredDataError("unreadable")
    return found


def _problem(storage: Storage, row_id: int) -> str:
    """What is wrong with a damaged row (read in full: the rare path)."""
    try:
        decode_columns(*storage.checked_columns(row_id))
    except StoredDataError as exc:
        return str(exc)
    return "the listed fields have the wrong types"


def listing_lines(storage: Storage, selection: Selection, on_damage: OnDamage) -> list[ListingLine]:
    """The lines of the selected rows. Only what a line shows is checked; a row damaged there goes to
    ``on_damage`` and is left out."""
    rows = storage.listing_rows(selection)
    tags = storage.grouped("tags", [r[0] for r in rows])
    lines = []
    for row_id, key, status, enrichment, edited, provenance, values in rows:
        try:  # the library's own columns as Library.select checks them; of the data, what a line shows
            check_key(key)
            if type(status) is not str:
                raise StoredDataError("the reading status is not text")
            loads_column("enrichment", enrichment, dict)
            loads_column("user_edited", edited, list, str)
            loads_column("provenance", provenance, dict, str)
            issued, title, family, literal, second, truncated = _line_values(values)
            year = None if issued is None else PartialDate.from_iso(issued).year
        except (StoredDataError, ValueError):
            on_damage(row_id, key, _problem(storage, row_id))
            continue
        lines.append(
            ListingLine(
                key,
                year,
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


def json_text(storage: Storage, selection: Selection, on_damage: OnDamage) -> str:
    """``json.dumps([record_to_json(r) for r in records], ensure_ascii=False, indent=2)`` of the selected
    rows, without building the records; damaged rows are checked as ``Library.select`` checks them,
    left out and passed to ``on_damage``."""
    rows = storage.json_rows(selection)
    if not rows:
        return "[]"
    ids = [r[0] for r in rows]
    tags, projects, notes, sources = (storage.grouped(k, ids) for k in ("tags", "projects", "notes", "sources"))
    records = []
    for row_id, key, data, status, enrichment, edited, frozen, provenance in rows:
        try:
            check_key(key)
            if type(status) is not str:
                raise StoredDataError("the reading status is not text")
            entry = loads_entry_dict(data)
            tried = loads_column("enrichment", enrichment, dict)
            edited = loads_column("user_edited", edited, list, str)
            loads_column("provenance", provenance, dict, str)
        except StoredDataError as exc:
            on_damage(row_id, key, str(exc))
            continue
        get = entry.get
        authors = get("author")
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
            '"user_edited": ' + (dumps_indented(sorted(set(edited)), _ITEM) if edited else "[]"),
        )
        records.append("{" + _ITEM + _FIELD.join(fields) + "\n  }")
    return "[\n  " + ",\n  ".join(records) + "\n]" if records else "[]"
