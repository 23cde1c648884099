"""``ArxivClient``: batched id lookups and title searches against arXiv's query API, with a cache.

One client = one polite ``HttpClient`` (pace shared across processes, retries on 429/5xx/dropped
connections).  Records are cached by id and searches by their clause, under the refkit cache
directory: a second run asks the network nothing; ``refresh`` refetches; ``offline`` only reads
the cache and reports what is missing.  Once arXiv proves unreachable (connection errors after
all retries) or sends an answer refkit refuses (too large, too slow, redirected to another host)
the client stops trying, so a down server costs one round of retries, not one per batch.

It is an enrichment ``Source`` (``source.py``): ``lookup_ids``, ``search_titles`` and ``fill`` are
what ``enrich_entries`` uses; ``fetch_ids`` and ``search`` speak arXiv's own query language.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from .. import paths
from ..errors import (
    AnswerRefused,
    ArxivFeedError,
    NetworkError,
    ServiceHTTPError,
    SourceUnreachable,
    UsageError,
)
from ..http import DiskCache, HttpClient, Pacer
from ..ids import arxiv_id_from_doi, find_arxiv_id, parse_arxiv_id
from ..model import Entry
from .atom import ArxivRecord, Feed, parse_feed
from .fill import fill_entry
from .query import (
    batch_clauses,
    canonical_key,
    id_batches,
    id_params,
    request_url,
    title_clause,
    title_phrase,
    title_search_params,
)
from .source import IdLookup, NotCached, Progress, SearchResult, TitleQuery

__all__ = ["DEFAULT_URL", "ArxivClient", "arxiv_id_of", "env_delay", "env_url"]

DEFAULT_URL = "https://export.arxiv.org/api/query"
DEFAULT_DELAY = 3.0


def env_url() -> str:
    return os.environ.get("REFKIT_ARXIV_URL", "").strip() or DEFAULT_URL


def env_delay() -> float:
    raw = os.environ.get("REFKIT_ARXIV_DELAY", "").strip()
    if not raw:
        return DEFAULT_DELAY
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"REFKIT_ARXIV_DELAY must be a number of seconds, not {raw!r}") from None
    if value < 0:
        raise UsageError(f"REFKIT_ARXIV_DELAY must not be negative ({raw})")
    return value


def arxiv_id_of(entry: Entry) -> str:
    """The arXiv id (no version) an entry already carries, in its id, its DOI or its URL."""
    for found in (parse_arxiv_id(entry.arxiv_id) if entry.arxiv_id else None,
                  arxiv_id_from_doi(entry.doi) if entry.doi else None,
                  find_arxiv_id(entry.url) if entry.url else None):
        if found is not None:
            return found.id
    return ""


class ArxivClient:
    name = "arxiv"
    label = "arXiv"

    def __init__(self, base_url: str | None = None, *, delay: float | None = None, cache_dir: Path | None = None,
                 http: HttpClient | None = None, offline: bool = False, refresh: bool = False,
                 on_event: Callable[[str, dict], None] | None = None):
        self.base_url = base_url or env_url()
        self.delay = env_delay() if delay is None else delay
        directory = Path(cache_dir) if cache_dir else paths.cache_dir()
        self.cache = DiskCache(directory / "arxiv")
        self.on_event = on_event or (lambda kind, info: None)
        # backoff 5 s, 15 s, 45 s at arXiv's 3-second pace; proportionally shorter in tests
        self.http = http or HttpClient(Pacer(self.delay, directory), backoff=max(self.delay, 0.01) * 5 / 3,
                                       on_event=self.on_event, service=self.label)
        self.offline, self.refresh = offline, refresh
        self.unreachable: SourceUnreachable | None = None  # why arXiv is asked no more, once it is not
        self.successes = 0
        self.cache_hits = 0

    @property
    def requests_made(self) -> int:
        return self.http.requests_made

    # ---- one request --------------------------------------------------------------------------
    def query(self, params: dict[str, str], expect_results: bool = True) -> Feed:
        """One API call; the error feed becomes ``ServiceHTTPError`` with arXiv's own message."""
        if self.unreachable:  # a fresh error each time: one raised again and again grows its traceback
            given_up = self.unreachable
            raise SourceUnreachable(given_up.source, str(given_up), url=given_up.url, cause=given_up.cause)
        url = request_url(self.base_url, params)
        for attempt in range(2):
            try:
                reply = self.http.get(self.base_url, params)
            except AnswerRefused as exc:  # too large, too slow, sent elsewhere: ask no more
                self.unreachable = SourceUnreachable(self.label, str(exc), cause=exc)
                raise
            except NetworkError as exc:  # refused, dropped, or throttled/5xx through every retry
                self.unreachable = SourceUnreachable(self.label, f"arXiv is unreachable: {exc}", url=url, cause=exc)
                raise self.unreachable from None
            try:
                feed = parse_feed(reply.text, url)
            except ArxivFeedError:
                if reply.status == 200:
                    raise
                feed = None  # an HTML or plain-text error page: its status says enough
            if reply.status != 200 or feed is None or feed.error:
                message = feed.error if feed is not None and feed.error else " ".join(reply.text.split())[:200]
                error = ServiceHTTPError(url, reply.status, message, service=self.label)
                if reply.status == 403:  # the robot detector blocked us: asking again only makes it worse
                    self.unreachable = SourceUnreachable(
                        self.label, f"arXiv refused refkit at {self.base_url}: {error}", cause=error)
                    raise self.unreachable
                raise error
            # arXiv sometimes serves an "anomalously empty" page: ask once more before believing it
            if feed.records or not expect_results or attempt:
                self.successes += 1
                self.on_event("response", {"url": url, "records": len(feed.records)})
                return feed
            self.on_event("retry", {"attempt": 1, "delay": 0, "reason": "empty page"})
        raise AssertionError("unreachable")

    # ---- ids ----------------------------------------------------------------------------------
    def fetch_ids(self, ids: Sequence[str], after_batch: Callable[[int], None] | None = None) -> IdLookup:
        """Latest versions of ``ids`` (no version suffix), in ``id_list`` batches, indexed by id.

        ``after_batch(n)`` is called after each request with the number of ids it covered.
        """
        result = IdLookup()
        wanted = []
        for ident in dict.fromkeys(ids):
            cached = None if self.refresh else self.cache.get(f"id:{ident}")
            if cached is not None:
                self.cache_hits += 1
                result.found[ident] = ArxivRecord.from_json(cached)
            elif self.offline:
                result.failed[ident] = NotCached()
            else:
                wanted.append(ident)
        for batch in id_batches(wanted, self.base_url):
            try:
                feed = self.query(id_params(batch), expect_results=True)
            except NetworkError as exc:
                result.failed.update({ident: exc for ident in batch})
                continue
            finally:
                if after_batch:
                    after_batch(len(batch))
            by_id = {rec.id: rec for rec in feed.records}  # never trust the order of the answer
            for ident in batch:
                if ident in by_id:
                    result.found[ident] = by_id[ident]
                    self.cache.put(f"id:{ident}", by_id[ident].to_json())
                else:
                    result.missing.append(ident)
        return result

    # ---- titles -------------------------------------------------------------------------------
    def search(self, clauses: Sequence[str], after_batch: Callable[[int], None] | None = None
               ) -> dict[str, SearchResult]:
        """Candidates for each ``ti:"…"`` clause; several clauses share one OR-request."""
        results: dict[str, SearchResult] = {}
        wanted = []
        for clause in dict.fromkeys(clauses):
            cached = None if self.refresh else self._cached_search(clause)
            if cached is not None:
                self.cache_hits += 1
                results[clause] = SearchResult(cached)
            elif self.offline:
                results[clause] = SearchResult(failure=NotCached())
            else:
                wanted.append(clause)
        for batch in batch_clauses(wanted, self.base_url):
            try:
                # several titles that all find nothing is suspicious; one title may just be absent
                feed = self.query(title_search_params(batch), expect_results=len(batch) > 2)
            except NetworkError as exc:
                results.update({clause: SearchResult(failure=exc) for clause in batch})
                continue
            finally:
                if after_batch:
                    after_batch(len(batch))
            for rec in feed.records:
                self.cache.put(f"id:{rec.id}", rec.to_json())
            ids = [rec.id for rec in feed.records]
            for clause in batch:  # every clause of the batch gets the batch's candidates; scoring sorts them
                self.cache.put(f"search:{clause}", {"ids": ids, "query": canonical_key(title_search_params(batch))})
                results[clause] = SearchResult(list(feed.records))
        return results

    def _cached_search(self, clause: str) -> list[ArxivRecord] | None:
        stored = self.cache.get(f"search:{clause}")
        if stored is None:
            return None
        records = []
        for ident in stored.get("ids", []):
            data = self.cache.get(f"id:{ident}")
            if data is None:
                return None  # a partial cache is no cache
            records.append(ArxivRecord.from_json(data))
        return records

    # ---- the Source protocol ------------------------------------------------------------------
    def id_of(self, entry: Entry) -> str:
        return arxiv_id_of(entry)

    def searchable(self, title: str) -> bool:
        return bool(title_phrase(title))

    def lookup_ids(self, ids: Sequence[str], after_batch: Progress | None = None) -> IdLookup:
        return self.fetch_ids(ids, after_batch)

    def search_titles(self, queries: Sequence[TitleQuery], after_batch: Progress | None = None
                      ) -> dict[TitleQuery, SearchResult]:
        clauses = {q: title_clause(q.title, q.author, q.words) for q in queries}
        found = self.search(list(clauses.values()), after_batch)
        return {q: found[clause] for q, clause in clauses.items()}

    def fill(self, entry: Entry, record: ArxivRecord, protected: Collection[str] = ()) -> tuple[Entry, list[str]]:
        return fill_entry(entry, record, protected)
