"""Plain title lists, one paper per line (registered as ``titles``).

A title line yields a record with only a title (as typed: case and punctuation are enrichment's
business); a line that carries identifiers is read as the ``ids`` reader would; anything that
is neither (BibTeX/JSON fragments, bare numbers, rules, unknown links) is reported by line.
"""
from __future__ import annotations

import re

from ..diagnostics import Diagnostic, ReadResult
from ..model import Entry, Source
from . import identifiers

__all__ = ["TitlesImporter", "clean_title", "detect", "importer", "parse", "title_problem"]

NAME = "titles"
MAX_TITLE = 400  # the longest real titles are ~300 characters

_MARKER = re.compile(r"^\s*(?:[-*+•–]\s+|\(?\d{1,4}[.)\]]\s+|\[\d{1,4}\]\s*|\[[ xX]\]\s+)")
_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»", "„": "“"}
_NOT_TEXT = [
    (re.compile(r"^\s*@\w*\s*[{(]"), "looks like a BibTeX entry (try --format bibtex)"),
    (re.compile(r"^\s*[A-Z][A-Z0-9] {1,2}-( |$)"), "looks like an RIS tag line (try --format ris)"),
    (re.compile(r"^\s*[\[{]"), "looks like JSON, not a title (try --format csljson)"),
    (re.compile(r"^\s*\w[\w-]*\s*=\s*[{\"\d]"), "looks like a BibTeX field, not a title"),
    (re.compile(r"^\s*</?[a-zA-Z!][^>]*>"), "looks like HTML, not a title"),
    (re.compile(r"^\s*(?:https?://|www\.)\S+\s*$"), "a link that names no arXiv paper or DOI"),
]
_COMMENT = re.compile(r"^\s*(?:#|//|%)")


def clean_title(line: str) -> str:
    """Strip a list marker, surrounding quotes and one closing period; collapse spaces."""
    text = " ".join(_MARKER.sub("", line, count=1).split())
    if len(text) > 1 and text[0] in _QUOTES and text.endswith(_QUOTES[text[0]]):
        text = text[1:-1].strip()
    # "Attention is all you need." -> drop the sentence period, keep "et al." / "U.S." / "..."
    if text.endswith(".") and not text.endswith("..") and len(text) > 2 and text[-2].isalpha() \
            and text[-3] not in ". " and not text.lower().endswith("et al."):
        text = text[:-1]
    return text


def title_problem(text: str) -> str:
    """Why ``text`` (already cleaned) is not a title, or ``""`` if it can be one."""
    for pattern, why in _NOT_TEXT:
        if pattern.match(text):
            return why
    if len(text) > MAX_TITLE:
        return f"{len(text):,} characters is too long for a title"
    if re.search(r"\bet\.?\s*al\.?$", text):
        return "looks like an author list, not a title"
    words = re.findall(r"[^\W\d_]{2,}", text)
    if not words:
        return "no words in it"
    letters = sum(ch.isalpha() for ch in text)
    if letters < len(text) * 0.5:
        return "mostly symbols or digits, not a title"
    return ""


def parse(text: str, file: str = "<stdin>") -> ReadResult:
    result = ReadResult(reader=NAME)
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or _COMMENT.match(line) or set(line.strip()) <= set("-=_*~#"):
            continue  # blank lines, comments and horizontal rules separate, they say nothing
        if len(line) > identifiers.MAX_LINE:
            result.diagnostics.append(Diagnostic(
                "line-too-long", f"line of {len(line):,} characters skipped", file, number))
            continue
        if identifiers.parse_line(line, file, number, identifiers.NAME, result, seen):
            continue
        title = clean_title(line)
        problem = title_problem(title)
        if problem:
            shown = title if len(title) <= 60 else title[:57] + "..."
            result.diagnostics.append(Diagnostic("unreadable-line", f"{problem}: {shown!r}", file, number))
            continue
        # the kind of work is unknown until enrichment: CSL's neutral "document"
        result.entries.append(Entry(type="document", title=title, source=Source(file, number, NAME)))
    if not result.entries and not result.diagnostics:
        result.diagnostics.append(Diagnostic("no-entries", "no titles found", file))
    return result


def detect(text: str) -> float:
    """A modest guess, never above 0.45: most lines are short word sequences or identifiers.

    Structured formats score higher whenever they fit, so this wins only when nothing else does.
    """
    lines = [line for line in text.splitlines()[:500]
             if line.strip() and not _COMMENT.match(line) and not set(line.strip()) <= set("-=_*~#")]
    if not lines:
        return 0.0
    good = sum(1 for line in lines if len(line) <= MAX_TITLE and _readable(line))
    ratio = good / len(lines)
    return round(0.2 + 0.25 * ratio, 3) if ratio >= 0.5 else 0.0


def _readable(line: str) -> bool:
    found, _ = identifiers.find_identifiers(line)
    return any(not f.unknown_url for f in found) or not title_problem(clean_title(line))


class TitlesImporter:
    name = NAME
    suffixes = (".txt",)
    detect = staticmethod(detect)
    parse = staticmethod(parse)


importer = TitlesImporter()
