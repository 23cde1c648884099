"""BibTeX and BibLaTeX writers (two dialects of one writer, registered as ``bibtex`` and ``biblatex``).

Output rules (WHAT-TOOLS-ACCEPT.md 1.5 and 3): ``{}`` delimiters, balanced braces, unique keys written
as they are unless BibTeX or biber reject them (``mapping.bibtex_keys``; crossref & co. follow a change),
bare month macros, TeX specials escaped in text fields (url/doi raw), non-ASCII spelled as LaTeX
macros in the ``bibtex`` dialect and kept as UTF-8 in ``biblatex``, @preamble kept.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..latex import encode
from ..latex.tables import MONTHS
from ..mapping.bibtex import to_bibtex
from ..mapping.bibtex_keys import is_bibtex_key, to_bibtex_key
from ..model import Annotations, Entry
from . import unique_keys

__all__ = ["BIBLATEX", "BIBTEX", "BibtexExporter", "dumps_bibtex"]

_FIELD_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_.:+-]")
_KEY_FIELDS = {"crossref", "xref", "related", "entryset", "xdata", "set"}


_BRACE = re.compile(r"[{}]")
_BRACE_OR_ESCAPE = re.compile(r"\\.|[{}]", re.DOTALL)


def _balanced(text: str) -> bool:
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for m in _BRACE_OR_ESCAPE.finditer(text):
        token = m.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _bibtex_balanced(text: str) -> bool:
    """BibTeX's own rule: every brace counts, ``\\{`` included."""
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for m in _BRACE.finditer(text):
        depth += 1 if m.group(0) == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def _field(name: str, value: str) -> str:
    if name == "month" and value in MONTHS:
        return f"  {name} = {value}"
    if value.endswith("\\") and (len(value) - len(value.rstrip("\\"))) % 2:
        value = value[:-1]  # a damaged value ending in one backslash would escape the closing brace
    if not _balanced(value):
        value = encode(value.replace("\\", "")) if not _balanced(encode(value)) else encode(value)
    if not _bibtex_balanced(value):
        # a lone brace (arXiv abstracts end with a cut-off "\\url{..."): spelled as a symbol, and the
        # command in front of it as text, so neither BibTeX nor LaTeX sees an open group
        value = value.replace("\\{", r"\textbraceleft{}").replace("\\}", r"\textbraceright{}")
        value = re.sub(r"\\([A-Za-z]+)(?=\\textbrace)", r"\\textbackslash{}\1", value)
        if not _bibtex_balanced(value):
            value = value.replace("{", "").replace("}", "")
    if not _balanced(value):  # \{ vs { counted differently by bibtexparser: drop braces rather than break the file
        value = value.replace("{", "").replace("}", "")
    return f"  {name} = {{{value}}}"


def dumps_bibtex(entries: Iterable[Entry], dialect: str = "bibtex", preamble: Iterable[str] = ()) -> str:
    entries = list(entries)
    keys = unique_keys(entries)
    renamed = {e.key: to_bibtex_key(e.key) for e in entries if e.key and not is_bibtex_key(e.key)}
    chunks: list[str] = [f"@preamble{{{p}}}\n" if not p.startswith(("{", '"')) else f"@preamble{{ {p} }}\n"
                         for p in preamble if _balanced(p) and _bibtex_balanced(p)]
    for entry, key in zip(entries, keys):
        bib_type, fields = to_bibtex(entry, dialect)
        lines = [f"@{bib_type}{{{key},"]
        body = []
        names: set[str] = set()
        for name, value in fields:
            name = _FIELD_NAME_UNSAFE.sub("", name)  # a damaged source can carry "author 中" as a name
            if not name or name.lower() in names:
                continue
            names.add(name.lower())
            if name.lower() in _KEY_FIELDS and any(k.strip() in renamed for k in value.split(",")):
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
    writes_bibtex_keys = True  # keys from ``written_keys``: the CLI reports the changed ones

    def __init__(self, dialect: str) -> None:
        self.name = dialect
        self.dialect = dialect

    def dumps(self, entries: Iterable[Entry], annotations: Mapping[str, Annotations] | None = None,
              preamble: Iterable[str] = ()) -> str:
        return dumps_bibtex(entries, self.dialect, preamble)


BIBTEX = BibtexExporter("bibtex")
BIBLATEX = BibtexExporter("biblatex")
