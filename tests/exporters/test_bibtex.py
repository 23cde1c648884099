"""BibTeX/BibLaTeX writers: golden files, the rules of WHAT-TOOLS-ACCEPT 1.5, pybtex and bibtexparser read
the output, and write -> read is a fixed point.

Update the golden files with ``REFKIT_UPDATE_GOLDEN=1 pytest tests/exporters/test_bibtex.py``.
"""
from __future__ import annotations

import os
import re
import shutil
import string
import subprocess
from pathlib import Path

import bibtexparser
import pybtex.database
import pybtex.errors
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refkit import plugins
from refkit.exporters import key_changes, written_keys
from refkit.exporters.bibtex import dumps_bibtex, dumps_bibtex_with_diagnostics
from refkit.importers.bibtex import parse_bibtex
from refkit.model import Entry, PartialDate, Person

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parents[2]

SAMPLE = [
    Entry(type="article", key="peng2023kosmos", title="Kosmos-2: Grounding Multimodal Large Language Models to the World",
          author=(Person("Peng", "Zhiliang"), Person("Wang", "Wenhui")), authors_truncated=True,
          issued=PartialDate(2023, 6, 26), arxiv_id="2306.14824", arxiv_version=3, primary_category="cs.CL",
          abstract="We introduce Kosmos-2, a 100% grounded MLLM & more."),
    Entry(type="article-journal", key="mueller2020", title="Über die Schätzung von $O(n)$ Fehlern_1",
          author=(Person("Müller", "Jörg"), Person("Łukasiewicz", "Jan"), Person("Beethoven", "Ludwig", "van")),
          container_title="Journal of Things & Stuff", volume="12", issue="3", page="1-20",
          issued=PartialDate(2020, 3), doi="10.1000/a_b"),
    Entry(type="paper-conference", key="who/2021 report", title="Guidelines for {the} BERT era",
          author=(Person(literal="World Health Organization"),), container_title="Proceedings of ACL",
          publisher="Association for Computational Linguistics", publisher_place="Online",
          issued=PartialDate(2021), page="100-110", url="https://aclanthology.org/2021.acl-long.1"),
    Entry(type="thesis", key="doe2019", title="A Thesis", author=(Person("Doe", "Jane"),), publisher="MIT",
          genre="PhD thesis", issued=PartialDate(2019)),
    Entry(type="book", key="knuth1984", title="The TeXbook", editor=(Person("Knuth", "Donald E."),),
          publisher="Addison-Wesley", issued=PartialDate(1984), extra=(("note", "{\\TeX} stays {\\TeX}"),)),
]


