"""Pure conversion of ``Entry`` to and from the JSON stored in the library (no I/O).

The stored form leaves out ``key`` (the library owns keys) and ``source`` (kept in the
``sources`` table), and omits empty values so rows stay small.
"""
from __future__ import annotations

import dataclasses
import json

from ..model import Entry, PartialDate, Person

__all__ = ["entry_to_dict", "entry_from_dict", "dumps_entry", "loads_entry", "person_to_dict"]

_SKIP = {"key", "source"}
_PERSON_FIELDS = tuple(f.name for f in dataclasses.fields(Person))
_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Entry) if f.default is not dataclasses.MISSING}


def person_to_dict(person: Person) -> dict[str, str]:
    return {name: getattr(person, name) for name in _PERSON_FIELDS if getattr(person, name)}


_STORED = tuple(f.name for f in dataclasses.fields(Entry) if f.name not in _SKIP)
_EMPTY = ("", (), None, False)


def entry_to_dict(entry: Entry) -> dict:
    data: dict = {}
    for name in _STORED:
        value = getattr(entry, name)
        if value in _EMPTY or value == _DEFAULTS.get(name):
            continue
        if name in ("author", "editor"):
            value = [person_to_dict(p) for p in value]
        elif name == "issued":
            value = value.iso()
        elif name in ("extra", "listing"):
            value = [list(pair) for pair in value]
        elif isinstance(value, tuple):
            value = list(value)
        data[name] = value
    data.setdefault("type", entry.type)
    return data


def entry_from_dict(data: dict, key: str = "") -> Entry:
    values: dict = {}
    for name, value in data.items():
        if name in ("author", "editor"):
            value = tuple(Person(**person) for person in value)
        elif name == "issued":
            value = PartialDate.parse_iso(value)
        elif name in ("extra", "listing"):
            value = tuple((str(a), str(b)) for a, b in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return Entry(key=key, **values)


def dumps_entry(entry: Entry) -> str:
    return json.dumps(entry_to_dict(entry), ensure_ascii=False, separators=(",", ":"))


def loads_entry(text: str, key: str = "") -> Entry:
    return entry_from_dict(json.loads(text), key)
