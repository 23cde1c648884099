"""The ``ids`` reader: every arXiv id and DOI form, several per line, and what it refuses."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refkit.ids import ArxivId
from refkit.importers import identifiers


def _one(line: str):
    found, _ = identifiers.find_identifiers(line)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("line, arxiv", [
    ("2307.05300", ("2307.05300", None)),
    ("2307.05300v4", ("2307.05300", 4)),
    ("arXiv:2307.05300", ("2307.05300", None)),
    ("ARXIV : 2307.05300v12", ("2307.05300", 12)),
    ("hep-th/9901001v2", ("hep-th/9901001", 2)),
    ("arXiv:math.GT/0309136", ("math.GT/0309136", None)),
    ("0704.0001", ("0704.0001", None)),
    ("https://arxiv.org/abs/2307.05300", ("2307.05300", None)),
    ("https://arxiv.org/pdf/2307.05300v2.pdf", ("2307.05300", 2)),
    ("https://arxiv.org/pdf/2307.05300v2", ("2307.05300", 2)),
    ("https://arxiv.org/html/2307.05300v1", ("2307.05300", 1)),
    ("http://export.arxiv.org/abs/2307.05300", ("2307.05300", None)),
    ("www.arxiv.org/abs/2307.05300.", ("2307.05300", None)),
    ("arxiv.org/abs/hep-th/9901001", ("hep-th/9901001", None)),
    ("https://huggingface.co/papers/2307.05300", ("2307.05300", None)),
    ("https://www.alphaxiv.org/abs/2307.05300", ("2307.05300", None)),
    ("(https://arxiv.org/abs/2307.05300)", ("2307.05300", None)),
    ("<https://arxiv.org/abs/2307.05300>", ("2307.05300", None)),
], ids=["bare", "version", "prefix", "prefix-spaced-caps", "old-style", "old-subject", "2007-four-digits",
        "abs", "pdf", "pdf-no-suffix", "html", "export", "www-no-scheme", "no-scheme-old", "huggingface",
        "alphaxiv", "parenthesised", "angle-brackets"])
def test_arxiv_forms(line, arxiv):
    item = _one(line)
    assert (item.arxiv.id, item.arxiv.version) == arxiv


@pytest.mark.parametrize("line, doi, arxiv", [
    ("10.1145/3292500.3330701", "10.1145/3292500.3330701", None),
    ("doi:10.1145/3292500.3330701.", "10.1145/3292500.3330701", None),
    ("https://doi.org/10.18653/v1/2020.acl-main.463", "10.18653/v1/2020.acl-main.463", None),
    ("https://dl.acm.org/doi/10.1145/3442188.3445922", "10.1145/3442188.3445922", None),
    ("10.48550/arXiv.2307.05300", "10.48550/arxiv.2307.05300", "2307.05300"),
    ("https://doi.org/10.48550/arXiv.2307.05300", "10.48550/arxiv.2307.05300", "2307.05300"),
    ("10.1002/(SICI)1097-4571(199806)49:8", "10.1002/(sici)1097-4571(199806)49:8", None),
], ids=["bare", "doi-prefix-period", "resolver", "publisher-url", "arxiv-doi", "arxiv-doi-url", "parentheses"])
def test_doi_forms(line, doi, arxiv):
    item = _one(line)
    assert item.doi == doi
    assert (item.arxiv.id if item.arxiv else None) == arxiv


def test_many_per_line_in_order_and_repeats_merged():
    found, _ = identifiers.find_identifiers(
        "0704.0001 1501.00001, arXiv:2307.05313;2307.05314 [2307.05315](https://arxiv.org/abs/2307.05315v3)")
    assert [f.arxiv for f in found] == [ArxivId("0704.0001"), ArxivId("1501.00001"), ArxivId("2307.05313"),
                                        ArxivId("2307.05314"), ArxivId("2307.05315", 3)]
    assert found[-1].url == "https://arxiv.org/abs/2307.05315v3"


@pytest.mark.parametrize("line", ["1706.0376", "1412.12345", "1713.00001", "arXiv:9999.99999v99999999999999999999",
                                  "1.2307.05300", "2307.05300.1", "arxiv.org/abs/", "10.", "version 2.0"],
                         ids=["new-era-four-digits", "old-era-five-digits", "month-13", "absurd-version",
                              "inside-number", "dotted-tail", "url-without-id", "doi-stub", "prose"])
def test_not_identifiers(line):
    found, _ = identifiers.find_identifiers(line)
    assert [f for f in found if not f.unknown_url] == []


def test_reader_records_hold_only_the_identifier():
    text = "2307.05300v4\nhttps://doi.org/10.1145/3292500.3330701\n10.48550/arXiv.2307.05312 (ICAE)\n"
    result = identifiers.parse(text, "ids.txt")
    first, second, third = result.entries
    assert (first.type, first.arxiv_id, first.arxiv_version, first.doi, first.title) == \
        ("article", "2307.05300", 4, "", "")
    assert (second.type, second.doi, second.url) == \
        ("document", "10.1145/3292500.3330701", "https://doi.org/10.1145/3292500.3330701")
    assert (third.arxiv_id, third.doi, third.listing) == \
        ("2307.05312", "10.48550/arxiv.2307.05312", (("remark", "(ICAE)"),))
    assert [(e.source.file, e.source.line, e.source.reader) for e in result.entries] == \
        [("ids.txt", 1, "ids"), ("ids.txt", 2, "ids"), ("ids.txt", 3, "ids")]
    assert result.diagnostics == []


def test_reader_reports_what_it_cannot_read():
    text = ("# my list\n2307.05300\n\n2307.05300v2\n1706.0376\nAttention is all you need\n"
            "https://openreview.net/forum?id=abc\nhttps://arxiv.org/abs/2307.05301 https://github.com/x/y\n10.\n")
    result = identifiers.parse(text, "ids.txt")
    assert [e.arxiv_id for e in result.entries] == ["2307.05300", "2307.05301"]
    assert [f"{d.severity} {d}" for d in result.diagnostics] == [
        "warning ids.txt:4: 2307.05300 already listed on line 2; skipped",
        ("error ids.txt:5: looks like an arXiv id but is not a valid one (YYMM.NNNN up to 1412, YYMM.NNNNN "
         "from 1501, month 01-12): '1706.0376'"),
        "error ids.txt:6: no arXiv id or DOI found: 'Attention is all you need'",
        "error ids.txt:7: link is neither an arXiv paper nor a DOI: https://openreview.net/forum?id=abc",
        "warning ids.txt:8: link is neither an arXiv paper nor a DOI: https://github.com/x/y",
        "error ids.txt:9: looks like a DOI but is incomplete (10.PREFIX/SUFFIX): '10.'",
    ]


def test_only_comments_still_says_something():
    result = identifiers.parse("# nothing\n\n", "ids.txt")
    assert [str(d) for d in result.diagnostics] == ["ids.txt: no arXiv id or DOI found"]


def test_huge_line_is_skipped_with_a_reason():
    result = identifiers.parse("2307.05300\n" + "9" * (identifiers.MAX_LINE + 1) + "\n", "big.txt")
    assert [e.arxiv_id for e in result.entries] == ["2307.05300"]
    assert [str(d) for d in result.diagnostics] == ["big.txt:2: line of 100,001 characters skipped"]


@pytest.mark.parametrize("text, low, high", [
    ("2307.05300\narXiv:2307.05301\nhttps://arxiv.org/abs/2307.05302\n", 0.9, 1.0),
    ("- 2307.05300\n- 2307.05301\n", 0.9, 1.0),
    ("2307.05300\nAttention is all you need\nBERT\n", 0.0, 0.2),
    ("@article{a,\n  doi = {10.1145/1},\n  title = {X},\n}\n", 0.0, 0.2),
    ("", 0.0, 0.0),
], ids=["ids-only", "bulleted-ids", "mostly-titles", "bibtex", "empty"])
def test_detect(text, low, high):
    assert low <= identifiers.detect(text) <= high


# ---- property: every valid new-style id, in every written form, reads back to itself ---------------


@st.composite
def _arxiv_ids(draw):
    year, month = draw(st.integers(7, 30)), draw(st.integers(1, 12))
    digits = 5 if (year, month) >= (15, 1) else 4
    number = draw(st.integers(1, 10 ** digits - 1))
    version = draw(st.one_of(st.none(), st.integers(1, 30)))
    return ArxivId(f"{year:02d}{month:02d}.{number:0{digits}d}", version)


_FORMS = ["{a}", "arXiv:{a}", "https://arxiv.org/abs/{a}", "https://arxiv.org/pdf/{a}.pdf", "arxiv.org/html/{a}",
          "https://huggingface.co/papers/{a}", "({a}).", "see https://www.alphaxiv.org/abs/{a}, ok"]


@settings(max_examples=200, deadline=None)
@given(arxiv=_arxiv_ids(), form=st.sampled_from(_FORMS))
def test_every_form_reads_back(arxiv, form):
    if "huggingface" in form or "alphaxiv" in form:
        arxiv = ArxivId(arxiv.id)  # those sites link the paper, not a version
    assert [f.arxiv for f in identifiers.find_identifiers(form.format(a=arxiv))[0]] == [arxiv]


def test_arxiv_citation_form_gives_the_category():
    result = identifiers.parse("arXiv:2307.05300v2 [cs.CL]\narXiv:hep-th/9901001 [hep-th]\n2307.05301 [my note]\n",
                               "c.txt")
    assert [(e.primary_category, e.categories, e.listing) for e in result.entries] == [
        ("cs.CL", ("cs.CL",), ()), ("hep-th", ("hep-th",), ()), ("", (), (("remark", "[my note]"),))]


@pytest.mark.parametrize("url, doi", [
    ("https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2.full.pdf", "10.1101/2020.01.01.123456"),
    ("https://link.springer.com/content/pdf/10.1007/978-3-030-58452-8_13.pdf", "10.1007/978-3-030-58452-8_13"),
    ("https://onlinelibrary.wiley.com/doi/epdf/10.1002/aisy.202000001", "10.1002/aisy.202000001"),
    ("https://dl.acm.org/doi/abs/10.1145/3442188.3445922", "10.1145/3442188.3445922"),
], ids=["biorxiv-version-pdf", "springer-pdf", "wiley-epdf", "acm-abs"])
def test_doi_inside_publisher_links(url, doi):
    assert _one(url).doi == doi


def test_arxiv_pdf_stamp():
    (entry,) = identifiers.parse("arXiv:2307.05300v2 [cs.CL] 11 Jul 2023\n", "s.txt").entries
    assert (entry.arxiv_version, entry.primary_category, entry.listing) == \
        (2, "cs.CL", (("remark", "11 Jul 2023"),))
