"""BibTeX/BibLaTeX reader: bibtexparser v2 splits the file, refkit does the rest.

bibtexparser runs with an empty middleware stack (its LaTeX decoding costs 1.5 ms an entry and
drops unknown macros); ``@string`` expansion, ``#`` concatenation and month macros are resolved
here, and every failed block becomes a diagnostic with file and line. Entries with duplicate
fields are recovered from the failed block (first value kept, as BibTeX does).
"""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import bibtexparser
import bibtexparser.exceptions
from bibtexparser import model as bp

from ..bulk import gc_paused
from ..diagnostics import ERROR, WARNING, Diagnostic, ReadResult
from ..latex.tables import MONTH_NAMES, MONTHS
from ..mapping.bibtex import from_bibtex
from ..model import Source
from ..normalize import normalize

__all__ = ["IMPORTER", "BibtexImporter", "RawEntry", "parse_bibtex", "read_raw"]

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.MULTILINE)
_KEY_IN_RAW = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]*)")
_NOT_ENTRIES = {"string", "preamble", "comment"}
_MONTH_MACROS = {abbr: name for abbr, name in zip(MONTHS, MONTH_NAMES)}


class _Values:
    """Resolves field values: ``{..}``, ``".."``, numbers, ``@string`` macros and ``#``."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.problems: list[str] = []

    def evaluate(self, raw: str, field: str = "") -> str:
        raw = raw.strip()
        if "#" not in raw:
            if raw[:1] == "{" and raw[-1:] == "}" and _closing(raw, 0) == len(raw) - 1:
                return raw[1:-1]
            if raw[:1] == '"' and raw[-1:] == '"' and len(raw) > 1 and '"' not in _outside_braces(raw[1:-1]):
                return raw[1:-1]
            if raw.isdigit():
                return raw
            if raw.replace("_", "").replace("-", "").replace(":", "").replace(".", "").isalnum():
                return self._macro(raw, field, alone=True)
        return self._concatenation(raw, field)

    def _macro(self, name: str, field: str, alone: bool) -> str:
        lower = name.lower()
        if lower in self.strings:
            return self.strings[lower]
        if lower in _MONTH_MACROS:
            return lower if alone and field == "month" else _MONTH_MACROS[lower]
        self.problems.append(f"undefined @string macro '{name}' (kept as text)")
        return name

    def _concatenation(self, raw: str, field: str) -> str:
        parts: list[str] = []
        i, n = 0, len(raw)
        while i < n:
            c = raw[i]
            if c.isspace() or c == "#":
                i += 1
                continue
            if c == "{":
                end = _closing(raw, i)
                if end < 0:
                    self.problems.append(f"field '{field}' has an unbalanced brace")
                    parts.append(raw[i + 1:])
                    break
                parts.append(raw[i + 1: end])
                i = end + 1
            elif c == '"':
                end = _closing_quote(raw, i)
                if end < 0:
                    self.problems.append(f"field '{field}' has an unclosed quote")
                    parts.append(raw[i + 1:])
                    break
                parts.append(raw[i + 1: end])
                i = end + 1
            else:
                m = re.compile(r"[^\s#{}\"]+").match(raw, i)
                token = m.group(0)
                parts.append(token if token.isdigit() else self._macro(token, field, alone=False))
                i = m.end()
            rest = raw[i:].lstrip()
            if rest and not rest.startswith("#"):
                self.problems.append(f"field '{field}': unexpected text after the value: "
                                     f"{rest[:30]!r} (a missing comma?)")
                break
        return "".join(parts)


def _closing(text: str, i: int) -> int:
    depth = 0
    for j in range(i, len(text)):
        c = text[j]
        if c == "{" and (j == 0 or text[j - 1] != "\\"):
            depth += 1
        elif c == "}" and (j == 0 or text[j - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return j
    return -1


def _closing_quote(text: str, i: int) -> int:
    depth = 0
    for j in range(i + 1, len(text)):
        c = text[j]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0:
            return j
    return -1


def _outside_braces(text: str) -> str:
    if "{" not in text:
        return text
    return re.sub(r"\{[^{}]*\}", "", re.sub(r"\{[^{}]*\}", "", text))


_REASONS = (  # bibtexparser's reason -> what the user should look for
    ("Unexpected block start", "unbalanced braces or a missing comma: the entry runs into the next '@'"),
    ("Unexpectedly reached end of file", "unbalanced braces: the file ends inside this entry"),
    ("Expected comma after entry key", "no comma after the citation key"),
    ("Expected a `=`", "a field without '= value'"),
    ("Expected equals sign", "a field without '= value'"),
    ("after a closed entry field value", "a missing comma between two fields"),
)


def _error_text(block: bp.ParsingFailedBlock) -> str:
    err = block.error
    text = " ".join((getattr(err, "abort_reason", None) or getattr(err, "message", None) or str(err)).split())
    for marker, reason in _REASONS:
        if marker in text:
            return f"{reason} ({text.rstrip('.')})"
    return text or type(err).__name__


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One entry as the file spells it: fields in order, lower-case names, ``@string``/``#`` expanded,
    delimiters removed (a bare month macro stays ``jul``), the first of duplicated fields."""

    type: str
    key: str
    fields: tuple[tuple[str, str], ...]
    line: int


class _DropThisThread(logging.Filter):
    """Drops the records logged in the thread that is inside refkit's own bibtexparser call."""

    def __init__(self) -> None:
        super().__init__()
        self.thread = threading.get_ident()

    def filter(self, record: logging.LogRecord) -> bool:
        return threading.get_ident() != self.thread


