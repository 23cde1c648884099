"""CSL-JSON reader."""
from __future__ import annotations

import json
import math

import pytest

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
    assert parse_csljson('"text"', "x.json").diagnostics[0].message == "expected a list of CSL items, got a string"


def test_detect():
    assert IMPORTER.detect(json.dumps(ITEMS)) >= 0.9
    assert IMPORTER.detect("@article{k,}") == 0.0


# one wrongly typed variable each, and the message that rejects the item (the schema's type for it)
TYPE_ERRORS = [
    ("title-list", {"title": ["list", "title"]}, "field 'title' must be a string, got a list"),
    ("volume-list", {"volume": [3]}, "field 'volume' must be a string or a number, got a list"),
    ("page-object", {"page": {"from": 1}}, "field 'page' must be a string or a number, got an object"),
    ("doi-number", {"DOI": 10.1}, "field 'DOI' must be a string, got a number"),
    ("edition-bool", {"edition": True}, "field 'edition' must be a string or a number, got a boolean"),
    ("issue-nan", {"issue": math.nan}, "field 'issue' must be a string or a number, got the non-finite number nan"),
    ("type-number", {"type": 5}, "field 'type' must be a string, got a number"),
    ("id-list", {"id": ["a"]}, "field 'id' must be a string or a number, got a list"),
    ("author-string", {"author": "Smith, J"}, "field 'author' must be a list of names, got a string"),
    ("author-item-string", {"author": ["Smith"]},
     "field 'author' name 1 must be an object (family/given or literal), got a string"),
    ("family-number", {"author": [{"family": "A"}, {"family": 5}]},
     "field 'author' name 2: 'family' must be a string, got a number"),
    ("issued-list", {"issued": [2020]},
     "field 'issued' must be a date (an object with date-parts, or a string), got a list"),
    ("date-parts-flat", {"issued": {"date-parts": [2020, 1]}},
     ("field 'issued': 'date-parts' must be a list of one or two [year, month, day] lists of numbers or strings, "
     "got [2020, 1]")),
    ("date-literal-number", {"issued": {"literal": 2020}}, "field 'issued': 'literal' must be a string, got a number"),
    ("categories-numbers", {"categories": [1, 2]}, "field 'categories' must be a list of strings"),
    ("custom-list", {"custom": ["x"]}, "field 'custom' must be an object, got a list"),
]


@pytest.mark.parametrize(("field", "message"), [(f, m) for _, f, m in TYPE_ERRORS],
                         ids=[name for name, _, _ in TYPE_ERRORS])
def test_wrongly_typed_field_rejects_the_item(field, message):
    good = {"id": "ok", "type": "book", "title": "Fine"}
    bad = {"id": "x", "type": "article-journal", "title": "T"} | field
    text = "[\n" + ",\n".join(json.dumps(i) for i in (good, good | {"id": "ok2"}, bad)) + "\n]"
    result = parse_csljson(text, "refs.json")
    assert [e.key for e in result.entries] == ["ok", "ok2"]
    key = f" (key {bad['id']!r})" if isinstance(bad["id"], str) else ""
    assert [(d.severity, str(d)) for d in result.diagnostics] == [
        ("error", f"refs.json:4: item 3{key}: {message}")]


def test_every_wrong_field_is_named():
    result = parse_csljson(json.dumps([{"id": 1, "type": 5, "title": ["a"], "volume": [3]}]), "x.json")
    assert result.entries == []
    assert [d.message for d in result.diagnostics] == [
        ("item 1 (key '1'): field 'type' must be a string, got a number; field 'title' must be a string, "
        "got a list; field 'volume' must be a string or a number, got a list")]


def test_numbers_where_the_schema_allows_them_are_text():
    item = {"id": 7, "type": "article-journal", "title": "T", "volume": 5, "issue": 2.0, "page": 12,
            "edition": 3, "number": 1.5}
    entry, = parse_csljson(json.dumps([item]), "x.json").entries
    assert (entry.key, entry.volume, entry.issue, entry.page, entry.edition, entry.number) == (
        "7", "5", "2", "12", "3", "1.5")


def test_nulls_are_absent_not_none():
    item = {"id": "a", "type": "book", "title": "T", "page": None, "volume": None,
            "author": [{"family": "Smith", "given": None}, None], "issued": {"date-parts": [[2020, None]]}}
    result = parse_csljson(json.dumps([item]), "x.json")
    assert result.diagnostics == []
    entry, = result.entries
    assert (entry.author, entry.page, entry.volume, entry.issued) == ((Person("Smith"),), "", "", PartialDate(2020))
    assert entry.extra == ()


def test_object_that_is_no_item_is_an_error_naming_the_file():
    result = parse_csljson('{"foo": 1, "bar": [1, 2]}', "refs.json")
    assert result.entries == []
    assert [(d.severity, str(d)) for d in result.diagnostics] == [(
        "error", ("refs.json:1: not CSL-JSON: expected a list of items or one item object "
        "(with type, id or other CSL variables); found an object with keys 'foo', 'bar'"))]
    result = parse_csljson('{"items": {"foo": 1}}', "refs.json")
    assert (result.entries, [d.message for d in result.diagnostics]) == (
        [], ["expected a list of CSL items, got an object"])


def test_list_element_without_csl_variables_is_skipped():
    result = parse_csljson('[{"id": "a", "type": "book"},\n {"foo": 1, "bar": [1, 2]}]', "x.json")
    assert [e.key for e in result.entries] == ["a"]
    assert [str(d) for d in result.diagnostics] == [
        "x.json:2: item 2 has no CSL variables (keys: 'foo', 'bar'); skipped"]


def test_huge_integer_is_a_diagnostic():
    result = parse_csljson('[{"id": "a", "type": "book", "volume": ' + "9" * 5000 + "}]", "x.json")
    assert result.entries == [] and result.diagnostics[0].code == "bad-json"


def test_cli_convert_writes_good_items_and_exits_1(run, tmp_path):
    source = tmp_path / "refs.json"
    source.write_text(json.dumps([{"id": "x", "type": "book", "title": ["list", "title"]},
                                  {"id": "b", "type": "book", "title": "Fine", "volume": 5}]), encoding="utf-8")
    code, out, err = run("convert", str(source), "--to", "bibtex")
    assert code == 1
    assert out == "@book{b,\n  title = {Fine},\n  volume = {5}\n}\n"
    assert f"{source}:1: item 1 (key 'x'): field 'title' must be a string, got a list" in err
    assert "['list', 'title']" not in out


def test_cli_add_adds_nothing_unless_skip_bad(run, tmp_path):
    source = tmp_path / "refs.json"
    source.write_text(json.dumps([{"id": "x", "type": "book", "title": "T", "author": [{"family": 5}]},
                                  {"id": "b", "type": "book", "title": "Fine"}]), encoding="utf-8")
    code, _, err = run("add", str(source))
    assert code == 1 and "field 'author' name 1: 'family' must be a string, got a number" in err
    assert run("list", "--json")[1].strip() in ("", "[]")
    code, _, _ = run("add", "--skip-bad", str(source))
    assert code == 1
    assert [e["key"] for e in json.loads(run("list", "--json")[1])] == ["b"]


def test_cli_wrong_shape_exits_1_without_entries(run, tmp_path):
    source = tmp_path / "refs.json"
    source.write_text('{"foo": 1, "bar": [1, 2]}', encoding="utf-8")
    code, out, err = run("convert", str(source), "--to", "csljson")
    assert (code, out) == (1, "")
    assert f"{source}:1: not CSL-JSON" in err
