"""Limits on what a server may send: a size cap, a total deadline, no redirects to another host.

Against the fake arXiv on 127.0.0.1 and its hostile fault modes (gzip bomb, trickle, redirect).
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
import tracemalloc

import pytest
from fakearxiv import FakeArxiv, Faults, load_records

from refkit.enrich import ArxivClient, enrich_library
from refkit.errors import ArxivAnswerTooLarge, ArxivRedirectRefused, ArxivTooSlow, NetworkError
from refkit.http import HttpClient, Pacer
from refkit.model import Entry
from refkit.store import Library, record_to_json

ONE_ID = {"id_list": "1706.03762", "max_results": "1"}


def _client(tmp_path, **kw) -> HttpClient:
    return HttpClient(Pacer(0.0, tmp_path), backoff=0.01, **kw)


@pytest.fixture
def elsewhere():
    """Another server, with another paper under the same id: its answers must never be taken."""
    (attention,) = [r for r in load_records() if r["id"] == "1706.03762"]
    planted = {**attention, "title": "Planted By Another Host", "authors": [{"name": "Mallory Intruder"}]}
    with FakeArxiv([planted]) as fake:
        yield fake


# ---- size ------------------------------------------------------------------------------------

def test_a_gzip_bomb_stops_at_the_cap_in_little_memory(fake_arxiv, tmp_path):
    fake_arxiv.faults = Faults(script=["gzip-bomb:10"])  # 10 MB of gzip inflating to 10 GB
    client = _client(tmp_path)
    tracemalloc.start()
    try:
        started = time.monotonic()
        with pytest.raises(ArxivAnswerTooLarge) as caught:
            client.get(fake_arxiv.url, ONE_ID)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == (f"arXiv answer too large (over 50 MB) from {fake_arxiv.url}"
                                 "?id_list=1706.03762&max_results=1")
    assert peak < 80 * 2**20, f"peak {peak / 2**20:.0f} MB"
    assert time.monotonic() - started < 20
    assert len(fake_arxiv.log) == 1  # not retried: the same request would get the same answer


def test_the_cap_counts_decoded_bytes_and_a_plain_answer_too(fake_arxiv, tmp_path):
    assert "Attention" in _client(tmp_path, max_bytes=20_000).get(fake_arxiv.url, ONE_ID).text
    with pytest.raises(ArxivAnswerTooLarge, match=r"over 0.00095\d* MB"):
        _client(tmp_path, max_bytes=1000).get(fake_arxiv.url, ONE_ID)


# ---- time ------------------------------------------------------------------------------------

@pytest.mark.parametrize("trickle", ["trickle:0.1", "trickle-body:0.1"], ids=["headers-and-body", "body"])
def test_a_trickle_is_cut_at_the_total_deadline(fake_arxiv, tmp_path, trickle):
    fake_arxiv.faults = Faults(every=1, action=trickle)  # one byte every 0.1 s: each read is quick enough
    events = []
    started = time.monotonic()
    with pytest.raises(ArxivTooSlow) as caught:
        _client(tmp_path, attempts=2, deadline=0.5, on_event=lambda kind, info: events.append(kind)).get(
            fake_arxiv.url, ONE_ID)
    assert time.monotonic() - started < 3
    assert str(caught.value) == ("arXiv too slow: no complete answer within 0.5 s from "
                                 f"{fake_arxiv.url}?id_list=1706.03762&max_results=1")
    assert events == ["retry"] and len(fake_arxiv.log) == 2  # retried like a timeout


def test_a_slow_answer_then_a_good_one(fake_arxiv, tmp_path):
    fake_arxiv.faults = Faults(script=["trickle-body:0.1"])
    reply = _client(tmp_path, deadline=0.5).get(fake_arxiv.url, ONE_ID)
    assert reply.status == 200 and "Attention Is All You Need" in reply.text


# ---- redirects -------------------------------------------------------------------------------

def _origin(url: str) -> str:
    return re.match(r"\w+://[^/]+", url).group(0)


@pytest.mark.parametrize("where", ["localhost", "other-port", "https"])
def test_a_redirect_to_another_host_is_refused(fake_arxiv, elsewhere, tmp_path, where):
    port = fake_arxiv.httpd.server_address[1]
    target = {"localhost": f"http://localhost:{port}", "other-port": _origin(elsewhere.url),
              "https": f"https://127.0.0.1:{port}"}[where]
    fake_arxiv.faults = Faults(every=1, action=f"redirect:{target}")
    with pytest.raises(ArxivRedirectRefused) as caught:
        _client(tmp_path).get(fake_arxiv.url, ONE_ID)
    asked = f"{fake_arxiv.url}?id_list=1706.03762&max_results=1"
    kind = "scheme" if where == "https" else "host"
    assert str(caught.value) == (f"arXiv redirected to another {kind}: {asked} → "
                                 f"{target}/api/query?id_list=1706.03762&max_results=1; not followed")
    assert len(fake_arxiv.log) == 1 and elsewhere.log == []  # not retried, not followed


@pytest.mark.parametrize("location", ["relative", "absolute"])
def test_a_redirect_on_the_same_host_is_followed(fake_arxiv, tmp_path, location):
    target = "" if location == "relative" else _origin(fake_arxiv.url)
    fake_arxiv.faults = Faults(script=[f"redirect:{target}"])
    client = _client(tmp_path)
    reply = client.get(fake_arxiv.url, ONE_ID)
    assert reply.status == 200 and "Attention Is All You Need" in reply.text
    assert [e.action for e in fake_arxiv.log] == [f"redirect:{target}", "ok"]
    assert fake_arxiv.log[1].params == ONE_ID and client.requests_made == 2


def test_endless_redirects_stop(fake_arxiv, tmp_path):
    fake_arxiv.faults = Faults(every=1, action="redirect:")
    with pytest.raises(ArxivRedirectRefused, match="arXiv redirected more than 5 times: "):
        _client(tmp_path).get(fake_arxiv.url, ONE_ID)
    assert len(fake_arxiv.log) == 6


# ---- through enrichment: reported, nothing stored --------------------------------------------

ATTENTION = Entry(title="Attention Is All You Need", arxiv_id="1706.03762")


def _cache_files(home) -> list:
    return sorted(p for p in (home / "cache" / "arxiv").rglob("*.json")) if (home / "cache").exists() else []


@pytest.mark.parametrize("fault", ["bomb", "slow", "redirect"])
def test_enrich_reports_a_refused_answer_and_stores_nothing(fake_arxiv, elsewhere, refkit_home, tmp_path, fault):
    action = {"bomb": "gzip-bomb:10", "slow": "trickle-body:0.1", "redirect": f"redirect:{_origin(elsewhere.url)}"}
    fake_arxiv.faults = Faults(every=1, action=action[fault])
    http = HttpClient(Pacer(0.0, tmp_path), backoff=0.01, attempts=2, deadline=0.5)
    with Library.open() as lib:
        lib.add([ATTENTION, Entry(title="Deep Residual Learning for Image Recognition")])
        before = [record_to_json(r) for r in lib.select()]
        with pytest.raises(NetworkError) as caught:
            enrich_library(lib, client=ArxivClient(fake_arxiv.url, delay=0.0, cache_dir=tmp_path / "cache",
                                                   http=http))
        assert [record_to_json(r) for r in lib.select()] == before
    message = str(caught.value)
    expected = {"bomb": "arXiv answer too large (over 50 MB) from ", "slow": "arXiv too slow: no complete answer "
                "within 0.5 s from ", "redirect": "arXiv redirected to another host: "}[fault]
    assert message.startswith(expected) and message.endswith("; the library was not changed")
    assert not list((tmp_path / "cache").rglob("*.json")) and elsewhere.log == []
    # the client stopped at the first refused answer (twice for "slow": it was retried once)
    assert len(fake_arxiv.log) == (2 if fault == "slow" else 1)


def test_enrich_keeps_what_came_before_the_refused_answer(fake_arxiv, refkit_home, tmp_path):
    fake_arxiv.faults = Faults(script=["ok"], every=1, action="gzip-bomb:10")  # the id batch passes, then a bomb
    with Library.open() as lib:
        lib.add([ATTENTION, Entry(title="Deep Residual Learning for Image Recognition")])
        report = enrich_library(lib, client=ArxivClient(fake_arxiv.url, delay=0.0, cache_dir=tmp_path / "cache"))
        records = {r.entry.title: r for r in lib.select()}
    assert report.counts["matched"] == 1 and report.counts["failed"] == 1
    assert records["Attention Is All You Need"].enrichment["status"] == "matched"
    failed = records["Deep Residual Learning for Image Recognition"].enrichment
    assert failed["status"] == "failed"
    assert failed["reason"].startswith("arXiv answer too large (over 50 MB) from ")
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 1  # the good answer only


def test_cli_enrich_says_what_it_refused(arxiv_env, tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text("Attention Is All You Need. arXiv:1706.03762\n", encoding="utf-8")
    assert _refkit("add", str(listing)).returncode == 0
    before = _refkit("list", "--json").stdout
    arxiv_env.faults = Faults(every=1, action="gzip-bomb:10")
    done = _refkit("enrich")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"refkit: arXiv answer too large (over 50 MB) from {arxiv_env.url}?"), \
        done.stderr
    assert done.stderr.endswith("; the library was not changed\n") and "Traceback" not in done.stderr
    assert _refkit("list", "--json").stdout == before and len(arxiv_env.log) == 1


def _refkit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "refkit", *args], capture_output=True, text=True, timeout=120,
                          check=False)
