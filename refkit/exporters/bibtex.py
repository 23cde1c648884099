"""BibTeX and BibLaTeX writers (two dialects of one writer, registered as ``bibtex`` and ``biblatex``).

Output rules (WHAT-TOOLS-ACCEPT.md 1.5 and 3): ``{}`` delimiters, balanced braces, unique keys written
as they are unless BibTeX or biber reject them (``mapping.bibtex_keys``; crossref & co. follow a change),
bare month macros, TeX specials escaped in text fields (url/doi raw), non-ASCII spelled as LaTeX
macros in the ``bibtex`` dialect and kept as UTF-8 in ``biblatex``, @preamble kept.
The ``bibtex`` dialect is pure ASCII: a character with no LaTeX form that pdflatex sets is replaced by
its closest ASCII form and reported (one warning per field, naming entry, field and characters).
"""
from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from ..diagnostics import WARNING, Diagnostic
from ..latex import Replacement, encode, fold_to_ascii
from ..latex.tables import MONTHS
from ..mapping.bibtex import to_bibtex
from ..mapping.bibtex_keys import is_bibtex_key, to_bibtex_key
from ..model import Annotations, Entry
from . import unique_keys

__all__ = ["BIBLATEX", "BIBTEX", "BibtexExporter", "dumps_bibtex", "dumps_bibtex_with_diagnostics"]

_FIELD_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_.:+-]")
_KEY_FIELDS = {"crossref", "xref", "related", "entryset", "xdata", "set"}
_URI_FIELDS = {"url", "doi"}  # verbatim in \url/\doi: non-ASCII is percent-encoded (RFC 3987), not spelled
_URI_SAFE = string.printable


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
    return dumps_bibtex_with_diagnostics(entries, dialect, preamble)[0]


def dumps_bibtex_with_diagnostics(entries: Iterable[Entry], dialect: str = "bibtex", preamble: Iterable[str] = (),
                                  file: str = "") -> tuple[str, list[Diagnostic]]:
    """The .bib text, and a warning for each field whose text had to change to fit the dialect."""
    entries = list(entries)
    keys = unique_keys(entries)
    renamed = {e.key: to_bibtex_key(e.key) for e in entries if e.key and not is_bibtex_key(e.key)}
    ascii_only = dialect == "bibtex"  # pdflatex + 8-bit BibTeX; biber reads UTF-8
    diagnostics: list[Diagnostic] = []
    chunks: list[str] = []
    for text in preamble:
        if not (_balanced(text) and _bibtex_balanced(text)):
            continue
        if ascii_only:
            text, replaced = fold_to_ascii(text)
            if replaced:
                diagnostics.append(_changed(replaced, "", "@preamble", file))
        chunks.append(f"@preamble{{{text}}}\n" if not text.startswith(("{", '"')) else f"@preamble{{ {text} }}\n")
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
            if ascii_only and not value.isascii():
                if name.lower() in _URI_FIELDS:
                    value = quote(value, safe=_URI_SAFE)
                else:
                    value, replaced = fold_to_ascii(value)
                    if replaced:
                        diagnostics.append(_changed(replaced, key, name, file))
            body.append(_field(name, value))
        lines.append(",\n".join(body))
        lines.append("}\n")
        chunks.append("\n".join(lines) if body else f"@{bib_type}{{{key},\n}}\n")
    return "\n".join(chunks), diagnostics


def _changed(replaced: list[Replacement], key: str, field: str, file: str) -> Diagnostic:
    """One warning per field: the characters pdflatex cannot set, each with what was written instead."""
    distinct = list(dict.fromkeys(replaced))
    if len(distinct) == 1:
        message = (f"field {field!r}: {distinct[0].label} has no LaTeX form for pdflatex; "
                   f"written as '{distinct[0].written}'")
    else:
        listed = "; ".join(f"{r.label} written as '{r.written}'" for r in distinct)
        message = f"field {field!r}: {len(distinct)} characters have no LaTeX form for pdflatex: {listed}"
    return Diagnostic("no-latex-form", message, file=file, key=key, severity=WARNING)


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

    def dumps_with_diagnostics(self, entries: Iterable[Entry], annotations: Mapping[str, Annotations] | None = None,
                               preamble: Iterable[str] = (), file: str = "") -> tuple[str, list[Diagnostic]]:
        """As ``dumps``, plus a warning per field changed to fit the dialect (``file`` names the output)."""
        return dumps_bibtex_with_diagnostics(entries, self.dialect, preamble, file)


BIBTEX = BibtexExporter("bibtex")
BIBLATEX = BibtexExporter("biblatex")
