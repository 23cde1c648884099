"""Turning selected rows into ``Record`` objects, with their library data fetched in bulk.

A row that is not what refkit wrote (bad JSON, a wrong type, NULL where text belongs: damage by
hand or by another tool) is never decoded half-way: readers skip it and report it through
``on_damage(rowid, key, problem)``; writers get ``DamagedEntry`` and write nothing over it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from ..errors import DamagedEntry
from ..model import Annotations, Entry, Source
from .codec import StoredDataError, kind_of, loads_entry
from .records import Record
from .storage import Storage

__all__ = ["OnDamage", "check_key", "decode_columns", "decode_row", "load_records", "loads_column"]

OnDamage = Callable[[int, object, str], None]  # (rowid, key as stored, what is wrong)


def loads_column(name: str, text, shape: type, item: type | None = None):
    """The JSON in column ``name``: a ``shape`` (dict or list) whose values, if ``item`` is given, are
    of that type; ``StoredDataError`` otherwise."""
    if text in ("{}", "[]", ""):  # most rows: nothing to decode
        return shape()
    if type(text) is not str:
        raise StoredDataError(f"column {name!r} is {kind_of(text)}, not JSON text")
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise StoredDataError(f"column {name!r} is not valid JSON ({exc})") from None
    values = value.values() if type(value) is dict else value
    if type(value) is not shape or (item is not None and not all(type(v) is item for v in values)):
        wanted = kind_of(shape()) + (f" of {kind_of(item())}s" if item else "")
        raise StoredDataError(f"column {name!r} holds {kind_of(value)}, not {wanted}")
    return value


def check_key(key) -> None:
    if type(key) is not str or not key:
        raise StoredDataError(f"the key is {'empty' if key == '' else kind_of(key)}, not a citation key")


def decode_columns(key, data, status, enrichment, edited, provenance) -> tuple[Entry, dict, list, dict]:
    """Entry, enrichment, user_edited and provenance of a stored row; ``StoredDataError`` if damaged."""
    check_key(key)
    if type(status) is not str:
        raise StoredDataError(f"the reading status is {kind_of(status)}, not text")
    return (
        loads_entry(data, key),
        loads_column("enrichment", enrichment, dict),
        loads_column("user_edited", edited, list, str),
        loads_column("provenance", provenance, dict, str),
    )


def decode_row(row_id: int, key, data, status, enrichment, edited, provenance) -> tuple[Entry, dict, list, dict]:
    """``decode_columns`` for a writer: a damaged row is ``DamagedEntry``, so nothing is written over it."""
    try:
        return decode_columns(key, data, status, enrichment, edited, provenance)
    except StoredDataError as exc:
        raise DamagedEntry(key, row_id, str(exc)) from None


def load_records(storage: Storage, rows: list[tuple], on_damage: OnDamage | None = None) -> list[Record]:
    """``rows`` are ``(id, key, data, status, enrichment, user_edited, provenance, key_frozen, key_origin)``.

    A damaged row is left out and passed to ``on_damage``; without one it raises ``DamagedEntry``.
    """
    ids = [r[0] for r in rows]
    tags, projects, notes, sources, aliases = (
        storage.grouped(kind, ids) for kind in ("tags", "projects", "notes", "sources", "aliases")
    )
    records = []
    for row_id, key, data, status, enrichment, edited, provenance, frozen, origin in rows:
        try:
            entry, tried, edited, provenance = decode_columns(key, data, status, enrichment, edited, provenance)
        except StoredDataError as exc:
            if on_damage is None:
                raise DamagedEntry(key, row_id, str(exc)) from None
            on_damage(row_id, key, str(exc))
            continue
        records.append(
            Record(
                rowid=row_id,
                key=key,
                entry=entry,
                annotations=Annotations(
                    tuple(tags[row_id]), tuple(projects[row_id]), status, tuple(notes[row_id])
                ),
                enrichment=tried or {"status": "not-tried", "method": None, "score": None},
                user_edited=frozenset(edited),
                sources=[Source(*s) for s in sources[row_id]],
                provenance=provenance,
                key_frozen=bool(frozen),
                key_origin=origin,
                aliases=tuple(aliases[row_id]),
            )
        )
    return records
