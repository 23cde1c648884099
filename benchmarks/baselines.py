"""The baselines refkit is measured against, each run as its own process by run_all.py.

    python benchmarks/baselines.py bibtexparser FILE.bib        parse + LaTeX decoding + name splitting
    python benchmarks/baselines.py bibtexparser-filter FILE WORD parse (no decoding), keep titles with WORD
    python benchmarks/baselines.py pybtex-parse FILE.bib        pybtex parse_file
    python benchmarks/baselines.py pybtex-plain FILE.bib        parse_file + style plain, every entry to text
    python benchmarks/baselines.py citeproc-apa FILE.json STYLE citeproc-py, CSL-JSON to an APA bibliography
    python benchmarks/baselines.py per-entry URL IDSFILE        one arXiv request per id (id_list=ID)

Each prints one line ``done N`` (N = records produced) so run_all.py can check the work was done;
entries a library refuses are counted on a second line ``refused N``, never allowed to stop the run.
"""
from __future__ import annotations

import json
import sys


def bibtexparser_full(path: str) -> None:
    import bibtexparser
    from bibtexparser import middlewares as m

    library = bibtexparser.parse_file(path, append_middleware=[
        m.NormalizeFieldKeys(), m.LatexDecodingMiddleware(), m.SeparateCoAuthors(), m.SplitNameParts()])
    print(f"done {len(library.entries)}\nrefused {len(library.failed_blocks)}")


def bibtexparser_filter(path: str, word: str) -> None:
    import bibtexparser

    library = bibtexparser.parse_file(path)
    word = word.lower()
    hits = [e for e in library.entries if word in str(e.fields_dict.get("title").value if "title" in
                                                        e.fields_dict else "").lower()]
    print(f"done {len(hits)}")


def pybtex_parse(path: str) -> None:
    import pybtex.errors
    from pybtex.database import parse_file

    pybtex.errors.set_strict_mode(False)
    data = parse_file(path, bib_format="bibtex")
    print(f"done {len(data.entries)}")


def pybtex_plain(path: str) -> None:
    import pybtex.errors
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    pybtex.errors.set_strict_mode(False)
    data = parse_file(path, bib_format="bibtex")
    style = find_plugin("pybtex.style.formatting", "plain")()
    backend = find_plugin("pybtex.backends", "text")()
    done = refused = 0
    # format_bibliography() stops at the first entry plain cannot format; go one by one instead
    for number, entry in enumerate(style.sort(data.entries.values()), 1):
        try:
            formatted = style.format_entry(str(number), entry)
            formatted.text.render(backend)
            done += 1
        except Exception:
            refused += 1
    print(f"done {done}\nrefused {refused}")


def citeproc_apa(path: str, style_path: str) -> None:
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    warnings.simplefilter("ignore")
    with open(path, encoding="utf-8") as handle:
        records = json.load(handle)
    source = CiteProcJSON(records)
    style = CitationStylesStyle(style_path, validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for record in records:
        bibliography.register(Citation([CitationItem(record["id"])]))
    try:
        bibliography.sort()
    except TypeError:  # citeproc-py cannot sort records that lack a sort key (see SOURCES.md)
        pass
    done = refused = 0
    for item in bibliography.bibliography():
        try:
            str(item)
            done += 1
        except Exception:
            refused += 1
    print(f"done {done}\nrefused {refused}")


def per_entry(base_url: str, ids_file: str) -> None:
    """What most tools do: one HTTP request per paper, no batching, no cache."""
    import requests

    with open(ids_file, encoding="utf-8") as handle:
        ids = [line.strip() for line in handle if line.strip()]
    done = refused = 0
    session = requests.Session()
    for arxiv_id in ids:
        try:
            response = session.get(base_url, params={"id_list": arxiv_id, "max_results": 1}, timeout=30)
            if response.ok and "<entry" in response.text:
                done += 1
            else:
                refused += 1
        except requests.RequestException:
            refused += 1
    print(f"done {done}\nrefused {refused}\nrequests {len(ids)}")


COMMANDS = {
    "bibtexparser": bibtexparser_full,
    "bibtexparser-filter": bibtexparser_filter,
    "pybtex-parse": pybtex_parse,
    "pybtex-plain": pybtex_plain,
    "citeproc-apa": citeproc_apa,
    "per-entry": per_entry,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](*sys.argv[2:])
