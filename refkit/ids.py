"""Pure parsing of external identifiers: arXiv ids (new and old style, versions) and DOIs. No I/O."""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ArxivId",
    "abs_url",
    "arxiv_doi",
    "arxiv_id_from_doi",
    "find_arxiv_id",
    "find_doi",
    "is_arxiv_abs_url",
    "is_arxiv_id",
    "normalize_doi",
    "parse_arxiv_id",
    "pdf_url",
]

# New style: YYMM.NNNN (2007-2014) or YYMM.NNNNN (2015-), optional vN.
_NEW = r"(?P<new>(?:0[7-9]|[1-9]\d)(?:0[1-9]|1[0-2])\.\d{4,5})"
# Old style: archive(.SUBJ)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136, cs/0112017.
_OLD = r"(?P<old>(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.[A-Z]{2})?/(?:9[1-9]|0\d|1\d)(?:0[1-9]|1[0-2])\d{3})"
_VERSION = r"(?:v(?P<version>[1-9]\d{0,2}))?"
_ARXIV_BARE = re.compile(rf"^(?:{_NEW}|{_OLD}){_VERSION}$")
_ARXIV_PREFIXED = re.compile(rf"^arxiv\s*:\s*(?:{_NEW}|{_OLD}){_VERSION}$", re.IGNORECASE)

# Anywhere in free text: URLs of arXiv and of sites that embed the id, or an "arXiv:" prefix.
_ARXIV_IN_TEXT = re.compile(
    rf"""(?:
        (?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format|ps)/
      | (?:https?://)?(?:www\.)?(?:huggingface\.co/papers|alphaxiv\.org/(?:abs|overview)|paperswithcode\.com/paper/arxiv|semanticscholar\.org/arxiv|scholar\.archive\.org/arxiv|ar5iv\.labs\.arxiv\.org/html|ar5iv\.org/(?:abs|html)|arxiv-sanity-lite\.com/\?rank=pid&pid=)/?
      | arxiv\s*:\s*
      | 10\.48550/arxiv\.
    )(?:{_NEW}|{_OLD}){_VERSION}(?![\d])""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True, order=True)
class ArxivId:
    """An arXiv identifier; ``str()`` gives ``2307.05300v4`` or ``hep-th/9901001``."""

    id: str
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.id}v{self.version}" if self.version else self.id

    @property
    def is_old_style(self) -> bool:
        return "/" in self.id

    def abs_url(self) -> str:
        return abs_url(str(self))

    def pdf_url(self) -> str:
        return pdf_url(str(self))

    def doi(self) -> str:
        return arxiv_doi(self.id)


def _from_match(match: re.Match) -> ArxivId:
    ident = match.group("new") or match.group("old")
    if match.group("old"):
        archive, _, number = ident.partition("/")
        # the subject class (math.GT) is part of the old id's archive spelling; ids are lower-case archives
        ident = f"{archive.split('.')[0].lower()}{archive[len(archive.split('.')[0]):]}/{number}"
    version = match.group("version")
    return ArxivId(ident, int(version) if version else None)


def parse_arxiv_id(text: str) -> ArxivId | None:
    """An arXiv id from exactly an id (``2307.05300v2``, ``arXiv:hep-th/9901001``) or an arXiv URL/DOI."""
    text = text.strip()
    match = _ARXIV_BARE.match(text) or _ARXIV_PREFIXED.match(text)
    if match:
        return _from_match(match)
    match = _ARXIV_IN_TEXT.fullmatch(text.rstrip("/").removesuffix(".pdf"))
    return _from_match(match) if match else None


def find_arxiv_id(text: str) -> ArxivId | None:
    """The first arXiv id found inside free text (URLs, ``arXiv:`` prefixes, arXiv DOIs)."""
    match = _ARXIV_IN_TEXT.search(text)
    return _from_match(match) if match else None


def is_arxiv_id(text: str) -> bool:
    return parse_arxiv_id(text) is not None


def abs_url(arxiv_id: str) -> str:
    """The abstract page of an id, with or without version: ``https://arxiv.org/abs/2307.05300v2``."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def pdf_url(arxiv_id: str) -> str:
    """The PDF of an id, with or without version: ``https://arxiv.org/pdf/2307.05300v2``."""
    return f"https://arxiv.org/pdf/{arxiv_id}"


def is_arxiv_abs_url(url: str) -> bool:
    """True for a link to an arXiv abstract page (what :func:`abs_url` writes, any scheme or host prefix)."""
    return "arxiv.org/abs/" in url


def arxiv_doi(arxiv_id: str) -> str:
    """arXiv's own DataCite DOI for an id without version (lower-cased like every refkit DOI)."""
    return f"10.48550/arxiv.{arxiv_id}".lower()


_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>{}]+", re.IGNORECASE)
_DOI_PREFIXES = re.compile(
    r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/|https?://doi\.acm\.org/|info:doi/)", re.IGNORECASE
)


def normalize_doi(text: str) -> str:
    """``https://doi.org/10.1000/ABC`` -> ``10.1000/abc``; ``""`` if it is not a DOI.

    DOIs are case-insensitive, so the canonical form is lower case.
    """
    text = _DOI_PREFIXES.sub("", text.strip())
    text = text.replace("%2F", "/").replace("%2f", "/")
    match = _DOI.match(text)
    if not match:
        return ""
    return match.group(0).rstrip(".,;:)]").lower()


def find_doi(text: str) -> str:
    """The first DOI inside free text, normalised, or ``""``."""
    match = _DOI.search(text)
    return match.group(0).rstrip(".,;:)]").lower() if match else ""


def arxiv_id_from_doi(doi: str) -> ArxivId | None:
    """``10.48550/arXiv.2307.05300`` -> ``ArxivId('2307.05300')``."""
    doi = normalize_doi(doi)
    if doi.startswith("10.48550/arxiv."):
        return parse_arxiv_id(doi[len("10.48550/arxiv."):])
    return None
