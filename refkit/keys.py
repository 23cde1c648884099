"""Citation keys, one generator for the library (``add``), ``convert`` and every export.

``wang2023unleashing`` by default, pattern configurable.

``base_key(entry, pattern)`` fills a pattern whose fields are ``{author}`` (first author's family
name folded to ASCII, lower case), ``{Author}`` (the same, capitalised), ``{year}``, ``{title}`` (first
significant title word), ``{title2}`` (the first two) and ``{arxiv}`` (the arXiv id, digits only).

``assign_keys`` resolves collisions: the records wanting the same base key are ordered by a
stable identity (arXiv id, DOI or a title hash), never by arrival, so the first gets the bare base
and the others ``a``, ``b``, … in that order -- the same keys whatever order the imports came in.
Keys in ``taken`` (frozen, imported or chosen by the user) are never handed out again.

``written_keys`` is the same rule for a file being written: an entry's own key is kept when BibTeX
and biber accept it, a keyless entry gets ``base_key``, and a key used before (ignoring case, as
BibTeX does) gets the next free suffix ``a``, ``b``, ... -- so ``convert`` and ``add`` key a paper
alike.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Iterable, Iterator

from .diagnostics import WARNING, Diagnostic
from .mapping.bibtex_keys import is_bibtex_key, rejected_in_key, to_bibtex_key
from .model import Entry
from .text import ascii_words, first_family

__all__ = [
    "DEFAULT_PATTERN",
    "assign_keys",
    "base_key",
    "check_pattern",
    "is_usable_key",
    "pattern_problem",
    "suffixes",
    "unique_keys",
    "written_keys",
]

DEFAULT_PATTERN = "{author}{year}{title}"
FIELDS = ("author", "Author", "year", "title", "title2", "arxiv")

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "for",
        "and",
        "or",
        "to",
        "with",
        "at",
        "by",
        "from",
        "as",
        "into",
        "onto",
        "via",
        "toward",
        "towards",
        "is",
        "are",
        "be",
        "do",
        "does",
        "how",
        "what",
        "when",
        "why",
        "which",
        "can",
        "we",
        "our",
        "its",
    ]
)
_FIELD = re.compile(r"\{(\w+)\}")
_KEY_CHARS = re.compile(r"[^A-Za-z0-9_:.\-]+")


def check_pattern(pattern: str) -> list[str]:
    """Unknown fields in ``pattern`` (empty when the pattern is usable)."""
    return [name for name in _FIELD.findall(pattern) if name not in FIELDS]


def pattern_problem(pattern: object) -> str:
    """Why ``pattern`` cannot make keys (``""`` when it can): every key would be empty or the same."""
    if not isinstance(pattern, str):
        return "is not a text"
    if not pattern.strip():
        return "is empty"
    unknown = check_pattern(pattern)
    if unknown:
        return f"has unknown fields {unknown}"
    if not _FIELD.search(pattern):
        return "has no field, so every entry would get the same key"
    return ""


def _significant(title: str) -> list[str]:
    found = [w for w in ascii_words(title) if w not in STOP_WORDS]
    return found or ascii_words(title)


def base_key(entry: Entry, pattern: str = DEFAULT_PATTERN) -> str:
    """The key ``entry`` wants before collisions are resolved; never empty."""
    family = first_family(entry)
    title_words = _significant(entry.title)
    arxiv = re.sub(r"\D", "", entry.arxiv_id)
    values = {
        "author": family,
        "Author": family.capitalize(),
        "year": str(entry.year or ""),
        "title": title_words[0] if title_words else "",
        "title2": "".join(title_words[:2]),
        "arxiv": arxiv,
    }
    key = _KEY_CHARS.sub("", _FIELD.sub(lambda m: values.get(m.group(1), ""), pattern))
    if not key and pattern != DEFAULT_PATTERN:  # e.g. {arxiv} for a paper with no arXiv id
        return base_key(entry)
    if not family and not title_words:  # nothing but an id: arxiv230705300
        key = f"arxiv{arxiv}" if arxiv else (key or "anon")
    elif not family:
        key = "anon" + key
    return key


def suffixes() -> Iterator[str]:
    """``""``, ``a`` … ``z``, ``aa``, ``ab`` …"""
    yield ""
    for size in itertools.count(1):
        for letters in itertools.product(string.ascii_lowercase, repeat=size):
            yield "".join(letters)


def assign_keys(base: str, members: Iterable[tuple[str, object]], taken: set[str]) -> dict[object, str]:
    """Keys for every record wanting ``base``: ``members`` are ``(stable identity, record id)``."""
    result: dict[object, str] = {}
    used = set(taken)
    candidates = suffixes()
    for _identity, record in sorted(members, key=lambda m: (m[0], str(m[1]))):
        for suffix in candidates:
            if base + suffix not in used:
                result[record] = base + suffix
                used.add(base + suffix)
                break
    return result


def is_usable_key(key: str) -> bool:
    """Whether ``key`` works as a citation key in BibTeX, biber and LaTeX documents (and is no row id)."""
    return is_bibtex_key(key) and not key.isdigit()


def _describe(characters: list[str]) -> str:
    def one(ch: str) -> str:
        if ch == " ":
            return "spaces"
        if ch.isspace() or not ch.isprintable():
            return f"U+{ord(ch):04X}"
        return f"'{ch}'"
    return ", ".join(one(ch) for ch in characters)


def written_keys(entries: Iterable[Entry], pattern: str = DEFAULT_PATTERN) -> tuple[list[str], list[Diagnostic]]:
    """The key each entry is written under, in order, and a warning for each key that changed.

    A key BibTeX and biber accept is kept exactly (``DBLP:conf/acl/X``, ``a+b``, ``Müller2020``); a
    rejected character becomes ``-``; a key used before (ignoring case, as BibTeX does) gets the next
    free suffix (``a``, ``b``, ...); an entry without a key gets ``base_key(entry, pattern)``.
    """
    keys: list[str] = []
    diagnostics: list[Diagnostic] = []
    seen: dict[str, tuple[str, str]] = {}  # written key, lower case -> (written key, the entry's own key)
    for entry in entries:
        base = to_bibtex_key(entry.key) or base_key(entry, pattern)
        key = next(base + s for s in suffixes() if (base + s).lower() not in seen)
        keys.append(key)
        seen[key.lower()] = (key, entry.key)
        if not entry.key or key == entry.key:
            continue
        rejected = rejected_in_key(entry.key)
        if rejected:
            why = f"BibTeX and biber do not accept {_describe(rejected)} in a key"
        else:
            earlier, earlier_own = seen[base.lower()]
            if earlier_own == entry.key:
                continue  # the same key twice: the reader has reported the duplicate already
            why = f"an earlier entry is written as {earlier!r}" + (" (BibTeX keys ignore case)" if earlier != base else "")
        diagnostics.append(Diagnostic("key-changed", f"key written as {key!r}: {why}",
                                      key=entry.key, severity=WARNING))
    return keys, diagnostics


def unique_keys(entries: Iterable[Entry], pattern: str = DEFAULT_PATTERN) -> list[str]:
    """One usable, unique key per entry, in order (see ``written_keys``)."""
    return written_keys(entries, pattern)[0]
