"""RIS export: a golden file, the rules of ZOTERO-IMPORT.md §4.1/§6.3 that decide what Zotero's RIS
translator keeps (preprint route, archive id, tags, notes), and write -> read as a fixed point.

Update the golden file with ``REFKIT_UPDATE_GOLDEN=1 pytest tests/exporters/test_ris.py``.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refkit.exporters.ris import dumps, exporter
from refkit.importers.ris import parse
from refkit.model import Annotations, Entry, PartialDate, Person

GOLDEN = Path(__file__).parent / "golden" / "ris_sample.ris"

PREPRINT = Entry(
    type="article", key="wang2023unleashing",
    title='Unleashing <span class="nocase">LLMs</span>: <i>Multi-Persona</i> Self-Collaboration',
    author=(Person("Wang", "Zhenhailong"), Person("Ji", "Heng")), issued=PartialDate(2023, 7, 11),
    arxiv_id="2307.05300", arxiv_version=4, primary_category="cs.AI", categories=("cs.AI",),
    abstract="Human intelligence thrives on cognitive synergy.", url="https://arxiv.org/abs/2307.05300",
    doi="10.48550/arxiv.2307.05300",
)
JOURNAL = Entry(
    type="article-journal", key="vaswani2017journal", title="Attention Is All You Need",
    author=(Person("Vaswani", "Ashish"), Person(literal="Google Brain"), Person("Berg", "Jan", "van der", "Jr.")),
    issued=PartialDate(2017), container_title="Journal of Things", volume="30", issue="4", page="5998–6008",
    issn="1234-5678", doi="10.1000/xyz123", language="en", keywords=("transformers",),
)
BOOK = Entry(type="book", key="knuth1984", title="The TeXbook", editor=(Person("Knuth", "Donald E."),),
             issued=PartialDate(1984), publisher="Addison-Wesley", publisher_place="Reading, MA",
             collection_title="Computers and Typesetting", isbn="0-201-13447-0", edition="1")
NOTES = {"wang2023unleashing": Annotations(tags=("agents", "llm"), projects=("thesis",), status="to-read",
                                           notes=("Key idea: personas.\nSee section 3.\n\nSecond paragraph.",))}


def _records(text: str) -> list[list[tuple[str, str]]]:
    records, current = [], []
    for line in text.split("\r\n"):
        match = re.match(r"^([A-Z][A-Z0-9])  - (.*)$", line)
        if match and match.group(1) == "ER":
            records.append(current)
            current = []
        elif match:
            current.append((match.group(1), match.group(2)))
    return records


@pytest.fixture(scope="module")
def ris_text() -> str:
    return dumps([PREPRINT, JOURNAL, BOOK], NOTES)


def test_golden_file(ris_text):
    if os.environ.get("REFKIT_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_bytes(ris_text.encode())
    assert ris_text == GOLDEN.read_bytes().decode()


def test_registered_as_ris():
    from refkit import plugins

    assert plugins.load(plugins.EXPORTERS, "ris") is exporter
    assert plugins.load(plugins.IMPORTERS, "ris").name == "ris"


def test_every_line_is_a_tag_line_or_a_continuation_with_crlf(ris_text):
    assert "\n" not in ris_text.replace("\r\n", "")
    assert ris_text.count("TY  - ") == ris_text.count("ER  - ") == 3


def test_preprint_takes_zotero_route_gen_with_extra_type_line(ris_text):
    preprint = _records(ris_text)[0]
    assert preprint[0] == ("TY", "GEN")  # Zotero has no preprint RIS type
    assert ("PB", "arXiv") in preprint  # repository
    assert ("AN", "arXiv:2307.05300") in preprint
    m2 = [v for t, v in preprint if t == "M2"]
    assert m2 == ["Type: preprint", "arXiv:2307.05300 [cs.AI]"]  # desktop switches to preprint; Extra line
    assert ("DO", "10.48550/arXiv.2307.05300") in preprint
    assert ("UR", "https://arxiv.org/abs/2307.05300") in preprint
    assert ("ID", "wang2023unleashing") in preprint


def test_title_is_plain_text(ris_text):
    assert ("TI", "Unleashing LLMs: Multi-Persona Self-Collaboration") in _records(ris_text)[0]


def test_tags_one_kw_each_and_library_data_as_tags(ris_text):
    kws = [v for t, v in _records(ris_text)[0] if t == "KW"]
    assert kws == ["agents", "llm", "project:thesis", "status:to-read"]
    assert not any(";" in k for k in kws)  # Zotero would split them


def test_notes_are_n1_with_continuation_lines(ris_text):
    assert "N1  - Key idea: personas.\r\nSee section 3.\r\n\r\nSecond paragraph.\r\nER  - " in ris_text


def test_journal_fields_and_names(ris_text):
    journal = _records(ris_text)[1]
    assert journal[0] == ("TY", "JOUR")
    assert [v for t, v in journal if t == "AU"] == ["Vaswani, Ashish", "Google Brain", "van der Berg, Jan, Jr."]
    for pair in [("T2", "Journal of Things"), ("VL", "30"), ("IS", "4"), ("SP", "5998"), ("EP", "6008"),
                 ("SN", "1234-5678"), ("PY", "2017"), ("LA", "en"), ("DO", "10.1000/xyz123")]:
        assert pair in journal
    assert not any(t in ("AN", "M2", "PB", "DA") for t, _ in journal)


def test_book_series_editors_and_isbn_follow_zotero_book_map(ris_text):
    book = _records(ris_text)[2]
    assert book[0] == ("TY", "BOOK")
    assert ("A3", "Knuth, Donald E.") in book  # A2 on a book is Zotero's series editor
    assert ("T2", "Computers and Typesetting") in book
    assert ("SN", "0-201-13447-0") in book and ("CY", "Reading, MA") in book


def test_written_records_read_back_to_the_same_entries(ris_text):
    result = parse(ris_text, "out.ris")
    assert result.diagnostics == []
    preprint, journal, book = result.entries
    assert preprint.replace(note="", keywords=()) == PREPRINT.replace(
        title="Unleashing LLMs: Multi-Persona Self-Collaboration", arxiv_version=None, publisher="arXiv",
        categories=())
    assert preprint.keywords == ("agents", "llm", "project:thesis", "status:to-read")
    assert preprint.note == NOTES["wang2023unleashing"].notes[0]
    assert journal == JOURNAL.replace(page="5998-6008")
    assert book == BOOK


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=20).map(
    lambda s: " ".join(s.split())).filter(lambda s: s and "<" not in s and not s.startswith(("-", ","))
                                          # plain text: TeX (braces, macros, ties, dashes) is written out
                                          and not any(t in s for t in ("{", "\\", "~", "--", "$")))
_word = st.from_regex(r"[A-Z][a-z]{1,10}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(title=_text, family=_word, given_name=_word, year=st.integers(1900, 2030),
       month=st.none() | st.integers(1, 12), volume=st.from_regex(r"[0-9]{1,3}", fullmatch=True),
       keywords=st.lists(_word, max_size=3, unique=True),
       ctype=st.sampled_from(["article-journal", "paper-conference", "chapter", "thesis", "report", "webpage"]))
def test_write_then_read_is_a_fixed_point(title, family, given_name, year, month, volume, keywords, ctype):
    entry = Entry(type=ctype, key="k1", title=title, author=(Person(family, given_name),),
                  issued=PartialDate(year, month), volume=volume, keywords=tuple(keywords),
                  container_title="Some Container")
    again = parse(dumps([entry]), "x.ris").entries[0]
    assert again == entry


def test_hostile_values_cannot_break_records():
    entry = Entry(type="article-journal", key="x", title="Two\nlines\nER  - with a fake end\x00",
                  author=(Person("A\nB", "C"),))
    notes = {"x": Annotations(notes=("first line\nER  - not the end\nTY  - JOUR\nlast",))}
    result = parse(dumps([entry], notes), "h.ris")
    assert result.diagnostics == [] and len(result.entries) == 1
    again = result.entries[0]
    assert again.title == "Two\nlines\nER  - with a fake end"
    assert again.note == "first line\nER  - not the end\nTY  - JOUR\nlast"


# one record per RIS type, its series under the tag Zotero's RIS.js reads for that type
SERIES_RECORDS = [
    ("BOOK", "T2", "Computers and Typesetting"), ("CHAP", "T3", "Lecture Notes in Computer Science"),
    ("JOUR", "T3", "New Series"), ("CPAPER", "T3", "ACL Anthology"), ("RPRT", "T2", "MIT AI Memos"),
    ("COMP", "T2", "Tools"), ("THES", "T3", "Dissertations"),
]


@pytest.mark.parametrize(("ty", "tag", "series"), SERIES_RECORDS, ids=[r[0] for r in SERIES_RECORDS])
def test_series_survives_ris_to_ris(ty, tag, series):
    container = "" if tag == "T2" else "T2  - The Container\r\n"
    text = f"TY  - {ty}\r\nTI  - A Title\r\n{container}{tag}  - {series}\r\nPY  - 2001\r\nER  - \r\n"
    entry, = parse(text, "in.ris").entries
    assert entry.collection_title == series
    written = dumps([entry])
    assert f"{tag}  - {series}\r\n" in written
    assert parse(written, "out.ris").entries[0].replace(source=None) == entry.replace(source=None)


def test_report_container_does_not_take_the_series_tag():
    entry = Entry(type="report", key="r", title="R", container_title="Working Papers", collection_title="Memos")
    lines = [line for line in dumps([entry]).split("\r\n") if line[:2] in ("T2", "T3", "JF")]
    assert lines == ["JF  - Working Papers", "T2  - Memos"]
    assert parse(dumps([entry]), "x.ris").entries[0].replace(source=None) == entry


TEX_ENTRY = Entry(
    type="article-journal", key="tex",
    title=r'<span class="nocase">BERT</span>: Pre-training of \emph{Deep} {Transformers} -- a $x^2$ study',
    container_title=r"Journal of \textit{Things}", collection_title=r"{ACL} Series --- Two",
    abstract=r'We use <span class="nocase">BERT</span>~models and $\alpha$-nets.', publisher=r"{MIT} Press",
    note=r'See <i>the</i> {paper}', keywords=(r"\emph{deep} learning",), page="1--10",
)


def test_ris_fields_carry_no_tex_and_no_markup():
    text = dumps([TEX_ENTRY])
    values = dict(line.split("  - ", 1) for line in text.split("\r\n") if "  - " in line)
    assert values["TI"] == "BERT: Pre-training of Deep Transformers – a x^2 study"
    assert values["T2"] == "Journal of Things"
    assert values["T3"] == "ACL Series — Two"
    assert values["AB"] == "We use BERT\u00a0models and α-nets."
    assert (values["PB"], values["N1"], values["KW"]) == ("MIT Press", "See the paper", "deep learning")
    assert (values["SP"], values["EP"]) == ("1", "10")
    assert not re.search(r"[{}\\$]|--|<[a-z/]", text), text
