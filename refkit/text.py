"""Pure text rules for titles and names, shared by dedupe, arXiv matching, keys and name parsing.

One idea of "the same title": :func:`normalize_title` gives the dedupe title key and the form the
arXiv matcher compares, so two titles that merge in the library are titles the matcher calls equal.
It strips markup, folds accents and special letters (``Ł`` -> ``l``, ``ß`` -> ``ss``), reads ``&``
as "and", lower-cases, and keeps letters and digits of every script as words.

No imports from the rest of refkit: everything above may use it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "NAME_SUFFIXES",
    "PARTICLES",
    "ascii_words",
    "first_family",
    "fold_accents",
    "fold_ascii",
    "name_words",
    "normalize_title",
    "strip_markup",
    "strip_tags",
]

# lower-case name particles ("Ludwig van Beethoven", "Adrian Del Maestro" read case-insensitively)
PARTICLES = frozenset(
    ["van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la", "le",
     "ter", "ten", "bin", "al", "el"]
)
# generational suffixes after a name ("John Smith Jr.", "Smith, Jr., John"), compared in lower case
NAME_SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])

_TAG = re.compile(r"</?(?:i|b|sup|sub|span)(?:\s[^>]*)?>", re.IGNORECASE)
# letters NFKD does not decompose into a base letter and marks
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ð": "d",
        "Ð": "D",
        "‐": "-",
        "–": "-",
        "—": "-",
    }
)
_SEPARATORS = re.compile(r"[\W_]+")  # anything but a letter or digit, of any script
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_tags(text: str) -> str:
    """Rich-text tags removed (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<span …>``)."""
    return _TAG.sub("", text) if "<" in text else text  # most titles have no tags: skip the regex


def strip_markup(text: str) -> str:
    """Plain text of a rich-text field: tags and ``$`` math delimiters removed."""
    return strip_tags(text).replace("$", "")


def fold_accents(text: str) -> str:
    """``Łukasz Müller`` -> ``Lukasz Muller``: marks dropped, special letters spelled out;
    letters of other scripts (``α``, ``中``) stay."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_ascii(text: str) -> str:
    """:func:`fold_accents`, then whatever is not ASCII dropped (for citation keys)."""
    return fold_accents(text).encode("ascii", "ignore").decode("ascii")


def normalize_title(title: str) -> str:
    """``BEiT v2: Masked <i>Image</i> Modeling & Ł`` -> ``beit v2 masked image modeling and l``."""
    text = fold_accents(strip_markup(title)).lower()
    if "&" in text:
        text = text.replace("&", " and ")
    return " ".join(w for w in _SEPARATORS.split(text) if w)


def name_words(name: str) -> list[str]:
    """``Jean-Pierre O'Neil`` -> ``["jean", "pierre", "o", "neil"]``: folded, lower case, any script."""
    return [w for w in _SEPARATORS.split(fold_accents(name).lower()) if w]


def ascii_words(text: str) -> list[str]:
    """Whitespace-separated words, each folded to lower-case ASCII letters and digits (``THE-X:`` -> ``thex``)."""
    folded = fold_ascii(strip_markup(text)).lower()
    return [w for w in (_NON_ALNUM.sub("", part) for part in folded.split()) if w]


def first_family(entry) -> str:
    """The first author's (else editor's) family name, folded to lower-case letters and digits: what
    citation keys and dedupe keys start with (``Łukasiewicz`` -> ``lukasiewicz``)."""
    people = entry.author or entry.editor
    if not people:
        return ""
    person = people[0]
    return "".join(name_words(person.family or person.literal or person.given))
