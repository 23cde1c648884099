"""A source other than arXiv plugs into ``enrich_entries``: its records are scored like arXiv's,
its failures come back as typed data, and the messages name it."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from refkit.enrich import NotCached, TitleQuery, enrich_entries
from refkit.enrich.source import IdLookup, SearchResult
from refkit.errors import AnswerTooSlow, NetworkError, ServiceHTTPError, SourceUnreachable
from refkit.model import Entry, PartialDate, Person


@dataclass(frozen=True)
class Paper:
    """A record of a made-up bibliographic service, written only against ``source.Candidate``."""

    source_id: str
    title: str
    authors: tuple[str, ...]
    first_date: str
    venue: str = ""
    latest_date: str = ""
    primary_category: str = ""
    categories: tuple[str, ...] = ()
    source = "toy"
    source_label = "Toy"

    @property
    def ids(self) -> dict[str, str]:
        return {"toy_id": self.source_id}

    def provenance(self) -> dict:
        return {"toy_id": self.source_id}


PAPERS = {
    "t1": Paper("t1", "Attention Is All You Need", ("Ashish Vaswani", "Noam Shazeer"), "2017-06-12", "NeurIPS"),
    "t2": Paper("t2", "Deep Residual Learning for Image Recognition", ("Kaiming He", "Xiangyu Zhang"),
                "2015-12-10", "CVPR"),
}


class ToySource:
    name, label, offline = "toy", "Toy", False

    def __init__(self, down: Collection[str] = (), uncached: Collection[str] = ()):
        self.down, self.uncached = set(down), set(uncached)
        self.unreachable: SourceUnreachable | None = None
        self.successes = self.cache_hits = self.requests_made = 0
        self.queries: list[TitleQuery] = []

    def id_of(self, entry: Entry) -> str:
        return entry.note.removeprefix("toy:") if entry.note.startswith("toy:") else ""

    def searchable(self, title: str) -> bool:
        return bool(title.strip())

    def lookup_ids(self, ids: Sequence[str], after_batch=None) -> IdLookup:
        result = IdLookup()
        for ident in ids:
            if ident in self.down:
                result.failed[ident] = ServiceHTTPError("https://toy.example/api", 503, service="Toy")
            elif ident in PAPERS:
                result.found[ident] = PAPERS[ident]
            else:
                result.missing.append(ident)
        return result

    def search_titles(self, queries: Sequence[TitleQuery], after_batch=None) -> dict[TitleQuery, SearchResult]:
        self.queries += queries
        return {q: SearchResult(failure=NotCached()) if q.title in self.uncached else SearchResult(list(PAPERS.values()))
                for q in queries}

    def fill(self, entry: Entry, record: Paper, protected: Collection[str] = ()) -> tuple[Entry, list[str]]:
        new = entry.replace(container_title=record.venue)
        return new, ["container_title"]


def _vaswani(**fields) -> Entry:
    return Entry(key="v", title="Attention is all you need", author=(Person("Vaswani", "Ashish"),),
                 authors_truncated=True, issued=PartialDate(2017, 6, 12), **fields)


def test_title_search_scores_another_source_like_arxiv():
    (outcome,) = enrich_entries([_vaswani()], ToySource())
    assert (outcome.status, outcome.method, outcome.record.source_id) == ("matched", "title", "t1")
    assert outcome.entry.container_title == "NeurIPS"
    assert outcome.enrichment() == {"status": "matched", "method": "title", "score": outcome.enrichment()["score"],
                                    "toy_id": "t1"}


def test_wrong_authors_are_named_after_the_source():
    entry = _vaswani().replace(author=(Person("Nobody", "Anne"),))
    (outcome,) = enrich_entries([entry], ToySource())
    assert outcome.status == "unmatched"
    assert outcome.reason.startswith("authors differ (listed Anne Nobody; Toy: Ashish Vaswani")


def test_id_lookups_report_found_missing_and_failed_as_typed_data():
    entries = [Entry(key="a", note="toy:t2"), Entry(key="b", note="toy:t9"), Entry(key="c", note="toy:t1"),
               Entry(key="d")]
    outcomes = enrich_entries(entries, ToySource(down={"t1"}))
    assert [(o.key, o.status, o.method) for o in outcomes] == [
        ("a", "matched", "id"), ("b", "unmatched", "id"), ("c", "failed", "id"), ("d", "unmatched", None)]
    assert outcomes[1].reason == "Toy has no paper t9"
    assert outcomes[3].reason == "no Toy id and no title"
    failure = outcomes[2].failure
    assert isinstance(failure, ServiceHTTPError) and failure.retryable and failure.status == 503
    assert outcomes[2].reason == "Toy answered HTTP 503 for https://toy.example/api"


def test_not_cached_is_an_outcome_not_a_string():
    source = ToySource(uncached={"Attention is all you need"})
    (outcome,) = enrich_entries([_vaswani()], source)
    assert outcome.status == "missing" and isinstance(outcome.failure, NotCached)
    assert outcome.reason == "not in the cache (offline)"
    assert source.queries == [TitleQuery("Attention is all you need")]  # no second round without an answer


def test_network_errors_carry_url_and_retryability():
    slow = AnswerTooSlow("https://export.arxiv.org/api/query?id_list=1", 60)
    assert slow.retryable and slow.url.endswith("id_list=1") and str(slow).startswith("arXiv too slow")
    assert not ServiceHTTPError("u", 400).retryable and ServiceHTTPError("u", 429).retryable
    given_up = SourceUnreachable("arXiv", "arXiv is unreachable: down", cause=slow)
    assert isinstance(given_up, NetworkError) and given_up.url == slow.url and given_up.source == "arXiv"
