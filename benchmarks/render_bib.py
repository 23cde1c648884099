"""How fast ``refkit bib --style apa`` formats 100 and 1,000 entries (10,000 with --10k), against
citeproc-js under node and plain citeproc-py measured in the same run, and where refkit's time goes.

    python benchmarks/render_bib.py                  # 100 and 1,000 entries (about 1 min)
    python benchmarks/render_bib.py --10k            # and 10,000 (several minutes more)
    python benchmarks/render_bib.py --sizes 100      # a quick look
    python benchmarks/render_bib.py --write          # also write benchmarks/RESULTS-render.md

Input: the first N entries of corpora/acl_anthology_10k.bib (shared data, found as common.find_shared
does). Each figure is a whole process (start-up, imports and reading included): its wall time, its CPU
time (user+sys, which a busy machine inflates far less than wall time) and its peak RSS; at 100
entries the median of 3 runs, else one run. Rows per size:

- ``refkit bib FILE --style apa --no-cache -o OUT``, and again with the on-disk cache filled by a
  previous run (same command without --no-cache);
- citeproc-js under node (benchmarks/citeproc_js_node.js): one ``node`` process that loads the vendored
  citeproc_commonjs.js (stock, without refkit's bridge.js patches), reads the CSL-JSON refkit formats
  (``refkit.render.csl_engine.csl_items``) with styles/apa.csl and the en locales, registers every
  item, makes the bibliography (HTML) and writes it. Its wall time is the goal's yardstick:
  refkit ≤ 1.3× node;
- plain citeproc-py with the same apa.csl on the same items (baselines.py ``citeproc-apa``);
- pandoc --citeproc on the same CSL-JSON, only if ``pandoc`` is on PATH (else reported as skipped).

Also: ``refkit --help`` against ``python -c pass`` (median of 5), whether ``refkit --help`` imports
py_mini_racer or the CSL engine (it should not), whether 100 entries take ≤ 1 s, and a phase table:
one process doing what ``refkit bib --no-cache`` does, step by step (wall seconds), with the one
render call split into citeproc-js's own steps (timed inside the JS context, in a second, fresh
context) next to the same steps under node.

"node/refkit" above 1 means refkit is faster; "refkit/node" is the goal's ratio (≤ 1.3).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
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
NODE_SCRIPT = str(HERE / "citeproc_js_node.js")
RESULTS = HERE / "RESULTS-render.md"
APA = ROOT / "styles" / "apa.csl"
GOAL = 1.3  # refkit's wall time at most 1.3× node's


@dataclass
class Figure:
    wall: float
    cpu: float
    peak_mb: float
    ok: bool
    note: str = ""
    stdout: str = ""

    def cells(self) -> str:
        if not self.ok:
            return f"failed: {self.note} | – | –"
        return f"{self.wall:.2f} | {self.cpu:.2f} | {self.peak_mb:.0f}"


SKIPPED = Figure(0, 0, 0, False, "skipped")


def measure(cmd: list[str], env: dict | None = None, timeout: float = 1800) -> Figure:
    """One whole process: wall time, CPU time of it and its children, peak RSS (MB)."""
    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=full_env)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        lines = err.read().decode(errors="replace").strip().splitlines()
    code = proc.returncode
    return Figure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code == 0,
                  lines[-1][:120] if lines and code else ("" if code == 0 else f"exit {code}"), stdout)


def median_of(runs: int, cmd: list[str], env: dict | None = None) -> Figure:
    figures = [measure(cmd, env) for _ in range(runs)]
    failed = [f for f in figures if not f.ok]
    if failed:
        return failed[0]
    wall = statistics.median(f.wall for f in figures)
    mid = min(figures, key=lambda f: abs(f.wall - wall))
    return Figure(wall, mid.cpu, max(f.peak_mb for f in figures), True, "", mid.stdout)


# -- inputs ---------------------------------------------------------------------------------------

_WRITE_INPUTS = """
import json, sys
from refkit.importers import read_sources
from refkit.render.csl_engine import csl_items
from refkit.render.citeproc_js import locales
bib, style, node_req, plain = sys.argv[1:5]
items = csl_items(read_sources([bib]).entries)
with open(node_req, "w", encoding="utf-8") as out:
    json.dump({"items": items, "style": open(style, encoding="utf-8").read(),
               "locales": locales.locale_files({"en"})}, out, ensure_ascii=False)
for item in items:
    item.pop("custom", None)  # refkit-only data (CSL's free-form slot), which citeproc-py does not take
