"""What Zotero itself makes of our RIS and Zotero RDF exports: Zotero's real import translators, run by
the import check in /work/shared/zotero/import-check (``zotero-import FILE --desktop``).

Entries carry TeX and markup in their titles, notes and series; Zotero must get clean text, its own
rich text in RDF titles only, and the series in the field its item type has.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from refkit.exporters import ris, zotero_rdf
from refkit.model import Entry, PartialDate, Person

ENTRIES = [
    Entry(type="paper-conference", key="bert", author=(Person("Devlin", "Jacob"),), issued=PartialDate(2019),
          title=r'<span class="nocase">BERT</span>: Pre-training of Deep \emph{Bidirectional} Transformers -- a study',
          container_title=r"Proceedings of {NAACL}", collection_title=r"{ACL} Anthology", page="1--10",
          note=r'See <span class="nocase">BERT</span> <i>paper</i>'),
    Entry(type="article-journal", key="art", author=(Person("Smith", "John"),), issued=PartialDate(2020),
          title=r'On $x^2$ and <span class="nocase">word2vec</span> in \textbf{bold}',
          container_title=r"Journal of \emph{Things}", collection_title="New Series",
          abstract=r"We use {BERT} -- a model."),
    Entry(type="book", key="knuth", author=(Person("Knuth", "Donald E."),), issued=PartialDate(1984),
          title='The <span class="nocase">TeX</span>book', collection_title="Computers and Typesetting",
          publisher=r"Addison--Wesley"),
    Entry(type="report", key="rep", author=(Person("Roe", "R."),), issued=PartialDate(2001),
          title=r"A Report on {GPT}", collection_title="MIT AI Memos", publisher="MIT", number="42"),
]


def _tool(shared: Path) -> Path:
    tool = shared / "zotero" / "import-check" / "zotero-import"
    if not tool.exists() or not shutil.which("node") or not shutil.which("npm"):
        pytest.skip("Zotero import check (zotero-import, node, npm) not available")
    return tool


@pytest.fixture(scope="module")
def imported(shared, tmp_path_factory) -> dict[str, list[dict]]:
    """Zotero desktop's items for the RIS and the Zotero RDF export of ENTRIES, by format."""
    tool = _tool(shared)
    work = tmp_path_factory.mktemp("zotero-import")
    out = {}
    for name, exporter, suffix in (("ris", ris, ".ris"), ("rdf", zotero_rdf, ".rdf")):
        path = work / f"export{suffix}"
        path.write_text(exporter.dumps(ENTRIES), encoding="utf-8")
        done = subprocess.run([str(tool), str(path), "--desktop"], capture_output=True, text=True, timeout=300,
                              check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        out[name] = [item for item in json.loads(done.stdout) if item.get("itemType") != "note"]
    return out


def _field(items: list[dict], name: str) -> list[str]:
    return [item.get(name, "") for item in items]


def test_ris_titles_are_plain_text(imported):
    assert _field(imported["ris"], "title") == [
        "BERT: Pre-training of Deep Bidirectional Transformers – a study",
        "On x^2 and word2vec in bold", "The TeXbook", "A Report on GPT"]
    assert _field(imported["ris"], "abstractNote")[1] == "We use BERT – a model."
    assert imported["ris"][0]["notes"] == [{"note": "<p>See BERT paper</p>"}]
    assert imported["ris"][2]["publisher"] == "Addison–Wesley"


def test_rdf_titles_keep_zotero_rich_text_and_only_needed_protection(imported):
    assert _field(imported["rdf"], "title") == [
        "BERT: Pre-training of Deep <i>Bidirectional</i> Transformers – a study",
        # a TeX command's argument is case-protected, as BibTeX treats it
        'On x<sup>2</sup> and <span class="nocase">word2vec</span> in <b><span class="nocase">bold</span></b>',
        "The TeXbook",
        "A Report on GPT"]
    assert _field(imported["rdf"], "abstractNote")[1] == "We use BERT – a model."
    assert [n["note"] for n in imported["rdf"][0]["notes"]] == ["<p>See BERT <i>paper</i></p>"]


@pytest.mark.parametrize("fmt", ["ris", "rdf"])
def test_series_arrives_in_the_field_of_its_item_type(imported, fmt):
    items = {item["itemType"]: item for item in imported[fmt]}
    assert items["conferencePaper"]["series"] == "ACL Anthology"
    assert items["journalArticle"]["series"] == "New Series"
    assert items["book"]["series"] == "Computers and Typesetting"
    assert items["report"]["seriesTitle"] == "MIT AI Memos"
    assert "Series" not in items["report"].get("extra", "")


@pytest.mark.parametrize("fmt", ["ris", "rdf"])
def test_no_tex_reaches_zotero(imported, fmt):
    fields = ("title", "publicationTitle", "proceedingsTitle", "series", "seriesTitle", "abstractNote", "publisher",
              "pages")
    texts = [item.get(f, "") for item in imported[fmt] for f in fields]
    texts += [note["note"] for item in imported[fmt] for note in item["notes"]]
    for text in texts:
        assert not re.search(r"[{}\\$]|--|&lt;", text), text
