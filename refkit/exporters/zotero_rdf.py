"""Zotero RDF writer: the one route into Zotero that keeps everything.

Layout of Zotero's own "Zotero RDF" export, read back by Zotero's RDF.js importer
(/work/shared/zotero/ZOTERO-IMPORT.md §4.4 and §6):

* ``z:itemType`` (``preprint`` for arXiv preprints), ``dc:publisher`` -> repository ``arXiv``,
  ``prism:number`` -> archive id ``arXiv:ID``, ``dc:description`` -> Extra ``arXiv:ID [class]``,
  ``z:citationKey`` -> citation key, ``z:libraryCatalog``;
* ``dc:subject`` literals are manual tags (keywords, library tags, ``project:NAME``, ``status:S``);
  arXiv categories are ``z:AutomaticTag`` so users can hide them with Zotero's automatic-tag toggle;
* notes are ``bib:Memo`` (HTML, escaped) linked with ``dcterms:isReferencedBy``;
* one ``z:Collection`` per project; ``a/b`` project names nest ``b`` inside ``a``.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from ..ids import abs_url
from ..mapping.export_text import to_note_html, to_plain, to_zotero_title
from ..mapping.ris import display_doi
from ..model import Annotations, Entry, Person

__all__ = ["ZOTERO_TYPES", "ZoteroRdfExporter", "dumps", "exporter"]

ZOTERO_TYPES: dict[str, str] = {
    "article": "preprint", "article-journal": "journalArticle", "article-magazine": "magazineArticle",
    "article-newspaper": "newspaperArticle", "paper-conference": "conferencePaper", "book": "book",
    "chapter": "bookSection", "thesis": "thesis", "report": "report", "webpage": "webpage",
    "post-weblog": "blogPost", "manuscript": "manuscript", "dataset": "dataset", "software": "computerProgram",
    "patent": "patent", "entry-encyclopedia": "encyclopediaArticle", "entry-dictionary": "dictionaryEntry",
    "speech": "presentation", "map": "map", "motion_picture": "film", "song": "audioRecording",
    "graphic": "artwork", "legal_case": "case", "legislation": "statute", "bill": "bill",
    "personal_communication": "letter", "interview": "interview", "broadcast": "tvBroadcast",
    "standard": "standard", "document": "document",
}
# the container node RDF.js looks for, per item type (RDF.js detectType)
_CONTAINER_NODE = {
    "journalArticle": "bib:Journal", "conferencePaper": "bib:Journal", "magazineArticle": "bib:Periodical",
    "newspaperArticle": "bib:Newspaper", "bookSection": "bib:Book", "encyclopediaArticle": "bib:Book",
    "dictionaryEntry": "bib:Book", "webpage": "z:Website", "blogPost": "z:Blog",
}
_PERIODICALS = {"journalArticle", "magazineArticle", "newspaperArticle"}
# types whose series is Zotero's "seriesTitle" (RDF: dcterms:alternative), not "series" (dc:title)
_SERIES_TITLE_TYPES = {"report", "computerProgram", "map", "audioRecording", "podcast"}

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF\n xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
    ' xmlns:z="http://www.zotero.org/namespaces/export#"\n xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
    ' xmlns:foaf="http://xmlns.com/foaf/0.1/"\n xmlns:bib="http://purl.org/net/biblio#"\n'
    ' xmlns:dcterms="http://purl.org/dc/terms/"\n xmlns:prism="http://prismstandard.org/namespaces/1.2/basic/"\n'
    ' xmlns:vcard="http://nwalsh.com/rdf/vCard#">\n'
)


# characters XML 1.0 forbids: one of them makes Zotero reject the whole file, so they are dropped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=False)


def _plain(value: str) -> str:
    """An entry field as a plain Zotero field (every one but the title): no markup, no TeX, XML-escaped."""
    return _text(to_plain(value))


def _user_note_html(note: str) -> str:
    """A note the user wrote (plain text, never TeX) as Zotero note HTML."""
    paragraphs = [p for p in note.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p.strip(), quote=False).replace(chr(10), '<br/>')}</p>" for p in paragraphs)


def _attr(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=True)


def item_uri(key: str) -> str:
    return f"urn:refkit:item:{quote(key, safe=':._-')}"


def project_path(project: str) -> str:
    """``" a / b "`` -> ``"a/b"``: the collection path a project name stands for."""
    return "/".join(p.strip() for p in project.split("/") if p.strip()) or project


def collection_uri(path: str) -> str:
    return f"urn:refkit:collection:{quote(path, safe=':._-/')}"


def _person(person: Person) -> str:
    if person.literal:  # surname only: Zotero stores a single-field (institutional) name
        return f"<foaf:Person><foaf:surname>{_text(person.literal)}</foaf:surname></foaf:Person>"
    family = " ".join(p for p in (person.particle, person.family) if p)
    given = ", ".join(p for p in (person.given, person.suffix) if p)
    given_xml = f"<foaf:givenName>{_text(given)}</foaf:givenName>" if given else ""
    return f"<foaf:Person><foaf:surname>{_text(family)}</foaf:surname>{given_xml}</foaf:Person>"


def _creators(element: str, people: tuple[Person, ...]) -> list[str]:
    if not people:
        return []
    items = "".join(f"\n      <rdf:li>{_person(p)}</rdf:li>" for p in people)
    return [f"<{element}><rdf:Seq>{items}\n    </rdf:Seq></{element}>"]


def _container(item_type: str, entry: Entry) -> list[str]:
    node = _CONTAINER_NODE.get(item_type)
    title = _plain(entry.container_title)
    if not node:
        return [f"<z:publicationTitle>{title}</z:publicationTitle>"] if title else []
    inner = [f"<dc:title>{title}</dc:title>"] if title else []
    if item_type in _PERIODICALS:  # volume, issue and ISSN belong to the journal, as Zotero writes them
        inner += [f"<prism:volume>{_plain(entry.volume)}</prism:volume>"] if entry.volume else []
        inner += [f"<prism:number>{_plain(entry.issue)}</prism:number>"] if entry.issue else []
        inner += [f"<dc:identifier>ISSN {_text(entry.issn)}</dc:identifier>"] if entry.issn else []
    if not inner:
        return []
    body = "".join(f"\n        {line}" for line in inner)
    return [f"<dcterms:isPartOf>\n      <{node}>{body}\n      </{node}>\n    </dcterms:isPartOf>"]


def _tags(entry: Entry, notes: Annotations | None) -> list[str]:
    manual = [to_plain(k) for k in entry.keywords]
    if notes:
        manual += list(notes.tags) + [f"project:{p}" for p in notes.projects]
        manual += [f"status:{notes.status}"] if notes.status else []
    automatic = [c for c in (entry.primary_category, *entry.categories) if c]
    lines = [f"<dc:subject>{_text(t)}</dc:subject>" for t in dict.fromkeys(t for t in manual if t)]
    lines += [f"<dc:subject><z:AutomaticTag><rdf:value>{_text(t)}</rdf:value></z:AutomaticTag></dc:subject>"
              for t in dict.fromkeys(automatic) if t not in manual]
    return lines


def _item(entry: Entry, uri: str, notes: Annotations | None, memo_uris: list[str]) -> str:
    item_type = ZOTERO_TYPES.get(entry.type, "document")
    preprint = item_type == "preprint"
    lines = [f"<z:itemType>{item_type}</z:itemType>"]
    lines += _container(item_type, entry)
    if entry.collection_title:
        element = "dcterms:alternative" if item_type in _SERIES_TITLE_TYPES else "dc:title"
        lines.append(f"<dcterms:isPartOf><bib:Series><{element}>{_plain(entry.collection_title)}"
                     f"</{element}></bib:Series></dcterms:isPartOf>")
    lines += [f"<dc:title>{_text(to_zotero_title(entry.title))}</dc:title>"] if entry.title else []
    lines += _creators("bib:authors", entry.author) + _creators("bib:editors", entry.editor)
    lines += [f"<dc:date>{entry.issued.iso()}</dc:date>"] if entry.issued else []
    publisher = to_plain(entry.publisher) or ("arXiv" if preprint and entry.arxiv_id else "")
    if publisher or entry.publisher_place:
        place = (f"<vcard:adr><vcard:Address><vcard:locality>{_plain(entry.publisher_place)}</vcard:locality>"
                 "</vcard:Address></vcard:adr>") if entry.publisher_place else ""
        name = f"<foaf:name>{_text(publisher)}</foaf:name>" if publisher else ""
        lines.append(f"<dc:publisher><foaf:Organization>{place}{name}</foaf:Organization></dc:publisher>")
    if item_type not in _PERIODICALS:
        lines += [f"<prism:volume>{_plain(entry.volume)}</prism:volume>"] if entry.volume else []
    number = f"arXiv:{entry.arxiv_id}" if preprint and entry.arxiv_id else entry.number
    if not _CONTAINER_NODE.get(item_type):  # without a container, prism:number is the item's number
        number = number or entry.issue
    lines += [f"<prism:number>{_plain(number)}</prism:number>"] if number else []
    lines += [f"<bib:pages>{_plain(entry.page)}</bib:pages>"] if entry.page else []
    lines += [f"<prism:edition>{_plain(entry.edition)}</prism:edition>"] if entry.edition else []
    lines += [f"<z:conferenceName>{_plain(entry.event_title)}</z:conferenceName>"] if entry.event_title else []
    lines += [f"<z:type>{_plain(entry.genre)}</z:type>"] if entry.genre else []
    doi = display_doi(entry)
    lines += [f"<dc:identifier>DOI {_text(doi)}</dc:identifier>"] if doi else []
    lines += [f"<dc:identifier>ISBN {_text(entry.isbn)}</dc:identifier>"] if entry.isbn else []
    if entry.issn and item_type not in _PERIODICALS:
        lines.append(f"<dc:identifier>ISSN {_text(entry.issn)}</dc:identifier>")
    url = entry.url or (abs_url(entry.arxiv_id) if entry.arxiv_id else "")
    if url:
        lines.append(f"<dc:identifier><dcterms:URI><rdf:value>{_text(url)}</rdf:value></dcterms:URI></dc:identifier>")
    lines += [f"<dc:language>{_text(entry.language)}</dc:language>"] if entry.language else []
    lines += [f"<dcterms:abstract>{_plain(entry.abstract)}</dcterms:abstract>"] if entry.abstract else []
    if entry.arxiv_id:  # Extra, in the arXiv translator's form; BibLaTeX export turns it into eprint fields
        cls = f" [{entry.primary_category}]" if entry.primary_category else ""
        lines.append(f"<dc:description>arXiv:{_text(entry.arxiv_id)}{_text(cls)}</dc:description>")
        if preprint:  # a published version's catalogue is not arXiv
            lines.append("<z:libraryCatalog>arXiv.org</z:libraryCatalog>")
    lines += [f"<z:citationKey>{_text(entry.key)}</z:citationKey>"] if entry.key else []
    lines += _tags(entry, notes)
    lines += [f'<dcterms:isReferencedBy rdf:resource="{_attr(m)}"/>' for m in memo_uris]
    body = "".join(f"\n    {line}" for line in lines)
    return f'  <rdf:Description rdf:about="{_attr(uri)}">{body}\n  </rdf:Description>\n'


def _collections(members: dict[str, list[str]]) -> str:
    """``z:Collection`` per project path; ``a/b`` becomes ``b`` inside ``a`` (only top levels are roots)."""
    paths: dict[str, list[str]] = {}
    for project in members:
        parts = project.split("/")
        for depth in range(1, len(parts) + 1):
            paths.setdefault("/".join(parts[:depth]), [])
    out = []
    for path in sorted(paths):
        parts = path.split("/")
        children = [collection_uri(p) for p in sorted(paths) if p.rsplit("/", 1)[0] == path and p != path]
        items = [item_uri(k) for k in members.get(path, [])]
        body = f"\n    <dc:title>{_text(parts[-1])}</dc:title>"
        body += "".join(f'\n    <dcterms:hasPart rdf:resource="{_attr(u)}"/>' for u in items + children)
        out.append(f'  <z:Collection rdf:about="{_attr(collection_uri(path))}">{body}\n  </z:Collection>\n')
    return "".join(out)


def dumps(entries: Iterable[Entry], annotations: Mapping[str, Annotations] | None = None) -> str:
    annotations = annotations or {}
    parts = [HEADER]
    memos: list[str] = []
    members: dict[str, list[str]] = {}
    for index, entry in enumerate(entries, start=1):
        key = entry.key or f"item-{index}"
        notes = annotations.get(entry.key)
        notes_html = [to_note_html(entry.note)] if entry.note.strip() else []
        notes_html += [_user_note_html(t) for t in (notes.notes if notes else ()) if t.strip()]
        memo_uris = []
        for note_html in notes_html:
            memo_uri = f"urn:refkit:note:{len(memos) + 1}"
            memo_uris.append(memo_uri)
            memos.append(f'  <bib:Memo rdf:about="{memo_uri}"><rdf:value>{_text(note_html)}'
                         "</rdf:value></bib:Memo>\n")
        parts.append(_item(entry, item_uri(key), notes, memo_uris))
        for project in notes.projects if notes else ():
            members.setdefault(project_path(project), []).append(key)
    parts += memos
    parts.append(_collections(members))
    parts.append("</rdf:RDF>\n")
    return "".join(parts)


class ZoteroRdfExporter:
    name = "zotero-rdf"
    suffix = ".rdf"

    @staticmethod
    def dumps(entries: Iterable[Entry], annotations: Mapping[str, Annotations] | None = None) -> str:
        return dumps(entries, annotations)


exporter = ZoteroRdfExporter()
