"""ArxivClient against the fake arXiv: id batches, title batches, cache, offline, errors."""
from __future__ import annotations

import pytest
from fakearxiv import Faults

from refkit.enrich.arxiv_client import ArxivClient, env_delay
from refkit.enrich.query import (
    MAX_URL_BYTES,
    batch_clauses,
    id_batches,
    id_params,
    request_url,
    title_clause,
    title_search_params,
)
from refkit.enrich.source import NotCached
from refkit.errors import ArxivHTTPError, NetworkError, SourceUnreachable, UsageError


@pytest.fixture
def client(fake_arxiv, tmp_path):
    return ArxivClient(fake_arxiv.url, delay=0.0, cache_dir=tmp_path)


def test_ids_in_one_batch_exact_strings_and_missing_reported(client, fake_arxiv):
    result = client.fetch_ids(["2307.05300", "1706.03762", "2208.06366", "0000.0000", "1706.03762"])
    assert sorted(result.found) == ["1706.03762", "2208.06366", "2307.05300"]
    assert result.missing == ["0000.0000"] and result.failed == {}
    assert result.found["2307.05300"].version == 4
    (params,) = fake_arxiv.queries
    assert params["id_list"] == "2307.05300,1706.03762,2208.06366,0000.0000"
    assert params["max_results"] == "4"


def test_results_are_indexed_by_id_not_by_position(client, fake_arxiv):
    # the fake answers in publication order, the reverse of this id_list
    result = client.fetch_ids(["2310.11453", "1706.03762"])
    assert result.found["1706.03762"].title == "Attention Is All You Need"
    assert result.found["2310.11453"].title.startswith("BitNet")


def test_second_lookup_comes_from_the_cache_and_refresh_refetches(client, fake_arxiv, tmp_path):
    client.fetch_ids(["1706.03762"])
    again = ArxivClient(fake_arxiv.url, delay=0.0, cache_dir=tmp_path)
    assert again.fetch_ids(["1706.03762"]).found["1706.03762"].authors[0] == "Ashish Vaswani"
    assert again.requests_made == 0 and len(fake_arxiv.log) == 1
    fresh = ArxivClient(fake_arxiv.url, delay=0.0, cache_dir=tmp_path, refresh=True)
    fresh.fetch_ids(["1706.03762"])
    assert fresh.requests_made == 1


def test_offline_reads_only_the_cache_and_names_what_is_missing(client, fake_arxiv, tmp_path):
    client.fetch_ids(["1706.03762"])
    offline = ArxivClient(fake_arxiv.url, delay=0.0, cache_dir=tmp_path, offline=True)
    result = offline.fetch_ids(["1706.03762", "2208.06366"])
    assert list(result.found) == ["1706.03762"]
    assert result.failed == {"2208.06366": NotCached()}
    assert str(result.failed["2208.06366"]) == "not in the cache (offline)"
    assert offline.requests_made == 0


def test_title_batches_share_requests(client, fake_arxiv, fixture_records):
    titles = [r["title"] for r in fixture_records[:50]]
    results = client.search([title_clause(t) for t in titles])
    assert client.requests_made == 2
    for title in titles:
        assert any(rec.title == title for rec in results[title_clause(title)].records)
    for params in fake_arxiv.queries:
        assert len(request_url(fake_arxiv.url, params)) <= MAX_URL_BYTES
        assert int(params["max_results"]) >= 8


def test_error_feed_becomes_a_clear_message(client):
    with pytest.raises(ArxivHTTPError, match="HTTP 400 .*: incorrect id format for abc"):
        client.query(id_params(["abc"]))
    with pytest.raises(ArxivHTTPError, match="Invalid query string"):
        client.query({"search_query": "ti:(broken", "max_results": "5"})


def test_an_anomalously_empty_page_is_asked_again(client, fake_arxiv):
    fake_arxiv.faults = Faults(script=["empty"])
    result = client.fetch_ids(["1706.03762"])
    assert list(result.found) == ["1706.03762"] and len(fake_arxiv.log) == 2


def test_server_down_stops_after_one_round(tmp_path, fake_arxiv):
    url = fake_arxiv.url
    fake_arxiv.stop()
    client = ArxivClient(url, delay=0.0, cache_dir=tmp_path)
    result = client.fetch_ids(["1706.03762"])
    failure = result.failed["1706.03762"]
    assert isinstance(failure, SourceUnreachable) and "arXiv is unreachable: cannot reach" in str(failure)
    assert failure.url.startswith(url) and not isinstance(failure.cause, SourceUnreachable)
    with pytest.raises(NetworkError, match="unreachable"):
        client.query(id_params(["2208.06366"]))
    assert client.requests_made == 2  # one try and one retry, then no more


def test_query_building_stays_within_url_limits():
    ids = [f"2301.{n:05d}" for n in range(450)]
    batches = id_batches(ids, "https://export.arxiv.org/api/query")
    assert sum(len(b) for b in batches) == 450 and all(len(b) <= 100 for b in batches)
    clauses = [title_clause("A very long title about " + "transformers " * 12 + str(n)) for n in range(60)]
    for batch in batch_clauses(clauses, "https://export.arxiv.org/api/query"):
        assert len(request_url("https://export.arxiv.org/api/query", title_search_params(batch))) <= MAX_URL_BYTES


def test_title_clauses_have_no_quotes_or_operators():
    assert title_clause('The "AND" of (Kosmos-2): OR <i>x</i>') == 'ti:"the and of kosmos 2 or x"'
    assert title_clause("Kosmos-2: Grounding Multimodal LLMs", "van der Berg", words=2) == \
        '(ti:"kosmos 2" AND au:berg)'
    assert title_search_params(['ti:"a b"', '(ti:"c" AND au:d)'])["search_query"] == '(ti:"a b") OR (ti:"c" AND au:d)'


def test_delay_from_the_environment(monkeypatch):
    monkeypatch.setenv("REFKIT_ARXIV_DELAY", "0.5")
    assert env_delay() == 0.5
    monkeypatch.setenv("REFKIT_ARXIV_DELAY", "soon")
    with pytest.raises(UsageError, match="REFKIT_ARXIV_DELAY must be a number"):
        env_delay()
    monkeypatch.delenv("REFKIT_ARXIV_DELAY")
    assert env_delay() == 3.0


def test_access_denied_stops_all_further_requests(client, fake_arxiv):
    fake_arxiv.faults = Faults(every=1, action="403")
    result = client.fetch_ids(["1706.03762"])
    failure = result.failed["1706.03762"]
    assert isinstance(failure, SourceUnreachable) and str(failure).startswith("arXiv refused refkit at")
    assert "HTTP 403" in str(failure) and "Access Denied" in str(failure)
    assert isinstance(failure.cause, ArxivHTTPError) and failure.cause.status == 403 and not failure.cause.retryable
    search = client.search(['ti:"attention"'])['ti:"attention"']
    assert isinstance(search.failure, SourceUnreachable) and str(search.failure).startswith("arXiv refused refkit")
    assert len(fake_arxiv.log) == 1
