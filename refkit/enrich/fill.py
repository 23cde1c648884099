"""Pure merge of an arXiv record into an entry: which fields enrichment fills, and how.

* the full author list replaces a truncated, empty or shorter compatible one;
* the current arXiv title replaces a different one (the original is kept as ``listed_title``
  in ``Entry.listing``); a title equal up to case and punctuation keeps the entry's markup;
* arXiv id and latest version, primary and all categories, the v1 date (for preprints),
  the abs link as ``url`` when there is none, the abstract and the DOI when missing;
* arXiv-only facts go to ``Entry.extra`` under ``arxiv_*`` names: the latest version's date,
  journal reference, comment and PDF link.

Fields in ``protected`` (edited by the user) are never touched.
"""
from __future__ import annotations

from collections.abc import Collection

from ..ids import abs_url, normalize_doi
from ..model import Entry, PartialDate, Person
from ..text import NAME_SUFFIXES, PARTICLES, normalize_title
from .atom import ArxivRecord
from .matching import author_agreement

__all__ = ["ARXIV_EXTRA", "fill_entry", "parse_arxiv_name"]

ARXIV_EXTRA = ("arxiv_updated", "arxiv_journal_ref", "arxiv_comment", "arxiv_pdf")


def parse_arxiv_name(name: str) -> Person:
    """arXiv gives ``Given Family`` (``Aidan N. Gomez``, ``Adrian Del Maestro``, ``John Smith Jr.``)."""
    tokens = name.replace(",", " ").split()
    if not tokens:
        return Person(literal=name.strip())
    suffix = ""
    if len(tokens) > 1 and tokens[-1].lower() in NAME_SUFFIXES:
        suffix = tokens.pop()
    if len(tokens) == 1:
        return Person(family=tokens[0], suffix=suffix)
    family = [tokens.pop()]
    particle: list[str] = []
    while len(tokens) > 1 and tokens[-1].lower() in PARTICLES:
        particle.insert(0, tokens.pop())
    return Person(family=" ".join(family), given=" ".join(tokens), particle=" ".join(particle), suffix=suffix)


def _day(stamp: str) -> PartialDate | None:
    return PartialDate.parse_iso(stamp) if stamp else None


def _with_extra(extra: tuple[tuple[str, str], ...], values: dict[str, str]) -> tuple[tuple[str, str], ...]:
    kept = [(k, v) for k, v in extra if k not in values]
    return tuple(kept + [(k, v) for k, v in values.items() if v])


def fill_entry(entry: Entry, record: ArxivRecord, protected: Collection[str] = ()) -> tuple[Entry, list[str]]:
    """The entry completed from ``record``, and the names of the fields that changed."""
    changes: dict = {}
    people = tuple(parse_arxiv_name(n) for n in record.authors)
    _, conflict = author_agreement(entry.author, entry.authors_truncated, record.authors)
    if people and not conflict and (not entry.author or entry.authors_truncated or len(people) >= len(entry.author)):
        changes["author"] = people
        changes["authors_truncated"] = False
    if record.title and normalize_title(record.title) != normalize_title(entry.title):
        changes["title"] = record.title
        if entry.title:
            changes["listing"] = _with_extra(entry.listing, {"listed_title": entry.title})
    changes["arxiv_id"] = record.id
    changes["arxiv_version"] = record.version
    if record.primary_category:
        changes["primary_category"] = record.primary_category
    if record.categories:
        changes["categories"] = record.categories
    first = _day(record.published)
    if first and (entry.issued is None or (entry.type == "article" and not entry.container_title)):
        changes["issued"] = first
    if not entry.url:
        changes["url"] = abs_url(record.id)
    if not entry.abstract and record.summary:
        changes["abstract"] = record.summary
    if not entry.doi and record.dois:
        changes["doi"] = normalize_doi(record.dois[0])
    changes["extra"] = _with_extra(entry.extra, {
        "arxiv_updated": record.updated[:10], "arxiv_journal_ref": record.journal_ref,
        "arxiv_comment": record.comment, "arxiv_pdf": record.pdf_url})
    kept = {name: value for name, value in changes.items() if name not in protected}
    if "author" in protected:
        kept.pop("authors_truncated", None)
    new = entry.replace(**kept)
    changed = [name for name in kept if getattr(new, name) != getattr(entry, name)]
    return new, changed
