"""RIS reader: the shapes other tools write (Zotero, EndNote, publisher sites), and file:line
diagnostics for everything it cannot read as-is."""
from __future__ import annotations

import pytest

from refkit.importers import read_text
from refkit.importers.ris import detect, parse
from refkit.model import PartialDate, Person

# What Zotero writes for an arXiv preprint (RIS.js export: GEN, Extra in M2... one line per tag)
ZOTERO_PREPRINT = """\
TY  - GEN
TI  - Attention Is All You Need
AU  - Vaswani, Ashish
AU  - Shazeer, Noam
AB  - The dominant sequence transduction models are based on complex recurrent or
convolutional neural networks.
DA  - 2017/06/12/
PY  - 2017
DO  - 10.48550/arXiv.1706.03762
DP  - arXiv.org
PB  - arXiv
UR  - http://arxiv.org/abs/1706.03762
Y2  - 2024/01/05/10:00:00
N1  - arXiv:1706.03762 [cs]
KW  - Computer Science - Computation and Language
KW  - Computer Science - Machine Learning
ER  - \n"""

# EndNote / publisher style: Y1 with slashes, JO/JF, T1, SP+EP, several SN, ED
ENDNOTE = """\
TY  - JOUR
T1  - Deep learning
A1  - LeCun, Yann
A1  - Bengio, Yoshua
A1  - Hinton, Geoffrey
Y1  - 2015/05/28
JF  - Nature
JO  - Nature
VL  - 521
IS  - 7553
SP  - 436
EP  - 444
SN  - 1476-4687
UR  - https://doi.org/10.1038/nature14539
DO  - https://doi.org/10.1038/nature14539
ER  - \n"""


def test_zotero_preprint_export_is_read_with_arxiv_fields():
    result = parse(ZOTERO_PREPRINT, "zotero.ris")
    assert result.diagnostics == []
    entry = result.entries[0]
    assert entry.type == "article"  # GEN + PB arXiv + an arXiv id
    assert entry.title == "Attention Is All You Need"
    assert entry.author == (Person("Vaswani", "Ashish"), Person("Shazeer", "Noam"))
    assert entry.issued == PartialDate(2017, 6, 12)
    assert entry.arxiv_id == "1706.03762" and entry.doi == "10.48550/arxiv.1706.03762"
    assert entry.abstract.endswith("recurrent or\nconvolutional neural networks.")
    assert entry.keywords == ("Computer Science - Computation and Language", "Computer Science - Machine Learning")
    assert entry.note == "arXiv:1706.03762 [cs]"
    assert ("ris:DP", "arXiv.org") in entry.extra and ("ris:Y2", "2024/01/05/10:00:00") in entry.extra
    assert entry.source.where() == "zotero.ris:1" and entry.source.reader == "ris"


def test_endnote_journal_article():
    entry = parse(ENDNOTE, "endnote.ris").entries[0]
    assert entry.type == "article-journal"
    assert entry.title == "Deep learning" and entry.container_title == "Nature"
    assert entry.issued == PartialDate(2015, 5, 28)
    assert (entry.volume, entry.issue, entry.page, entry.issn) == ("521", "7553", "436-444", "1476-4687")
    assert entry.doi == "10.1038/nature14539"
    assert [p.family for p in entry.author] == ["LeCun", "Bengio", "Hinton"]


def test_read_through_format_detection():
    result = read_text(ENDNOTE + "\n" + ZOTERO_PREPRINT, "refs.ris")
    assert result.reader == "ris" and len(result.entries) == 2


@pytest.mark.parametrize("text, score", [
    ("TY  - JOUR\nTI  - x\nER  - \n", 0.95),
    ("\ufeff\r\nTY  - BOOK\r\n", 0.95),
    ("Exported from somewhere\n\nTY  - JOUR\n", 0.7),
    ("@article{k, title={TY  - JOUR}}", 0.0),
    ("- [Paper](https://arxiv.org/abs/2307.05300)", 0.0),
], ids=["plain", "bom-crlf", "header-line", "bibtex", "markdown"])
def test_detect(text, score):
    assert detect(text) == score


def test_unknown_type_is_a_document_with_a_warning():
    result = parse("TY  - WEIRD\nTI  - Something\nER  - \n", "x.ris")
    assert result.entries[0].type == "document"
    assert [(d.code, d.line, d.severity) for d in result.diagnostics] == [("ris-unknown-type", 1, "warning")]


def test_missing_er_and_stray_lines_are_reported_with_lines():
    text = "junk before\nTY  - JOUR\nTI  - First\nTY  - BOOK\nTI  - Second\nER  - \nAU  - Orphan, Tag\nTY  - GEN\nTI  - Third\n"
    result = parse(text, "broken.ris")
    assert [e.title for e in result.entries] == ["First", "Second", "Third"]
    assert [(d.line, d.code) for d in result.diagnostics] == [
        (1, "ris-stray-line"), (2, "ris-unclosed-record"), (7, "ris-outside-record"), (8, "ris-unclosed-record")]
    assert str(next(d for d in result.diagnostics if d.code == "ris-outside-record")) == \
        "broken.ris:7: AU line outside a record (no TY line before it); ignored"


def test_duplicate_fields_and_bad_dates_are_kept_aside():
    result = parse("TY  - JOUR\nTI  - One\nTI  - Two\nPY  - circa 1900\nER  - \n", "d.ris")
    entry = result.entries[0]
    assert entry.title == "One" and entry.issued is None
    assert ("ris:TI", "Two") in entry.extra and ("ris:PY", "circa 1900") in entry.extra
    assert sorted(d.code for d in result.diagnostics) == ["ris-bad-date", "ris-duplicate-field"]


def test_names_particles_institutions_and_suffixes():
    text = "TY  - JOUR\nAU  - van der Berg, Jan\nAU  - World Health Organization\nAU  - King, Martin L., Jr.\n" \
           "AU  - Plato,\nER  - \n"
    assert parse(text).entries[0].author == (
        Person("Berg", "Jan", "van der"), Person(literal="World Health Organization"),
        Person("King", "Martin L.", suffix="Jr."), Person("Plato"))


def test_keywords_split_like_zotero_and_notes_joined():
    text = "TY  - GEN\nKW  - a; b\nKW  - c\nN1  - first\nN1  - second\nER  - \n"
    entry = parse(text).entries[0]
    assert entry.keywords == ("a", "b", "c") and entry.note == "first\n\nsecond"


def test_conference_paper_proceedings_and_conference_name():
    text = "TY  - CPAPER\nTI  - P\nT2  - ACL 2020\nC3  - Proceedings of ACL\nER  - \n"
    entry = parse(text).entries[0]
    assert (entry.type, entry.container_title, entry.event_title) == ("paper-conference", "Proceedings of ACL",
                                                                       "ACL 2020")


def test_m2_type_preprint_and_arxiv_line():
    text = "TY  - GEN\nTI  - P\nM2  - Type: preprint\nM2  - arXiv:2307.05300 [cs.AI]\nM2  - something else\nER  - \n"
    entry = parse(text).entries[0]
    assert (entry.type, entry.arxiv_id, entry.primary_category) == ("article", "2307.05300", "cs.AI")
    assert entry.extra == (("ris:M2", "something else"),)


def test_empty_input():
    result = parse("   \n")
    assert result.entries == [] and [d.code for d in result.diagnostics] == ["empty-input"]


def test_a_do_line_that_is_no_doi_is_kept_aside():
    entry = parse("TY  - JOUR\nDO  - not a doi\nER  - \n").entries[0]
    assert entry.doi == "" and entry.extra == (("ris:DO", "not a doi"),)
