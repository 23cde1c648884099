"""Enrich the 50-paper seed list against the fake arXiv at arXiv's real pace, next to what other tools do.

    python benchmarks/enrich_seed.py              # 3 s between requests, as arXiv asks (about 3 minutes)
    python benchmarks/enrich_seed.py --delay 0.2  # a quick look

Both sides talk to the same local fake arXiv (tests/fakearxiv: the 50 seed papers plus near-neighbour
traps) through the same polite session (one connection, the same pace), so the difference is only
how many requests they make:

* refkit: ``refkit add seeds/msr-reading-list.txt`` then ``refkit enrich`` (batched title search,
  careful matching), then a second ``refkit enrich`` (cache);
* baseline: one ``ti:"<title>"`` request per entry, taking the first hit (what one-request-per-entry
  tools do). Its right/wrong counts are printed too: the first hit is sometimes a near-neighbour.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fakearxiv import FakeArxiv

from refkit.enrich.atom import parse_feed
from refkit.enrich.query import title_clause
from refkit.http import HttpClient, Pacer
from refkit.importers.listing import parse_listing

SEEDS = ROOT / "seeds" / "msr-reading-list.txt"
TRUTH = ROOT / "tests" / "fixtures" / "arxiv-seed-corpus.json"


def refkit(home: Path, server: FakeArxiv, delay: float, *args: str) -> tuple[float, str]:
    env = {**os.environ, "REFKIT_HOME": str(home), "REFKIT_ARXIV_URL": server.url, "REFKIT_ARXIV_DELAY": str(delay)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "refkit", *args], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"refkit {' '.join(args)} failed: {done.stderr}")
    return elapsed, done.stdout.strip().splitlines()[-1]


def refkit_right(home: Path, truth: dict[str, str]) -> tuple[int, int]:
    env = {**os.environ, "REFKIT_HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "refkit", "list", "--json"], env=env, capture_output=True, text=True, check=False)
    rows = json.loads(done.stdout)
    right = sum(1 for r in rows if r.get("arxiv_id") and truth.get(r["title"]) == r["arxiv_id"])
    wrong = sum(1 for r in rows if r.get("arxiv_id") and truth.get(r["title"]) != r["arxiv_id"])
    return right, wrong


def one_per_entry(server: FakeArxiv, delay: float, work: Path, truth: dict[str, str]) -> tuple[float, int, int, int]:
    entries = parse_listing(SEEDS.read_text(encoding="utf-8"), str(SEEDS)).entries
    client = HttpClient(Pacer(delay, work / "baseline-pace"), backoff=max(delay, 0.01) * 5 / 3)
    right = wrong = 0
    started = time.perf_counter()
    for entry in entries:
        params = {"search_query": title_clause(entry.title), "start": "0", "max_results": "1"}
        records = parse_feed(client.get(server.url, params).text).records
        if records:
            if records[0].id == truth.get(entry.title):
                right += 1
            else:
                wrong += 1
    return time.perf_counter() - started, client.requests_made, right, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=3.0, help="seconds between requests (arXiv asks for 3)")
    args = parser.parse_args()
    truth = {r["title"]: r["id"] for r in json.loads(TRUTH.read_text(encoding="utf-8"))}
    with tempfile.TemporaryDirectory() as tmp, FakeArxiv() as server:
        work = Path(tmp)
        refkit(work / "home", server, args.delay, "add", str(SEEDS))
        first_time, first_line = refkit(work / "home", server, args.delay, "enrich")
        first_requests = len(server.log)
        right, wrong = refkit_right(work / "home", truth)
        second_time, second_line = refkit(work / "home", server, args.delay, "enrich")
        second_requests = len(server.log) - first_requests
        starts = [e.started for e in server.log]
        min_gap = min((b - a for a, b in pairwise(starts)), default=float("nan"))
        server.log.clear()
        base_time, base_requests, base_right, base_wrong = one_per_entry(server, args.delay, work, truth)

    print(f"seed list: 50 entries, {args.delay:g} s between requests, fake arXiv on 127.0.0.1\n")
    print("| run | requests | wall time | right | wrong |")
    print("|---|---:|---:|---:|---:|")
    print(f"| refkit enrich (first run) | {first_requests} | {first_time:.1f} s | {right} | {wrong} |")
    print(f"| refkit enrich (second run, cache) | {second_requests} | {second_time:.1f} s | {right} | {wrong} |")
    print(f"| baseline: one request per entry, first hit | {base_requests} | {base_time:.1f} s | {base_right} | "
          f"{base_wrong} |")
    print(f"\nbaseline/refkit: {base_requests / max(first_requests, 1):.0f}x the requests, "
          f"{base_time / first_time:.1f}x the wall time")
    print(f"closest two refkit requests: {min_gap:.2f} s apart (pace {args.delay:g} s)")
    print(f"refkit said: {first_line}\n             {second_line}")


if __name__ == "__main__":
    main()
