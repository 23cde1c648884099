"""Zotero RDF export: a golden file, and one test per rule of ZOTERO-IMPORT.md that decides what
Zotero's RDF.js importer makes of it (item type, archive id, repository, Extra, tags, notes,
collections, citation key).

Update the golden file with ``REFKIT_UPDATE_GOLDEN=1 pytest tests/exporters/test_zotero_rdf.py``.
"""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from refkit.exporters.zotero_rdf import dumps, exporter
from refkit.model import Annotations, Entry, PartialDate, Person

GOLDEN = Path(__file__).parent / "golden" / "zotero_sample.rdf"
FIXTURE = Path(__file__).parent.parent / "fixtures" / "arxiv-seed-corpus.json"
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "z": "http://www.zotero.org/namespaces/export#",
    "dc": "http://purl.org/dc/elements/1.1/", "foaf": "http://xmlns.com/foaf/0.1/",
    "bib": "http://purl.org/net/biblio#", "dcterms": "http://purl.org/dc/terms/",
    "prism": "http://prismstandard.org/namespaces/1.2/basic/", "vcard": "http://nwalsh.com/rdf/vCard#",
}
ABOUT = f"{{{NS['rdf']}}}about"
RESOURCE = f"{{{NS['rdf']}}}resource"


def _seed(arxiv_id: str, key: str) -> Entry:
    record = next(r for r in json.loads(FIXTURE.read_text()) if r["id"] == arxiv_id)
    authors = tuple(Person(family=a["name"].rsplit(" ", 1)[-1], given=a["name"].rsplit(" ", 1)[0])
                    for a in record["authors"])
    return Entry(type="article", key=key, title=record["title"], author=authors,
                 issued=PartialDate.parse_iso(record["published"]), arxiv_id=record["id"],
                 arxiv_version=record["version"], primary_category=record["primary_category"],
                 categories=tuple(record["categories"]), abstract=record["summary"],
                 url=f"https://arxiv.org/abs/{record['id']}", doi=f"10.48550/arxiv.{record['id']}")


def sample_entries() -> list[Entry]:
    return [
        _seed("2307.05300", "wang2023unleashing"),
        _seed("2306.14824", "peng2023kosmos2").replace(
            title='<span class="nocase">Kosmos-2</span>: Grounding Multimodal Large Language Models to the World'),
        Entry(type="article-journal", key="vaswani2017journal", title="Attention & <i>Everything</i> < Else",
              author=(Person("Vaswani", "Ashish"), Person(literal="Google Brain Team"), Person("Berg", "Jan", "van der")),
              issued=PartialDate(2017, 6), container_title="Journal of Things", volume="30", issue="4",
              page="5998-6008", issn="1234-5678", doi="10.1000/xyz123", keywords=("transformers",)),
        Entry(type="paper-conference", key="smith2020conf", title="A Conference Paper",
              author=(Person("Smith", "Anna"),), editor=(Person("Jones", "Bob"),), issued=PartialDate(2020),
              container_title="Proceedings of ACL", event_title="ACL 2020", publisher="ACL",
              publisher_place="Online", page="1-10", note="Best paper award."),
    ]


def sample_annotations() -> dict[str, Annotations]:
    return {
        "wang2023unleashing": Annotations(tags=("agents", "llm"), projects=("Thesis", "Thesis/Chapter 2"),
                                          status="read", notes=("Key idea: personas.\nSee §3.", "Second note")),
        "peng2023kosmos2": Annotations(tags=("multimodal",), projects=("Thesis",)),
        "vaswani2017journal": Annotations(projects=("Reading group",), notes=("<b>not</b> markup & stays text",)),
    }


@pytest.fixture(scope="module")
def rdf_text() -> str:
    return dumps(sample_entries(), sample_annotations())


@pytest.fixture(scope="module")
def root(rdf_text) -> ET.Element:
    return ET.fromstring(rdf_text.encode())


def _item(root: ET.Element, key: str) -> ET.Element:
    return root.find(f"rdf:Description[@rdf:about='urn:refkit:item:{key}']", NS)


