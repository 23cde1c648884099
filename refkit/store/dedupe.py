"""Pure duplicate detection and merging: which records are the same paper, and what the merge keeps.

Two records are the same paper when they share an arXiv id (without version; arXiv's own DOI
``10.48550/arXiv.…`` counts as that id), a DOI, or a *title key*: the normalised title with the
first author's family name and the year. Strong ids veto a match: two records with different
arXiv ids, or different non-arXiv DOIs, are never the same paper, whatever their titles say.

``merge_entries`` keeps, field by field, the richer value; the choice depends only on the two
values, never on which record arrived first, so a library ends up the same in any import order.
Fields the user edited by hand are never touched.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..ids import arxiv_id_from_doi, find_arxiv_id, parse_arxiv_id
from ..model import Entry, Person
from .text import fold_ascii, normalize_title

TITLE_SIMILARITY = 60  # rapidfuzz token_sort_ratio below which two titles name different works

__all__ = ["MatchKeys", "conflicts", "first_family", "identity", "match_keys", "merge_entries"]


@dataclass(frozen=True, slots=True)
class MatchKeys:
    arxiv_id: str | None  # from arxiv_id or arXiv's DOI
    doi: str | None  # a DOI that is not arXiv's own
    title_key: str | None  # "normalised title|family|year"; None without a title, or with nothing else


def first_family(entry: Entry) -> str:
    """The first author's (else editor's) family name, folded to lower-case ASCII letters."""
    people = entry.author or entry.editor
    if not people:
        return ""
    person: Person = people[0]
    name = person.family or person.literal or person.given
    return "".join(ch for ch in fold_ascii(name).lower() if ch.isalnum())


def _arxiv_in_fields(entry: Entry) -> str | None:
    """An arXiv id written where BibTeX from Google Scholar and friends put it (``arXiv preprint arXiv:…``)."""
    for name, value in entry.extra:
        found = parse_arxiv_id(value) if name in ("eprint", "arxiv", "arxivid") else None
        if found:
            return found.id
    for text in (entry.url, entry.container_title, entry.note, entry.number):
        found = find_arxiv_id(text) if text and "arxiv" in text.lower() else None  # the cheap test first
        if found:
            return found.id
    return None


def match_keys(entry: Entry) -> MatchKeys:
    arxiv = entry.arxiv_id or _arxiv_in_fields(entry)
    doi = entry.doi or None
    if doi:
        from_doi = arxiv_id_from_doi(doi)
        if from_doi:
            arxiv, doi = arxiv or from_doi.id, None
    title = normalize_title(entry.title)
    family = first_family(entry)
    year = entry.issued.year if entry.issued else ""
    # a title alone is too weak ("Introduction"); with the first person or the year it is a paper
    title_key = f"{title}|{family}|{year}" if title and (family or year) else None
    return MatchKeys(arxiv.lower() if arxiv else None, doi, title_key)


def conflicts(a: MatchKeys, b: MatchKeys) -> bool:
    """True when two records are different papers whatever else they share.

    Different arXiv ids or different DOIs; or different first authors *and* titles that have
    little in common -- real files give two papers one DOI (the ACL Anthology has a handful),
    while a paper renamed between preprint and print keeps its first author.
    """
    if (a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id) or (a.doi and b.doi and a.doi != b.doi):
        return True
    if a.title_key and b.title_key and a.title_key != b.title_key:
        title_a, family_a, _ = a.title_key.rsplit("|", 2)
        title_b, family_b, _ = b.title_key.rsplit("|", 2)
        if family_a and family_b and family_a != family_b:
            from rapidfuzz import fuzz  # only here: keeps `refkit list` start-up short

            return fuzz.token_sort_ratio(title_a, title_b) < TITLE_SIMILARITY
    return False


def identity(entry: Entry, keys: MatchKeys | None = None) -> str:
    """A stable identity for ordering records that want the same citation key."""
    keys = keys or match_keys(entry)
    if keys.arxiv_id:
        return f"arxiv:{keys.arxiv_id}"
    if keys.doi:
        return f"doi:{keys.doi}"
    basis = keys.title_key or normalize_title(entry.title)
    return "title:" + hashlib.sha1(basis.encode()).hexdigest()[:16]


# --- merging -------------------------------------------------------------------------------------

_RANKED_TYPES = {"article": 0, "document": 0, "webpage": 0}  # a preprint or unknown kind yields to a venue


def _rank_text(value: str) -> tuple:
    return (len(value), sum(ch.isupper() for ch in value), value)  # same length: keep the capitals


def _rank_people(people: tuple[Person, ...], truncated: bool) -> tuple:
    # "A, B, C et al." means at least four authors; then a complete list; then full given names
    given = sum(len(p.given) for p in people)
    return (len(people) + truncated, not truncated, given, repr(people))


def _rank_date(entry: Entry) -> tuple:
    d = entry.issued
    if d is None:
        return (0,)
    # more precise wins; between equally precise dates the earlier (an arXiv v1 date) wins
    return (1 + (d.month is not None) + (d.day is not None), -d.year, -(d.month or 0), -(d.day or 0))


def _rank_doi(doi: str) -> tuple:
    return (not doi.startswith("10.48550/"), len(doi), doi)  # the version of record beats arXiv's DOI


def _union(first: tuple, second: tuple) -> tuple:
    """Pairs of ``first`` then those of ``second`` whose name is new (``extra`` and ``listing``)."""
    names = {name for name, _ in first}
    return first + tuple(pair for pair in second if pair[0] not in names)


def merge_entries(base: Entry, other: Entry, protected: frozenset[str] = frozenset()) -> Entry:
    """``base`` completed with ``other``: for every field the richer value; ``protected`` fields stay."""
    changes: dict = {}

    def pick(name: str, rank) -> None:
        if name in protected:
            return
        mine, theirs = getattr(base, name), getattr(other, name)
        if theirs in ("", (), None) or mine == theirs:
            return
        if mine in ("", (), None) or rank(theirs) > rank(mine):
            changes[name] = theirs

    for name in (
        "title",
        "container_title",
        "collection_title",
        "volume",
        "issue",
        "number",
        "page",
        "edition",
        "publisher",
        "publisher_place",
        "event_title",
        "genre",
        "isbn",
        "issn",
        "url",
        "abstract",
        "note",
        "language",
        "primary_category",
    ):
        pick(name, _rank_text)
    pick("doi", _rank_doi)
    pick("arxiv_id", _rank_text)
    pick("arxiv_version", lambda v: v or 0)
    pick("categories", lambda v: (len(v), v))
    pick("keywords", lambda v: (len(v), v))
    pick("type", lambda v: (_RANKED_TYPES.get(v, 1), v))
    if "author" not in protected and _rank_people(other.author, other.authors_truncated) > _rank_people(
        base.author, base.authors_truncated
    ):
        changes["author"] = other.author
        changes["authors_truncated"] = other.authors_truncated
    if (
        "editor" not in protected
        and other.editor
        and _rank_people(other.editor, False) > _rank_people(base.editor, False)
    ):
        changes["editor"] = other.editor
    if "issued" not in protected and other.issued and _rank_date(other) > _rank_date(base):
        changes["issued"] = other.issued
    for name in ("extra", "listing"):
        if name not in protected:
            merged = _union(getattr(base, name), getattr(other, name))
            if merged != getattr(base, name):
                changes[name] = merged
    return base.replace(**changes) if changes else base
