"""The ``titles`` reader: one title per line, kept as typed; identifiers read; junk reported."""
from __future__ import annotations

import pytest

from refkit.importers import titles


@pytest.mark.parametrize("line, title", [
    ("attention is all you need", "attention is all you need"),
    ("  BERT:   pre-training  of deep transformers.  ", "BERT: pre-training of deep transformers"),
    ("1. LongNet: Scaling Transformers to 1,000,000,000 Tokens", "LongNet: Scaling Transformers to 1,000,000,000 Tokens"),
    ("2) DeepNet: scaling transformers to 1,000 layers", "DeepNet: scaling transformers to 1,000 layers"),
    ("[3] KOSMOS-2.5: A Multimodal Literate Model", "KOSMOS-2.5: A Multimodal Literate Model"),
    ("- [x] DiT: Self-supervised Pre-training", "[x] DiT: Self-supervised Pre-training"),
    ("• BEiT v2", "BEiT v2"),
    ('"Why Can GPT Learn In-Context?"', "Why Can GPT Learn In-Context?"),
    ("“Curly Quoted Title.”", "Curly Quoted Title"),
    ("Policy in the U.S.", "Policy in the U.S."),
    ("Wait for it...", "Wait for it..."),
    ("Is 2 > 1?", "Is 2 > 1?"),
], ids=["lower", "spaces-period", "numbered", "paren-number", "bracket-number", "bullet-checkbox", "dot-bullet",
        "quotes-question", "curly-quotes", "abbreviation", "ellipsis", "symbols"])
def test_clean_title(line, title):
    assert titles.clean_title(line) == title


@pytest.mark.parametrize("text, reason", [
    ("@article{key, title={X}}", "looks like a BibTeX entry (try --format bibtex)"),
    ("  title = {A field},", "looks like a BibTeX field, not a title"),
    ("TY  - JOUR", "looks like an RIS tag line (try --format ris)"),
    ('[{"id": "a", "title": "Half', "looks like JSON, not a title (try --format csljson)"),
    ("<html><body>", "looks like HTML, not a title"),
    ("https://openreview.net/forum?id=abc", "a link that names no arXiv paper or DOI"),
    ("12345", "no words in it"),
    ("???!!!", "no words in it"),
    ("Top 10: 1 2 3 4 5 6 7 8 9 0 1 2", "mostly symbols or digits, not a title"),
    ("Smith et al.", "looks like an author list, not a title"),
    ("word " * 100, "500 characters is too long for a title"),
], ids=["bibtex", "bibtex-field", "ris", "json", "html", "unknown-link", "digits", "punctuation", "mostly-digits",
        "authors", "too-long"])
def test_title_problem(text, reason):
    assert titles.title_problem(text) == reason


def test_title_only_records_nothing_invented():
    result = titles.parse("attention is all you need\n\nBERT\n", "t.txt")
    first, second = result.entries
    assert first.title == "attention is all you need"
    assert (first.type, first.author, first.issued, first.doi, first.arxiv_id, first.url) == \
        ("document", (), None, "", "", "")
    assert (second.title, second.source.line, second.source.reader) == ("BERT", 3, "titles")
    assert result.diagnostics == []


def test_mixed_lines_read_reported_in_order():
    text = ("Attention Is All You Need\n# comment\n-----\narXiv:2307.05300\n{\"a\": 1}\n"
            "https://huggingface.co/papers/2307.06945 ICAE\n12345\n")
    result = titles.parse(text, "m.txt")
    assert [(e.source.line, e.source.reader, e.title or e.arxiv_id) for e in result.entries] == [
        (1, "titles", "Attention Is All You Need"), (4, "ids", "2307.05300"), (6, "ids", "2307.06945")]
    assert result.entries[2].listing == (("remark", "ICAE"),)
    assert [str(d) for d in result.diagnostics] == [
        "m.txt:5: looks like JSON, not a title (try --format csljson): '{\"a\": 1}'",
        "m.txt:7: no words in it: '12345'"]


def test_ten_megabyte_line():
    result = titles.parse("attention is all you need " * 400_000, "big.txt")
    assert result.entries == []
    assert [str(d) for d in result.diagnostics] == ["big.txt:1: line of 10,400,000 characters skipped"]


def test_nothing_but_comments():
    assert [str(d) for d in titles.parse("# a\n% b\n", "c.txt").diagnostics] == ["c.txt: no titles found"]


@pytest.mark.parametrize("text, low, high", [
    ("Attention Is All You Need\nBERT: Pre-training\nlanguage models are few-shot learners\n", 0.4, 0.45),
    ("Attention Is All You Need\narXiv:2307.05300\n", 0.4, 0.45),
    ("@article{a,\n  title = {X},\n  year = 2020,\n}\n", 0.0, 0.0),
    ('[{"id": "a", "title": "x"}]', 0.0, 0.0),
    ("TY  - JOUR\nTI  - A title\nER  - \n", 0.0, 0.0),
], ids=["titles", "titles-and-ids", "bibtex", "csl-json", "ris"])
def test_detect_stays_modest(text, low, high):
    assert low <= titles.detect(text) <= high
