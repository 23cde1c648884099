"""CSL-JSON reader."""
from __future__ import annotations

import json

from refkit.importers.csljson import IMPORTER, parse_csljson
from refkit.model import PartialDate, Person

ITEMS = [
    {"id": "vaswani2017", "type": "paper-conference", "title": "Attention is all you need",
     "author": [{"family": "Vaswani", "given": "Ashish"}, {"literal": "Google Brain"}],
     "issued": {"date-parts": [[2017, 12]]}, "container-title": "NeurIPS", "DOI": "https://doi.org/10.5555/X"},
    {"id": "peng2023", "type": "article", "title": "Kosmos-2", "URL": "https://arxiv.org/abs/2306.14824v3",
     "number": "arXiv:2306.14824", "publisher": "arXiv"},
]


def test_reads_items_with_lines_and_normalises():
    text = json.dumps(ITEMS, indent=2)
    result = parse_csljson(text, "refs.json")
    assert result.diagnostics == []
    first, second = result.entries
    assert first.author == (Person("Vaswani", "Ashish"), Person(literal="Google Brain"))
    assert (first.issued, first.container_title, first.doi) == (PartialDate(2017, 12), "NeurIPS", "10.5555/x")
    assert (first.source.file, first.source.line) == ("refs.json", 2)
    assert (second.arxiv_id, second.arxiv_version) == ("2306.14824", 3), "arXiv id found in the URL"
    assert second.source.line == 26


def test_one_item_or_items_object():
    assert len(parse_csljson(json.dumps(ITEMS[0]), "x").entries) == 1
    assert len(parse_csljson(json.dumps({"items": ITEMS}), "x").entries) == 2


def test_bad_json_and_bad_items_are_diagnostics():
    result = parse_csljson('[{"id": "a", "type": "book"},\n 3,\n {"title": "no id"}\n', "x.json")
    assert [str(d) for d in result.diagnostics] == ["x.json:4: not valid JSON: Expecting ',' delimiter"]
    result = parse_csljson('[{"id": "a", "type": "book"},\n 3,\n {"title": "no id"}]', "x.json")
    assert [(d.severity, str(d)) for d in result.diagnostics] == [
        ("error", "x.json:2: item 2 is not an object; skipped"),
        ("warning", "x.json:3: item 3 has no id and type")]
    assert [e.key for e in result.entries] == ["a", ""]
    assert parse_csljson('"text"', "x.json").diagnostics[0].message == "expected a list of CSL items"


def test_detect():
    assert IMPORTER.detect(json.dumps(ITEMS)) >= 0.9
    assert IMPORTER.detect("@article{k,}") == 0.0
