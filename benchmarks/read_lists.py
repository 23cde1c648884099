"""Reading-list readers against a baseline measured in the same run.

    python benchmarks/read_lists.py [--copies 200]

Each shape holds N records (the seed list's 50 papers repeated): a listing page, an id list, a
Markdown list and a title list. The baseline is bibtexparser v2 parsing the same N papers written
as plain BibTeX (title, author, year, abstract, eprint), built from tests/fixtures/arxiv-seed-corpus.json,
so "ratio" = baseline time / refkit time (above 1: refkit reads the list faster than bibtexparser
reads the equivalent .bib). Best of 3, in-process wall time.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=200)
    args = parser.parse_args()

    import bibtexparser

    from refkit.importers import identifiers, listing, markdown, titles

    corpus = json.loads((ROOT / "tests" / "fixtures" / "arxiv-seed-corpus.json").read_text(encoding="utf-8"))
    seed = (ROOT / "seeds" / "msr-reading-list.txt").read_text(encoding="utf-8")
    n = len(corpus) * args.copies
    bib = "".join(
        f"@misc{{k{i}_{r['id']},\n  title = {{{r['title']}}},\n"
        f"  author = {{{' and '.join(a['name'] for a in r['authors'])}}},\n"
        f"  year = {{{r['published'][:4]}}},\n  eprint = {{{r['id']}}},\n"
        f"  abstract = {{{r['summary'].replace('{', '').replace('}', '')}}},\n}}\n\n"
        for i in range(args.copies) for r in corpus)
    shapes = {
        "listing": (listing, seed.rstrip("\n") + "\n"),
        "ids": (identifiers, "".join(f"https://arxiv.org/abs/{r['id']}v{r['version']}\n" for r in corpus)),
        "markdown": (markdown, "## Papers\n" + "".join(
            f"- [{r['title']}](https://arxiv.org/abs/{r['id']}) — {r['authors'][0]['name']} et al., "
            f"{r['published'][:4]}\n" for r in corpus)),
        "titles": (titles, "".join(f"{r['title']}\n" for r in corpus)),
    }
    baseline = best_of(lambda: bibtexparser.parse_string(bib))
    print(f"{n:,} records per shape; baseline bibtexparser {bibtexparser.__version__}: {baseline:.3f} s "
          f"({n / baseline:,.0f} records/s)")
    print(f"{'shape':<10}{'refkit s':>10}{'records/s':>12}{'ratio':>8}")
    for name, (module, one_copy) in shapes.items():
        text = one_copy * args.copies
        result = module.parse(text, "bench")
        # the ids reader reports repeats of the same id as duplicates: count read + reported
        assert len(result.entries) + len(result.diagnostics) == n, (name, len(result.entries))
        seconds = best_of(lambda module=module, text=text: module.parse(text, "bench"))
        print(f"{name:<10}{seconds:>10.3f}{n / seconds:>12,.0f}{baseline / seconds:>8.2f}")


if __name__ == "__main__":
    main()