@contextmanager
def _own_records_dropped() -> Iterator[None]:
    """Silence bibtexparser for this call only: its failed blocks become our diagnostics.

    A logger's filters see only the records created on that logger, not on its children, so the
    filter goes on every bibtexparser logger. The user's own bibtexparser calls, in this thread
    before and after, or in other threads meanwhile, log as the user configured.
    """
    manager = logging.Logger.manager
    loggers = [logger for name, logger in list(manager.loggerDict.items())
               if (name == "bibtexparser" or name.startswith("bibtexparser."))
               and isinstance(logger, logging.Logger)]
    own = _DropThisThread()
    for logger in loggers:
        logger.addFilter(own)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(own)


def read_raw(text: str, file: str = "<stdin>") -> tuple[list[RawEntry], list[str], list[Diagnostic]]:
    """The entries, @preamble bodies and syntax diagnostics of a .bib text, before any mapping."""
    entries: list[RawEntry] = []
    preamble: list[str] = []
    diags: list[Diagnostic] = []
    try:
        with _own_records_dropped():
            library = bibtexparser.parse_string(text, parse_stack=[])
    except (ValueError, RecursionError, bibtexparser.exceptions.ParsingException) as exc:
        # the splitter gives up on the whole text only on input no BibTeX tool could read
        diags.append(Diagnostic("syntax-error", f"not readable as BibTeX: {type(exc).__name__}", file))
        return entries, preamble, diags
    values = _Values()
    first_line: dict[str, int] = {}
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, bp.String):
            values.strings[block.key.lower()] = values.evaluate(block.value)
            _flush(values, diags, file, line, block.key)
            continue
        if isinstance(block, bp.Preamble):
            values.evaluate(block.value, "@preamble")  # only to check quotes and braces
            broken = bool(values.problems) or block.value.count("{") != block.value.count("}")
            values.problems.clear()
            if broken:
                diags.append(Diagnostic("syntax-error", "@preamble dropped: unbalanced braces or quotes", file, line))
            else:
                preamble.append(block.value.strip())
            continue
        entry = block
        if isinstance(block, bp.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            for name in sorted(block.duplicate_keys):
                diags.append(Diagnostic("duplicate-field", f"field '{name}' appears twice; kept the first value",
                                        file, line, entry.key, WARNING))
        elif isinstance(block, bp.DuplicateBlockKeyBlock):
            entry = block.ignore_error_block
            diags.append(Diagnostic("duplicate-key", f"duplicate key (first at line {first_line.get(block.key, 0)});"
                                    " both entries kept, writers rename the second", file, line, block.key, WARNING))
        elif isinstance(block, bp.ParsingFailedBlock):
            m = _KEY_IN_RAW.search(block.raw or "")
            diags.append(Diagnostic("syntax-error", f"entry dropped: {_error_text(block)}", file, line,
                                    m.group(1) if m else ""))
            continue
        if not isinstance(entry, bp.Entry):
            continue
        first_line.setdefault(entry.key, line)
        fields: list[tuple[str, str]] = []
        seen: set[str] = set()
        for fld in entry.fields:
            name = fld.key.lower()
            if name in seen:
                if not isinstance(block, bp.DuplicateFieldKeyBlock):
                    diags.append(Diagnostic("duplicate-field", f"field '{name}' appears twice; kept the first value",
                                            file, line, entry.key, WARNING))
                continue
            seen.add(name)
            fields.append((name, values.evaluate(fld.value, name)))
        _flush(values, diags, file, line, entry.key, ERROR)
        entries.append(RawEntry(entry.entry_type.lower(), entry.key, tuple(fields), line))
    return entries, preamble, diags


def parse_bibtex(text: str, file: str = "<stdin>") -> ReadResult:
    """Entries, @preamble bodies and diagnostics of a .bib text."""
    with gc_paused():
        return _parse_bibtex(text, file)


def _parse_bibtex(text: str, file: str) -> ReadResult:
    raw, preamble, diags = read_raw(text, file)
    result = ReadResult(reader="bibtex", diagnostics=diags, preamble=preamble)
    for item in raw:
        try:
            mapped = from_bibtex(item.type, item.key, list(item.fields), Source(file, item.line, "bibtex"))
        except (ValueError, TypeError, RecursionError) as exc:  # a value no mapping rule foresaw: report, go on
            diags.append(Diagnostic("unreadable-entry", f"entry dropped: {type(exc).__name__}: {exc}", file,
                                    item.line, item.key))
            continue
        result.entries.append(normalize(mapped))
    if not result.entries and not any(d.severity == ERROR for d in diags) and not result.preamble:
        diags.append(Diagnostic("no-entries", "no BibTeX entries found", file))
    return result


def _flush(values: _Values, diags: list[Diagnostic], file: str, line: int, key: str, severity: str = WARNING) -> None:
    for problem in values.problems:
        level = WARNING if problem.startswith("undefined") else severity
        diags.append(Diagnostic("bad-value" if level == ERROR else "undefined-string", problem, file, line, key, level))
    values.problems.clear()


class BibtexImporter:
    name = "bibtex"
    suffixes = (".bib", ".bibtex", ".biblatex")

    def detect(self, text: str) -> float:
        types = {m.group(1).lower() for m in _ENTRY_START.finditer(text[:200_000])}
        if types - _NOT_ENTRIES:
            return 0.9
        return 0.4 if types else 0.0

    def parse(self, text: str, file: str = "<stdin>") -> ReadResult:
        return parse_bibtex(text, file)


IMPORTER = BibtexImporter()