def pybtex_errors(text: str) -> list[str]:
    with pybtex.errors.capture() as captured:
        pybtex.database.parse_string(text, "bibtex")
    return [str(e) for e in captured]


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_golden_file(dialect):
    text = plugins.load(plugins.EXPORTERS, dialect).dumps(SAMPLE)
    golden = GOLDEN / f"sample_{dialect}.bib"
    if os.environ.get("REFKIT_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    assert pybtex_errors(text) == []
    assert bibtexparser.parse_string(text, parse_stack=[]).failed_blocks == []


def test_bibtex_dialect_rules():
    text = dumps_bibtex(SAMPLE, "bibtex")
    assert text.isascii(), "8-bit BibTeX gets LaTeX macros, not UTF-8"
    assert "@misc{peng2023kosmos," in text and "howpublished = {arXiv:2306.14824v3 [cs.CL]}" in text
    assert "url = {https://arxiv.org/abs/2306.14824}" in text
    assert re.search(r"^  year = \{\d+\}", text, re.MULTILINE) and "month = jun" in text and "month = mar" in text
    assert "{Kosmos-2}: Grounding" in text and "100\\% grounded MLLM \\& more" in text, "titles only are protected"
    assert "@inproceedings{who/2021-report," in text, "only what BibTeX and biber reject (the space) changes"
    assert "author = {{World Health Organization}}" in text
    assert "doi = {10.1000/a_b}" in text, "doi is raw"
    assert '@phdthesis{doe2019,' in text and "school = {MIT}" in text
    assert "note = {{\\TeX} stays {\\TeX}}" in text
    assert " = \"" not in text, "always {} delimiters"


def test_biblatex_dialect_rules():
    text = dumps_bibtex(SAMPLE, "biblatex")
    assert "Müller, Jörg" in text, "biblatex files are UTF-8"
    assert "eprinttype = {arxiv}" in text and "eprintclass = {cs.CL}" in text and "eprint = {2306.14824v3}" in text
    assert "journaltitle = {Journal of Things \\& Stuff}" in text and "location = {Online}" in text
    assert "date = {2023-06-26}" in text
    assert "@thesis{doe2019," in text and "institution = {MIT}" in text


def test_preamble_is_kept_and_keys_are_unique():
    text = dumps_bibtex([Entry(key="a", title="One"), Entry(key="a", title="Two"), Entry(title="No key")],
                        "bibtex", preamble=['"\\newcommand{\\noopsort}[1]{}"'])
    assert text.startswith('@preamble{ "\\newcommand{\\noopsort}[1]{}" }\n')
    assert re.findall(r"^@(?!preamble)\w+\{([^,]+),", text, re.MULTILINE) == ["a", "aa", "anonno"]
    assert pybtex_errors(text) == []


def test_cross_references_follow_a_renamed_key():
    text = dumps_bibtex([Entry(key="baez article", type="book", title="P"),
                         Entry(key="c", type="chapter", title="C", extra=(("crossref", "baez article"),)),
                         Entry(key="d", type="chapter", title="D", extra=(("crossref", "averroes/bland"),))])
    assert "@book{baez-article," in text and "crossref = {baez-article}" in text
    assert "crossref = {averroes/bland}" in text


KEPT_KEYS = ["DBLP:conf/acl/X", "averroes/bland", "a+b", "Müller2020", "knuth:ct:related"]


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_keys_bibtex_and_biber_accept_are_written_unchanged(dialect):
    entries = [Entry(key=key, type="book", title=f"T{i}") for i, key in enumerate(KEPT_KEYS)]
    entries.append(Entry(key="x", type="chapter", title="C", extra=(("crossref", "DBLP:conf/acl/X"),)))
    text = dumps_bibtex(entries, dialect)
    assert re.findall(r"^@\w+\{([^,]+),", text, re.MULTILINE) == [*KEPT_KEYS, "x"]
    assert "crossref = {DBLP:conf/acl/X}" in text
    assert key_changes(plugins.load(plugins.EXPORTERS, dialect), entries) == []
    assert [e.key for e in parse_bibtex(text, "out.bib").entries] == [*KEPT_KEYS, "x"]


def test_changed_keys_are_reported_old_to_new():
    entries = [Entry(key="smith 2020", title="A"), Entry(key="who/2021", title="B"), Entry(key="WHO/2021", title="C"),
               Entry(key="{odd}", title="D"), Entry(title="No key"), Entry(key="smith-2020", title="E"),
               Entry(key="who/2021", title="F")]
    keys, warnings = written_keys(entries)
    assert keys == ["smith-2020", "who/2021", "WHO/2021a", "odd", "anonno", "smith-2020a", "who/2021b"]
    assert [str(w) for w in warnings] == [
        "entry 'smith 2020': key written as 'smith-2020': BibTeX and biber do not accept spaces in a key",
        ("entry 'WHO/2021': key written as 'WHO/2021a': an earlier entry is written as 'who/2021' "
         "(BibTeX keys ignore case)"),
        "entry '{odd}': key written as 'odd': BibTeX and biber do not accept '{', '}' in a key",
        "entry 'smith-2020': key written as 'smith-2020a': an earlier entry is written as 'smith-2020'",
    ], "the repeated who/2021 is the reader's duplicate-key diagnostic, not reported twice"
    assert all(w.severity == "warning" and w.code == "key-changed" for w in warnings)
    assert key_changes(plugins.load(plugins.EXPORTERS, "ris"), entries) == [], "RIS writes every key as it is"


def test_convert_keys_a_keyless_entry_as_the_library_does(tmp_path):
    """One generator: the key ``convert`` writes for a keyless entry is the key ``add`` gives it."""
    from refkit.store import Library

    paper = Entry(type="article", title="Unleashing the Emergent Cognitive Synergy", author=(Person("Wang", "Zhenhailong"),),
                  issued=PartialDate(2023))
    twin = Entry(type="article", title="Unleashing Other Things", author=(Person("Wang", "Ann"),), issued=PartialDate(2023))
    with Library.open(tmp_path / "lib.sqlite") as lib:
        lib.add([paper, twin])
        stored = sorted(r.key for r in lib.select())
    assert sorted(written_keys([paper, twin])[0]) == stored == ["wang2023unleashing", "wang2023unleashinga"]


# ---------------------------------------------------------------- write -> read is a fixed point
_TEXT = st.text(st.sampled_from(list(string.ascii_letters + string.digits + " .,:;-'&%$#_{}~^<>\\/\"")
                                + list("éüñÅßŁ–—“”’…中λ")), min_size=1, max_size=20).map(str.strip).filter(bool)
_PERSON = st.one_of(
    st.builds(Person, family=_TEXT.filter(lambda t: "," not in t), given=st.one_of(st.just(""), _TEXT),
              particle=st.sampled_from(["", "van", "de la"])),
    st.builds(lambda t: Person(literal=t), _TEXT),
)
_ENTRY = st.builds(
    Entry,
    type=st.sampled_from(["article", "article-journal", "paper-conference", "book", "chapter", "thesis", "report",
                          "webpage", "document", "patent"]),
    key=st.text(string.ascii_letters + string.digits + "/ :é", min_size=1, max_size=10),
    title=_TEXT, author=st.lists(_PERSON, max_size=3).map(tuple), authors_truncated=st.booleans(),
    issued=st.one_of(st.none(), st.builds(PartialDate, st.integers(1900, 2030), st.one_of(st.none(),
                                                                                         st.integers(1, 12)))),
    container_title=st.one_of(st.just(""), _TEXT), volume=st.one_of(st.just(""), _TEXT),
    page=st.sampled_from(["", "1-10", "e1234", "12"]), publisher=st.one_of(st.just(""), _TEXT),
    doi=st.sampled_from(["", "10.1000/x_y"]), arxiv_id=st.sampled_from(["", "2307.05300"]),
    primary_category=st.sampled_from(["", "cs.CL"]), url=st.sampled_from(["", "https://x.org/a_b%20c"]),
    note=st.one_of(st.just(""), _TEXT), keywords=st.lists(_TEXT.filter(lambda t: not set(",;{}\\") & set(t)),
                                                         max_size=2).map(tuple),
)


@settings(max_examples=120, deadline=None)
@given(st.lists(_ENTRY, min_size=1, max_size=3), st.sampled_from(["bibtex", "biblatex"]))
def test_write_read_is_a_fixed_point(entries, dialect):
    first, replaced = dumps_bibtex_with_diagnostics(entries, dialect)
    assert pybtex_errors(first) == []
    once = parse_bibtex(first, "a.bib")
    assert [d for d in once.diagnostics if d.severity == "error"] == []
    assert len(once.entries) == len(entries)
    # The first write canonicalises (usable unique keys, derived arXiv url). A write that replaced
    # characters pdflatex cannot set (the bibtex dialect folds and reports them) may still leave text
    # the next write settles (raw TeX such as "\\b/" decodes to a character with no form; "0中" folds to
    # "0Zhong", which then needs case protection); after one write that replaced nothing, nothing moves.
    for _ in range(2):
        if not replaced:
            break
        assert dialect == "bibtex" and all(d.severity == "warning" for d in replaced)
        first, replaced = dumps_bibtex_with_diagnostics(once.entries, dialect)
        once = parse_bibtex(first, "a.bib")
    assert replaced == []
    second = dumps_bibtex(once.entries, dialect)
    twice = parse_bibtex(second, "b.bib")
    assert twice.entries == once.entries
    assert dumps_bibtex(twice.entries, dialect) == second


@pytest.mark.latex
@pytest.mark.skipif(not shutil.which("biber") or not shutil.which("bibtex"), reason="needs bibtex and biber")
def test_golden_bibtex_compiles_cleanly(tmp_path):
    bib = tmp_path / "sample.bib"
    bib.write_text(dumps_bibtex([e for e in SAMPLE]), encoding="utf-8")
    run = subprocess.run(["bash", str(ROOT / "tools" / "latex_check.sh"), "-q", "-n", "-b", "plainnat plain",
                          str(bib)], capture_output=True, text=True, check=False, timeout=600)
    summaries = [line for line in run.stdout.splitlines() if line.startswith("SUMMARY")]
    assert summaries, run.stdout + run.stderr
    for line in summaries:
        fields = dict(part.split("=", 1) for part in line.split()[1:])
        assert (fields["warnings"], fields["errors"], fields["latex_errors"]) == ("0", "0", "0"), line
