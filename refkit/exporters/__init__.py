"""Writers: a list of Entry -> text. Each format is its own module, registered as an entry point in
the ``refkit.exporters`` group (``name``, ``suffix``, ``dumps(entries, annotations=None)``).

Shared here: citation keys a writer can rely on (safe characters, never empty, unique).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..diagnostics import Diagnostic
from ..model import Entry

__all__ = ["dumps_with_diagnostics", "make_key", "sanitize_key", "unique_keys"]

_UNSAFE = re.compile(r"[^A-Za-z0-9:._-]+")


def sanitize_key(key: str) -> str:
    """Only ``[A-Za-z0-9:._-]`` (what BibTeX, biber and every .bib parser accept): ``baez/article`` ->
    ``baez-article``; accents are folded to ASCII first."""
    if not _UNSAFE.search(key):
        return key
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("-", ascii_key).strip("-")


def make_key(entry: Entry) -> str:
    """``family`` + year + first title word, for entries that arrive without a key."""
    person = entry.author[0] if entry.author else entry.editor[0] if entry.editor else None
    name = (person.family or person.literal) if person else "anon"
    word = next((w for w in re.findall(r"[A-Za-z]{4,}", entry.title)), "")
    return sanitize_key(f"{name.split()[-1] if name.split() else 'anon'}{entry.year or ''}{word}".lower()) or "entry"


def unique_keys(entries: Iterable[Entry]) -> list[str]:
    """One safe key per entry, in order; a repeated key gets ``-2``, ``-3``..."""
    keys: list[str] = []
    seen: set[str] = set()
    for entry in entries:
        base = sanitize_key(entry.key) or make_key(entry)
        key, n = base, 1
        while key.lower() in seen:
            n += 1
            key = f"{base}-{n}"
        seen.add(key.lower())
        keys.append(key)
    return keys


def dumps_with_diagnostics(exporter, entries: Iterable[Entry], *args, file: str = "",
                           **kwargs) -> tuple[str, list[Diagnostic]]:
    """``exporter.dumps(...)`` and the warnings of a writer that must change text to fit its format (the
    bibtex dialect replaces characters pdflatex cannot set); ``file`` names the output in them."""
    with_diagnostics = getattr(exporter, "dumps_with_diagnostics", None)
    if with_diagnostics is None:
        return exporter.dumps(entries, *args, **kwargs), []
    return with_diagnostics(entries, *args, file=file, **kwargs)
