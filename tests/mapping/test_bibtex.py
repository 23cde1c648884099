"""refkit.mapping.bibtex: BibTeX fields <-> Entry."""
from __future__ import annotations

import pytest

from refkit.mapping.bibtex import from_bibtex, parse_month, to_bibtex
from refkit.model import Entry, PartialDate, Person

ARXIV = {"arxiv_id": "2307.05300", "primary_category": "cs.CL"}

ARXIV_FORMS = {
    "arXiv export (eprint, archivePrefix, primaryClass)": (
        "misc", {"eprint": "2307.05300v2", "archiveprefix": "arXiv", "primaryclass": "cs.CL"},
        {**ARXIV, "arxiv_version": 2}),
    "biblatex (eprinttype, eprintclass)": (
        "online", {"eprint": "2307.05300", "eprinttype": "arxiv", "eprintclass": "cs.CL"}, ARXIV),
    "Google Scholar journal": ("article", {"journal": "arXiv preprint arXiv:2307.05300"}, {"arxiv_id": "2307.05300"}),
    "howpublished with class": ("misc", {"howpublished": "arXiv:2307.05300 [cs.CL]"}, ARXIV),
    "arXiv URL only": ("misc", {"url": "https://arxiv.org/abs/2307.05300"}, {"arxiv_id": "2307.05300"}),
    "arXiv DOI only": ("misc", {"doi": "10.48550/arXiv.2307.05300"}, {"arxiv_id": "2307.05300"}),
    "old-style id": ("misc", {"eprint": "hep-th/9901001", "archiveprefix": "arXiv"}, {"arxiv_id": "hep-th/9901001"}),
}


@pytest.mark.parametrize("bib_type,fields,expected", ARXIV_FORMS.values(), ids=ARXIV_FORMS.keys())
def test_arxiv_forms_map_to_id_and_category(bib_type, fields, expected):
    entry = from_bibtex(bib_type, "k", [("title", "T"), *fields.items()])
    assert {k: getattr(entry, k) for k in expected} == expected
    assert entry.type == "article"  # a preprint
    assert entry.container_title == ""


def test_dblp_corr_stays_a_journal_article():
    entry = from_bibtex("article", "k", [("journal", "CoRR"), ("volume", "abs/1706.03762"), ("eprint", "1706.03762"),
                                         ("archiveprefix", "arXiv")])
    assert (entry.type, entry.container_title, entry.volume, entry.arxiv_id) == (
        "article-journal", "CoRR", "abs/1706.03762", "1706.03762")


def test_fields_map_to_slots_and_unknown_fields_stay_in_order():
    entry = from_bibtex("InProceedings", "vaswani2017", [
        ("author", "Vaswani, Ashish and Shazeer, Noam and others"), ("title", "Attention Is All You {Need}"),
        ("booktitle", "Advances in Neural Information Processing Systems"), ("zzz", "first"),
        ("year", "2017"), ("month", "dec"), ("pages", "5998--6008"), ("doi", "https://doi.org/10.5555/ABC"),
        ("keywords", "attention; transformers, NLP"), ("address", "Long Beach"), ("aaa", "{raw \\TeX}")])
    assert entry.type == "paper-conference"
    assert entry.author == (Person("Vaswani", "Ashish"), Person("Shazeer", "Noam"))
    assert entry.authors_truncated
    assert entry.title == 'Attention Is All You <span class="nocase">Need</span>'
    assert entry.container_title == "Advances in Neural Information Processing Systems"
    assert entry.issued == PartialDate(2017, 12)
    assert entry.page == "5998-6008"
    assert entry.doi == "10.5555/abc"
    assert entry.keywords == ("attention", "transformers", "NLP")
    assert entry.publisher_place == "Long Beach"
    assert entry.extra == (("zzz", "first"), ("aaa", "{raw \\TeX}"))


@pytest.mark.parametrize("text,month", [("jul", 7), ("July", 7), ("7", 7), ("07", 7), ("{Sept.}", 9),
                                        ("July 1-4", None), ("13", None)])
def test_parse_month(text, month):
    assert parse_month(text) == month


def test_values_that_do_not_parse_are_kept_raw_and_written_back():
    entry = from_bibtex("book", "k", [("year", "{\\noopsort{1973b}}1973"), ("month", "July 1-4"),
                                      ("date", "1988/1992")])
    assert entry.issued == PartialDate(1973)
    assert dict(entry.extra) == {"year": "{\\noopsort{1973b}}1973", "month": "July 1-4", "date": "1988/1992"}
    _, fields = to_bibtex(entry)
    assert [f for f in fields if f[0] in ("year", "month", "date")] == list(entry.extra)