def test_golden_file(rdf_text):
    if os.environ.get("REFKIT_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(rdf_text, encoding="utf-8")
    assert rdf_text == GOLDEN.read_text(encoding="utf-8")


def test_registered_as_zotero_rdf():
    from refkit import plugins

    assert plugins.load(plugins.EXPORTERS, "zotero-rdf") is exporter
    assert exporter.suffix == ".rdf"


def test_arxiv_preprint_is_a_preprint_with_archive_id_repository_and_extra(root):
    item = _item(root, "wang2023unleashing")
    assert item.findtext("z:itemType", namespaces=NS) == "preprint"
    # prism:number directly on the item (no container) -> Zotero's archiveID
    assert item.findtext("prism:number", namespaces=NS) == "arXiv:2307.05300"
    assert item.find("dcterms:isPartOf", NS) is None
    assert item.findtext("dc:publisher/foaf:Organization/foaf:name", namespaces=NS) == "arXiv"
    assert item.findtext("dc:description", namespaces=NS) == "arXiv:2307.05300 [cs.AI]"
    assert item.findtext("z:libraryCatalog", namespaces=NS) == "arXiv.org"
    identifiers = [i.text for i in item.findall("dc:identifier", NS) if i.text]
    assert identifiers == ["DOI 10.48550/arXiv.2307.05300"]
    assert item.findtext("dc:identifier/dcterms:URI/rdf:value", namespaces=NS) == "https://arxiv.org/abs/2307.05300"
    assert item.findtext("dc:date", namespaces=NS) == "2023-07-11"


def test_citation_key_is_written_for_zotero_8(root):
    assert _item(root, "peng2023kosmos2").findtext("z:citationKey", namespaces=NS) == "peng2023kosmos2"


def test_title_keeps_zotero_rich_text_and_escapes_xml(root, rdf_text):
    # citeproc-js never re-cases a capitalised word: the span would only show in Zotero's item pane
    assert _item(root, "peng2023kosmos2").findtext("dc:title", namespaces=NS).startswith("Kosmos-2:")
    assert _item(root, "vaswani2017journal").findtext("dc:title", namespaces=NS) == \
        "Attention & <i>Everything</i> < Else"
    assert "Attention &amp; &lt;i&gt;Everything&lt;/i&gt; &lt; Else" in rdf_text


def test_creators_in_order_with_institutions_as_single_field(root):
    people = _item(root, "vaswani2017journal").findall("bib:authors/rdf:Seq/rdf:li/foaf:Person", NS)
    names = [(p.findtext("foaf:surname", namespaces=NS), p.findtext("foaf:givenName", namespaces=NS)) for p in people]
    assert names == [("Vaswani", "Ashish"), ("Google Brain Team", None), ("van der Berg", "Jan")]
    editors = _item(root, "smith2020conf").findall("bib:editors/rdf:Seq/rdf:li/foaf:Person", NS)
    assert [e.findtext("foaf:surname", namespaces=NS) for e in editors] == ["Jones"]


def test_manual_tags_and_automatic_category_tags(root):
    item = _item(root, "wang2023unleashing")
    manual = [s.text for s in item.findall("dc:subject", NS) if s.text]
    automatic = [s.findtext("z:AutomaticTag/rdf:value", namespaces=NS)
                 for s in item.findall("dc:subject", NS) if s.find("z:AutomaticTag", NS) is not None]
    assert manual == ["agents", "llm", "project:Thesis", "project:Thesis/Chapter 2", "status:read"]
    assert automatic == ["cs.AI"]


def test_notes_are_child_memos_with_escaped_html(root):
    item = _item(root, "wang2023unleashing")
    refs = [r.get(RESOURCE) for r in item.findall("dcterms:isReferencedBy", NS)]
    memos = {m.get(ABOUT): m.findtext("rdf:value", namespaces=NS) for m in root.findall("bib:Memo", NS)}
    assert [memos[r] for r in refs] == ["<p>Key idea: personas.<br/>See §3.</p>", "<p>Second note</p>"]
    journal_note = memos[_item(root, "vaswani2017journal").find("dcterms:isReferencedBy", NS).get(RESOURCE)]
    assert journal_note == "<p>&lt;b&gt;not&lt;/b&gt; markup &amp; stays text</p>"  # user text, not HTML
    conf_note = memos[_item(root, "smith2020conf").find("dcterms:isReferencedBy", NS).get(RESOURCE)]
    assert conf_note == "<p>Best paper award.</p>"  # the bibliographic note too, as Zotero's BibTeX import does


def test_one_collection_per_project_nested_by_slash(root):
    collections = {c.get(ABOUT): c for c in root.findall("z:Collection", NS)}
    titles = {about: c.findtext("dc:title", namespaces=NS) for about, c in collections.items()}
    parts = {about: [p.get(RESOURCE) for p in c.findall("dcterms:hasPart", NS)] for about, c in collections.items()}
    by_title = {title: about for about, title in titles.items()}
    assert sorted(titles.values()) == ["Chapter 2", "Reading group", "Thesis"]
    thesis = parts[by_title["Thesis"]]
    assert thesis == ["urn:refkit:item:wang2023unleashing", "urn:refkit:item:peng2023kosmos2", by_title["Chapter 2"]]
    assert parts[by_title["Chapter 2"]] == ["urn:refkit:item:wang2023unleashing"]
    assert parts[by_title["Reading group"]] == ["urn:refkit:item:vaswani2017journal"]
    # every hasPart points at an item or collection of this file (RDF.js matches them by rdf:about)
    known = {d.get(ABOUT) for d in root.findall("rdf:Description", NS)} | set(collections)
    assert all(p in known for members in parts.values() for p in members)


def test_journal_article_volume_issue_and_issn_sit_on_the_journal(root):
    item = _item(root, "vaswani2017journal")
    assert item.findtext("z:itemType", namespaces=NS) == "journalArticle"
    journal = item.find("dcterms:isPartOf/bib:Journal", NS)
    assert journal.findtext("dc:title", namespaces=NS) == "Journal of Things"
    assert journal.findtext("prism:volume", namespaces=NS) == "30"
    assert journal.findtext("prism:number", namespaces=NS) == "4"
    assert journal.findtext("dc:identifier", namespaces=NS) == "ISSN 1234-5678"
    assert item.findtext("bib:pages", namespaces=NS) == "5998-6008"
    assert item.find("prism:number", NS) is None  # an issue is not an archive id
    assert [s.text for s in item.findall("dc:subject", NS)] == ["transformers", "project:Reading group"]


def test_conference_paper_has_proceedings_conference_and_place(root):
    item = _item(root, "smith2020conf")
    assert item.findtext("z:itemType", namespaces=NS) == "conferencePaper"
    assert item.findtext("dcterms:isPartOf/bib:Journal/dc:title", namespaces=NS) == "Proceedings of ACL"
    assert item.findtext("z:conferenceName", namespaces=NS) == "ACL 2020"
    publisher = item.find("dc:publisher/foaf:Organization", NS)
    assert publisher.findtext("foaf:name", namespaces=NS) == "ACL"
    assert publisher.findtext("vcard:adr/vcard:Address/vcard:locality", namespaces=NS) == "Online"


def test_no_annotations_and_no_key_still_give_valid_rdf():
    text = dumps([Entry(type="book", title="Untitled & Co")])
    root = ET.fromstring(text.encode())
    item = root.find("rdf:Description", NS)
    assert item.get(ABOUT) == "urn:refkit:item:item-1"
    assert item.findtext("z:itemType", namespaces=NS) == "book"
    assert root.find("z:Collection", NS) is None


@pytest.mark.parametrize("csl_type, zotero_type", [
    ("article", "preprint"), ("article-journal", "journalArticle"), ("paper-conference", "conferencePaper"),
    ("chapter", "bookSection"), ("thesis", "thesis"), ("report", "report"), ("webpage", "webpage"),
    ("software", "computerProgram"), ("dataset", "dataset"), ("no-such-type", "document"),
])
def test_item_types(csl_type, zotero_type):
    root = ET.fromstring(dumps([Entry(type=csl_type, key="k", title="T")]).encode())
    assert root.findtext("rdf:Description/z:itemType", namespaces=NS) == zotero_type


def test_characters_xml_forbids_are_dropped_so_the_file_stays_importable():
    text = dumps([Entry(type="article", key="k\x01", title="Bell\x07 and form\x0cfeed", abstract="nul\x00")],
                 {"k\x01": Annotations(notes=("vertical\x0btab",), tags=("t\x1f",))})
    root = ET.fromstring(text.encode())  # a parser error here is what Zotero would hit
    item = root.find("rdf:Description", NS)
    assert item.findtext("dc:title", namespaces=NS) == "Bell and formfeed"
    assert root.findtext("bib:Memo/rdf:value", namespaces=NS) == "<p>verticaltab</p>"


def test_published_paper_keeps_its_arxiv_id_in_extra_only():
    entry = Entry(type="article-journal", key="pub", title="T", container_title="Nature", issue="7",
                  arxiv_id="1706.03762", primary_category="cs.CL")
    item = ET.fromstring(dumps([entry]).encode()).find("rdf:Description", NS)
    assert item.findtext("z:itemType", namespaces=NS) == "journalArticle"
    assert item.findtext("dc:description", namespaces=NS) == "arXiv:1706.03762 [cs.CL]"
    assert item.find("prism:number", NS) is None and item.find("z:libraryCatalog", NS) is None
    assert item.find("dc:publisher", NS) is None  # arXiv is not the journal's publisher
    assert item.findtext("dcterms:isPartOf/bib:Journal/prism:number", namespaces=NS) == "7"


@pytest.mark.parametrize(("rich", "zotero"), [
    ('<span class="nocase">BERT</span>: Deep <i>Bidirectional</i> Models', "BERT: Deep <i>Bidirectional</i> Models"),
    ('The <span class="nocase">TeX</span>book', "The TeXbook"),
    ('<span class="nocase">word2vec</span> Explained', '<span class="nocase">word2vec</span> Explained'),
    ('Tales <span class="nocase">Of</span> Old', 'Tales <span class="nocase">Of</span> Old'),
    ("On $x^2$ and $H_{2}O$ with $\\alpha$", "On x<sup>2</sup> and H<sub>2</sub>O with α"),
    ("Raw \\emph{Deep} {BERT} -- \\textbf{Bold}", "Raw <i>Deep</i> BERT – <b>Bold</b>"),
    ("A & b < c {", "A & b < c {"),
], ids=["acronym", "camel", "lowercase-word", "capitalised-stop-word", "math", "tex-leftovers", "literal-text"])
def test_zotero_title_keeps_formatting_and_only_needed_protection(rich, zotero):
    from refkit.mapping.export_text import to_zotero_title

    assert to_zotero_title(rich) == zotero


def test_entry_fields_carry_no_tex_or_markup():
    entry = Entry(type="report", key="r", title=r"A {GPT} Report", container_title=r"\emph{Papers}",
                  collection_title=r"{MIT} AI Memos", abstract=r'Uses <span class="nocase">GPT</span> -- a $\beta$ test',
                  publisher=r"{MIT}", note=r'See <span class="nocase">GPT</span> \emph{paper} & more')
    root = ET.fromstring(dumps([entry]).encode())
    item = _item(root, "r")
    assert item.findtext("dc:title", namespaces=NS) == "A GPT Report"
    assert item.findtext("dcterms:isPartOf/bib:Series/dcterms:alternative", namespaces=NS) == "MIT AI Memos"
    assert item.findtext("dcterms:abstract", namespaces=NS) == "Uses GPT – a β test"
    assert item.findtext("dc:publisher/foaf:Organization/foaf:name", namespaces=NS) == "MIT"
    assert root.findtext("bib:Memo/rdf:value", namespaces=NS) == "<p>See GPT <i>paper</i> &amp; more</p>"
