"""Convert acl_anthology_10k.bib to BibTeX and to CSL-JSON with full normalisation, and compare with
bibtexparser v2's own parse with its LaTeX-decoding and name-splitting middlewares, measured in the
same run. Each task runs in a fresh process so its peak memory is its own.

    python benchmarks/convert_acl.py [FILE.bib] [--repeat N]

Target (issue 2): refkit's whole conversion <= 1/5 of the bibtexparser baseline, peak memory < 500 MB.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "acl_anthology_10k.bib"
if not DEFAULT.exists():
    DEFAULT = Path("/work/shared/corpora/acl_anthology_10k.bib")


def task_refkit(path: str) -> dict:
    from refkit.exporters.bibtex import dumps_bibtex
    from refkit.exporters.csljson import dumps_csljson
    from refkit.importers import decode
    from refkit.importers.bibtex import parse_bibtex
    from refkit.normalize import normalize

    start = time.perf_counter()
    text, _ = decode(Path(path).read_bytes(), path)
    result = parse_bibtex(text, path)
    entries = [normalize(e) for e in result.entries]
    parsed = time.perf_counter()
    bib = dumps_bibtex(entries, "bibtex", result.preamble)
    csl = dumps_csljson(entries)
    end = time.perf_counter()
    return {"seconds": end - start, "parse_s": parsed - start, "write_s": end - parsed,
            "entries": len(entries), "bytes_out": len(bib) + len(csl)}


def task_bibtexparser(path: str) -> dict:
    import bibtexparser
    from bibtexparser.middlewares import (
        LatexDecodingMiddleware,
        NormalizeFieldKeys,
        SeparateCoAuthors,
        SplitNameParts,
    )

    start = time.perf_counter()
    library = bibtexparser.parse_file(path, append_middleware=[
        NormalizeFieldKeys(), LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()])
    end = time.perf_counter()
    return {"seconds": end - start, "entries": len(library.entries)}


TASKS = {"refkit": task_refkit, "bibtexparser": task_bibtexparser}


def run_child(task: str, path: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--task", task, path], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=1, help="runs of each task; the median is reported")
    parser.add_argument("--task", choices=sorted(TASKS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:  # child process: one task, report time and peak memory as JSON
        result = TASKS[args.task](args.file)
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    runs = {task: sorted((run_child(task, args.file) for _ in range(args.repeat)), key=lambda r: r["seconds"])
            for task in ("bibtexparser", "refkit")}
    base = runs["bibtexparser"][len(runs["bibtexparser"]) // 2]
    ours = runs["refkit"][len(runs["refkit"]) // 2]
    print(f"file: {args.file} ({ours['entries']} entries)")
    print(f"bibtexparser v2 parse + LaTeX decoding + names: {base['seconds']:7.2f} s   peak {base['peak_mb']:6.0f} MB")
    print(f"refkit read + normalise + BibTeX + CSL-JSON:    {ours['seconds']:7.2f} s   peak {ours['peak_mb']:6.0f} MB"
          f"   (read+normalise {ours['parse_s']:.2f} s, write {ours['write_s']:.2f} s)")
    ratio = ours["seconds"] / base["seconds"]
    print(f"ratio refkit/bibtexparser: {ratio:.3f} (target <= 0.200); peak memory target < 500 MB: "
          f"{'met' if ours['peak_mb'] < 500 else 'NOT met'}")


if __name__ == "__main__":
    main()
