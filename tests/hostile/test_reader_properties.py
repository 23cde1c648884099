"""Property tests: whatever text a reader is given, it returns records or diagnostics, never raises."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refkit import plugins
from refkit.diagnostics import ReadResult
from refkit.importers import read_text

IMPORTERS = plugins.names(plugins.IMPORTERS)
FILE = "generated.txt"

BIB_TOKENS = ["@article", "@misc{", "@string{", "@preamble{", "@comment{", "@inproceedings(", "{", "}", "{", "}",
              "=", ",", '"', "#", "%", "\\", "\\\"", "{\\\"u}", "\\'{e}", "$x^2$", "~", "title", "author",
              " and ", "others", "year", "2020", "journal", "key1", "eprint", "1706.03762", "\n", " ", "\t",
              "crossref", "month", "jan", "--", "\\input{x}", "\\end{document}", "\x00", "é", "ü"]
LIST_TOKENS = ["arXiv:", "1706.03762", "v2", "https://arxiv.org/abs/", "https://arxiv.org/pdf/", ".pdf",
               "doi:", "10.1145/3292500", "- [", "](", ")", "* ", "# ", "## ", "|", "TY  - ", "JOUR", "TI  - ",
               "AU  - ", "PY  - ", "ER  - ", "\r\n", "\n", " ", "Title: ", "Authors:", "[PDF]", "Abstract",
               "Attention Is All You Need", "Vaswani, A.", ";", "et al.", "(2017)", "<", ">", "&amp;", "http://"]
CSL_KEYS = ["id", "type", "title", "author", "editor", "issued", "container-title", "DOI", "URL", "page",
            "volume", "family", "given", "literal", "date-parts", "raw", "note", "abstract", "keyword"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    | st.sampled_from(CSL_KEYS + ["article-journal", "book", "2020"]),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.sampled_from(CSL_KEYS) | st.text(max_size=8), children, max_size=6),
    max_leaves=30,
)

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(BIB_TOKENS), max_size=120).map("".join),
    st.lists(st.sampled_from(LIST_TOKENS), max_size=120).map("".join),
    st.lists(json_values, max_size=6).map(json.dumps),
    json_values.map(json.dumps),
)


@pytest.mark.parametrize("importer", IMPORTERS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_reader_never_crashes(importer, text):
    result = read_text(text, FILE, format=importer)
    assert isinstance(result, ReadResult)
    assert result.entries or result.diagnostics
    assert all(d.file == FILE for d in result.diagnostics)


@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_detection_never_crashes(text):
    result = read_text(text, FILE)
    assert isinstance(result, ReadResult)
    assert result.entries or result.diagnostics
