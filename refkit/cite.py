r"""Which keys a LaTeX document cites: from its ``.aux`` files or its ``.tex`` sources.

* ``.aux`` (written by LaTeX): ``\citation{a,b}`` (BibTeX), ``\abx@aux@cite{0}{a}`` (biblatex,
  refsection first; older biblatex wrote ``\abx@aux@cite{a}``), and ``\@input{chap1.aux}`` for the
  aux file of each ``\include``\d chapter, followed recursively.
* ``.tex`` (the sources): every natbib and biblatex citation command, with starred forms,
  optional ``[pre][post]`` and ``(volume)`` arguments, several keys per command and the multi-cite
  forms ``\cites[a]{k1}[b]{k2}``; ``\input``/``\include``/``\subfile`` are followed; comments are
  skipped.

``\nocite{*}`` (``\citation{*}``, biblatex's ``\abx@aux@nociteall``) is reported as ``all_cited``.
The ``parse_*`` functions are pure; ``collect_citations`` reads the files, through a ``read`` callable
so tests can pass text.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import WARNING, Diagnostic

__all__ = ["CITE_COMMANDS", "Citations", "collect_citations", "parse_aux", "parse_tex", "uses_biblatex"]

# natbib and biblatex commands that take keys (lower-case and capitalised forms, starred forms allowed)
CITE_COMMANDS = frozenset(["cite", "citet", "citep", "citealt", "citealp", "citeauthor", "citefullauthor", "citeyear", "citeyearpar", "citenum", "citetalias", "citepalias", "nocite", "parencite", "footcite", "footcitetext", "textcite", "smartcite", "supercite", "autocite", "citetitle", "citedate", "citeurl", "citeurldate", "fullcite", "footfullcite", "volcite", "pvolcite", "fvolcite", "ftvolcite", "svolcite", "tvolcite", "avolcite", "notecite", "pnotecite", "fnotecite", "citeyear", "citedate", "citeurl", "citelist", "citefield", "citename", "nocite", "cites", "parencites", "footcites", "footcitetexts", "textcites", "smartcites", "supercites", "autocites", "volcites", "pvolcites", "fvolcites", "tvolcites", "svolcites", "avolcites", "citeauthors"])

_CMD = re.compile(r"\\([A-Za-z]*cite[A-Za-z]*)(\*?)", re.IGNORECASE)  # every citation command names "cite"
_NOT_A_KEY = re.compile(r"[#\\\s]")
_INCLUDE = re.compile(r"\\(input|include|subfile)\s*\{([^{}]+)\}")
_AUX_LINE = re.compile(r"\\(citation|abx@aux@cite|@input)\s*\{")
_BIBLATEX = re.compile(r"\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{[^}]*\bbiblatex\b|\\abx@aux@")
_VERBATIM = re.compile(r"\\begin\{(verbatim\*?|lstlisting|minted|comment)\}.*?\\end\{\1\}", re.DOTALL)


@dataclass
class Citations:
    keys: list[str] = field(default_factory=list)  # first-cited order, no duplicates
    all_cited: bool = False  # \nocite{*}
    files: list[str] = field(default_factory=list)  # every file read, in order
    diagnostics: list[Diagnostic] = field(default_factory=list)
    biblatex: bool = False  # the document uses biblatex (so --format biblatex is the natural default)

    def add(self, keys: list[str]) -> None:
        for key in keys:
            if key == "*":
                self.all_cited = True
            elif key and key not in self.keys:
                self.keys.append(key)


def _group(text: str, start: int, open_: str, close: str) -> tuple[str, int] | None:
    """The balanced ``open_ ... close`` group starting at ``text[start]``: (content, index after it)."""
    if start >= len(text) or text[start] != open_:
        return None
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == open_ and (index == 0 or text[index - 1] != "\\"):
            depth += 1
        elif char == close and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1:index], index + 1
    return None


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _skip_options(text: str, index: int) -> int:
    """Past any ``[prenote][postnote]`` and ``(multi pre)(multi post)`` arguments."""
    index = _skip_space(text, index)
    while index < len(text) and text[index] in "[(":
        group = _group(text, index, text[index], "]" if text[index] == "[" else ")")
        if group is None:
            break
        index = _skip_space(text, group[1])
    return index


def _split_keys(body: str) -> list[str]:
    return [k.strip() for k in body.split(",") if k.strip()]


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def strip_comments(text: str) -> str:
    """Drop ``%`` comments (not ``\\%``) and verbatim-like environments, keeping line numbers."""
    text = _VERBATIM.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return re.sub(r"(?<!\\)%[^\n]*", "", text)


def parse_tex(text: str, file: str = "") -> tuple[list[str], list[str], list[Diagnostic]]:
    r"""Cited keys (``*`` for ``\nocite{*}``) and included files of one .tex text, in document order."""
    text = strip_comments(text)
    keys: list[str] = []
    includes: list[str] = []
    diagnostics: list[Diagnostic] = []
    for match in _INCLUDE.finditer(text):
        includes.append(match.group(2).strip())
    for match in _CMD.finditer(text):
        name = match.group(1)
        if name.lower() not in CITE_COMMANDS:
            continue
        multi = name.lower().endswith("cites") or name.lower() == "citeauthors"
        volume = "volcite" in name.lower()  # \volcite[pre]{volume}[page]{key}
        index, found = match.end(), False
        while True:
            index = _skip_options(text, index)
            if volume and (vol := _group(text, index, "{", "}")):
                index = _skip_options(text, vol[1])
            group = _group(text, index, "{", "}")
            if group is None:
                break
            # no key holds "#" (a \newcommand body), a backslash or a space (text after a multi-cite)
            keys.extend(k for k in _split_keys(group[0]) if not _NOT_A_KEY.search(k))
            found, index = True, group[1]
            if not multi:
                break
        if not found:
            diagnostics.append(Diagnostic("cite-no-keys", f"\\{name} without a {{key}} argument; ignored",
                                          file, _line_of(text, match.start()), severity=WARNING))
    return keys, includes, diagnostics


def parse_aux(text: str, file: str = "") -> tuple[list[str], list[str]]:
    r"""Cited keys and ``\@input`` aux files of one .aux text, in order."""
    keys: list[str] = ["*"] if "\\abx@aux@nociteall" in text else []  # biblatex's \nocite{*}
    inputs: list[str] = []
    for match in _AUX_LINE.finditer(text):
        first = _group(text, match.end() - 1, "{", "}")
        if first is None:
            continue
        if match.group(1) == "@input":
            inputs.append(first[0].strip())
        elif match.group(1) == "citation":
            keys.extend(_split_keys(first[0]))
        else:  # \abx@aux@cite{refsection}{key}, or {key} alone in biblatex before 3.8
            second = _group(text, first[1], "{", "}")
            keys.extend(_split_keys(second[0] if second else first[0]))
    return keys, inputs


def uses_biblatex(text: str) -> bool:
    return bool(_BIBLATEX.search(strip_comments(text)))


def _resolve(base: Path, name: str, suffix: str) -> Path:
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(suffix)
    return path if path.is_absolute() else base / path


def collect_citations(path: str | Path, read: Callable[[Path], str] | None = None) -> Citations:
    """Citations of ``FILE.aux`` or ``FILE.tex`` and everything it pulls in (cycles are cut)."""
    read = read or (lambda p: p.read_text(encoding="utf-8", errors="replace"))
    root = Path(path)
    result = Citations()
    kind = ".aux" if root.suffix.lower() == ".aux" else ".tex"
    # \@input paths in an .aux are relative to the directory LaTeX ran in, i.e. the main aux's folder;
    # \input paths in a .tex are relative to the main file's folder too.
    base = root.parent
    pending: list[tuple[Path, str, int]] = [(root, "", 0)]
    seen: set[Path] = set()
    while pending:
        current, parent, line = pending.pop(0)
        resolved = current.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        try:
            text = read(current)
        except OSError as exc:
            if not parent:
                raise
            result.diagnostics.append(Diagnostic(
                "cite-missing-input", f"cannot read {current}: {exc.strerror or exc}; its citations are missing",
                parent, line, severity=WARNING))
            continue
        result.files.append(str(current))
        result.biblatex = result.biblatex or uses_biblatex(text)
        if kind == ".aux":
            keys, children = parse_aux(text, str(current))
        else:
            keys, children, problems = parse_tex(text, str(current))
            result.diagnostics.extend(problems)
        result.add(keys)
        # children are read right after their parent (depth first), before its later siblings
        pending[:0] = [(_resolve(base, child, kind), str(current), 0) for child in children]
    return result
