"""Pure duplicate detection and merging: which records are the same paper, and what the merge keeps.

Two records are the same paper when they share an arXiv id (without version; arXiv's own DOI
``10.48550/arXiv.…`` counts as that id), a DOI, or a *title key*: the normalised title with the
first author's family name and the year. Strong ids veto a match: two records with different
arXiv ids, or different non-arXiv DOIs, are never the same paper, whatever their titles say.
A title key is weak evidence (a journal's recurring column has one title, author and year every
issue), so a title match is also vetoed by a different volume, number, first page or venue
(``title_match_conflict``) and by a file that cites the two under different keys (``cited_apart``).

``merge_entries`` keeps, field by field, the richer value; the choice depends only on the two
values, never on which record arrived first, so a library ends up the same in any import order.
Fields the user edited by hand are never touched.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..ids import arxiv_id_from_doi, find_arxiv_id, parse_arxiv_id
from ..model import Entry, Person
from ..text import first_family, normalize_title

TITLE_SIMILARITY = 60  # rapidfuzz token_sort_ratio below which two titles name different works

__all__ = [
    "MatchKeys",
    "cited_apart",
    "cited_by",
    "conflicts",
    "first_family",
    "identity",
    "is_preprint",
    "match_keys",
    "merge_entries",
    "normalize_pages",
    "title_match_conflict",
    "title_match_vetoed",
]


@dataclass(frozen=True, slots=True)
class MatchKeys:
    arxiv_id: str | None  # from arxiv_id or arXiv's DOI
    doi: str | None  # a DOI that is not arXiv's own
    title_key: str | None  # "normalised title|family|year"; None without a title, or with nothing else


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


# --- vetoes on a title match -----------------------------------------------------------------------

# words of a venue (or report number, or publisher) that say "a preprint server", whose volume and
# pages are the server's: a preprint and its published version are one work
_PREPRINT_WORDS = frozenset(
    {"arxiv", "corr", "preprint", "preprints", "biorxiv", "medrxiv", "chemrxiv", "techrxiv", "psyarxiv"}
    | {"ssrn"}
)
_DASHES = re.compile(r"\s*[-‐-―−]+\s*")  # "12--15", "12 – 15", "12—15"
_PAGE_PREFIX = re.compile(r"^(?:pp?\.?|pages?)\s*", re.IGNORECASE)


def is_preprint(entry: Entry) -> bool:
    """Posted on a preprint server: ``arXiv preprint arXiv:2307.05300``, ``CoRR``, ``bioRxiv``."""
    return any(
        not _PREPRINT_WORDS.isdisjoint(normalize_title(text).split())
        for text in (entry.container_title, entry.number, entry.publisher)
        if text
    )


def normalize_pages(page: str) -> str:
    """``pp. 12 -- 15`` -> ``12-15``: one hyphen between first and last page, no spaces, lower case."""
    return _DASHES.sub("-", _PAGE_PREFIX.sub("", page.strip())).replace(" ", "").lower()


def _plain(value: str) -> str:
    """A volume or number compared by its words, case and punctuation aside, numbers unpadded: 09 = 9."""
    return " ".join(w.lstrip("0") or "0" if w.isdigit() else w for w in normalize_title(value).split())


def _venues_differ(a: str, b: str) -> bool:
    """Two venue names that cannot be one venue; ``ACL`` and ``Proceedings of ACL 2023`` can."""
    words_a, words_b = set(normalize_title(a).split()), set(normalize_title(b).split())
    return bool(words_a and words_b) and not (words_a <= words_b or words_b <= words_a)


def title_match_conflict(a: Entry, b: Entry) -> str | None:
    """Why two records with one title key are still two works, or None when nothing says so.

    A field given on one side only is no conflict. A preprint's volume, pages and venue belong to
    the server, so a preprint never conflicts with its published version on those.
    """
    if is_preprint(a) or is_preprint(b):
        return None
    for label, name in (("volume", "volume"), ("number", "issue"), ("number", "number")):
        mine, theirs = getattr(a, name), getattr(b, name)
        if mine and theirs and _plain(mine) != _plain(theirs):
            return f"different {label}: {mine!r} and {theirs!r}"
    first_a, first_b = (normalize_pages(e.page).split("-")[0] for e in (a, b))
    if first_a and first_b and first_a != first_b:
        return f"different pages: {a.page!r} and {b.page!r}"
    if a.container_title and b.container_title and _venues_differ(a.container_title, b.container_title):
        return f"different venue: {a.container_title!r} and {b.container_title!r}"
    return None


def cited_apart(mine: frozenset[tuple[str, str]], theirs: frozenset[tuple[str, str]]) -> bool:
    """True when one file cites the two records under different keys: its author says two works.

    ``mine`` and ``theirs`` are ``(file, citation key)`` pairs of every source of each record.
    The same key twice in one file is a repeated entry, not a second work.
    """
    files = {file for file, _ in mine} & {file for file, _ in theirs}
    return any(
        {key for f, key in mine if f == file}.isdisjoint(key for f, key in theirs if f == file)
        for file in files
    )


def title_match_vetoed(
    a: Entry, a_cited: frozenset[tuple[str, str]], b: Entry, b_cited: frozenset[tuple[str, str]]
) -> bool:
    """True when two records with one title key are two works (``*_cited``: see ``cited_apart``)."""
    return cited_apart(a_cited, b_cited) or title_match_conflict(a, b) is not None


def cited_by(entry: Entry) -> frozenset[tuple[str, str]]:
    """The (file, citation key) an incoming entry is cited under, if its source gave it a key."""
    return frozenset({(entry.source.file, entry.key)}) if entry.source and entry.key else frozenset()


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
