"""Pure conversion of ``Entry`` to and from the JSON stored in the library (no I/O).

The stored form leaves out ``key`` (the library owns keys) and ``source`` (kept in the
``sources`` table), and omits empty values so rows stay small.

Reading checks every value's type (a row can be damaged by hand or by another tool): what does not
fit raises ``StoredDataError`` saying what is wrong, never a bare ``TypeError`` deep in a writer.
"""

from __future__ import annotations

import dataclasses
import json

from ..model import Entry, PartialDate, Person

__all__ = [
    "StoredDataError",
    "check_entry_dict",
    "dumps_entry",
    "entry_from_dict",
    "entry_to_dict",
    "kind_of",
    "loads_entry",
    "loads_entry_dict",
    "person_to_dict",
]


class StoredDataError(ValueError):
    """A stored value that is not what refkit wrote; the message says what is wrong."""

_SKIP = {"key", "source"}
_PERSON_FIELDS = tuple(f.name for f in dataclasses.fields(Person))
_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Entry) if f.default is not dataclasses.MISSING}


def person_to_dict(person: Person) -> dict[str, str]:
    return {name: getattr(person, name) for name in _PERSON_FIELDS if getattr(person, name)}


_STORED = tuple(f.name for f in dataclasses.fields(Entry) if f.name not in _SKIP)
_PERSON_SET = frozenset(_PERSON_FIELDS)
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


def _date(text: str) -> PartialDate:
    try:
        return PartialDate.from_iso(text)
    except ValueError as exc:
        raise StoredDataError(f"date {text!r} is impossible: {exc}") from None


def kind_of(value) -> str:
    """What a JSON value is, in words, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def _text_list(value) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _people(value) -> bool:
    if type(value) is not list:
        return False
    for person in value:  # loops, not all(...): list --json checks every author of every entry
        if type(person) is not dict:
            return False
        for name, part in person.items():
            if type(part) is not str or name not in _PERSON_SET:
                return False
    return True


def _pairs(value) -> bool:
    return type(value) is list and all(
        type(p) is list and len(p) == 2 and all(type(v) is str for v in p) for p in value
    )


# field -> (is the stored value well-formed, what it should be)
_TEXT = frozenset(name for name in _STORED if type(_DEFAULTS.get(name)) is str)
_SHAPES = {name: (lambda v: type(v) is str, "text") for name in _TEXT}
_SHAPES.update(
    author=(_people, "a list of people"),
    editor=(_people, "a list of people"),
    authors_truncated=(lambda v: type(v) is bool, "true/false"),
    issued=(lambda v: type(v) is str, "a date"),
    arxiv_version=(lambda v: v is None or type(v) is int, "a number"),
    categories=(_text_list, "a list of texts"),
    keywords=(_text_list, "a list of texts"),
    extra=(_pairs, "a list of [name, value] pairs"),
    listing=(_pairs, "a list of [name, value] pairs"),
)


def check_entry_dict(data) -> None:
    """Raise ``StoredDataError`` unless ``data`` has the shape ``entry_to_dict`` gives."""
    if type(data) is not dict:
        raise StoredDataError(f"the data is {kind_of(data)}, not an object")
    if "type" not in data:
        raise StoredDataError("the data has no 'type'")
    for name, value in data.items():
        if type(value) is str and name in _TEXT:
            continue  # most values: checked without a call
        shape = _SHAPES.get(name)
        if shape is None:
            raise StoredDataError(f"unknown field {name!r} in the data")
        if not shape[0](value):
            raise StoredDataError(f"field {name!r} is {kind_of(value)}, not {shape[1]}")
    if "issued" in data:
        _date(data["issued"])


def entry_from_dict(data: dict, key: str = "") -> Entry:
    """The inverse of ``entry_to_dict`` (``data`` is consumed); ``StoredDataError`` if it does not fit."""
    check_entry_dict(data)
    return _to_entry(data, key)


def _to_entry(data: dict, key: str) -> Entry:
    for name in ("author", "editor"):
        if name in data:
            data[name] = tuple(Person(**person) for person in data[name])
    if "issued" in data:
        data["issued"] = _date(data["issued"])
    for name in ("extra", "listing"):
        if name in data:
            data[name] = tuple((a, b) for a, b in data[name])
    for name in ("categories", "keywords"):
        if name in data:
            data[name] = tuple(data[name])
    return Entry(key=key, **data)


def dumps_entry(entry: Entry) -> str:
    return json.dumps(entry_to_dict(entry), ensure_ascii=False, separators=(",", ":"))


def loads_entry(text: str, key: str = "") -> Entry:
    return _to_entry(loads_entry_dict(text), key)


def loads_entry_dict(text: str) -> dict:
    """The stored JSON as ``entry_to_dict`` wrote it, checked (``StoredDataError`` if it is not)."""
    if type(text) is not str:
        raise StoredDataError(f"the data is {kind_of(text)}, not JSON text")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise StoredDataError(f"the data is not valid JSON ({exc})") from None
    check_entry_dict(data)
    return data
