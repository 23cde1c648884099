"""Writers: a list of Entry -> text. Each format is its own module, registered as an entry point in
the ``refkit.exporters`` group (``name``, ``suffix``, ``dumps(entries, annotations=None)``).

Shared here: the citation key each entry is written under (never empty, unique), and a warning for
every key that could not be written as it is (``key_changes``, printed by the commands that export).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..diagnostics import WARNING, Diagnostic
from ..mapping.bibtex_keys import rejected_in_key, to_bibtex_key
from ..model import Entry

__all__ = ["dumps_with_diagnostics", "key_changes", "make_key", "unique_keys", "written_keys"]


def make_key(entry: Entry) -> str:
    """``family`` + year + first title word, for entries that arrive without a key (ASCII only: a key
    refkit invents should be citable under pdfLaTeX too)."""
    person = entry.author[0] if entry.author else entry.editor[0] if entry.editor else None
    name = (person.family or person.literal) if person else "anon"
    word = next((w for w in re.findall(r"[A-Za-z]{4,}", entry.title)), "")
    key = f"{name.split()[-1] if name.split() else 'anon'}{entry.year or ''}{word}".lower()
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    return to_bibtex_key(ascii_key) or "entry"


def _describe(characters: list[str]) -> str:
    def one(ch: str) -> str:
        if ch == " ":
            return "spaces"
        if ch.isspace() or not ch.isprintable():
            return f"U+{ord(ch):04X}"
        return f"'{ch}'"
    return ", ".join(one(ch) for ch in characters)


def written_keys(entries: Iterable[Entry]) -> tuple[list[str], list[Diagnostic]]:
    """The key each entry is written under, in order, and a warning for each key that changed.

    A key BibTeX and biber accept is kept exactly (``DBLP:conf/acl/X``, ``a+b``, ``Müller2020``); a
    rejected character becomes ``-``; a key used before (ignoring case, as BibTeX does) gets ``-2``,
    ``-3``...; an entry without a key gets one from its first author, year and title.
    """
    keys: list[str] = []
    diagnostics: list[Diagnostic] = []
    seen: dict[str, tuple[str, str]] = {}  # written key, lower case -> (written key, the entry's own key)
    for entry in entries:
        base = to_bibtex_key(entry.key) or make_key(entry)
        key, n = base, 1
        while key.lower() in seen:
            n += 1
            key = f"{base}-{n}"
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


def unique_keys(entries: Iterable[Entry]) -> list[str]:
    """One usable, unique key per entry, in order (see ``written_keys``)."""
    return written_keys(entries)[0]


def key_changes(exporter: object, entries: Iterable[Entry]) -> list[Diagnostic]:
    """A warning for each entry whose key ``exporter`` does not write as it is. Writers that choose
    keys with ``written_keys`` say so with ``writes_bibtex_keys = True``; the others (RIS, Zotero RDF)
    write every key unchanged."""
    return written_keys(entries)[1] if getattr(exporter, "writes_bibtex_keys", False) else []


def dumps_with_diagnostics(exporter, entries: Iterable[Entry], *args, file: str = "",
                           **kwargs) -> tuple[str, list[Diagnostic]]:
    """``exporter.dumps(...)`` and the warnings of a writer that must change text to fit its format (the
    bibtex dialect replaces characters pdflatex cannot set); ``file`` names the output in them."""
    with_diagnostics = getattr(exporter, "dumps_with_diagnostics", None)
    if with_diagnostics is None:
        return exporter.dumps(entries, *args, **kwargs), []
    return with_diagnostics(entries, *args, file=file, **kwargs)
