"""The issue's gate: the BibTeX and BibLaTeX exports of the enriched seed list (50 arXiv papers)
compile with pdflatex+bibtex (plainnat, plain) and pdflatex+biber (biblatex authoryear) with 0
warnings, 0 errors and all 50 items typeset, and print what matters (arXiv ids, acronyms in titles).
"""
from __future__ import annotations

import re

import pytest

from refkit import plugins

pytestmark = pytest.mark.latex

PATHS = ("bibtex:plainnat", "bibtex:plain", "biber")


def bbl_items(bbl: str) -> dict[str, str]:
    """key -> the typeset text of its item (braces, \\newblock and line breaks removed)."""
    items = {}
    if "\\entry{" in bbl:  # biblatex
        for match in re.finditer(r"\\entry\{([^}]*)\}(.*?)\\endentry", bbl, re.DOTALL):
            items[match.group(1)] = match.group(2)
    else:
        for match in re.finditer(r"\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}(.*?)(?=\\bibitem|\\end\{thebibliography\})",
                                 bbl, re.DOTALL):
            items[match.group(1)] = match.group(2)
    return {key: " ".join(re.sub(r"\\newblock|[{}]|%\n", "", text).split()) for key, text in items.items()}


def _cased_words(title: str) -> list[str]:
    """Words whose capitals a style must not lower-case: BEiT, LLMs, KOSMOS-2.5, GPT, LongNet...

    Hyphenated title-case compounds (Vision-Language, Pre-Training) are ordinary words that a
    sentence-case style rightly lower-cases; a compound counts when one of its parts is cased.
    """
    words = [w.strip(":?,.()") for w in title.split()]
    return [w for w in words
            if any(sum(c.isupper() for c in part) >= 2 or re.search(r"[a-z][A-Z]", part) for part in w.split("-"))]


@pytest.fixture(scope="module", params=["bibtex", "biblatex"])
def seed_report(request, seed_entries, latex_check, tmp_path_factory):
    fmt = request.param
    folder = tmp_path_factory.mktemp(f"seed-{fmt}")
    bib = folder / f"seed-{fmt}.bib"
    bib.write_text(plugins.load(plugins.EXPORTERS, fmt).dumps(seed_entries), encoding="utf-8")
    return fmt, latex_check(bib, folder / "build")


def test_every_path_is_clean_with_all_50_items(seed_report):
    fmt, report = seed_report
    seen = {}
    for path in PATHS:
        summary = report.summaries[path]
        seen[path] = {name: summary[name] for name in ("items", "warnings", "errors", "latex_errors",
                                                       "undefined_cites", "tool_rc", "latex_rc")}
    expected = {"items": "50", "warnings": "0", "errors": "0", "latex_errors": "0", "undefined_cites": "0",
                "tool_rc": "0", "latex_rc": "0"}
    assert seen == {path: expected for path in PATHS}, f"{fmt} export:\n{report.output}"
    assert report.returncode == 0, report.output


def test_biber_datamodel_validation_is_clean(seed_report):
    _, report = seed_report
    assert report.summaries["biber-validate"]["warnings"] == "0", report.output
    assert report.summaries["biber-validate"]["errors"] == "0", report.output


def test_every_item_shows_its_arxiv_id(seed_report, seed_entries):
    fmt, report = seed_report
    # the biblatex export targets biber; classic styles only have to stay quiet on it
    paths = PATHS if fmt == "bibtex" else ("biber",)
    for path in paths:
        items = bbl_items(report.bbl(path))
        missing = [e.key for e in seed_entries if e.arxiv_id not in items.get(e.key, "")]
        assert missing == [], f"{path}: arXiv id not printed for {missing}"


def test_acronyms_and_proper_nouns_keep_their_case(seed_report, seed_entries):
    fmt, report = seed_report
    paths = PATHS if fmt == "bibtex" else ("biber",)
    for path in paths:  # plain and plainnat lower-case unprotected title words
        items = bbl_items(report.bbl(path))
        lost = [(e.key, word) for e in seed_entries for word in _cased_words(e.title)
                if word not in items[e.key]]
        assert lost == [], f"{path}: case lost in titles: {lost}"


def test_titles_print_whole(seed_report, seed_entries):
    fmt, report = seed_report
    items = bbl_items(report.bbl("bibtex:plainnat" if fmt == "bibtex" else "biber"))
    longnet = next(e for e in seed_entries if e.arxiv_id == "2307.02486")
    assert "1,000,000,000 Tokens".lower() in items[longnet.key].lower()
    gpt = next(e for e in seed_entries if e.arxiv_id == "2212.10559")
    assert "In-Context?".lower() in items[gpt.key].lower()
