"""Golden bibliographies: the enriched seed list and the tricky list in APA, IEEE and pybtex's plain,
in all four targets (tests/render/golden/{input}_{style}.{target}; REFKIT_UPDATE_GOLDEN=1 rewrites).

Each golden file was read against the style's own rules; the rules checked are written out as
assertions below, so a regenerated golden that breaks one fails here even if nobody reads the diff:

APA 7 (apa.csl): authors "Family, I. I.", "&" before the last; up to 20 authors, from 21 on the
first 19, an ellipsis and the last; sorted by first author; preprint = "*Title* (arXiv:ID). arXiv.
URL"; journal and volume italic; DOI as https://doi.org/...; "van der" kept before the family name.
IEEE (ieee.csl): numbered [n] in citation (input) order; "I. Family"; 7 or more authors -> first
author *et al.*; title in quotes with the comma inside; DOI as "doi: 10..."; a preprint as
"Date, arXiv: arXiv:ID. [Online]. Available: URL".
pybtex plain: numbered [n] in author order; full names, ", and" before the last; titles in sentence
case except protected words (refkit protects words with an inner capital -- BERT, VL-BEiT, t-SNE --
as careful BibTeX files brace them); arXiv id and DOI printed "arXiv:ID" / "doi:..." and linked.
APA titles keep the case of the data: apa.csl cannot sentence-case, the data is arXiv's title case.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from refkit.render import render

SUFFIX = {"text": "txt", "html": "html", "markdown": "md", "latex": "tex"}

STYLES = {"apa": "apa", "ieee": "ieee", "pybtex-plain": "pybtex:plain"}


@pytest.fixture(scope="module")
def rendered(seed, tricky):
    out = {}
    for input_name, entries in (("seed", seed), ("tricky", tricky)):
        for slug, style in STYLES.items():
            for target in SUFFIX:
                out[input_name, slug, target] = render(entries, style, target)
    return out


@pytest.mark.parametrize("target", list(SUFFIX))
@pytest.mark.parametrize("slug", list(STYLES))
@pytest.mark.parametrize("input_name", ["seed", "tricky"])
def test_golden(rendered, golden, input_name, slug, target):
    result = rendered[input_name, slug, target]
    assert result.diagnostics == []
    golden(f"{input_name}_{slug}.{SUFFIX[target]}", result.text)


def _entries(rendered, input_name, slug, target="text"):
    return dict(zip(rendered[input_name, slug, target].keys, rendered[input_name, slug, target].entries))


# --- APA -----------------------------------------------------------------------------------------
def test_apa_authors_and_et_al_rules(rendered):
    apa = _entries(rendered, "tricky", "apa")
    assert apa["devlin2019"].startswith("Devlin, J., Chang, M.-W., Lee, K., & Toutanova, K. (2019).")
    many = apa["consortium2023"]
    listed = re.findall(r"Author(\d\d)", many)
    assert listed == [f"{n:02d}" for n in range(1, 20)] + ["23"]  # 19 authors, "…", the last
    assert "Author19, S., … Author23, W. (2023)." in many
    assert apa["vandermaaten2008"].startswith("van der Maaten, L., & Hinton, G. (2008).")
    assert apa["leftover2024"].startswith("Müller, J., Jr. (2024).")


def test_apa_order_italics_doi_and_arxiv(rendered, seed):
    apa = _entries(rendered, "seed", "apa")
    firsts = [text.split(",")[0] for text in rendered["seed", "apa", "text"].entries]
    assert firsts == sorted(firsts, key=str.lower)
    assert apa["arXiv:2307.05300"].endswith(
        "(2023). Unleashing the Emergent Cognitive Synergy in Large Language Models: A Task-Solving Agent "
        "through Multi-Persona Self-Collaboration (arXiv:2307.05300). arXiv. https://arxiv.org/abs/2307.05300")
    html = _entries(rendered, "tricky", "apa", "html")
    assert "<i>Nature</i>, <i>614</i>, 100–110." in html["consortium2023"]
    assert ('<a href="https://doi.org/10.1038/s41586-023-00001-x">https://doi.org/10.1038/s41586-023-00001-x</a>'
            in html["consortium2023"])
    assert "<i>The TeXbook</i>. Addison-Wesley." in html["knuth1984"]


# --- IEEE ----------------------------------------------------------------------------------------
def test_ieee_numbering_names_and_et_al(rendered, seed):
    result = rendered["seed", "ieee", "text"]
    assert result.keys == [e.key for e in seed]  # citation order is the input order
    assert [t.split("]")[0] for t in result.entries] == [f"[{n}" for n in range(1, 51)]
    for entry, text in zip(seed, result.entries):
        first = entry.author[0]
        initials = " ".join(p[0] + "." for p in first.given.replace("-", " ").split())
        if len(entry.author) >= 7:
            assert f"] {initials} {first.family} et al., “" in text
        else:
            assert " et al." not in text and entry.author[-1].family + ", “" in text
    html = _entries(rendered, "seed", "ieee", "html")
    assert "<i>et al.</i>" in html["arXiv:2212.10559"]


def test_ieee_quotes_doi_and_arxiv(rendered):
    ieee = _entries(rendered, "tricky", "ieee")
    assert ieee["devlin2019"] == (
        "[2] J. Devlin, M.-W. Chang, K. Lee, and K. Toutanova, “BERT: Pre-training of deep bidirectional "
        "transformers for language understanding,” in Proceedings of the 2019 Conference of the North "
        "American Chapter of the Association for Computational Linguistics, Minneapolis, Minnesota: "
        "Association for Computational Linguistics, Jun. 2019, pp. 4171–4186. doi: 10.18653/v1/n19-1423.")
    assert ieee["markdown2022"].endswith(
        "need escaping #1,” Jan. 15, 2022, arXiv: arXiv:2201.00002. [Online]. Available: "
        "https://arxiv.org/abs/2201.00002")


# --- pybtex plain --------------------------------------------------------------------------------
def test_plain_names_case_and_links(rendered):
    plain = _entries(rendered, "tricky", "pybtex-plain")
    assert plain["devlin2019"].startswith(
        "[2] Jacob Devlin, Ming-Wei Chang, Kenton Lee, and Kristina Toutanova. BERT: pre-training of deep")
    # sentence case, but a word with an inner capital is a name or acronym and keeps its case
    assert "Visualizing data using t-SNE." in plain["vandermaaten2008"]
    assert "Leftover <i>TeX</i>: öber GPUs" in _entries(rendered, "tricky", "pybtex-plain", "html")["leftover2024"]
    assert "VL-BEiT: generative vision-language pretraining." in _entries(rendered, "seed", "pybtex-plain")[
        "arXiv:2206.01127"]
    html = _entries(rendered, "seed", "pybtex-plain", "html")
    assert html["arXiv:2307.05300"].endswith(
        'arXiv preprint, July 2023. <a href="https://arxiv.org/abs/2307.05300">arXiv:2307.05300</a>.')
    tricky_html = _entries(rendered, "tricky", "pybtex-plain", "html")
    assert '<a href="https://doi.org/10.18653/v1/n19-1423">doi:10.18653/v1/n19-1423</a>' in tricky_html["devlin2019"]
    numbers = [t.split("]")[0] for t in rendered["seed", "pybtex-plain", "text"].entries]
    assert numbers == [f"[{n}" for n in range(1, 51)]


# --- every target is well formed -----------------------------------------------------------------
class _Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"


@pytest.mark.parametrize("input_name", ["seed", "tricky"])
@pytest.mark.parametrize("slug", list(STYLES))
def test_html_is_balanced_and_markdown_reads_back_as_the_text(rendered, input_name, slug):
    from markdown_it import MarkdownIt

    checker = _Checker()
    checker.feed(rendered[input_name, slug, "html"].text)
    checker.close()
    assert checker.stack == []
    md = MarkdownIt("commonmark")
    texts = rendered[input_name, slug, "text"].entries
    for source, text in zip(rendered[input_name, slug, "markdown"].entries, texts):
        html = md.renderInline(source)
        # the Markdown, rendered, says exactly what the plain text says (no escape shows, none is lost)
        shown = re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").replace("&lt;", "<").replace(
            "&gt;", ">").replace("&quot;", '"')
        # (markdown-it shows a link's %20 as a space: compare URLs decoded on both sides)
        assert unquote(shown) == unquote(text)
