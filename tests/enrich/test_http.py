"""The polite session: pacing (fake clock, and across real processes), retries, User-Agent, cache."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from itertools import pairwise

import pytest
from fakearxiv import Faults

from refkit import __version__
from refkit.errors import ArxivHTTPError, NetworkError
from refkit.http import USER_AGENT, DiskCache, HttpClient, Pacer


class FakeClock:
    def __init__(self, now: float = 1000.0):
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_pacer_spaces_requests_with_a_fake_clock():
    clock = FakeClock()
    pacer = Pacer(3.0, clock=clock, sleep=clock.sleep)
    with pacer.turn():
        clock.now += 0.5  # the request takes half a second
    with pacer.turn():
        pass
    clock.now += 10
    with pacer.turn():
        pass
    assert clock.slept == [3.0]


def test_pacer_state_is_shared_through_the_state_dir(tmp_path):
    clock = FakeClock()
    first = Pacer(3.0, tmp_path, clock=clock, sleep=clock.sleep)
    second = Pacer(3.0, tmp_path, clock=clock, sleep=clock.sleep)  # as another process would
    with first.turn():
        pass
    clock.now += 1.0
    with second.turn():
        pass
    assert clock.slept == [2.0]


def test_two_processes_never_come_closer_than_the_delay(fake_arxiv, tmp_path):
    script = textwrap.dedent(f"""
        from pathlib import Path
        from refkit.http import HttpClient, Pacer
        client = HttpClient(Pacer(0.3, Path({str(tmp_path)!r})), backoff=0.1)
        for _ in range(3):
            client.get({fake_arxiv.url!r}, {{"id_list": "1706.03762", "max_results": "1"}})
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(2)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    starts = sorted(entry.started for entry in fake_arxiv.log)
    assert len(starts) == 6
    assert min(b - a for a, b in pairwise(starts)) >= 0.3


def _client(tmp_path, **kw) -> HttpClient:
    return HttpClient(Pacer(0.0, tmp_path), backoff=0.01, **kw)


@pytest.mark.parametrize("fault", ["429", "rate200", "503", "500", "drop", "slow:0.3"])
def test_transient_failures_are_retried(fake_arxiv, tmp_path, fault):
    fake_arxiv.faults = Faults(script=[fault, fault])
    events = []
    reply = _client(tmp_path, on_event=lambda kind, info: events.append(kind)).get(
        fake_arxiv.url, {"id_list": "1706.03762", "max_results": "1"})
    assert reply.status == 200 and "Attention Is All You Need" in reply.text
    expected = 0 if fault.startswith("slow") else 2
    assert events.count("retry") == expected
    assert len(fake_arxiv.log) == expected + 1


def test_giving_up_says_why(fake_arxiv, tmp_path):
    fake_arxiv.faults = Faults(every=1, action="429")
    with pytest.raises(ArxivHTTPError, match=r"HTTP 429 .*still failing after 3 attempts \(HTTP 429 \(Rate exceeded.\)\)"):
        _client(tmp_path, attempts=3).get(fake_arxiv.url, {"id_list": "1706.03762"})
    assert len(fake_arxiv.log) == 3


def test_a_timeout_is_retried_then_reported(fake_arxiv, tmp_path):
    fake_arxiv.faults = Faults(every=1, action="slow:0.5")
    with pytest.raises(NetworkError, match="ReadTimeout"):
        _client(tmp_path, attempts=2, timeout=(1.0, 0.1)).get(fake_arxiv.url, {"id_list": "1706.03762"})


def test_a_refused_connection_fails_fast(tmp_path, fake_arxiv):
    url = fake_arxiv.url
    fake_arxiv.stop()  # nobody listens on the port any more
    with pytest.raises(NetworkError, match="cannot reach .*ConnectionError"):
        _client(tmp_path, attempts=5).get(url, {"id_list": "1706.03762"})


def test_client_errors_are_returned_not_retried(fake_arxiv, tmp_path):
    reply = _client(tmp_path).get(fake_arxiv.url, {"id_list": "abc"})
    assert reply.status == 400 and "incorrect id format for abc" in reply.text
    assert len(fake_arxiv.log) == 1


def test_user_agent_is_versioned(fake_arxiv, tmp_path):
    _client(tmp_path).get(fake_arxiv.url, {"id_list": "1706.03762"})
    assert fake_arxiv.log[0].user_agent == USER_AGENT == f"refkit/{__version__} (+https://github.com/refkit/refkit)"


def test_disk_cache_round_trip(tmp_path):
    cache = DiskCache(tmp_path / "c")
    assert cache.get("id:1706.03762") is None
    cache.put("id:1706.03762", {"title": "Attention Is All You Need", "authors": ["Ashish Vaswani"]})
    assert DiskCache(tmp_path / "c").get("id:1706.03762") == {"title": "Attention Is All You Need",
                                                             "authors": ["Ashish Vaswani"]}
    assert not list((tmp_path / "c").rglob(".tmp-*"))


def test_retry_after_is_honoured(fake_arxiv, tmp_path):
    fake_arxiv.faults = Faults(script=["503-retry-after:0.4"])
    delays = []
    _client(tmp_path, on_event=lambda kind, info: delays.append(info["delay"])).get(
        fake_arxiv.url, {"id_list": "1706.03762"})
    assert len(delays) == 1 and delays[0] >= 0.4
    assert fake_arxiv.log[1].started - fake_arxiv.log[0].started >= 0.4
