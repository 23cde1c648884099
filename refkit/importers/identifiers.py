"""Identifier lists: arXiv ids (bare, ``arXiv:``, every arXiv URL, sites that embed the id) and DOIs,
one or many per line. Registered as ``ids``.

A record gets only what the identifier says (``arxiv_id``, ``arxiv_version``, ``doi``, and the
link as written); enrichment fills in the rest. Text around identifiers on a line is kept as a
``remark`` listing pair, never promoted to a title. A line with no identifier is reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import ERROR, WARNING, Diagnostic, ReadResult
from ..ids import ArxivId, arxiv_id_from_doi, find_arxiv_id, find_doi, normalize_doi, parse_arxiv_id
from ..model import Entry, Source

__all__ = ["Found", "IdsImporter", "detect", "find_identifiers", "importer", "parse", "to_entry"]

NAME = "ids"
MAX_LINE = 100_000

_NEW = r"(?:0[7-9]|[1-9]\d)(?:0[1-9]|1[0-2])\.\d{4,5}"
_OLD = r"[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/(?:9[1-9]|0\d|1\d)(?:0[1-9]|1[0-2])\d{3}"
_TOKENS = re.compile(
    rf"""(?P<url>(?:https?://|www\.)[^\s<>"]+
              |(?:export\.|www\.)?arxiv\.org/(?:abs|pdf|html)/[^\s<>"]+)
        |(?P<doi>(?:doi:\s*)?10\.\d{{4,9}}/[^\s"<>{{}}]+)
        |(?P<arxiv>(?<![\w./-])(?:arxiv\s*:\s*)?(?:{_NEW}|{_OLD})(?:v[1-9]\d{{0,2}})?(?![\w/]|\.\d))
    """,
    re.IGNORECASE | re.VERBOSE,
)
_MAYBE = re.compile(r"\d\d|://|www\.", re.IGNORECASE)
_TRAILING = ".,;:!?'\")]>*_`"
_COMMENT = re.compile(r"^\s*(?:#|//|%)")


@dataclass(frozen=True, slots=True)
class Found:
    """One identifier on a line: an arXiv id, a DOI, or both (arXiv's own DOI); ``url`` as written."""

    arxiv: ArxivId | None = None
    doi: str = ""
    url: str = ""
    unknown_url: str = ""  # a link that names neither

    @property
    def ident(self) -> str:
        return self.arxiv.id if self.arxiv else self.doi


def _trim(token: str) -> str:
    while token and token[-1] in _TRAILING:
        closer = token[-1]
        opener = {")": "(", "]": "["}.get(closer)
        if opener and token.count(opener) >= token.count(closer):
            break  # a balanced bracket is part of it: 10.1002/(SICI)..., wiki_(x)
        token = token[:-1]
    return token


def _valid(arxiv: ArxivId | None) -> ArxivId | None:
    """arXiv numbers have four digits after the dot up to 1412 and five from 1501 on."""
    if arxiv is None or "/" in arxiv.id:
        return arxiv
    yymm, number = arxiv.id.split(".")
    return arxiv if (len(number) == 5) == (yymm >= "1501") else None


def _classify_url(url: str) -> Found:
    arxiv = _valid(find_arxiv_id(url) or parse_arxiv_id(url))
    if arxiv:
        return Found(arxiv=arxiv, doi=normalize_doi(url) if "10.48550" in url else "", url=url)
    doi = _URL_DOI_TAIL.sub("", find_doi(url))
    if doi.startswith("10.1101/"):  # bioRxiv/medRxiv pages add the version to the DOI: 10.1101/...v2
        doi = re.sub(r"v\d+$", "", doi)
    if doi:
        return Found(arxiv=arxiv_id_from_doi(doi), doi=doi, url=url)
    return Found(unknown_url=url)


# publisher links put a file or view name after the DOI: /10.1007/978-3-030-58452-8_13.pdf
_URL_DOI_TAIL = re.compile(r"(?:\.full)?(?:\.pdf|\.html?|\.abstract|\.full)$")


def find_identifiers(line: str) -> tuple[list[Found], str]:
    """The identifiers on ``line`` in order (repeats dropped) and the text left around them."""
    found: list[Found] = []
    if not _MAYBE.search(line):  # every identifier has a digit pair or is a link: skip the big regex
        return found, " ".join(line.split())
    rest, last = [], 0
    for match in _TOKENS.finditer(line):
        token = _trim(match.group())
        if not token:
            continue
        if match["url"]:
            item = _classify_url(token if "://" in token else "https://" + token)
        elif match["doi"]:
            doi = normalize_doi(token)
            item = Found(arxiv=_valid(arxiv_id_from_doi(doi)), doi=doi) if doi else None
        else:
            item = Found(arxiv=_valid(parse_arxiv_id(token)))
        if item is None or (item.arxiv is None and not item.doi and not item.unknown_url):
            continue
        rest.append(line[last:match.start()])
        last = match.start() + len(token)
        if item.unknown_url or all(item.ident != f.ident or not f.ident for f in found):
            found.append(item)
        elif item.arxiv and item.arxiv.version:  # the same paper again, now with a version: keep it
            found = [Found(item.arxiv, f.doi or item.doi, f.url or item.url) if f.ident == item.ident else f
                     for f in found]
    rest.append(line[last:])
    return found, " ".join("".join(rest).split())


_CATEGORY = re.compile(r"^\[((?:cs|eess|stat|math|econ|q-bio|q-fin|astro-ph|cond-mat|physics|nlin)\.[A-Za-z-]{2,}"
                       r"|hep-(?:th|ph|ex|lat)|gr-qc|quant-ph|nucl-(?:th|ex)|math-ph)\]")


def to_entry(item: Found, source: Source, remark: str = "") -> Entry:
    """A record holding only what the identifier says."""
    category = _CATEGORY.match(remark) if item.arxiv else None
    remark = remark[category.end():].strip() if category else remark  # "[cs.CL] 11 Jul 2023" keeps the date
    listing = (("remark", remark),) if remark else ()
    if item.arxiv:  # arXiv's own citation form "arXiv:2307.05300 [cs.CL]" names the primary category
        primary = category[1] if category else ""
        return Entry(type="article", arxiv_id=item.arxiv.id, arxiv_version=item.arxiv.version,
                     doi=item.doi, url=item.url, primary_category=primary,
                     categories=(primary,) if primary else (), listing=listing, source=source)
    # a DOI alone does not say what kind of work it is: CSL's neutral "document" until enrichment
    return Entry(type="document", doi=item.doi, url=item.url, listing=listing, source=source)


_REMARK_NOISE = re.compile(r"^[\s\-*+•>|,;:()\[\]<>#.\d]*$")


def parse_line(line: str, file: str, number: int, reader: str, result: ReadResult,
               seen: dict[str, int]) -> bool:
    """Read one line's identifiers into ``result``; False when the line holds none."""
    found, rest = find_identifiers(line)
    if not found:
        return False
    remark = "" if _REMARK_NOISE.match(rest) else rest.strip(" -–—:|,;")
    only_links = all(item.unknown_url for item in found)
    for item in found:
        if item.unknown_url:  # an error when the line gives nothing else: something was dropped
            result.diagnostics.append(Diagnostic(
                "unknown-link", f"link is neither an arXiv paper nor a DOI: {item.unknown_url[:80]}",
                file, number, severity=ERROR if only_links else WARNING))
            continue
        key = item.ident.lower()
        if key in seen:
            result.diagnostics.append(Diagnostic(
                "duplicate-id", f"{item.ident} already listed on line {seen[key]}; skipped",
                file, number, severity=WARNING))
            continue
        seen[key] = number
        result.entries.append(to_entry(item, Source(file, number, reader), remark))
    return True


_NEAR_MISS = re.compile(r"(?:arxiv\s*:|(?<![\d.])\d{4}\.\d{3,6}(?:v\d+)?(?![\d.]))", re.IGNORECASE)


def unreadable(line: str, file: str, number: int) -> Diagnostic:
    """Why a line gave no identifier; near misses (1706.0376, arXiv:9999.99999) are named as such."""
    shown = line.strip() if len(line.strip()) <= 60 else line.strip()[:57] + "..."
    if _NEAR_MISS.search(line):
        why = ("looks like an arXiv id but is not a valid one (YYMM.NNNN up to 1412, YYMM.NNNNN from 1501, "
               "month 01-12)")
    elif re.search(r"(?<![\w.])10\.\d*", line):
        why = "looks like a DOI but is incomplete (10.PREFIX/SUFFIX)"
    else:
        why = "no arXiv id or DOI found"
    return Diagnostic("unreadable-line", f"{why}: {shown!r}", file, number)


def parse(text: str, file: str = "<stdin>") -> ReadResult:
    result = ReadResult(reader=NAME)
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or _COMMENT.match(line):
            continue
        if len(line) > MAX_LINE:
            result.diagnostics.append(Diagnostic(
                "line-too-long", f"line of {len(line):,} characters skipped", file, number))
            continue
        if not parse_line(line, file, number, NAME, result, seen):
            result.diagnostics.append(unreadable(line, file, number))
    if not result.entries and not result.diagnostics:
        result.diagnostics.append(Diagnostic("no-entries", "no arXiv id or DOI found", file))
    return result


def id_line_ratio(lines: list[str]) -> float:
    """Share of content lines that are identifiers with little else around them."""
    content = [line for line in lines if line.strip() and not _COMMENT.match(line) and len(line) < 2000]
    if not content:
        return 0.0
    hits = 0
    for line in content:
        found, rest = find_identifiers(line)
        if any(not f.unknown_url for f in found) and len(rest) <= max(12, len(line) // 3):
            hits += 1
    return hits / len(content)


def detect(text: str) -> float:
    """Sure only when (nearly) every line is identifiers: a mixed list is the titles reader's."""
    ratio = id_line_ratio(text.splitlines()[:500])
    return round(0.95 * ratio if ratio >= 0.8 else 0.3 * ratio, 3)


class IdsImporter:
    name = NAME
    suffixes = (".txt",)
    detect = staticmethod(detect)
    parse = staticmethod(parse)


importer = IdsImporter()
