"""What an enrichment source provides, so DBLP, Crossref or an offline .bib plug in beside arXiv.

A source reads external records of papers (``ArxivClient`` is one).  Each record is a ``Candidate``:
what ``matching`` scores (title, authors, dates, venue, ids), the same way for every source.  The
source alone knows how one of its records completes an entry (``fill``).  A look-up never raises
for one id or title: what could not be looked up comes back beside the results as a ``Failure``,
the ``NetworkError`` itself or ``NotCached`` when offline.

    source.lookup_ids(ids)            -> IdLookup(found, missing, failed)
    source.search_titles(queries)     -> {TitleQuery: SearchResult(records, failure)}
    source.fill(entry, record, kept)  -> (completed entry, names of the changed fields)
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..errors import NetworkError, SourceUnreachable
from ..model import Entry

__all__ = ["Candidate", "Failure", "IdLookup", "NotCached", "SearchResult", "Source", "TitleQuery", "is_not_cached"]


@dataclass(frozen=True, slots=True)
class NotCached:
    """Offline, and the cache holds no answer: nothing was learnt (the entry's status is ``missing``)."""

    def __str__(self) -> str:
        return "not in the cache (offline)"


Failure = NetworkError | NotCached  # why one id or title has no answer


def is_not_cached(failure: Failure | None) -> bool:
    return isinstance(failure, NotCached)


class Candidate(Protocol):
    """One paper as a source describes it: all that the matcher reads."""

    @property
    def source(self) -> str: ...  # "arxiv": also names the candidate's id in summaries ("arxiv_id")

    @property
    def source_label(self) -> str: ...  # "arXiv": in messages

    @property
    def source_id(self) -> str: ...  # the paper's id at its source, without version

    @property
    def title(self) -> str: ...

    @property
    def authors(self) -> tuple[str, ...]: ...  # as the source writes them, "Given Family"

    @property
    def first_date(self) -> str: ...  # ISO 8601: first public version ("" if unknown)

    @property
    def latest_date(self) -> str: ...  # ISO 8601: latest version ("" if the same or unknown)

    @property
    def venue(self) -> str: ...

    @property
    def ids(self) -> Mapping[str, str]: ...  # {"arxiv_id": …, "doi": …}: the ids the record carries

    @property
    def primary_category(self) -> str: ...

    @property
    def categories(self) -> tuple[str, ...]: ...

    def provenance(self) -> dict: ...  # what the library keeps of where an entry's data came from


@dataclass(frozen=True, slots=True)
class TitleQuery:
    """Ask a source for papers with this title; ``author`` (a family name) and ``words`` narrow it."""

    title: str
    author: str = ""
    words: int = 16


@dataclass(slots=True)
class IdLookup:
    found: dict[str, Candidate] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # the source answered, and has no such id
    failed: dict[str, Failure] = field(default_factory=dict)  # id -> why it could not be looked up


@dataclass(slots=True)
class SearchResult:
    records: list[Candidate] = field(default_factory=list)
    failure: Failure | None = None


Progress = Callable[[int], None]  # called after each request with the number of ids or queries it covered


class Source(Protocol):
    name: str  # "arxiv": what the library records as the source of a write
    label: str  # "arXiv": in messages
    offline: bool  # reads only its cache
    unreachable: SourceUnreachable | None  # set once the source was given up for this run
    successes: int  # answers received
    cache_hits: int

    @property
    def requests_made(self) -> int: ...

    def id_of(self, entry: Entry) -> str:
        """The id this source knows ``entry`` by ("" if the entry carries none)."""

    def searchable(self, title: str) -> bool:
        """Whether a title has anything this source can search for."""

    def lookup_ids(self, ids: Sequence[str], after_batch: Progress | None = None) -> IdLookup: ...

    def search_titles(self, queries: Sequence[TitleQuery], after_batch: Progress | None = None
                      ) -> dict[TitleQuery, SearchResult]: ...

    def fill(self, entry: Entry, record: Candidate, protected: Collection[str] = ()) -> tuple[Entry, list[str]]: ...
