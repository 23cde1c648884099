"""Entries that break naive .bib writers -- TeX specials, math, non-ASCII and Greek, corporate
names, particles, URLs with % and #, lone braces -- exported in both dialects and compiled on every
path of latex_check.sh: 0 warnings, 0 errors, every item typeset, and the text printed as written."""
from __future__ import annotations

import re

import pytest

from refkit import plugins
from refkit.model import Entry, PartialDate, Person

pytestmark = pytest.mark.latex

HARD = [
    Entry(type="article", key="specials2024", title="Cost & Benefit: 100% of $5 Budgets, #1 Rank, snake_case ~Tilde^",
          author=(Person("Doe", "Jane"),), issued=PartialDate(2024, 1, 2), arxiv_id="2401.00001",
          primary_category="cs.LG", url="https://arxiv.org/abs/2401.00001"),
    Entry(type="article", key="math2023", title="Learning $\\alpha$-Divergences with <i>Deep</i> Nets",
          author=(Person("Kaiser", "Łukasz"), Person("Schmidhuber", "Jürgen")), issued=PartialDate(2023, 5),
          arxiv_id="2305.00002", primary_category="stat.ML"),
    Entry(type="article-journal", key="geron2022uber",
          title="Über Naïve Café Models — Ein “Test” für α-entmax und β-VAE",
          author=(Person("Géron", "Aurélien"), Person("Ødegård", "Zoë"), Person("Núñez", "José"),
                  Person("Bińkowski", "Mikołaj")),
          issued=PartialDate(2022), container_title="IEEE Trans. Pattern Anal. Mach. Intell.", volume="44",
          issue="3", page="1–10", doi="10.1109/tpami.2022.1234567"),
    Entry(type="paper-conference", key="deepmind2023", title="C++ and C# for R&D: 50% Faster",
          author=(Person(literal="Google DeepMind"), Person("Neumann", "John", "von"),
                  Person("King", "Martin Luther", suffix="Jr.")),
          issued=PartialDate(2023, 12), container_title="Proceedings of NeurIPS 2023", publisher="Curran Associates",
          publisher_place="New Orleans, LA", page="100-110"),
    Entry(type="book", key="editors2020", title="Collected Essays on {Braces} and Backslashes \\ Included",
          editor=(Person("Smith", "Anna"), Person("Jones", "Bob")), issued=PartialDate(2020),
          publisher="O'Reilly & Associates", publisher_place="Sebastopol"),
    Entry(type="thesis", key="thesis2019", title="A Thesis on Things", author=(Person("Student", "Sam"),),
          issued=PartialDate(2019), publisher="Université de Montréal", genre="PhD thesis"),
    Entry(type="report", key="report2018", title="Technical Report with Number", author=(Person("Author", "Ann"),),
          issued=PartialDate(2018, 3), publisher="Microsoft Research", number="MSR-TR-2018-12"),
    Entry(type="webpage", key="url2021", title="A Page With a Hard URL", author=(Person("Web", "Wanda"),),
          issued=PartialDate(2021), url="https://example.org/a_b/%7Euser?x=1&y=2#frag"),
    Entry(type="article", key="abstract2022", title="Abstract With a Cut-off Link",
          author=(Person("Li", "Zehan"),), issued=PartialDate(2022, 8), arxiv_id="2208.04232",
          abstract="The code is available at \\url{https://github.com/x/y and {unbalanced braces \\ here"),
]

PRINTED = {  # key -> what a reader must see in the typeset item (after braces are stripped)
    "specials2024": ["Cost & Benefit", "100% of $5 Budgets, #1 Rank", "snake"],
    "deepmind2023": ["Google DeepMind", "C++ and C# for R&D: 50% Faster"],
    "geron2022uber": ["IEEE Trans", "\\ensuremath\\alpha-entmax"],  # Greek as math, which pdflatex prints
}


def _items(bbl: str) -> dict[str, str]:
    if "\\entry{" in bbl:
        found = re.findall(r"\\entry\{([^}]*)\}(.*?)\\endentry", bbl, re.DOTALL)
    else:
        found = re.findall(r"\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}(.*?)(?=\\bibitem|\\end\{thebibliography\})",
                           bbl, re.DOTALL)
    return {key: " ".join(re.sub(r"[{}]", "", text).split()) for key, text in found}


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_hard_entries_compile_cleanly_everywhere(fmt, latex_check, tmp_path):
    bib = tmp_path / f"hard-{fmt}.bib"
    bib.write_text(plugins.load(plugins.EXPORTERS, fmt).dumps(HARD), encoding="utf-8")
    report = latex_check(bib, tmp_path / "build")
    expected = {"items": str(len(HARD)), "warnings": "0", "errors": "0", "latex_errors": "0", "undefined_cites": "0"}
    # the biblatex dialect is for biber (@thesis, @report, @online, journaltitle are unknown to .bst files)
    paths = ("bibtex:plainnat", "bibtex:plain", "biber") if fmt == "bibtex" else ("biber",)
    seen = {path: {name: report.summaries[path][name] for name in expected} for path in paths}
    assert seen == {path: expected for path in seen}, f"{bib.read_text()}\n{report.output}"
    for path in ("bibtex:plainnat", "biber") if fmt == "bibtex" else ("biber",):
        items = _items(report.bbl(path))
        for key, snippets in PRINTED.items():
            for snippet in snippets:
                shown = items[key].replace("\\&", "&").replace("\\%", "%").replace("\\#", "#").replace("\\$", "$")
                assert snippet.lower() in shown.lower(), f"{path}: {snippet!r} not in {items[key]!r}"
