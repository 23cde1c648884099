"""RIS and Zotero RDF writers, the RIS reader and the LaTeX citation parser on 10,000 real entries,
each next to a baseline measured in the same run:

* writers: refkit's own BibTeX writer on the same entries, and bibtexparser 2.1 ``write_string``
  on bibtexparser's parse of the same file;
* RIS reader: refkit's BibTeX reader (parse + normalise) on the source .bib;
* citation parser (``refkit.cite.parse_tex``, natbib/biblatex forms, optional arguments, comments):
  one ``re.findall`` for ``\\cite{...}``, the least any tool must do.

    python benchmarks/export_zotero_ris.py [FILE.bib] [--repeat N]

Prints one line per task: seconds (median of N), entries, baseline seconds and baseline/refkit.
"""
from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "acl_anthology_10k.bib"
if not DEFAULT.exists():
    DEFAULT = Path("/work/shared/corpora/acl_anthology_10k.bib")


def timed(repeat: int, fn):
    runs, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bib", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import bibtexparser

    from refkit.cite import parse_tex
    from refkit.exporters import ris, zotero_rdf
    from refkit.exporters.bibtex import dumps_bibtex
    from refkit.importers import read_source
    from refkit.importers.ris import parse as parse_ris
    from refkit.model import Annotations

    path = Path(args.bib)
    read_s, read = timed(1, lambda: read_source(str(path)))
    entries = read.entries
    notes = {e.key: Annotations(tags=("acl",), projects=("anthology",), notes=("read later",)) for e in entries}
    bp_library = bibtexparser.parse_file(str(path))
    ris_text = ris.dumps(entries, notes)
    n = len(entries)
    # a paper citing every key once: natbib/biblatex commands, optional arguments, comments
    commands = ["\\citet{%s}", "\\citep[see][p.~2]{%s}", "\\parencite{%s}", "\\textcite[12]{%s}", "%% \\cite{%s}"]
    tex = "\n".join(commands[i % len(commands)] % e.key + " text." for i, e in enumerate(entries))

    rows = [
        ("RIS write", lambda: ris.dumps(entries, notes), "refkit BibTeX write", lambda: dumps_bibtex(entries)),
        ("Zotero RDF write", lambda: zotero_rdf.dumps(entries, notes), "refkit BibTeX write",
         lambda: dumps_bibtex(entries)),
        ("RIS write", lambda: ris.dumps(entries, notes), "bibtexparser write_string",
         lambda: bibtexparser.write_string(bp_library)),
        ("RIS read", lambda: parse_ris(ris_text, "x.ris"), "refkit BibTeX read (incl. normalise)",
         lambda: read_source(str(path))),
        ("cite: parse .tex", lambda: parse_tex(tex), "one re.findall(\\cite{...})",
         lambda: re.findall(r"\\cite\w*(?:\[[^\]]*\])*\{([^}]*)\}", tex)),
    ]
    print(f"input: {path.name}, {n} entries (read once in {read_s:.2f} s); median of {args.repeat} runs")
    print(f"{'task':<18} {'refkit s':>9} {'baseline':<38} {'base s':>7} {'base/refkit':>11}")
    for task, fn, base_name, base_fn in rows:
        seconds, result = timed(args.repeat, fn)
        base_seconds, _ = timed(args.repeat, base_fn)
        if task == "RIS read":
            assert len(result.entries) == n, "the RIS reader must give back every entry"
        print(f"{task:<18} {seconds:>9.3f} {base_name:<38} {base_seconds:>7.3f} {base_seconds / seconds:>10.2f}×")


if __name__ == "__main__":
    main()
