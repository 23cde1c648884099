"""BibTeX and BibLaTeX writers (two dialects of one writer, registered as ``bibtex`` and ``biblatex``).

Output rules (WHAT-TOOLS-ACCEPT.md 1.5 and 3): ``{}`` delimiters, balanced braces, safe unique keys,
bare month macros, TeX specials escaped in text fields (url/doi raw), non-ASCII spelled as LaTeX
macros in the ``bibtex`` dialect and kept as UTF-8 in ``biblatex``, @preamble kept.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..latex import encode
from ..latex.tables import MONTHS
from ..mapping.bibtex import to_bibtex
from ..model import Annotations, Entry
from . import sanitize_key, unique_keys

__all__ = ["BibtexExporter", "BIBTEX", "BIBLATEX", "dumps_bibtex"]

_KEY_FIELDS = {"crossref", "xref", "related", "entryset", "xdata", "set"}


def _balanced(text: str) -> bool:
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        depth += (c == "{") - (c == "}")
        if depth < 0:
            return False
        i += 1
    return depth == 0


def _field(name: str, value: str) -> str:
    if name == "month" and value in MONTHS:
        return f"  {name} = {value}"
    if not _balanced(value):
        value = encode(value.replace("\\", "")) if not _balanced(encode(value)) else encode(value)
    return f"  {name} = {{{value}}}"


def dumps_bibtex(entries: Iterable[Entry], dialect: str = "bibtex", preamble: Iterable[str] = ()) -> str:
    entries = list(entries)
    keys = unique_keys(entries)
    renamed = {e.key: sanitize_key(e.key) for e in entries if e.key and sanitize_key(e.key) != e.key}
    chunks: list[str] = [f"@preamble{{{p}}}\n" if not p.startswith(("{", '"')) else f"@preamble{{ {p} }}\n"
                         for p in preamble]
    for entry, key in zip(entries, keys):
        bib_type, fields = to_bibtex(entry, dialect)
        lines = [f"@{bib_type}{{{key},"]
        body = []
        for name, value in fields:
            if renamed and name.lower() in _KEY_FIELDS:
                value = ",".join(renamed.get(k.strip(), k.strip()) for k in value.split(","))
            body.append(_field(name, value))
        lines.append(",\n".join(body))
        lines.append("}\n")
        chunks.append("\n".join(lines) if body else f"@{bib_type}{{{key},\n}}\n")
    return "\n".join(chunks)


class BibtexExporter:
    """``dumps(entries, annotations=None, preamble=())``; annotations have no BibTeX field and are ignored."""

    suffix = ".bib"
    accepts_preamble = True

    def __init__(self, dialect: str) -> None:
        self.name = dialect
        self.dialect = dialect

    def dumps(self, entries: Iterable[Entry], annotations: Mapping[str, Annotations] | None = None,
              preamble: Iterable[str] = ()) -> str:
        return dumps_bibtex(entries, self.dialect, preamble)


BIBTEX = BibtexExporter("bibtex")
BIBLATEX = BibtexExporter("biblatex")