def test_iso_date_becomes_issued():
    entry = from_bibtex("online", "k", [("date", "2017-06-12")])
    assert entry.issued == PartialDate(2017, 6, 12)
    assert [f for f in to_bibtex(entry, "biblatex")[1] if f[0] in ("year", "date")] == [
        ("year", "2017"), ("date", "2017-06-12")]
    assert [f for f in to_bibtex(entry)[1] if f[0] in ("year", "month", "date")] == [
        ("year", "2017"), ("month", "jun"), ("date", "2017-06-12")]


TYPE_CASES = {
    "article": ("article", "article-journal", "article", "article"),
    "inproceedings": ("inproceedings", "paper-conference", "inproceedings", "inproceedings"),
    "conference keeps its name": ("conference", "paper-conference", "conference", "inproceedings"),
    "phdthesis": ("phdthesis", "thesis", "phdthesis", "thesis"),
    "mastersthesis": ("mastersthesis", "thesis", "mastersthesis", "thesis"),
    "techreport": ("techreport", "report", "techreport", "report"),
    "online is misc in BibTeX": ("online", "webpage", "misc", "online"),
    "mvbook without publisher is misc in BibTeX": ("mvbook", "book", "misc", "mvbook"),
    "proceedings": ("proceedings", "book", "proceedings", "proceedings"),
    "patent": ("patent", "patent", "patent", "patent"),
    "unknown type": ("whatever", "document", "whatever", "whatever"),
}


@pytest.mark.parametrize("bib_type,csl,bibtex,biblatex", TYPE_CASES.values(), ids=TYPE_CASES.keys())
def test_types_both_ways(bib_type, csl, bibtex, biblatex):
    entry = from_bibtex(bib_type, "k", [("title", "T"), ("journal", "J")] if bib_type == "article" else [("title", "T")])
    assert entry.type == csl
    assert to_bibtex(entry, "bibtex")[0] == bibtex
    assert to_bibtex(entry, "biblatex")[0] == biblatex


def test_types_from_csl_entries():
    assert to_bibtex(Entry(type="paper-conference", container_title="ACL"))[0] == "inproceedings"
    assert to_bibtex(Entry(type="thesis", genre="Master's thesis"))[0] == "mastersthesis"
    assert to_bibtex(Entry(type="webpage"), "biblatex")[0] == "online"


def test_arxiv_preprint_in_bibtex_dialect():
    entry = Entry(type="article", key="k", title="Kosmos-2: Grounding LLMs", author=(Person("Peng", "Zhiliang"),),
                  issued=PartialDate(2023, 6), arxiv_id="2306.14824", arxiv_version=3, primary_category="cs.CL")
    bib_type, fields = to_bibtex(entry, "bibtex")
    assert bib_type == "misc"
    assert fields == [
        ("author", "Peng, Zhiliang"), ("title", "{Kosmos-2}: Grounding {LLMs}"), ("year", "2023"), ("month", "jun"),
        ("howpublished", "arXiv:2306.14824v3 [cs.CL]"), ("eprint", "2306.14824v3"), ("archivePrefix", "arXiv"),
        ("primaryClass", "cs.CL"), ("url", "https://arxiv.org/abs/2306.14824")]


def test_arxiv_preprint_in_biblatex_dialect():
    entry = Entry(type="article", key="k", title="T", issued=PartialDate(2023, 6, 24), arxiv_id="2306.14824",
                  primary_category="cs.CL", url="https://arxiv.org/abs/2306.14824")
    bib_type, fields = to_bibtex(entry, "biblatex")
    assert bib_type == "misc"  # @misc + eprint fields: clean under biber and the classic styles alike
    assert fields == [("title", "T"), ("year", "2023"), ("date", "2023-06-24"), ("eprint", "2306.14824"), ("eprinttype", "arxiv"),
                      ("eprintclass", "cs.CL"), ("url", "https://arxiv.org/abs/2306.14824")]


