"""Names as pasted lists print them ("Wei-Nan Zhang", "Ludwig van Beethoven", "Smith, J.") -> Person.

Only for pasted lists: BibTeX names follow BibTeX's own rules elsewhere.
"""
from __future__ import annotations

import re

from ..model import Person
from ..text import NAME_SUFFIXES, PARTICLES

__all__ = ["is_name_token", "looks_like_name", "parse_people", "parse_person"]

_ETAL = re.compile(r"(?:,?\s*(?:et\.?\s*al\.?|and others|and colleagues|\+\s*\d*\s*others?)|,?\s*…)\s*$",
                   re.IGNORECASE)
_INITIALS = re.compile(r"^(?:[A-Z]\.)+(?:-[A-Z]\.)?$")


def is_name_token(token: str) -> bool:
    """A capitalised word with no capital inside except after a hyphen or apostrophe (Wei-Nan, O'Neil),
    an initial (J., J.-P.), or a lower-case particle."""
    if token in PARTICLES or _INITIALS.match(token):
        return True
    # str.istitle: every cased run starts upper-case and continues lower-case ("DiT", "McDonald": no)
    return (len(token) >= 2 and token.istitle() and not token.isupper() and token[-1] not in "-'’"
            and token.replace("-", "").replace("'", "").replace("’", "").isalpha())


def looks_like_name(text: str) -> bool:
    """1 to 5 name tokens, the first and last capitalised (not particles)."""
    tokens = text.split()
    return (1 <= len(tokens) <= 5 and all(is_name_token(t) for t in tokens)
            and tokens[0] not in PARTICLES and tokens[-1] not in PARTICLES)


def parse_person(text: str) -> Person | None:
    """``Given [particle] Family [Jr.]`` or ``Family, Given``; None for empty text."""
    text = " ".join(text.split()).strip(" ,;")
    if not text:
        return None
    if text.count(",") == 1:
        family, given = (part.strip() for part in text.split(","))
        if given.lower().rstrip(".") in NAME_SUFFIXES:
            person = parse_person(family)
            return Person(person.family, person.given, person.particle, given) if person else None
        particle, family = _split_particle(family.split())
        return Person(family=family, given=given, particle=particle)
    tokens = text.split()
    suffix = tokens.pop() if len(tokens) > 2 and tokens[-1].lower() in NAME_SUFFIXES else ""
    if len(tokens) == 1:
        return Person(family=tokens[0], suffix=suffix)
    # the particle run starts at the first lower-case particle after the given name(s)
    start = next((i for i in range(1, len(tokens) - 1) if tokens[i] in PARTICLES), len(tokens) - 1)
    particle, family = _split_particle(tokens[start:])
    return Person(family=family, given=" ".join(tokens[:start]), particle=particle, suffix=suffix)


def _split_particle(tokens: list[str]) -> tuple[str, str]:
    i = 0
    while i < len(tokens) - 1 and tokens[i] in PARTICLES:
        i += 1
    return " ".join(tokens[:i]), " ".join(tokens[i:])


def parse_people(text: str) -> tuple[tuple[Person, ...], bool]:
    """``"A. Smith, B. Jones et al."`` -> (people, truncated). Splits on commas and ``and``/``&``."""
    text, count = _ETAL.subn("", text.strip())
    parts = re.split(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+", text)
    people = tuple(p for p in (parse_person(part) for part in parts) if p)
    return people, bool(count)
