"""citeproc-js in refkit's embedded V8 (mini-racer) against the same citeproc-js under node.

    python benchmarks/citeproc_js.py                 # 1,000 entries of acl_anthology_10k.bib, APA, html
    python benchmarks/citeproc_js.py --entries 5000

Both get the same CSL-JSON (refkit's bibtex reader + mapping.csl.to_csl) and the same apa.csl.
"load": building the context and evaluating citeproc_commonjs.js (node: its require);
"render": one fresh CSL.Engine, updateItems and makeBibliography (refkit: the whole
CiteprocJs.bibliography call, JSON both ways included; node: in process, after JSON.parse of the
request). Best of --repeat runs; whole node process time shown too.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import ROOT, find_shared

from refkit.importers.bibtex import parse_bibtex
from refkit.mapping.csl import to_csl
from refkit.render.citeproc_js import CiteprocJs, locales


def items_from_corpus(entries: int) -> list[dict]:
    text = (find_shared() / "corpora" / "acl_anthology_10k.bib").read_text(encoding="utf-8")
    return [to_csl(e) for e in parse_bibtex(text).entries[:entries]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = items_from_corpus(args.entries)
    style = (ROOT / "styles" / "apa.csl").read_text(encoding="utf-8")

    loads, renders, count = [], [], 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        with CiteprocJs() as cp:
            loads.append(time.perf_counter() - start)
            cp.bibliography(items[:2], style)  # locale files and first-call warm-up out of the way
            start = time.perf_counter()
            count = len(cp.bibliography(items, style).entries)
            renders.append(time.perf_counter() - start)
    print(f"mini-racer: load {min(loads):.3f} s, render {count} entries {min(renders):.3f} s")

    with tempfile.TemporaryDirectory() as tmp:
        request = Path(tmp) / "request.json"
        request.write_text(json.dumps({"items": items, "style": style,
                                       "locales": locales.locale_files({"en-US"})}), encoding="utf-8")
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            out = subprocess.run(["node", str(HERE / "citeproc_js_node.js"), str(request)],
                                 capture_output=True, text=True, check=True)
            runs.append((json.loads(out.stdout), time.perf_counter() - start))
    node = min(runs, key=lambda r: r[0]["render"])
    print(f"node:       load {min(r[0]['load'] for r in runs):.3f} s, render {node[0]['entries']} entries "
          f"{node[0]['render']:.3f} s (whole node process {min(r[1] for r in runs):.3f} s)")


if __name__ == "__main__":
    main()
