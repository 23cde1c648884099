"""The ``markdown`` reader: list items, links, emphasis, remarks, headings as tags."""
from __future__ import annotations

import pytest

from refkit.importers import markdown
from refkit.model import Person


@pytest.mark.parametrize("body, title, arxiv, authors, truncated, year, venue", [
    ("[Attention Is All You Need](https://arxiv.org/abs/1706.03762) — Vaswani et al., 2017",
     "Attention Is All You Need", "1706.03762", [("Vaswani", "")], True, 2017, ""),
    ("**BERT: Pre-training of Deep Bidirectional Transformers** (NAACL 2019)",
     "BERT: Pre-training of Deep Bidirectional Transformers", "", [], False, 2019, "NAACL"),
    ("*Language Models are Few-Shot Learners* - Tom B. Brown, Benjamin Mann, 2020",
     "Language Models are Few-Shot Learners", "", [("Brown", "Tom B."), ("Mann", "Benjamin")], False, 2020, ""),
    ("__Deep Residual Learning__, Kaiming He and Xiangyu Zhang",
     "Deep Residual Learning", "", [("He", "Kaiming"), ("Zhang", "Xiangyu")], False, None, ""),
    ("Deep Residual Learning for Image Recognition (CVPR 2016)",
     "Deep Residual Learning for Image Recognition", "", [], False, 2016, "CVPR"),
    ("Why Can GPT Learn In-Context? Dai et al. 2022", "Why Can GPT Learn In-Context?", "", [("Dai", "")], True,
     2022, ""),
    ("LongNet: Scaling Transformers to 1,000,000,000 Tokens, arXiv:2307.02486",
     "LongNet: Scaling Transformers to 1,000,000,000 Tokens", "2307.02486", [], False, None, ""),
    ("**[BEiT v2](https://arxiv.org/abs/2208.06366)**: Masked Image Modeling — Peng et al., 2022",
     "BEiT v2: Masked Image Modeling", "2208.06366", [("Peng", "")], True, 2022, ""),
    ("Self-Attention - A Survey", "Self-Attention - A Survey", "", [], False, None, ""),
    ("Neural Networks - Deep Learning", "Neural Networks - Deep Learning", "", [], False, None, ""),
    ("[arXiv](https://arxiv.org/abs/2307.05300)", "", "2307.05300", [], False, None, ""),
    ("https://huggingface.co/papers/2307.05300", "", "2307.05300", [], False, None, ""),
    ("DiT", "DiT", "", [], False, None, ""),
], ids=["link-dash-etal", "bold-venue", "italic-authors-year", "underscore-and", "paren-venue", "question-etal",
        "trailing-id", "bold-link-subtitle", "dash-in-title", "title-case-after-dash", "paper-label-only",
        "bare-url", "short-acronym"])
def test_parse_item(body, title, arxiv, authors, truncated, year, venue):
    item = markdown.parse_item(body)
    assert item.title == title
    assert next((f.arxiv.id for f in item.ids if f.arxiv), "") == arxiv
    assert [(p.family, p.given) for p in item.author] == authors
    assert (item.truncated, item.year, item.venue) == (truncated, year, venue)


def test_links_sorted_by_label():
    item = markdown.parse_item("*Few-Shot Learners*, 2020. [[pdf](https://arxiv.org/pdf/2005.14165v4.pdf)] "
                               "[[code](https://github.com/openai/gpt-3)] [[blog](https://openai.com/blog)]")
    assert [(f.arxiv.id, f.arxiv.version) for f in item.ids] == [("2005.14165", 4)]
    assert item.code_urls == ["https://github.com/openai/gpt-3", "https://openai.com/blog"]
    assert item.url == ""


TEXT = """\
# Reading list

Intro prose.

## Long Context
- [LongNet](https://arxiv.org/abs/2307.02486v2) — Ding et al., 2023
  - [code](https://aka.ms/LongNet)
  - [doi](https://doi.org/10.48550/arXiv.2307.02486)
  Some description.
- Retentive Network (arXiv 2023)

### Retrieval
1. [Query2doc](https://aclanthology.org/2023.emnlp-main.585/)
   - [pdf](https://arxiv.org/pdf/2303.07678)
2. [code](https://github.com/only/code)

| a | b |
|---|---|

```
- not an item
```
"""


def test_document():
    result = markdown.parse(TEXT, "list.md")
    rows = [(e.source.line, e.title, e.arxiv_id, e.arxiv_version, e.doi, e.url, e.type, dict(e.listing))
            for e in result.entries]
    assert rows == [
        (6, "LongNet", "2307.02486", 2, "10.48550/arxiv.2307.02486", "https://arxiv.org/abs/2307.02486v2",
         "article", {"heading": "Long Context", "code_urls": "https://aka.ms/LongNet"}),
        (10, "Retentive Network", "", None, "", "", "document", {"heading": "Long Context", "venue": "arXiv"}),
        (13, "Query2doc", "2303.07678", None, "", "https://aclanthology.org/2023.emnlp-main.585/", "article",
         {"heading": "Retrieval"}),
    ]
    assert result.entries[0].author == (Person(family="Ding"),) and result.entries[0].authors_truncated
    assert [f"{d.severity} {d}" for d in result.diagnostics] == [
        "warning list.md:3: not a list item: 'Intro prose.'",
        "error list.md:15: no title, arXiv id or DOI in '2. [code](https://github.com/only/code)'",
        "warning list.md:17: Markdown table not read (one paper per list item, please)",
        "warning list.md:20: code block not read as list items",
    ]


def test_heading_levels_reset():
    result = markdown.parse("# A\n## B\n- one\n# C\n- two\n", "h.md")
    assert [e.listing_value("heading") for e in result.entries] == ["B", "C"]


def test_nothing_but_prose_says_so():
    result = markdown.parse("Just words.\n", "p.md")
    assert result.entries == [] and [str(d) for d in result.diagnostics] == ["p.md:1: not a list item: 'Just words.'"]


def test_huge_lines_do_not_stall():
    text = "# H\n- " + "[x](" * 50_000 + "\n- " + "word " * 300_000 + "\n"
    result = markdown.parse(text, "big.md")
    assert [str(d) for d in result.diagnostics] == [
        "big.md:2: line of 200,002 characters skipped", "big.md:3: line of 1,500,002 characters skipped"]


@pytest.mark.parametrize("text, low, high", [
    ("# T\n- [A](https://a.org)\n- [B](https://b.org)\n", 0.9, 0.96),
    ("- one\n- two\n- three\n", 0.8, 0.9),
    ("Attention\nBERT\nGPT\n- one\n", 0.0, 0.3),
    ("@article{a,\n  title = {X},\n}\n", 0.0, 0.0),
    ("CLJul 11, 2023Code\nTitleAnn Lee · x\nabstract\n", 0.0, 0.0),
], ids=["awesome", "bullets", "few-bullets", "bibtex", "listing"])
def test_detect(text, low, high):
    assert low <= markdown.detect(text) <= high


def test_reference_style_links():
    text = ("- [Attention Is All You Need][1] — Vaswani et al., 2017\n- [BERT] [bert]\n- [Unknown][9]\n\n"
            "[1]: https://arxiv.org/abs/1706.03762\n[BERT]: <https://doi.org/10.18653/v1/N19-1423> \"BERT\"\n")
    result = markdown.parse(text, "refs.md")
    assert [(e.title, e.arxiv_id, e.doi) for e in result.entries] == [
        ("Attention Is All You Need", "1706.03762", ""), ("BERT", "", "10.18653/v1/n19-1423"),
        ("Unknown", "", "")]
    assert result.diagnostics == []