def test_refkit_never_chooses_article_without_journal():
    assert to_bibtex(Entry(type="article-journal", title="T"))[0] == "misc"
    assert to_bibtex(Entry(type="article-journal", title="T"), "biblatex")[0] == "misc"
    crossref_child = from_bibtex("article", "k", [("title", "T"), ("crossref", "whole")])
    assert to_bibtex(crossref_child)[0] == "article"


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_a_source_article_without_journal_stays_an_article(dialect):
    entry = from_bibtex("article", "McGa89", [("author", "James L McGaugh"), ("title", "Involvement"),
                                              ("year", "1989")])
    assert entry.type == "article-journal" and entry.container_title == ""
    assert to_bibtex(entry, dialect) == ("article", [("author", "McGaugh, James L"), ("title", "Involvement"),
                                                    ("year", "1989")] + ([("date", "1989")] if dialect == "biblatex" else []))


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_booktitle_on_an_article_is_written_back_as_booktitle(dialect):
    entry = from_bibtex("article", "k", [("title", "T"), ("booktitle", "Schizophrenia Bulletin"), ("number", "3")])
    assert (entry.container_title, entry.issue) == ("Schizophrenia Bulletin", "3")  # CSL and RIS see a container
    bib_type, fields = to_bibtex(entry, dialect)
    assert bib_type == "article"
    assert ("booktitle", "Schizophrenia Bulletin") in fields and "journal" not in dict(fields)
    both = from_bibtex("article", "k", [("title", "T"), ("journal", "J"), ("booktitle", "B")])
    assert to_bibtex(both)[1] == [("title", "T"), ("journal", "J"), ("booktitle", "B")]


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_google_scholar_preprint_keeps_its_type_and_journal(dialect):
    journal = "{arXiv} Preprint {arXiv}:1910.06508"
    entry = from_bibtex("article", "k", [("title", "T"), ("journal", journal), ("year", "2019")])
    assert (entry.type, entry.arxiv_id, entry.container_title) == ("article", "1910.06508", "")  # CSL: a preprint
    bib_type, fields = to_bibtex(entry, dialect)
    assert bib_type == "article"
    assert ("journal", journal) in fields
    assert not {"eprint", "howpublished", "url", "archivePrefix", "eprinttype"} & set(dict(fields)), \
        "nothing derived: biber would print the id twice"
    with_eprint = from_bibtex("article", "k", [("title", "T"), ("journal", "arXiv preprint arXiv:1910.06508"),
                                               ("eprint", "1910.06508"), ("archiveprefix", "arXiv")])
    assert to_bibtex(with_eprint)[1] == [("title", "T"), ("journal", "arXiv preprint arXiv:1910.06508"),
                                         ("eprint", "1910.06508"), ("archiveprefix", "arXiv")]


def test_an_arxiv_id_in_eprint_is_still_written_when_other_arxiv_named_fields_are_kept():
    entry = from_bibtex("inproceedings", "k", [("title", "T"), ("booktitle", "ACL"), ("journal", "Other"),
                                               ("eprint", "2307.05300"), ("archiveprefix", "arXiv")])
    fields = dict(to_bibtex(entry)[1])
    assert fields["eprint"] == "2307.05300" and fields["journal"] == "Other" and fields["booktitle"] == "ACL"


def test_text_fields_are_escaped_but_url_and_doi_are_raw():
    entry = Entry(type="webpage", title="50% of C# & R_2", url="https://x.org/a_b%20c#d", doi="10.1000/a_b",
                  note="Müller")
    fields = dict(to_bibtex(entry)[1])
    assert fields["title"] == r"50\% of C\# \& {R\_2}"
    assert fields["url"] == "https://x.org/a_b%20c#d"
    assert fields["doi"] == "10.1000/a_b"
    assert fields["note"] == r'M{\"{u}}ller'
    assert dict(to_bibtex(entry, "biblatex")[1])["note"] == "Müller"


def test_extra_fields_written_back_and_win_over_derived_ones():
    entry = Entry(type="book", title="T", publisher="P", extra=(("publisher", "{Raw} P"), ("isbn13", "978")))
    assert to_bibtex(entry)[1] == [("title", "T"), ("publisher", "{Raw} P"), ("isbn13", "978")]


def test_csl_extras_are_not_written_to_bibtex():
    entry = Entry(type="book", title="T", extra=(("csl:medium", '"CD"'), ("@type", "book")))
    assert to_bibtex(entry)[1] == [("title", "T")]


def test_kept_article_forms_still_map_sensibly_to_csl_and_back():
    from refkit.mapping.csl import from_csl, to_csl

    preprint = from_bibtex("article", "liu", [("title", "T"), ("journal", "arXiv preprint arXiv:1910.06508")])
    in_book = from_bibtex("article", "firth", [("title", "T"), ("booktitle", "Schizophrenia Bulletin")])
    bare = from_bibtex("article", "mcgaugh", [("title", "T")])
    items = [to_csl(e) for e in (preprint, in_book, bare)]
    assert [(i["type"], i.get("container-title")) for i in items] == [
        ("article", None), ("article-journal", "Schizophrenia Bulletin"), ("article-journal", None)]
    assert items[0]["number"] == "arXiv:1910.06508"  # CSL's way of naming a preprint
    for entry, item in zip((preprint, in_book, bare), items):
        assert to_bibtex(from_csl(item)) == to_bibtex(entry)  # a CSL-JSON detour changes nothing in the .bib
