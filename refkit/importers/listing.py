"""Paper-listing pages pasted as text (seeds/msr-reading-list.txt): three lines per paper.

    CLJul 11, 2023Code                      category code, listed date, optional "Code" flag, glued
    <title><First author>, <second>, <third> et al. · microsoft-research, tsinghua
    <abstract, with a little LaTeX>

The title is glued to the first author's given name. The split point is found from the right:
the last authors are clean ``Given Family`` segments; the segment before them ends with the first
author, whose given name starts at the last capital that opens a clean name word
(``Self-CollaborationZhenhailong`` -> ``Self-Collaboration`` + ``Zhenhailong``; a capital right
after a hyphen belongs to the title word). Titles keep their exact case and punctuation.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..diagnostics import WARNING, Diagnostic, ReadResult
from ..model import Entry, PartialDate, Person, Source
from ..text import PARTICLES
from .arxiv_categories import AMBIGUOUS_CODES, to_arxiv_category
from .person_names import is_name_token, looks_like_name, parse_person

__all__ = [
    "Byline",
    "Header",
    "ListingImporter",
    "decode_abstract",
    "find_urls",
    "importer",
    "parse_byline",
    "parse_header",
    "parse_listing",
]

NAME = "listing"
MAX_LINE = 100_000  # longer lines are not listing lines; skip them instead of scanning megabytes

_MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
_HEADER = re.compile(
    r"^\s*(?P<code>[A-Z]{2,4}|[a-z\-]+\.[A-Z]{2})\s*"
    r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(?P<day>\d{1,2}),\s*(?P<year>\d{4})"
    r"\s*(?P<code_flag>Code)?\s*$"
)
# zero-width spaces/joiners, soft hyphens and BOMs that web pages leave in copied text
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_AFFIL_SEP = re.compile(r"\s+[·•]\s+")  # the page's middle dot; bullets survive some copy paths
_ETAL = re.compile(r"\s*,?\s*et\.?\s*al\.?\s*$")
_INITIAL = re.compile(r"^(?:[A-Z]\.)+(?:-[A-Z]\.)?$")


@dataclass(frozen=True, slots=True)
class Header:
    code: str
    date: PartialDate | None
    has_code: bool


@dataclass(frozen=True, slots=True)
class Byline:
    title: str
    author: tuple[Person, ...]
    truncated: bool
    affiliations: tuple[str, ...]


def parse_header(line: str) -> Header | None:
    """``"CLJul 11, 2023Code"`` -> Header("CL", 2023-07-11, True); None if the line is not a header.

    A header-shaped line with an impossible date (``Feb 30``) gives a Header whose date is None.
    """
    if len(line) > 60:
        return None
    match = _HEADER.match(line.translate(_INVISIBLE))
    if not match:
        return None
    try:
        day = datetime.date(int(match["year"]), _MONTHS[match["month"][:3].lower()], int(match["day"]))
    except ValueError:  # Feb 30 and friends
        return Header(match["code"], None, bool(match["code_flag"]))
    return Header(match["code"], PartialDate(day.year, day.month, day.day), bool(match["code_flag"]))


def parse_byline(line: str) -> Byline | str:
    """The title+authors line, or a reason it cannot be split."""
    line = " ".join(line.translate(_INVISIBLE).split())
    parts = _AFFIL_SEP.split(line)
    head = parts[0] if len(parts) == 1 else " · ".join(parts[:-1])
    affiliations = () if len(parts) == 1 else tuple(a.strip() for a in parts[-1].split(",") if a.strip())
    head, count = _ETAL.subn("", head)
    segments = head.split(", ")
    others: list[str] = []
    # "et al." means the page showed its maximum of three; otherwise up to two more after the first
    while len(segments) > 1 and len(others) < 2 and looks_like_name(segments[-1]):
        others.insert(0, segments.pop())
    glued = ", ".join(segments)
    split = _split_glued(glued)
    if split is None:
        return "cannot tell where the title ends and the first author begins (expected 'TitleGiven Family')"
    title, first = split
    people = tuple(p for p in (parse_person(n) for n in (first, *others)) if p)
    return Byline(title, people, bool(count), affiliations)


def _split_glued(text: str) -> tuple[str, str] | None:
    """``"...Self-CollaborationZhenhailong Wang"`` -> (title, first author)."""
    tokens = list(re.finditer(r"\S+", text))
    # the first author is 2..4 tokens long: the glued given name, then initials or particles
    # ("John P. Smith", "Ludwig van Beethoven"), then the family name. A full word in between is
    # refused: in "Model in PyTorch Ann Lee" (not glued) it would split "Py" + "Torch Ann Lee".
    for back in range(2, min(5, len(tokens) + 1)):
        glued = tokens[-back]
        rest = [t.group() for t in tokens[-back + 1:]]
        if not all(is_name_token(t) for t in rest):
            return None
        if not all(t in PARTICLES or _INITIAL.match(t) for t in rest[:-1]):
            return None
        cut = _given_start(glued.group())
        if cut is not None:
            at = glued.start() + cut
            return text[:at].rstrip(), text[at:]
    return None


def _given_start(token: str) -> int | None:
    """Where a capitalised name word glued to the end of ``token`` starts (longest such word)."""
    for i in range(1, len(token)):
        if token[i].isupper() and token[i - 1] not in "-'’ " and is_name_token(token[i:]):
            return i
    return None


# ---- abstracts -------------------------------------------------------------------------------

_MATH = re.compile(r"(?<!\\)\$[^$]+?(?<!\\)\$")
_URL_CMD = re.compile(r"\\url\{([^\s}]*)\}?")
_HREF = re.compile(r"\\href\{[^}]*\}\{([^}]*)\}")
_STYLE = {"textbf": "b", "textit": "i", "emph": "i", "textsuperscript": "sup", "textsubscript": "sub",
          "textsc": "", "texttt": "", "textrm": ""}
_STYLE_CMD = re.compile(r"\\(" + "|".join(_STYLE) + r")\{([^{}]*)\}")
_ESCAPES = re.compile(r"\\([%&_#$])")
# no IGNORECASE: it makes this scan four times slower, and upper-case schemes are spelled out
_URL = re.compile(r"(?:https?://|HTTPS?://|[Hh]ttps?://|www\.|WWW\.)[^\s{}<>\"\\]+")


def decode_abstract(text: str) -> str:
    """Simple LaTeX to refkit rich text: ``\\url{x}`` -> x, ``\\textbf{x}`` -> <b>x</b>; $math$ kept."""
    out, last = [], 0
    for match in _MATH.finditer(text):
        out.append(_decode_text(text[last:match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(_decode_text(text[last:]))
    return "".join(out).strip()


def _decode_text(text: str) -> str:
    text = _URL_CMD.sub(r"\1", text)  # an unclosed \url{ still gives its URL (seen in the seed list)
    text = _HREF.sub(r"\1", text)
    while True:
        text, count = _STYLE_CMD.subn(_styled, text)
        if not count:
            break
    return _ESCAPES.sub(r"\1", text)


def _styled(match: re.Match) -> str:
    tag = _STYLE[match[1]]
    return f"<{tag}>{match[2]}</{tag}>" if tag else match[2]


def find_urls(text: str) -> tuple[str, ...]:
    """URLs in free text, in order, without the sentence punctuation glued after them."""
    urls: list[str] = []
    for match in _URL.finditer(text):
        url = match.group()
        while url and url[-1] in ".,;:!?'\")]":
            if url[-1] in ")]" and url.count("(" if url[-1] == ")" else "[") >= url.count(url[-1]):
                break  # a balanced bracket belongs to the URL (Wikipedia-style links)
            url = url[:-1]
        if url.lower().startswith("www."):
            url = "https://" + url
        if url not in urls and "." in url.split("//", 1)[-1]:
            urls.append(url)
    return tuple(urls)


# ---- the file --------------------------------------------------------------------------------

def parse_listing(text: str, file: str = "<stdin>") -> ReadResult:
    """Every header+byline+abstract block of a listing page; anything else is reported by line."""
    result = ReadResult(reader=NAME)
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if parse_header(line)]
    if not headers:
        result.diagnostics.append(Diagnostic(
            "unknown-shape", "no paper-listing header such as 'CLJul 11, 2023Code' found", file))
        return result
    for i in range(headers[0]):
        if lines[i].strip():
            result.diagnostics.append(_unreadable(lines[i], file, i + 1))
    for n, start in enumerate(headers):
        end = headers[n + 1] if n + 1 < len(headers) else len(lines)
        _read_block(lines, start, end, file, result)
    return result


def _abstract_lines(body: list[tuple[int, str]]) -> list[str]:
    """The abstract: its first line, and further lines only while they continue a sentence that a copy
    wrapped (previous line not closed by . ! ? or the next one starting in lower case). A stray
    line after a finished abstract ("Load more") is not glued onto it."""
    taken: list[str] = []
    for _, text in body:
        if taken and taken[-1].rstrip().endswith((".", "!", "?", ".)", ".}")) and not text[:1].islower():
            break
        taken.append(text)
    return taken


def _unreadable(line: str, file: str, lineno: int) -> Diagnostic:
    shown = line.strip()
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return Diagnostic("unreadable-line", f"not part of a listing entry: {shown!r}", file, lineno)


def _read_block(lines: list[str], start: int, end: int, file: str, result: ReadResult) -> None:
    header = parse_header(lines[start])
    body = [(i, lines[i].strip()) for i in range(start + 1, end) if lines[i].strip()]
    if not body:
        result.diagnostics.append(Diagnostic(
            "incomplete-entry", "listing header without a title line; entry skipped", file, start + 1))
        return
    byline_at, byline = body[0]
    if len(byline) > MAX_LINE:
        result.diagnostics.append(Diagnostic(
            "line-too-long", f"title line of {len(byline)} characters; entry skipped", file, byline_at + 1))
        return
    parsed = parse_byline(byline)
    if isinstance(parsed, str):
        result.diagnostics.append(Diagnostic(
            "unreadable-byline", f"{parsed}; entry skipped", file, byline_at + 1))
        return
    abstract_lines = _abstract_lines(body[1:])
    for i, text in body[1 + len(abstract_lines):]:
        result.diagnostics.append(_unreadable(text, file, i + 1))
    raw_abstract = " ".join(abstract_lines)
    if header.date is None:
        result.diagnostics.append(Diagnostic(
            "bad-date", f"impossible date in {lines[start].strip()!r}; date left empty",
            file, start + 1, severity=WARNING))
    category = to_arxiv_category(header.code)
    if not category:
        why = (f"is ambiguous ({' or '.join(AMBIGUOUS_CODES[header.code])})"
               if header.code in AMBIGUOUS_CODES else "is not a known arXiv subject")
        result.diagnostics.append(Diagnostic(
            "unknown-category", f"category code {header.code!r} {why}; category left empty",
            file, start + 1, severity=WARNING))
    urls = find_urls(raw_abstract)
    listing = (
        ("code", "yes" if header.has_code else "no"),
        ("affiliations", ", ".join(parsed.affiliations)),
        ("code_urls", " ".join(urls)),
        ("listed_date", header.date.iso() if header.date else ""),
        ("category_code", header.code),
    )
    result.entries.append(Entry(
        type="article",
        title=parsed.title,
        author=parsed.author,
        authors_truncated=parsed.truncated,
        issued=header.date,
        primary_category=category,
        categories=(category,) if category else (),
        abstract=decode_abstract(raw_abstract),
        listing=tuple((k, v) for k, v in listing if v),
        source=Source(file, start + 1, NAME),
    ))


def detect(text: str) -> float:
    """Sure when several headers are each followed by a byline carrying ' · ' or 'et al.'."""
    lines = [line for line in text.splitlines()[:3000] if line.strip()]
    if not lines:
        return 0.0
    hits = 0
    for i, line in enumerate(lines[:-1]):
        if parse_header(line) and (_AFFIL_SEP.search(lines[i + 1]) or "et al" in lines[i + 1]):
            hits += 1
    if not hits:
        return 0.0
    covered = min(1.0, 3 * hits / len(lines))
    return min(0.98, 0.6 + 0.4 * covered) if hits >= 2 else 0.5 + 0.3 * covered


def parse(text: str, file: str = "<stdin>") -> ReadResult:
    return parse_listing(text, file)


class ListingImporter:
    name = NAME
    suffixes = (".txt",)
    detect = staticmethod(detect)
    parse = staticmethod(parse)


importer = ListingImporter()
