"""Every registered importer against every hostile file, through the API.

A reader may refuse a file, but only with diagnostics that name the file: never an exception, never
an empty answer that says nothing.
"""
from __future__ import annotations

import hostile_corpus as corpus
import pytest

from refkit import plugins
from refkit.diagnostics import ReadResult
from refkit.importers import decode, read_source, read_text

IMPORTERS = plugins.names(plugins.IMPORTERS)


def _text_of(data: bytes, file: str) -> str:
    text, _ = decode(data, file)
    # binary data is refused by decode(); a reader called directly must survive it all the same
    return text if text is not None else data.decode("latin-1")


def _check(result: ReadResult, file: str) -> None:
    assert isinstance(result, ReadResult)
    assert result.entries or result.diagnostics, "neither records nor diagnostics"
    strangers = [str(d) for d in result.diagnostics if d.file != file]
    assert not strangers, f"diagnostics that do not name {file}: {strangers[:3]}"


def test_importers_are_registered():
    assert IMPORTERS, "no importer registered in refkit.importers"


@pytest.mark.parametrize("importer", IMPORTERS)
@pytest.mark.parametrize("case", corpus.CASES, ids=lambda c: c.name)
def test_each_importer_survives(case, importer):
    text = _text_of(case.data(), case.filename)
    _check(read_text(text, case.filename, format=importer), case.filename)


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda c: c.name)
def test_read_source_detects_and_reports(case, hostile_files):
    path = hostile_files[case.name]
    result = read_source(str(path))
    _check(result, str(path))
    if case.expect == "ok":
        assert result.entries and not result.errors, [str(d) for d in result.diagnostics]
    elif case.expect == "fail":
        assert not result.entries and result.errors
        if case.says:
            assert any(case.says.lower() in d.message.lower() for d in result.errors), result.errors
    elif case.expect == "damaged":
        assert result.diagnostics, "a damaged file read without a word"


def test_good_bib_is_read_by_the_bibtex_reader():
    # the control case: the corpus's good file must give 3 entries, or "damaged" cases prove nothing
    result = read_text(corpus.GOOD_BIB, "good.bib", format="bibtex")
    assert [e.key for e in result.entries] == ["smith2020", "lee2021", "doe2019"]
    assert not result.diagnostics
