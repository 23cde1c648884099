"""Indented JSON text, character for character ``json.dumps(value, ensure_ascii=False, indent=2)``.

The standard library's C encoder cannot indent, so ``indent=2`` runs its pure-Python encoder; for
the thousands of objects of a broad ``refkit list --json`` that alone took a third of a second.
Here strings go through the C string encoder and containers are joined directly.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring

__all__ = ["dumps_indented", "encode_basestring", "string_list"]


def dumps_indented(value, newline: str = "\n") -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, placed on a line
    indented as ``newline`` (``"\\n"`` plus that line's indentation) says."""
    write = _WRITE.get(type(value))
    if write is None:  # a subclass, or nothing JSON knows: the standard encoder decides (or raises)
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)
    return write(value, newline)


def string_list(values, newline: str) -> str:
    """A list of ``str`` values (``dumps_indented`` for lists that may hold anything)."""
    if not values:
        return "[]"
    inner = newline + "  "
    return "[" + inner + ("," + inner).join([encode_basestring(v) for v in values]) + newline + "]"


def _float(value: float, newline: str) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _list(value: list | tuple, newline: str) -> str:
    if not value:
        return "[]"
    inner = newline + "  "
    return "[" + inner + ("," + inner).join([dumps_indented(item, inner) for item in value]) + newline + "]"


def _dict(value: dict, newline: str) -> str:
    if not value:
        return "{}"
    if not all(type(name) is str for name in value):  # json.dumps turns numbers and None into strings
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)
    inner = newline + "  "
    items = [encode_basestring(name) + ": " + dumps_indented(item, inner) for name, item in value.items()]
    return "{" + inner + ("," + inner).join(items) + newline + "}"


_WRITE = {
    str: lambda value, newline: encode_basestring(value),
    type(None): lambda value, newline: "null",
    bool: lambda value, newline: "true" if value else "false",
    int: lambda value, newline: int.__repr__(value),
    float: _float,
    list: _list,
    tuple: _list,
    dict: _dict,
}