with open(plain, "w", encoding="utf-8") as out:
    json.dump(items, out, ensure_ascii=False)
"""


def write_inputs(bib: Path, work: Path, n: int) -> tuple[Path, Path]:
    """The items refkit hands citeproc-js: a node request (items, style, locales) and plain CSL-JSON."""
    node_req, plain = work / f"node{n}.json", work / f"acl{n}.json"
    subprocess.run([PYTHON, "-c", _WRITE_INPUTS, str(bib), str(APA), str(node_req), str(plain)], check=True)
    return node_req, plain


def pandoc_cmd(plain: Path, work: Path, n: int) -> list[str] | None:
    pandoc = shutil.which("pandoc")
    if not pandoc:
        return None
    doc = work / "nocite.md"
    doc.write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    return [pandoc, str(doc), "--citeproc", "--bibliography", str(plain), "--csl", str(APA),
            "-t", "plain", "-o", str(work / f"pandoc{n}.txt")]


# -- phases: where refkit's time goes -------------------------------------------------------------

_SPLIT_JS = """
var refkitBenchSplit = function (requestJson) {
  var CSL = module.exports, t = [Date.now()];
  var req = JSON.parse(requestJson), byId = {};
  req.items.forEach(function (item) { byId[item.id] = item; });
  t.push(Date.now());
  var sys = { retrieveItem: function (id) { return byId[id]; },
              retrieveLocale: function (lang) { return req.locales[lang] || false; } };
  var engine = new CSL.Engine(sys, req.style, "en-US", false);
  engine.setOutputFormat("html");
  t.push(Date.now());
  engine.updateItems(req.items.map(function (item) { return item.id; }));
  t.push(Date.now());
  var bib = engine.makeBibliography();
  t.push(Date.now());
  var out = JSON.stringify({ params: bib[0], entries: bib[1] });
  t.push(Date.now());
  return JSON.stringify({ parse: (t[1] - t[0]) / 1e3, build: (t[2] - t[1]) / 1e3, update: (t[3] - t[2]) / 1e3,
                          bibliography: (t[4] - t[3]) / 1e3, stringify: (t[5] - t[4]) / 1e3,
                          size: out.length });
};
"""


def phases(bib: Path) -> dict:
    """Wall seconds of each step inside one process (a child, so its imports count)."""
    out = subprocess.run([PYTHON, __file__, "--phases-of", str(bib)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _phases_of(bib: str) -> None:
    clock = time.perf_counter
    steps: dict[str, float] = {}
    last = [clock()]

    def lap(name: str) -> None:
        now = clock()
        steps[name] = round(now - last[0], 3)
        last[0] = now

    import refkit.cli  # noqa: F401  what every command pays
    from refkit.importers import read_sources
    lap("imports (CLI)")
    import py_mini_racer  # noqa: F401

    from refkit.render import csl_engine, find_style
    from refkit.render.citeproc_js import CiteprocJs, locales
    from refkit.render.csl_html import html_to_encoded
    from refkit.render.targets import writer
    lap("imports (render, mini-racer)")
    entries = read_sources([bib]).entries
    lap("read .bib")
    style = find_style("apa")
    job = csl_engine.ENGINE.prepare(entries, style, None)
    lap("csl_items")
    cp = csl_engine.shared_processor()
    lap("JS context + citeproc.js")
    style_xml = style.path.read_text(encoding="utf-8")
    rendered = cp.bibliography(job.prepared, style_xml, output="html", style_source=str(style.path))
    lap("render call (all below)")
    encoded = [html_to_encoded(e.text) for e in rendered.entries]
    lap("HTML → encoded")
    out = writer("text")
    text = out.document([out.convert(e) for e in encoded])
    lap("to text")
    # the render call split into citeproc-js's own steps, in a second fresh context
    # (CiteprocJs has no public eval: the benchmark uses its context directly)
    fresh = CiteprocJs()
    fresh._ctx.eval(_SPLIT_JS)
    start = clock()
    request = json.dumps({"items": job.prepared, "style": style_xml, "locales": locales.locale_files({"en"})})
    to_json = clock() - start
    split = json.loads(fresh._ctx.call("refkitBenchSplit", request))
    fresh.close()
    split["request to JSON (Python)"] = round(to_json, 3)
    print(json.dumps({"n": len(entries), "steps": steps, "js": split, "chars": len(text)}))


# -- the run --------------------------------------------------------------------------------------

def js_loaded_by_help() -> tuple[bool, bool]:
    """(py_mini_racer imported, refkit.render.csl_engine imported) by ``refkit --help``."""
    probe = ("import sys, runpy\nsys.argv = ['refkit', '--help']\ntry:\n    runpy.run_module('refkit', run_name='__main__')\n"
             "except SystemExit:\n    pass\nprint('py_mini_racer' in sys.modules, 'refkit.render.csl_engine' in sys.modules, "
             "file=sys.stderr)")
    err = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=True).stderr
    mini, engine = err.strip().splitlines()[-1].split()
    return mini == "True", engine == "True"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated entry counts (default 100,1000)")
    parser.add_argument("--10k", dest="ten_k", action="store_true", help="also 10,000 entries (slow)")
    parser.add_argument("--no-phases", action="store_true", help="skip the phase table")
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.name}")
    parser.add_argument("--phases-of", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases_of:
        _phases_of(args.phases_of)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([10_000] if args.ten_k else [])
    corpus = find_shared() / "corpora" / "acl_anthology_10k.bib"
    refkit = refkit_command()
    node = shutil.which("node")
    started = time.perf_counter()

    def log(what: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {what}", file=sys.stderr, flush=True)

    load_before = os.getloadavg()
    log("start-up")
    help_fig = median_of(5, [*refkit, "--help"])
    bare = median_of(5, [PYTHON, "-c", "pass"])
    js_by_help = js_loaded_by_help()
    sections, phase_rows, pandoc_skipped = [], [], shutil.which("pandoc") is None
    with tempfile.TemporaryDirectory(prefix="refkit-render-bench-") as tmp:
        work = Path(tmp)
        for n in sizes:
            bib = work / f"acl{n}.bib"
            cut_bib(corpus, n, bib)
            node_req, plain = write_inputs(bib, work, n)
            home = {"REFKIT_HOME": str(work / f"home{n}")}
            out = str(work / f"out{n}.txt")
            runs = 3 if n <= 100 else 1
            label = f"{n:,}"
            log(f"{label}: refkit apa, no cache")
            cold = median_of(runs, [*refkit, "bib", str(bib), "--style", "apa", "--no-cache", "-o", out], home)
            measure([*refkit, "bib", str(bib), "--style", "apa", "-o", out], home)  # fills the cache
            log(f"{label}: refkit apa, cache filled")
            warm = median_of(runs, [*refkit, "bib", str(bib), "--style", "apa", "-o", out], home)
            log(f"{label}: node citeproc-js")
            js = (median_of(runs, [node, NODE_SCRIPT, str(node_req), str(work / f"node{n}.html")])
                  if node else Figure(0, 0, 0, False, "node not on PATH"))
            log(f"{label}: citeproc-py")
            py = median_of(runs, [PYTHON, BASELINES, "citeproc-apa", str(plain), str(APA)])
            cmd = pandoc_cmd(plain, work, n)
            if cmd:
                log(f"{label}: pandoc")
            pandoc = median_of(runs, cmd) if cmd else SKIPPED
            sections.append((n, cold, warm, js, py, pandoc))
            if not args.no_phases:
                log(f"{label}: phases")
                phase_rows.append((phases(bib), _node_split(js)))
    report = _report(sections, phase_rows, help_fig, bare, js_by_help, pandoc_skipped,
                     load_before, os.getloadavg(), time.perf_counter() - started)
    print(report)
    if args.write:
        RESULTS.write_text(report, encoding="utf-8")
        log(f"wrote {RESULTS.relative_to(ROOT)}")


def _node_split(fig: Figure) -> dict | None:
    try:
        return json.loads(fig.stdout.strip().splitlines()[-1]) if fig.ok else None
    except (ValueError, IndexError):
        return None


# -- the report -----------------------------------------------------------------------------------

def _ratio(num: Figure, den: Figure, attr: str = "wall") -> str:
    if not (num.ok and den.ok):
        return "–"
    return f"{getattr(num, attr) / max(getattr(den, attr), 1e-6):.2f}×"


def _report(sections, phase_rows, help_fig, bare, js_by_help, pandoc_skipped, load_before, load_after,
            total) -> str:
    lines = [(f"# refkit bib: formatting speed ({time.strftime('%Y-%m-%d %H:%M')}, Python "
              f"{platform.python_version()}, {os.cpu_count()} cores, load average {load_before[0]:.1f} before / "
              f"{load_after[0]:.1f} after; the run took {total:.0f} s)\n"),
             ("Written by `python benchmarks/render_bib.py --write`. Whole processes on the first N entries of "
              "acl_anthology_10k.bib, APA (styles/apa.csl); wall/CPU in seconds, peak RSS in MB; at 100 entries "
              "the median of 3 runs, else one. refkit formats with citeproc-js in mini-racer; node runs the same "
              "vendored citeproc-js (stock) on the same CSL-JSON (`csl_items`), loading it, registering every "
              "item and writing the bibliography. **X/refkit** above 1: refkit is faster. "
              f"Goal: refkit ≤ {GOAL}× node (wall).\n"),
             "| entries | process | wall | CPU | peak | X/refkit wall | X/refkit CPU |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    goal_lines = []
    for n, cold, warm, js, py, pandoc in sections:
        label = f"{n:,}"
        rows = [("`refkit bib --style apa --no-cache`", cold, None),
                ("`refkit bib --style apa`, cache filled", warm, None),
                ("node + citeproc-js 2.4.63", js, cold),
                ("citeproc-py 0.11 (baselines.py)", py, cold)]
        if not pandoc_skipped:
            rows.append(("pandoc --citeproc", pandoc, cold))
        for name, fig, versus in rows:
            ratios = (f"{_ratio(fig, versus)} | {_ratio(fig, versus, 'cpu')}" if versus is not None
                      else "– | –")
            lines.append(f"| {label} | {name} | {fig.cells()} | {ratios} |")
        if cold.ok and js.ok:
            ratio = cold.wall / js.wall
            goal_lines.append(f"- {label} entries: refkit/node wall {ratio:.2f}× "
                              f"({'meets' if ratio <= GOAL else 'misses'} ≤ {GOAL}×), CPU {cold.cpu / js.cpu:.2f}×; "
                              f"cache filled {warm.wall / js.wall:.2f}×; citeproc-py/refkit {_ratio(py, cold)}")
    lines += ["", "Against the goals:", "", *goal_lines]
    hundred = [s for s in sections if s[0] == 100]
    if hundred and hundred[0][1].ok:
        wall = hundred[0][1].wall
        lines.append(f"- 100 entries as a whole process (no cache): {wall:.2f} s, ≤ 1 s: "
                     f"{'yes' if wall <= 1 else 'no'}")
    mini, engine = js_by_help
    lines += [(f"- `refkit --help`: {help_fig.wall:.3f} s wall / {help_fig.cpu:.3f} s CPU, against "
               f"`python -c pass` {bare.wall:.3f} s / {bare.cpu:.3f} s (median of 5; {help_fig.peak_mb:.0f} MB "
               f"vs {bare.peak_mb:.0f} MB); imports py_mini_racer: {'yes' if mini else 'no'}, "
               f"the CSL engine: {'yes' if engine else 'no'}"),
              f"- pandoc --citeproc: {'skipped (pandoc is not on PATH)' if pandoc_skipped else 'measured above'}"]
    if phase_rows:
        names = list(phase_rows[0][0]["steps"])
        lines += ["", ("Where refkit's time goes: one process doing what `refkit bib --no-cache` does, wall "
                       "seconds per step (process start-up, about the `python -c pass` figure, not included):"), "",
                  "| entries | " + " | ".join(names) + " |", "|---:|" + "---:|" * len(names)]
        for row, _ in phase_rows:
            lines.append(f"| {row['n']:,} | " + " | ".join(f"{row['steps'][k]:.2f}" for k in names) + " |")
        js_names = ["request to JSON (Python)", "parse", "build", "update", "bibliography", "stringify"]
        heads = ["request to JSON (Python)", "JSON.parse", "engine build (style)", "updateItems",
                 "makeBibliography", "answer to JSON"]
        lines += ["", ("The render call's citeproc-js steps, timed inside a second fresh mini-racer context "
                       "(refkit's bridge.js patches loaded), and the same steps in the node process above "
                       "(stock citeproc-js; its JSON.parse includes reading the file):"), "",
                  "| entries | where | " + " | ".join(heads) + " |", "|---:|---|" + "---:|" * len(heads)]
        for row, node_split in phase_rows:
            js = row["js"]
            lines.append(f"| {row['n']:,} | mini-racer | " + " | ".join(f"{js[k]:.2f}" for k in js_names) + " |")
            if node_split:
                cells = ["–", f"{node_split['parse']:.2f}", f"{node_split['build']:.2f}",
                         f"{node_split['update']:.2f}", f"{node_split['bibliography']:.2f}", "–"]
                lines.append(f"| {row['n']:,} | node (load {node_split['load']:.2f}) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
