"""CSL-JSON made from every corpus entry validates against csl-data.json, and reads back to the same entries."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from refkit.exporters.csljson import dumps_csljson
from refkit.importers.bibtex import parse_bibtex
from refkit.importers.csljson import parse_csljson

SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "csl-data.json"
# the three big corpora take 5-20 s each: marked slow (CI still runs them)
FILES = ["xampl.bib", "biblatex-examples.bib"] + [
    pytest.param(name, marks=pytest.mark.slow) for name in ("tugboat.bib", "contextlab_cdl.bib", "acl_anthology_10k.bib")]


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize("name", FILES)
def test_csljson_of_corpus_validates_and_reads_back(name, validator, shared):
    result = parse_bibtex((shared / "corpora" / name).read_text(encoding="utf-8"), name)
    text = dumps_csljson(result.entries)
    items = json.loads(text)
    assert len(items) == len(result.entries)
    errors = [f"{items[e.path[0]]['id']}: {e.message}" if e.path else e.message
              for e in validator.iter_errors(items)]
    assert errors == [], "\n".join(errors[:20])
    assert len({item["id"] for item in items}) == len(items), "ids are unique"
    back = parse_csljson(text, "out.json")
    assert [d for d in back.diagnostics if d.severity == "error"] == []
    # crossref children were completed for CSL, so compare the fields CSL carries unchanged
    assert [(e.title, e.author, e.doi, e.arxiv_id, e.extra) for e in back.entries] == [
        (e.title, e.author, e.doi, e.arxiv_id, e.extra) for e in result.entries]
