"""BibTeX reader: what it makes of good and bad .bib files, through the real ``refkit convert`` command.

Bad input never shows a traceback: each problem is a diagnostic naming file, line and what to fix,
good entries still come through, and the exit code is 1 when an entry (or part of one) was dropped.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys

import bibtexparser
import pybtex.database
import pybtex.errors
import pytest

from refkit.exporters.bibtex import dumps_bibtex
from refkit.exporters.csljson import dumps_csljson
from refkit.importers.bibtex import IMPORTER, parse_bibtex
from refkit.model import PartialDate, Person


def convert(tmp_path, name: str, data: bytes, to: str = "csljson") -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "refkit", "convert", name, "--to", to], cwd=tmp_path,
                         capture_output=True, text=True, check=False, timeout=60)
    return run.returncode, run.stdout, run.stderr


BAD_FILES = {
    "unbalanced braces": (
        (b"@article{good1, title={Good one}, year=2020}\n@article{unbal, title={A {b}, year={2020}}\n"
         b"@misc{good2, title={Two}}\n"), 1, ["good1", "good2"],
        ("bad.bib:2: entry 'unbal': entry dropped: unbalanced braces or a missing comma: the entry runs into the "
        "next '@' (Unexpected block start: `@misc`. Was still looking for field-value closing `,` or `}`)\n"
        "refkit: 1 problem(s); 2 entries converted\n")),
    "missing comma between fields": (
        b"@article{a, title={A} year={2020}}\n@misc{b, title={B}}\n", 1, ["a", "b"],
        ("bad.bib:1: entry 'a': field 'title': unexpected text after the value: 'year={2020}' (a missing comma?)\n"
        "refkit: 1 problem(s); 2 entries converted\n")),
    "missing comma after the key": (
        b"@misc{ok title={x}}\n@misc{b, title={B}}\n", 1, ["b"],
        ("bad.bib:1: entry 'ok': entry dropped: no comma after the citation key "
        "(Expected comma after entry key, but found =)\nrefkit: 1 problem(s); 1 entries converted\n")),
    "file ends inside an entry": (
        b"@misc{b, title={B}}\n@misc{a, title={x}\n", 1, ["b"],
        ("bad.bib:2: entry 'a': entry dropped: unbalanced braces: the file ends inside this entry "
        "(Unexpectedly reached end of file)\nrefkit: 1 problem(s); 1 entries converted\n")),
    "duplicate keys: both kept": (
        b"@misc{a, title={One}}\n@misc{a, title={Two}}\n", 0, ["a", "aa"],
        "warning: bad.bib:2: entry 'a': duplicate key (first at line 1); both entries kept, writers rename the second\n"),
    "duplicate fields: first value kept": (
        b"@misc{a, title={One}, title={Two}}\n", 0, ["a"],
        "warning: bad.bib:1: entry 'a': field 'title' appears twice; kept the first value\n"),
    "wrong encoding: read as Latin-1": (
        b"@misc{a, title={M\xfcller}}\n", 0, ["a"],
        "warning: bad.bib:1: not valid UTF-8 (byte 0xfc); read as Latin-1 -- check accented characters\n"),
    "binary": (b"%PDF-1.4 \x00\x01", 1, [],
               ("bad.bib: this is a PDF file, not a bibliography or reading list\n"
                "refkit: 1 problem(s); 0 entries converted\n")),
    "empty": (b"", 1, [], "bad.bib: empty input: no entries\nrefkit: 1 problem(s); 0 entries converted\n"),
}


@pytest.mark.parametrize("data,code,keys,stderr", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_files_give_diagnostics_not_tracebacks(tmp_path, data, code, keys, stderr):
    rc, out, err = convert(tmp_path, "bad.bib", data)
    assert (rc, err) == (code, stderr)
    assert [item["id"] for item in json.loads(out)] == keys if keys else out == ""


def test_latin1_text_is_decoded(tmp_path):
    _, out, _ = convert(tmp_path, "bad.bib", b"@misc{a, title={M\xfcller}}\n")
    assert json.loads(out)[0]["title"] == "Müller"


def test_strings_preamble_months_and_crossref():
    text = r"""@preamble{"\newcommand{\noopsort}[1]{}"}
@string{acl = "Association for Computational Linguistics"}
@String{ proc = {Proceedings of } }
@InProceedings{child, Author = {Smith, J. and {World Health Organization} and others},
  title = {On {BERT}}, crossref = {parent}, month = jul # " 1-4", year = 2020, pages = "1--9"}
@proceedings{parent, title = proc # acl, publisher = acl, year = 2020, month = aug}
"""
    result = parse_bibtex(text, "x.bib")
    assert result.diagnostics == []
    assert result.preamble == ['"\\newcommand{\\noopsort}[1]{}"']
    child, parent = result.entries
    assert child.author == (Person("Smith", "J."), Person(literal="World Health Organization"))
    assert child.authors_truncated and child.title == 'On <span class="nocase">BERT</span>'
    assert child.issued == PartialDate(2020) and child.extra_value("month") == "July 1-4"
    assert child.extra_value("crossref") == "parent" and child.page == "1-9"
    assert (child.source.file, child.source.line) == ("x.bib", 4)
    assert parent.title == "Proceedings of Association for Computational Linguistics"
    assert parent.issued == PartialDate(2020, 8) and parent.publisher.startswith("Association")


def test_undefined_string_is_a_warning():
    result = parse_bibtex("@misc{a, publisher = nowhere}", "x.bib")
    assert [str(d) for d in result.diagnostics] == [
        "x.bib:1: entry 'a': undefined @string macro 'nowhere' (kept as text)"]
    assert result.entries[0].publisher == "nowhere"


def test_field_names_are_case_insensitive():
    entry = parse_bibtex("@ARTICLE{k, AUTHOR = {Doe, J.}, Title = {T}, JOURNAL = {J}}", "x").entries[0]
    assert (entry.type, entry.author, entry.title, entry.container_title) == (
        "article-journal", (Person("Doe", "J."),), "T", "J")


def test_detect():
    assert IMPORTER.detect("% a comment\n@article{k, title={x}}") >= 0.9
    assert IMPORTER.detect("just text") == 0.0


_DAMAGE = list('@{}"#,=\\ \n%$~^_&') + ['\\"', "\\'", " and ", "{\\", "}}", "--", "é", "中"]


@pytest.mark.parametrize("seed", range(4))
def test_damaged_files_still_give_valid_bibtex(seed, shared):
    """Real entries with random damage: never an exception, and whatever is written parses cleanly."""
    source = ((shared / "corpora" / "biblatex-examples.bib").read_text(encoding="utf-8")
              + (shared / "corpora" / "xampl.bib").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    for _ in range(40):
        start = rng.randrange(len(source) - 2500)
        chunk = list(source[start: start + rng.randint(200, 2500)])
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(chunk))
            action = rng.random()
            if action < 0.4:
                chunk[i] = rng.choice(_DAMAGE)
            elif action < 0.7:
                del chunk[i]
            else:
                chunk.insert(i, rng.choice(_DAMAGE))
        result = parse_bibtex("".join(chunk), "damaged.bib")
        for dialect in ("bibtex", "biblatex"):
            written = dumps_bibtex(result.entries, dialect, result.preamble)
            with pybtex.errors.capture() as errors:
                pybtex.database.parse_string(written, "bibtex")
            assert [str(e) for e in errors] == []
            assert bibtexparser.parse_string(written, parse_stack=[]).failed_blocks == []
        json.loads(dumps_csljson(result.entries))
