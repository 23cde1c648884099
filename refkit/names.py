"""BibTeX names: split ``A and B and others``, parse each as ``First von Last``, ``von Last, First``
or ``von Last, Jr, First``, and write them back as ``von Last, Jr, First``.

Splitting happens on the raw LaTeX, never inside braces, and LaTeX is decoded only *after*
splitting, so ``{World Health Organization}`` and ``{Barnes and Noble}`` stay one literal name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .latex import decode, encode, strip_nocase
from .model import Person

__all__ = ["format_name", "format_names", "parse_name", "parse_names", "split_names"]

_AND = re.compile(r"\s+and(?=\s)", re.IGNORECASE)
_LETTERS = re.compile(r"[A-Za-z]+")


def split_names(text: str) -> list[str]:
    """The raw names of a name list, split on `` and `` outside braces."""
    text = text.strip()
    if not text:
        return []
    if "{" not in text:
        return [part.strip() for part in _AND.split(text) if part.strip()]
    parts: list[str] = []
    depth = start = 0
    for m in re.finditer(r"[{}]|\s+and(?=\s)", text, re.IGNORECASE):
        token = m.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            parts.append(text[start: m.start()])
            start = m.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def parse_names(text: str) -> tuple[tuple[Person, ...], bool]:
    """People of a BibTeX name list, and whether it ended in ``and others``."""
    people: list[Person] = []
    truncated = False
    for raw in split_names(text):
        raw = raw.strip().rstrip(",").strip()
        if raw.lower() in ("others", "{others}", "et al.", "et al"):
            truncated = True
            continue
        person = parse_name(raw)
        if person is not None:
            people.append(person)
    return tuple(people), truncated


def _words(part: str) -> list[str]:
    """Whitespace-separated words at brace depth 0 (``~`` ties words, as in BibTeX)."""
    if "{" not in part:
        return part.split()
    words: list[str] = []
    depth = 0
    current: list[str] = []
    for c in part:
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        if depth == 0 and c.isspace():
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(c)
    if current:
        words.append("".join(current))
    return words


def _split_commas(name: str) -> list[str]:
    if "{" not in name:
        return [p.strip() for p in name.split(",")]
    parts, depth, start = [], 0, 0
    for i, c in enumerate(name):
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        elif c == "," and depth == 0:
            parts.append(name[start:i].strip())
            start = i + 1
    parts.append(name[start:].strip())
    return parts


def _is_lower(word: str) -> bool | None:
    """BibTeX's case of a word: its first letter at depth 0, or of a special character ``{\\"o}``
    (the first letter inside it after the control sequence, else the control sequence's own case:
    ``{\\OE}``, ``{\\I}``); None if it has none (digits, a plain brace group)."""
    i, n = 0, len(word)
    while i < n:
        c = word[i]
        if c == "{":
            end = _group_end(word, i)
            if word.startswith("{\\", i):
                m = _LETTERS.match(word, i + 2)
                if m:
                    name = m.group(0)
                    if name in _SPECIAL_LETTERS:
                        return name[0].islower()
                    inside = _LETTERS.search(word, m.end(), end)
                    return (inside or m).group(0)[0].islower()
                inside = _LETTERS.search(word, i + 2, end)  # {\"o}: the accented letter
                return inside.group(0)[0].islower() if inside else None
            i = end + 1  # a plain protected group is caseless
            continue
        if c.isalpha():
            return c.islower()
        if c == "\\":
            m = _LETTERS.match(word, i + 1)
            if m:
                rest = _LETTERS.search(word, m.end()) if len(m.group(0)) == 1 else m
                return rest.group(0)[0].islower() if rest else None
        i += 1
    return None


_SPECIAL_LETTERS = frozenset({"i", "j", "l", "L", "o", "O", "ss", "ae", "AE", "oe", "OE", "aa", "AA"})


def _group_end(word: str, i: int) -> int:
    depth = 0
    for j in range(i, len(word)):
        depth += (word[j] == "{") - (word[j] == "}")
        if depth == 0:
            return j
    return len(word)


_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def _plain(tex: str) -> str:
    """Decoded name text: no case-protection markup, single spaces."""
    text = strip_nocase(decode(tex))
    return _SPACES.sub(" ", text).strip() if "  " in text or text[:1] == " " or text[-1:] == " " else text


def _text(words: list[str]) -> str:
    return _plain(" ".join(words)) if words else ""


@lru_cache(maxsize=65536)
def parse_name(raw: str) -> Person | None:
    """One BibTeX name -> Person; ``{Corporate Name}`` -> literal; None for an empty name."""
    raw = raw.strip()
    if not raw:
        return None
    if raw.startswith("{") and _closing(raw) == len(raw) - 1 and (not raw.startswith("{\\") or " " in raw):
        literal = _plain(raw[1:-1])
        return Person(literal=literal) if literal else None
    parts = _split_commas(raw)
    if len(parts) == 1:
        words = _words(parts[0])
        if len(words) == 1:
            return Person(family=_text(words))
        # First von Last: von runs from the first to the last lower-case word before the last word
        lower = [k for k, w in enumerate(words[:-1]) if _is_lower(w)]
        if lower:
            first, last_von = lower[0], lower[-1]
            return Person(family=_text(words[last_von + 1:]), given=_text(words[:first]),
                          particle=_text(words[first: last_von + 1]))
        return Person(family=_text(words[-1:]), given=_text(words[:-1]))
    von_last = _words(parts[0])
    if len(parts) == 2:
        jr, first = "", parts[1]
    else:
        jr, first = parts[1], ", ".join(p for p in parts[2:] if p)
    lower = [k for k, w in enumerate(von_last[:-1]) if _is_lower(w)]
    split = lower[-1] + 1 if lower else 0
    return Person(family=_text(von_last[split:]), given=_text(_words(first)),
                  particle=_text(von_last[:split]), suffix=_text(_words(jr)))


def _closing(raw: str) -> int:
    depth = 0
    for i, c in enumerate(raw):
        depth += (c == "{") - (c == "}")
        if depth == 0:
            return i
    return -1


def _reads_as_particle(family: str) -> bool:
    """Would ``family`` lose words to the particle when read back? (any lower-case word before the last)"""
    words = family.split()
    return any(w[:1].islower() for w in words[:-1])


def _needs_braces(text: str) -> bool:
    return "," in text or bool(re.search(r"\sand\s", text, re.IGNORECASE))


def format_name(person: Person, tex=encode) -> str:
    """BibTeX form: ``von Last, Jr, First``; literals in braces (``tex`` spells the text in LaTeX)."""
    if person.literal:
        return "{" + tex(person.literal) + "}"
    if not person.family:
        return "{" + tex(person.given) + "}" if person.given else ""
    family = tex(person.family)
    # "van Dyke" with no particle, or a comma inside, must be one group to come back as the same person
    braced = _needs_braces(person.family) or _reads_as_particle(person.family)
    if braced:
        family = "{" + family + "}"
    head = f"{tex(person.particle)} {family}" if person.particle else family
    if not person.given and not person.suffix:
        # "First Last" would split a multi-word family: one braced name (read back as a literal)
        return "{" + family + "}" if len(_words(family)) > 1 and not person.particle and not braced else head
    given = tex(person.given)
    if _needs_braces(person.given):
        given = "{" + given + "}"
    if person.suffix:
        return f"{head}, {tex(person.suffix)}, {given}"
    return f"{head}, {given}"


def format_names(people: tuple[Person, ...] | list[Person], truncated: bool = False, tex=encode) -> str:
    """A BibTeX name list: names joined by `` and ``, plus ``and others`` if truncated."""
    names = [format_name(p, tex) for p in people]
    if truncated:
        names.append("others")
    return " and ".join(n for n in names if n)
