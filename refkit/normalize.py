"""Normalisation steps: each a pure ``Entry -> Entry`` function, idempotent; ``STEPS`` is the order.

``normalize(entry)`` runs them all; ``normalize(normalize(e)) == normalize(e)``.
``resolve_crossrefs(entries)`` fills a child's missing data from its ``crossref`` parent, as BibTeX does.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from .ids import arxiv_id_from_doi, find_arxiv_id, normalize_doi, parse_arxiv_id
from .latex.tables import C1_MOJIBAKE
from .model import Entry, Person

__all__ = [
    "STEPS",
    "normalize",
    "normalize_arxiv",
    "normalize_doi_field",
    "normalize_pages",
    "normalize_people",
    "normalize_text_fields",
    "repair_mojibake",
    "resolve_crossrefs",
]

_TEXT_SLOTS = ("title", "container_title", "collection_title", "volume", "issue", "number", "page", "edition",
               "publisher", "publisher_place", "event_title", "genre", "isbn", "issn", "url", "abstract",
               "note", "language", "primary_category")
_WS = re.compile(r"[ \t\n\r\f\v]+")


# control characters carry no text, and ESC/BEL sequences in a title would reach the user's terminal
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _clean(text: str) -> str:
    if text and not text.isprintable() and _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if not text or (text[0] != " " and text[-1] != " " and "  " not in text and "\n" not in text
                    and "\t" not in text and "\r" not in text):
        return text  # the common case, without a regex
    return _WS.sub(" ", text).strip()


def normalize_text_fields(entry: Entry) -> Entry:
    """One space between words, none at the ends."""
    changes = {}
    for slot in _TEXT_SLOTS:
        value = getattr(entry, slot)
        if value:
            cleaned = _clean(value)
            if cleaned is not value:
                changes[slot] = cleaned
    return entry.replace(**changes) if changes else entry


_EMPTY = Person()
_PERSON_PARTS = ("family", "given", "particle", "suffix", "literal")


def _clean_person(person: Person) -> Person:
    parts = [getattr(person, f) for f in _PERSON_PARTS]
    cleaned = [_clean(p) for p in parts]
    return person if cleaned == parts else Person(*cleaned)


_MOJIBAKE = re.compile("[\u0080-\u009f]")


def repair_mojibake(entry: Entry) -> Entry:
    """cp1252 bytes read as Latin-1 control characters (U+0091-U+0097 in real libraries) -> what they meant."""
    changes = {}
    for slot in _TEXT_SLOTS:
        value = getattr(entry, slot)
        if value and _MOJIBAKE.search(value):
            changes[slot] = _MOJIBAKE.sub(lambda m: C1_MOJIBAKE[m.group(0)], value)
    return entry.replace(**changes) if changes else entry


def normalize_people(entry: Entry) -> Entry:
    """Trimmed name parts; empty people dropped."""
    changes = {}
    for role in ("author", "editor"):
        if not getattr(entry, role):
            continue
        people = tuple(p for p in (_clean_person(p) for p in getattr(entry, role)) if p != _EMPTY)
        if people != getattr(entry, role):
            changes[role] = people
    return entry.replace(**changes) if changes else entry


def normalize_doi_field(entry: Entry) -> Entry:
    """``https://doi.org/10.1000/ABC`` -> ``10.1000/abc``."""
    if not entry.doi or (entry.doi.startswith("10.") and entry.doi.islower() and entry.doi[-1] not in ".,;:)]"
                         and " " not in entry.doi):
        return entry
    doi = normalize_doi(entry.doi)
    return entry.replace(doi=doi) if doi and doi != entry.doi else entry


def normalize_pages(entry: Entry) -> Entry:
    """Page ranges with a plain hyphen: ``12–34`` and ``12 -- 34`` -> ``12-34``."""
    if not entry.page:
        return entry
    page = re.sub(r"(?:\s*[–—-]+\s*)+", "-", entry.page)
    return entry.replace(page=page) if page != entry.page else entry


_ARXIV_SITES = ("arxiv", "huggingface", "alphaxiv", "paperswithcode", "semanticscholar", "ar5iv")


def normalize_arxiv(entry: Entry) -> Entry:
    """The arXiv id from an arXiv ``number`` (``arXiv:2307.05300``, as Zotero writes preprints), DOI or URL
    when no field gave it; a preprint's ``number``/``publisher`` that only say "arXiv" are dropped (writers
    derive them again); the primary class among the categories."""
    changes: dict = {}
    in_number = parse_arxiv_id(entry.number) if entry.number[:6].lower() == "arxiv:" else None
    arxiv_id = entry.arxiv_id
    if not arxiv_id:
        in_url = (find_arxiv_id(entry.url) if entry.url and any(site in entry.url.lower() for site in _ARXIV_SITES)
                  else None)
        found = [a for a in (in_number, arxiv_id_from_doi(entry.doi) if entry.doi else None, in_url) if a]
        if found:
            arxiv_id = changes["arxiv_id"] = found[0].id
            versions = [a.version for a in found if a.id == arxiv_id and a.version]
            if entry.arxiv_version is None and versions:
                changes["arxiv_version"] = versions[0]
    if in_number and in_number.id == arxiv_id and entry.type == "article":
        changes["number"] = ""
    if arxiv_id and entry.type == "article" and entry.publisher.lower() in ("arxiv", "arxiv.org"):
        changes["publisher"] = ""
    if entry.primary_category and entry.categories and entry.primary_category not in entry.categories:
        changes["categories"] = (entry.primary_category, *entry.categories)
    return entry.replace(**changes) if changes else entry


STEPS: list[Callable[[Entry], Entry]] = [
    repair_mojibake, normalize_text_fields, normalize_people, normalize_doi_field, normalize_pages, normalize_arxiv,
]


def normalize(entry: Entry) -> Entry:
    for step in STEPS:
        entry = step(entry)
    return entry


_INHERITED = ("editor", "publisher", "publisher_place", "issued", "collection_title", "volume", "isbn",
              "edition")


def resolve_crossrefs(entries: list[Entry]) -> list[Entry]:
    """Children with a ``crossref`` field get what they lack from the parent (the parent's title becomes
    the child's container title), so a CSL processor sees complete records. Pure; order kept."""
    if not any(name == "crossref" for e in entries for name, _ in e.extra):
        return entries
    by_key = {e.key.lower(): e for e in entries if e.key}
    out = []
    for entry in entries:
        parent = by_key.get(entry.extra_value("crossref").strip().lower()) if entry.extra_value("crossref") else None
        if parent is None or parent is entry:
            out.append(entry)
            continue
        changes = {slot: getattr(parent, slot) for slot in _INHERITED
                   if getattr(parent, slot) and not getattr(entry, slot)}
        if not entry.container_title:
            changes["container_title"] = parent.title or parent.container_title
        out.append(entry.replace(**changes) if changes else entry)
    return out
