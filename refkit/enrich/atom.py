"""Pure parsing of arXiv API Atom feeds (current and legacy serialisations) into ``ArxivRecord``.

Parsed with defusedxml (no entity expansion).  Elements are found by namespace and name, never
by position: the two services order them differently.  An error feed (one entry titled ``Error``
whose id is under ``arxiv.org/api/errors``) is reported as ``Feed.error``, never as a paper, and
the legacy service's "ghost" entries (no id, empty primary category) are skipped.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ..errors import ArxivFeedError
from ..ids import abs_url, pdf_url

__all__ = ["ArxivRecord", "Feed", "parse_feed", "split_entry_id"]

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_VERSION = re.compile(r"v(\d+)$")
_CATEGORY = re.compile(r"^[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$")
_ERROR_ID = re.compile(r"^https?://arxiv\.org/api/errors")


@dataclass(frozen=True, slots=True)
class ArxivRecord:
    """One paper as arXiv describes its latest (or requested) version; a ``source.Candidate`` to the matcher."""

    id: str  # without version
    version: int | None
    title: str
    summary: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""  # v1 submission, ISO 8601 UTC
    updated: str = ""  # submission of this version
    primary_category: str = ""
    categories: tuple[str, ...] = ()
    dois: tuple[str, ...] = ()
    journal_ref: str = ""
    comment: str = ""
    abs_url: str = ""
    pdf_url: str = ""

    # ---- as a matching candidate (``source.Candidate``) ----------------------------------------
    @property
    def source(self) -> str:
        return "arxiv"

    @property
    def source_label(self) -> str:
        return "arXiv"

    @property
    def source_id(self) -> str:
        return self.id

    @property
    def first_date(self) -> str:
        return self.published

    @property
    def latest_date(self) -> str:
        return self.updated

    @property
    def venue(self) -> str:
        return self.journal_ref

    @property
    def ids(self) -> dict[str, str]:
        return {"arxiv_id": self.id, **({"doi": self.dois[0]} if self.dois else {})}

    def provenance(self) -> dict:
        return {"arxiv_id": self.id, "arxiv_version": self.version, "published": self.published,
                "updated": self.updated}

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> ArxivRecord:
        tuples = {"authors", "categories", "dois"}
        return cls(**{k: (tuple(v) if k in tuples else v) for k, v in data.items() if k in _FIELDS})


_FIELDS = set(ArxivRecord.__dataclass_fields__)


@dataclass(slots=True)
class Feed:
    total: int | None = None
    start: int | None = None
    per_page: int | None = None
    records: list[ArxivRecord] = field(default_factory=list)
    error: str = ""  # the summary of an error feed


def split_entry_id(text: str) -> tuple[str, int | None]:
    """An entry's ``<id>``, the abs link of ``hep-th/9901001v2`` -> ``("hep-th/9901001", 2)``."""
    ident = text.strip().split("/abs/", 1)[-1]
    match = _VERSION.search(ident)
    if match:
        return ident[: match.start()], int(match.group(1))
    return ident, None


def _text(parent: Element, tag: str) -> str:
    node = parent.find(tag)
    return (node.text or "") if node is not None else ""


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _summary(text: str) -> str:
    # paragraphs are separated by "\n  " in the current service; legacy hard-wraps lines
    paragraphs = re.split(r"\n\s*\n|\n  (?=\S)", text.strip("\n"))
    return "\n\n".join(p for p in (_collapse(p) for p in paragraphs) if p)


def _int(parent: Element, tag: str) -> int | None:
    try:
        return int(_text(parent, tag).strip())
    except ValueError:
        return None


def _record(entry: Element) -> ArxivRecord | None:
    raw_id = _text(entry, f"{ATOM}id").strip()
    if "/abs/" not in raw_id:
        return None  # legacy ghost entry for a missing id
    ident, version = split_entry_id(raw_id)
    primary = entry.find(f"{ARXIV}primary_category")
    primary_term = primary.get("term", "") if primary is not None else ""
    # legacy feeds also listed MSC/ACM classes ("35", "I.2.6") as categories: keep arXiv ones only
    categories = tuple(t for c in entry.findall(f"{ATOM}category") if _CATEGORY.match(t := c.get("term", "")))
    abs_link = pdf_link = ""
    for link in entry.findall(f"{ATOM}link"):
        href = link.get("href", "")
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            pdf_link = href
        elif link.get("rel") == "alternate":
            abs_link = href
    full = f"{ident}v{version}" if version else ident
    return ArxivRecord(
        id=ident,
        version=version,
        title=_collapse(_text(entry, f"{ATOM}title")),
        summary=_summary(_text(entry, f"{ATOM}summary")),
        authors=tuple(_collapse(_text(a, f"{ATOM}name")) for a in entry.findall(f"{ATOM}author")),
        published=_text(entry, f"{ATOM}published").strip(),
        updated=_text(entry, f"{ATOM}updated").strip(),
        primary_category=primary_term or (categories[0] if categories else ""),
        categories=categories,
        dois=tuple(d for n in entry.findall(f"{ARXIV}doi") for d in (n.text or "").split()),
        journal_ref=_collapse(_text(entry, f"{ARXIV}journal_ref")),
        comment=_collapse(_text(entry, f"{ARXIV}comment")),
        # the transitional 2025-11-11 feeds had links without attributes: rebuild them
        abs_url=abs_link or abs_url(full),
        pdf_url=pdf_link or pdf_url(full),
    )


def parse_feed(text: str, url: str = "") -> Feed:
    """Read one API response body; ``ArxivFeedError`` if it is not an Atom feed at all."""
    try:
        root = ElementTree.fromstring(text.encode("utf-8") if isinstance(text, str) else text)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        snippet = _collapse(text[:80]) if isinstance(text, str) else ""
        raise ArxivFeedError(url, f"{exc} (body starts {snippet!r})") from None
    if root.tag != f"{ATOM}feed":
        raise ArxivFeedError(url, f"root element is {root.tag!r}, not an Atom feed")
    entries = root.findall(f"{ATOM}entry")
    feed = Feed(_int(root, f"{OPENSEARCH}totalResults"), _int(root, f"{OPENSEARCH}startIndex"),
                _int(root, f"{OPENSEARCH}itemsPerPage"))
    if len(entries) == 1 and _text(entries[0], f"{ATOM}title").strip() == "Error" \
            and _ERROR_ID.match(_text(entries[0], f"{ATOM}id").strip()):
        feed.error = _collapse(_text(entries[0], f"{ATOM}summary")) or "unspecified error"
        return feed
    feed.records = [r for r in (_record(e) for e in entries) if r is not None]
    return feed
