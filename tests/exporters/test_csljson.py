"""CSL-JSON writer (golden file, schema) and refkit's pybtex plugin, through the real ``pybtex-convert``.

Update the golden file with ``REFKIT_UPDATE_GOLDEN=1 pytest tests/exporters/test_csljson.py``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pybtex.database

from refkit import plugins
from refkit.importers.csljson import parse_csljson
from refkit.model import Entry, PartialDate, Person

GOLDEN = Path(__file__).parent / "golden" / "sample.json"
SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "csl-data.json").read_text(encoding="utf-8"))

SAMPLE = [
    Entry(type="article", key="peng2023kosmos", title="Kosmos-2", author=(Person("Peng", "Zhiliang"),),
          authors_truncated=True, issued=PartialDate(2023, 6, 26), arxiv_id="2306.14824", arxiv_version=3,
          primary_category="cs.CL", categories=("cs.CL", "cs.CV")),
    Entry(type="paper-conference", key="parent/proc", title="Proceedings of ACL", publisher="ACL",
          issued=PartialDate(2020)),
    Entry(type="paper-conference", key="child", title="A paper", author=(Person(literal="WHO"),),
          extra=(("crossref", "parent/proc"), ("bibsource", "dblp"))),
    Entry(type="book", key="child", title="Same key again"),
]


def test_golden_file_and_schema():
    text = plugins.load(plugins.EXPORTERS, "csljson").dumps(SAMPLE)
    if os.environ.get("REFKIT_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    items = json.loads(text)
    assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors(items)) == []
    assert [item["id"] for item in items] == ["peng2023kosmos", "parent/proc", "child", "childa"]
    child = items[2]
    assert (child["container-title"], child["publisher"]) == ("Proceedings of ACL", "ACL"), "crossref resolved"
    assert child["custom"]["bibtex"] == [["crossref", "parent/proc"], ["bibsource", "dblp"]]


def test_empty_list():
    assert plugins.load(plugins.EXPORTERS, "csljson").dumps([]) == "[]\n"


def test_reads_back_what_it_wrote():
    text = plugins.load(plugins.EXPORTERS, "csljson").dumps(SAMPLE[:1])
    assert [e.replace(source=None) for e in parse_csljson(text, "x").entries] == SAMPLE[:1]


BIB = r"""@string{acl = "Association for Computational Linguistics"}
@inproceedings{vaswani2017,
  author = {Vaswani, Ashish and Shazeer, Noam and others},
  title = {Attention Is All You Need},
  booktitle = {Advances in Neural Information Processing Systems},
  publisher = acl, year = 2017, month = dec, pages = {5998--6008}}
@misc{peng2023, author = {Zhiliang Peng and {Microsoft Research}}, title = {{Kosmos-2}: Grounding M{\"u}ltimodal},
  year = {2023}, eprint = {2306.14824v3}, archivePrefix = {arXiv}, primaryClass = {cs.CL}}
"""


def test_pybtex_convert_uses_refkit_plugin(pybtex_convert, tmp_path):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    run = subprocess.run([pybtex_convert, "--to", "csljson", "refs.bib", "refs.json"], cwd=tmp_path,
                         capture_output=True, text=True, check=False, timeout=60)
    assert (run.returncode, run.stderr) == (0, "")
    items = json.loads((tmp_path / "refs.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors(items)) == []
    vaswani, peng = items
    assert vaswani["type"] == "paper-conference" and vaswani["publisher"].startswith("Association")
    assert vaswani["author"][:2] == [{"family": "Vaswani", "given": "Ashish"}, {"family": "Shazeer", "given": "Noam"}]
    assert vaswani["custom"]["authors_truncated"] is True
    assert vaswani["issued"] == {"date-parts": [[2017, 12]]} and vaswani["page"] == "5998-6008"
    assert peng["type"] == "article" and peng["title"] == '<span class="nocase">Kosmos-2</span>: Grounding Mültimodal'
    assert peng["author"] == [{"family": "Peng", "given": "Zhiliang"}, {"literal": "Microsoft Research"}]
    assert peng["custom"]["arxiv"] == {"id": "2306.14824", "version": 3, "primary_category": "cs.CL"}
    # and back: CSL-JSON -> .bib through the reader side of the plugin
    back = subprocess.run([pybtex_convert, "--from", "csljson", "refs.json", "back.bib"], cwd=tmp_path,
                          capture_output=True, text=True, check=False, timeout=60)
    assert (back.returncode, back.stderr) == (0, "")
    data = pybtex.database.parse_file(str(tmp_path / "back.bib"))
    assert list(data.entries) == ["vaswani2017", "peng2023"]
    assert data.entries["peng2023"].fields["eprint"] == "2306.14824v3"
    assert str(data.entries["vaswani2017"].persons["author"][0]) == "Vaswani, Ashish"


def test_plugin_is_registered_with_pybtex():
    from pybtex.plugin import find_plugin

    from refkit.integrations.pybtex_formats import CslJsonParser, CslJsonWriter
    assert find_plugin("pybtex.database.output", "csljson") is CslJsonWriter
    assert find_plugin("pybtex.database.output", filename="x.csljson") is CslJsonWriter
    assert find_plugin("pybtex.database.input", filename="x.csljson") is CslJsonParser
    assert sys.modules["refkit.integrations.pybtex_formats"]
