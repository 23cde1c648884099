"""Pure conversion of ``Entry`` to and from the JSON stored in the library (no I/O).

The stored form leaves out ``key`` (the library owns keys) and ``source`` (kept in the
``sources`` table), and omits empty values so rows stay small.
"""

from __future__ import annotations

import dataclasses
import json

from ..model import Entry, PartialDate, Person

__all__ = ["dumps_entry", "entry_from_dict", "entry_to_dict", "loads_entry", "person_to_dict"]

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


def _date(text: str) -> PartialDate | None:
    parts = text.split("-")
    if text.startswith("-") or not all(p.isdigit() for p in parts) or len(parts) > 3:
        return PartialDate.parse_iso(text)
    numbers = [int(p) for p in parts]
    return PartialDate(*numbers)


def entry_from_dict(data: dict, key: str = "") -> Entry:
    """The inverse of ``entry_to_dict`` (``data`` is consumed)."""
    for name in ("author", "editor"):
        if name in data:
            data[name] = tuple(Person(**person) for person in data[name])
    if "issued" in data:
        data["issued"] = _date(data["issued"])
    for name in ("extra", "listing"):
        if name in data:
            data[name] = tuple((str(a), str(b)) for a, b in data[name])
    for name in ("categories", "keywords"):
        if name in data:
            data[name] = tuple(data[name])
    return Entry(key=key, **data)


def dumps_entry(entry: Entry) -> str:
    return json.dumps(entry_to_dict(entry), ensure_ascii=False, separators=(",", ":"))


def loads_entry(text: str, key: str = "") -> Entry:
    return entry_from_dict(json.loads(text), key)
