"""How fast ``refkit bib`` formats 100, 1,000 and 10,000 entries, against plain citeproc-py and pybtex
measured in the same run, and where refkit's time goes.

    python benchmarks/render_bib.py                  # 100, 1,000, 10,000 entries (about 10 min)
    python benchmarks/render_bib.py --sizes 100,1000 # a quick look
    python benchmarks/render_bib.py --write          # also write benchmarks/RESULTS-render.md

Input: the first N entries of corpora/acl_anthology_10k.bib (all 10,000 for 10k). Each figure is a
whole process (start-up, imports and reading included): its wall time, its CPU time (user+sys, which a
busy machine inflates far less than wall time) and its peak RSS. Rows:

- ``refkit bib --style apa --no-cache``, and again with its on-disk cache filled by a previous run;
- plain citeproc-py 0.11 with the same apa.csl on the same records (CSL-JSON written by refkit's own
  mapping, so both format identical data): baselines.py ``citeproc-apa``;
- ``refkit bib --style pybtex:plain`` against pybtex's ``plain`` on the .bib (baselines.py).

"baseline/refkit" above 1 means refkit is faster. The phase table (CPU seconds inside one process)
says where refkit's time goes.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import PYTHON, ROOT, cut_bib, find_shared, refkit_command

BASELINES = str(HERE / "baselines.py")
RESULTS = HERE / "RESULTS-render.md"
APA = ROOT / "styles" / "apa.csl"


@dataclass
class Figure:
    wall: float
    cpu: float
    peak_mb: float
    ok: bool
    note: str = ""

    def cells(self) -> str:
        if not self.ok:
            return f"failed: {self.note} | – | –"
        return f"{self.wall:.2f} | {self.cpu:.2f} | {self.peak_mb:.0f}"


def measure(cmd: list[str], env: dict | None = None, timeout: float = 1800) -> Figure:
    """One whole process: wall time, CPU time of it and its children, peak RSS (MB)."""
    full_env = {**os.environ, **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=full_env)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.005)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace").strip().splitlines()
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    return Figure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code == 0,
                  err[-1][:120] if err and code else "")


def phases(bib: Path) -> dict:
    """CPU seconds of each step inside one process (run as a child so imports are counted apart)."""
    out = subprocess.run([PYTHON, __file__, "--phases-of", str(bib)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _phases_of(bib: str) -> None:
    clock = time.process_time
    t = [clock()]
    from citeproc import Citation

    from refkit.render import csl_engine, find_style
    from refkit.render.citeproc_fixes import Finisher
    from refkit.render.citeproc_speedups import FastBibliography, FastCitationItem, speed_up_source
    from refkit.render.targets import writer
    t.append(clock())
    from refkit.importers import read_source
    entries = read_source(bib).entries
    t.append(clock())
    style = find_style("apa")
    csl_style = csl_engine._load_style(style.path, style.path.stat().st_mtime, None)
    t.append(clock())
    items = []
    for i, entry in enumerate(entries):
        item = csl_engine.to_csl_item(entry)
        item["id"] = f"r{i}"
        items.append(item)
    t.append(clock())
    from citeproc.source.json import CiteProcJSON
    source = CiteProcJSON(items)
    speed_up_source(source)
    bibliography = FastBibliography(csl_style, source, csl_engine.FORMATTER)
    for item in items:
        bibliography.register(Citation([FastCitationItem(item["id"])]))
    t.append(clock())
    bibliography.sort()
    t.append(clock())
    layout, finish = csl_style.root.bibliography.layout, Finisher(csl_style)
    rendered = []
    for cite in bibliography.items:
        layout.repressed = {}
        rendered.append(finish(str(layout.format(layout.wrap(layout.render_children(cite))))))
    t.append(clock())
    text = writer("text")
    for encoded in rendered:
        text.convert(encoded)
    t.append(clock())
    names = ["imports", "read .bib", "load style", "to CSL", "source + register", "sort", "render", "to text"]
    print(json.dumps({name: round(t[i + 1] - t[i], 3) for i, name in enumerate(names)} | {"n": len(entries)}))


def _write_csl_json(bib: Path, dest: Path) -> None:
    code = ("import json,sys\nfrom refkit.importers import read_source\nfrom refkit.mapping.csl import to_csl\n"
            "items=[]\nfor i,e in enumerate(read_source(sys.argv[1]).entries):\n"
            "    item=to_csl(e); item['id']=f'r{i}'; item.pop('custom',None); items.append(item)\n"
            "json.dump(items,open(sys.argv[2],'w',encoding='utf-8'))\n")
    subprocess.run([PYTHON, "-c", code, str(bib), str(dest)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.name}")
    parser.add_argument("--phases-of", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases_of:
        _phases_of(args.phases_of)
        return
    corpus = find_shared() / "corpora" / "acl_anthology_10k.bib"
    refkit = refkit_command()
    rows, phase_rows = [], []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="refkit-render-bench-") as tmp:
        work = Path(tmp)
        for n in (int(s) for s in args.sizes.split(",")):
            bib = work / f"acl{n}.bib"
            cut_bib(corpus, n, bib)
            csl = work / f"acl{n}.json"
            _write_csl_json(bib, csl)
            home = {"REFKIT_HOME": str(work / f"home{n}")}
            out = str(work / f"out{n}.txt")
            label = f"{n:,}"
            def log(what: str, label: str = label) -> None:
                print(f"[{time.strftime('%H:%M:%S')}] {label}: {what}", file=sys.stderr, flush=True)

            log("refkit apa, one core")
            one = measure([*refkit, "bib", str(bib), "--style", "apa", "--no-cache", "-o", out],
                          home)
            measure([*refkit, "bib", str(bib), "--style", "apa", "-o", out], home)  # fills the cache
            log("refkit apa, cached")
            warm = measure([*refkit, "bib", str(bib), "--style", "apa", "-o", out], home)
            log("citeproc-py apa")
            base = measure([PYTHON, BASELINES, "citeproc-apa", str(csl), str(APA)])
            log("refkit pybtex:plain")
            plain = measure([*refkit, "bib", str(bib), "--style", "pybtex:plain", "-o", out],
                            home)
            log("pybtex plain")
            plain_base = measure([PYTHON, BASELINES, "pybtex-plain", str(bib)])
            rows += [(label, "refkit bib apa, 1 core, no cache", one, "citeproc-py apa", base),
                     (label, "refkit bib apa, cache filled", warm, "citeproc-py apa", base),
                     (label, "refkit bib pybtex:plain, 1 core", plain, "pybtex plain", plain_base)]
            log("phases")
            phase_rows.append(phases(bib))
    report = _report(rows, phase_rows, load_before, os.getloadavg())
    print(report)
    if args.write:
        RESULTS.write_text(report, encoding="utf-8")


def _ratio(mine: Figure, base: Figure, attr: str) -> str:
    if not (mine.ok and base.ok):
        return "–"
    return f"{getattr(base, attr) / max(getattr(mine, attr), 1e-6):.1f}×"


def _report(rows, phase_rows, load_before, load_after) -> str:
    lines = [(f"# refkit bib: formatting speed ({time.strftime('%Y-%m-%d %H:%M')}, {platform.python_version()}, "
              f"{os.cpu_count()} cores, load average {load_before[0]:.1f} before / {load_after[0]:.1f} after)\n"),
             ("Whole processes on the first N entries of acl_anthology_10k.bib. wall/CPU in seconds, peak in MB; "
              "baseline/refkit > 1: refkit is faster.\n"),
             ("| entries | refkit | wall | CPU | peak | baseline (same run) | wall | CPU | peak "
              "| baseline/refkit wall | CPU |"), "|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|"]
    for label, name, mine, base_name, base in rows:
        lines.append(f"| {label} | {name} | {mine.cells()} | {base_name} | {base.cells()} "
                     f"| {_ratio(mine, base, 'wall')} | {_ratio(mine, base, 'cpu')} |")
    names = [k for k in phase_rows[0] if k != "n"] if phase_rows else []
    lines += ["", "Where refkit's time goes (APA, CPU seconds in one process, one core):", "",
              "| entries | " + " | ".join(names) + " |", "|---:|" + "---:|" * len(names)]
    for row in phase_rows:
        lines.append(f"| {row['n']:,} | " + " | ".join(f"{row[k]:.2f}" for k in names) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
