"""``refkit add`` + ``refkit enrich`` end to end, against the fake arXiv on 127.0.0.1."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import pairwise

import pytest
from fakearxiv import TEST_DELAY, Faults

from refkit.model import Entry, Person
from refkit.store import Library, record_to_json

SEED_IDS = 50


def refkit(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "refkit", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, check=False)


@pytest.fixture
def seeded(arxiv_env, shared):
    seed_list = shared.parent / "main" / "seeds" / "msr-reading-list.txt"
    if not seed_list.exists():
        from pathlib import Path
        seed_list = Path(__file__).resolve().parents[2] / "seeds" / "msr-reading-list.txt"
    done = refkit("add", str(seed_list))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "added 50, merged 0, unchanged 0, problems 0"
    return arxiv_env


def library_snapshot() -> list[dict]:
    with Library.open() as lib:
        return [record_to_json(r) for r in lib.select()]


def test_seed_list_all_matched_right_with_full_authors_politely(seeded, fixture_records):
    done = refkit("enrich")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "arXiv: 50 matched, 0 ambiguous, 0 unmatched, 0 failed (2 requests, 0 from cache)\n"
    truth = {r["title"]: r for r in fixture_records[:SEED_IDS]}
    with Library.open() as lib:
        records = lib.select()
    assert len(records) == 50
    for record in records:
        paper = truth[record.entry.title]
        assert record.entry.arxiv_id == paper["id"]
        assert [p.display() for p in record.entry.author] == [a["name"] for a in paper["authors"]]
        assert record.entry.authors_truncated is False
        assert record.enrichment["status"] == "matched" and record.enrichment["method"] == "title"
        assert record.provenance.get("arxiv_id") == "arxiv"
    log = seeded.log
    assert 1 <= len(log) <= 5
    starts = [entry.started for entry in log]
    assert all(b - a >= TEST_DELAY for a, b in pairwise(starts))

    again = refkit("enrich")
    assert again.returncode == 0
    assert again.stdout == "arXiv: 50 matched, 0 ambiguous, 0 unmatched, 0 failed (0 requests, 50 from cache)\n"
    assert len(seeded.log) == len(log)
    with Library.open() as lib:
        assert {r.enrichment["method"] for r in lib.select()} == {"title"}  # how they were found first


def test_throttling_and_503s_lose_nothing(seeded):
    seeded.faults = Faults(script=["429", "ok", "503"], every=2, action="429")
    done = refkit("enrich")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("arXiv: 50 matched, 0 ambiguous, 0 unmatched, 0 failed (")
    assert {e.action for e in seeded.log} >= {"429", "503", "ok"}
    assert all(r["enrichment"]["status"] == "matched" for r in library_snapshot())


def test_server_down_says_so_and_changes_nothing(seeded):
    before = library_snapshot()
    url = seeded.url
    seeded.stop()
    done = refkit("enrich")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith(f"refkit: arXiv is unreachable: cannot reach {url} (ConnectionError: ")
    assert done.stderr.rstrip().endswith("; the library was not changed")
    assert library_snapshot() == before


def test_partial_failure_keeps_what_was_fetched(seeded, monkeypatch):
    with Library.open() as lib:
        lib.add([Entry(title="Attention Is All You Need", arxiv_id="1706.03762",
                       author=(Person("Vaswani", "Ashish"),), authors_truncated=True)])
    seeded.faults = Faults(script=["ok"], every=1, action="503")  # the id batch passes, then arXiv fails
    done = refkit("enrich", env={"REFKIT_ARXIV_DELAY": "0.03"})
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == (
        "arXiv: 1 matched, 0 ambiguous, 0 unmatched, 50 failed (6 requests, 0 from cache)")
    assert "failed: bao2022vlbeit: arXiv is unreachable: arXiv answered HTTP 503" in done.stdout
    snapshot = {r["key"]: r for r in library_snapshot()}
    vaswani = [r for r in snapshot.values() if r.get("arxiv_id") == "1706.03762"]
    assert len(vaswani) == 1 and len(vaswani[0]["authors"]) == 8
    assert sum(r["enrichment"]["status"] == "failed" for r in snapshot.values()) == 50


def test_dry_run_shows_changes_and_writes_nothing(seeded):
    before = library_snapshot()
    done = refkit("enrich", "--dry-run")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[-1] == ("arXiv: 50 matched, 0 ambiguous, 0 unmatched, 0 failed (2 requests, 0 from cache); "
                         "dry run, nothing written")
    start = lines.index("would update wang2023unleashing from arXiv 2307.05300v4:")
    assert lines[start + 1] == ("  author: 3 authors (Zhenhailong Wang, Shaoguang Mao, Wenshan Wu) -> "
                                "6 authors (Zhenhailong Wang, Shaoguang Mao, Wenshan Wu, …)")
    assert "  arxiv_id: '' -> '2307.05300'" in lines
    assert library_snapshot() == before


def test_offline_with_an_empty_cache_says_what_is_missing(seeded):
    before = library_snapshot()
    done = refkit("enrich", "--offline")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[-1] == "arXiv: 0 matched, 0 ambiguous, 0 unmatched, 0 failed, 50 not in the cache (0 requests, 0 from cache)"
    assert "missing: wang2023unleashing: not in the cache (offline)" in lines
    assert seeded.log == [] and library_snapshot() == before


def test_ambiguous_entries_show_their_candidates(arxiv_env):
    with Library.open() as lib:
        lib.add([Entry(key="ltr", title="Learning to Rank in Generative Retrieval")])
    done = refkit("enrich", "--project", "nope")
    assert done.stdout == "arXiv: 0 matched, 0 ambiguous, 0 unmatched, 0 failed (0 requests, 0 from cache)\n"
    done = refkit("enrich")
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "ambiguous: ltr: several arXiv papers fit equally well",
        "  candidate 2403.99991 'Learning to Rank in Generative Retrieval' (Alex Fixture, 2024) score 1.00",
        "  candidate 2306.15222 'Learning to Rank in Generative Retrieval' (Yongqi Li, 2023) score 1.00",
        "arXiv: 0 matched, 1 ambiguous, 0 unmatched, 0 failed (1 requests, 0 from cache)",
    ]
    record = library_snapshot()[0]
    assert record["enrichment"]["status"] == "ambiguous" and record["arxiv_id"] is None


def test_json_report(seeded):
    done = refkit("enrich", "--json")
    assert done.returncode == 0
    report = json.loads(done.stdout)
    assert report["summary"] == {"matched": 50, "ambiguous": 0, "unmatched": 0, "failed": 0, "missing": 0,
                                 "vanished": 0}
    assert report["requests"] == 2
    first = next(e for e in report["entries"] if e["arxiv_id"] == "2307.05300")
    assert first["changes"]["arxiv_version"] == {"old": None, "new": 4}


def test_add_with_enrich(arxiv_env, shared):
    from pathlib import Path
    seed_list = Path(__file__).resolve().parents[2] / "seeds" / "msr-reading-list.txt"
    done = refkit("add", "--enrich", str(seed_list))
    assert done.returncode == 0, done.stderr
    assert all(r.get("arxiv_id") for r in library_snapshot())


def test_offline_and_refresh_together_is_a_usage_error(arxiv_env):
    done = refkit("enrich", "--offline", "--refresh")
    assert done.returncode == 2
    assert done.stderr == "refkit: --offline and --refresh contradict each other\n"
