"""Entry <-> RIS fields, both ways: the one place that knows RIS tag words.

The tag table follows what Zotero's RIS translator does with each tag
(/work/shared/zotero/ZOTERO-IMPORT.md §4.1), because Zotero is where most RIS files end up:

* preprints are ``TY  - GEN`` (Zotero has no preprint RIS type) with ``PB  - arXiv``,
  ``AN  - arXiv:ID``, ``M2  - Type: preprint`` (Zotero desktop then switches the item to preprint)
  and ``M2  - arXiv:ID [class]`` (Extra, the arXiv translator's form);
* tags are one ``KW`` each (Zotero also splits a KW value on ``;`` and newlines);
* notes are ``N1`` (multi-line notes continue on the following lines);
* the citation key is ``ID`` (ignored by Zotero, read back by refkit).

``to_ris`` gives ``[(tag, value)]``; ``from_ris`` turns the ``[(tag, value, line)]`` of one record
back into an ``Entry`` plus diagnostics. Both are pure.
"""
from __future__ import annotations

import re

from ..diagnostics import WARNING, Diagnostic
from ..ids import abs_url, arxiv_id_from_doi, find_arxiv_id, normalize_doi, parse_arxiv_id
from ..model import Annotations, Entry, PartialDate, Person, Source
from .export_text import to_plain  # RIS values are plain text: no markup, no TeX

__all__ = [
    "CSL_TO_RIS",
    "RIS_TO_CSL",
    "display_doi",
    "from_ris",
    "parse_ris_person",
    "person_to_ris",
    "to_plain",
    "to_ris",
]

# CSL type -> RIS TY (what Zotero exports for the matching Zotero type; GEN when it has none)
CSL_TO_RIS: dict[str, str] = {
    "article": "GEN", "article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS",
    "paper-conference": "CPAPER", "book": "BOOK", "chapter": "CHAP", "thesis": "THES", "report": "RPRT",
    "webpage": "ELEC", "post-weblog": "BLOG", "manuscript": "MANSCPT", "dataset": "DATA", "software": "COMP",
    "patent": "PAT", "entry-encyclopedia": "ENCYC", "entry-dictionary": "DICT", "speech": "SLIDE",
    "map": "MAP", "motion_picture": "MPCT", "song": "SOUND", "graphic": "ART", "legal_case": "CASE",
    "legislation": "STAT", "bill": "BILL", "personal_communication": "PCOMM", "hearing": "HEAR",
    "standard": "STAND", "document": "GEN",
}
# RIS TY -> CSL type, with the degenerate spellings other tools write
RIS_TO_CSL: dict[str, str] = {ty: csl for csl, ty in CSL_TO_RIS.items() if ty != "GEN"} | {
    "GEN": "document", "JFULL": "article-journal", "EJOUR": "article-journal", "ABST": "article-journal",
    "INPR": "article-journal", "CONF": "paper-conference", "EBOOK": "book", "EDBOOK": "book", "CLSWK": "book",
    "SER": "book", "ECHAP": "chapter", "GOVDOC": "report", "UNPB": "manuscript", "UNPD": "manuscript",
    "PAMP": "manuscript", "DBASE": "dataset", "AGGR": "dataset", "WEB": "webpage", "VIDEO": "motion_picture",
    "ADVS": "motion_picture", "MUSIC": "song", "FIGURE": "graphic", "CHART": "graphic", "LEGAL": "legal_case",
    "UNBILL": "bill", "ICOMM": "personal_communication",
}
_BOOKS = {"BOOK", "EBOOK", "EDBOOK", "CLSWK", "SER"}
# the series tag Zotero reads for each RIS type (RIS.js: T2 -> series/seriesTitle for these, T3 for the
# rest); where T2 is the series, a container title goes to JF, which refkit reads back
_SERIES_IN_T2 = _BOOKS | {"RPRT", "COMP", "MAP"}
_NUMBERED = {"report", "patent", "standard"}  # their number goes to SN, as Zotero's reportNumber
_CONTAINERS_WITH_ISSN = {"article-journal", "article-magazine", "article-newspaper"}

_DATE = re.compile(r"^\s*(\d{4})(?:\s*[/-]\s*(\d{1,2})?(?:\s*[/-]\s*(\d{1,2})?)?)?")
_PREPRINT_LINE = re.compile(r"^type:\s*preprint\s*$", re.IGNORECASE)
_ARXIV_LINE = re.compile(r"^arxiv:\s*(\S+)(?:\s*\[([^\]]+)\])?\s*$", re.IGNORECASE)


def display_doi(entry: Entry) -> str:
    """The DOI to write: arXiv's own spelling ``10.48550/arXiv.ID``, and that DOI for preprints without one."""
    prefix = "10.48550/arxiv."
    if entry.doi:
        return f"10.48550/arXiv.{entry.doi[len(prefix):]}" if entry.doi.startswith(prefix) else entry.doi
    if entry.arxiv_id and entry.type == "article":  # arXiv registers a DataCite DOI for every paper
        return f"10.48550/arXiv.{entry.arxiv_id}"
    return ""


# ----------------------------------------------------------------------------------------- writing

def person_to_ris(person: Person) -> str:
    """``Family, Given, Suffix``; a family-only name keeps its comma so it is not read as an institution."""
    if person.literal:
        return person.literal
    family = " ".join(p for p in (person.particle, person.family) if p)
    parts = [family, person.given] + ([person.suffix] if person.suffix else [])
    return ", ".join(parts) if person.given or person.suffix else f"{family},"


def _date_to_ris(date: PartialDate) -> str:
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year:04d}/{month}/{day}/"


def _annotation_tags(notes: Annotations | None) -> list[str]:
    if notes is None:
        return []
    tags = list(notes.tags) + [f"project:{p}" for p in notes.projects]
    return tags + ([f"status:{notes.status}"] if notes.status else [])


def to_ris(entry: Entry, annotations: Annotations | None = None) -> list[tuple[str, str]]:
    """The ``(tag, value)`` lines of one record, ``TY`` first and without the closing ``ER``."""
    ty = CSL_TO_RIS.get(entry.type, "GEN")
    out: list[tuple[str, str]] = [("TY", ty)]
    add = lambda tag, value: value and out.append((tag, value))
    text = lambda tag, value: add(tag, to_plain(value))  # a field of rich text: written plain
    add("ID", entry.key)
    text("TI", entry.title)
    for person in entry.author:
        text("AU", person_to_ris(person))
    for person in entry.editor:
        text("A3" if ty == "BOOK" else "A2", person_to_ris(person))
    if entry.issued:
        add("PY", f"{entry.issued.year:04d}")
        if entry.issued.month:
            add("DA", _date_to_ris(entry.issued))
    if ty == "CPAPER":
        text("T2", entry.event_title or entry.container_title)
        text("C3", entry.container_title)
    else:
        text("JF" if ty in _SERIES_IN_T2 else "T2", entry.container_title)
    text("T2" if ty in _SERIES_IN_T2 else "T3", entry.collection_title)
    text("VL", entry.volume)
    text("IS", entry.issue)
    start, _, end = to_plain(entry.page).replace("–", "-").partition("-")
    add("SP", start.strip())
    add("EP", end.strip("- "))
    text("ET", entry.edition)
    text("PB", entry.publisher or ("arXiv" if entry.type == "article" and entry.arxiv_id else ""))
    text("CY", entry.publisher_place)
    text("SN", entry.number if entry.type in _NUMBERED else "")
    text("M1", entry.number if entry.type not in _NUMBERED else "")
    add("SN", entry.issn if entry.type in _CONTAINERS_WITH_ISSN else entry.isbn)
    text("M3", entry.genre)
    add("DO", display_doi(entry))
    add("UR", entry.url or (abs_url(entry.arxiv_id) if entry.arxiv_id else ""))
    add("LA", entry.language)
    if entry.arxiv_id:
        add("AN", f"arXiv:{entry.arxiv_id}")
        if entry.type == "article":
            add("M2", "Type: preprint")
        cls = f" [{entry.primary_category}]" if entry.primary_category else ""
        add("M2", f"arXiv:{entry.arxiv_id}{cls}")
    text("AB", entry.abstract)
    seen: set[str] = set()
    for tag in [to_plain(k) for k in entry.keywords] + _annotation_tags(annotations):
        if tag and tag not in seen:
            seen.add(tag)
            add("KW", tag)
    text("N1", entry.note)
    for note in annotations.notes if annotations else ():
        add("N1", note)
    for name, value in entry.extra:  # tags this writer read from RIS and had no slot for
        if name.startswith("ris:") and len(name) == 6:
            add(name[4:], value)
    return out


# ----------------------------------------------------------------------------------------- reading

def parse_ris_person(text: str) -> Person:
    """``Family, Given[, Suffix]`` -> Person; no comma means a name Zotero keeps in one field."""
    text = " ".join(text.split())
    if "," not in text:
        return Person(literal=text)
    family, _, rest = text.partition(",")
    given, _, suffix = rest.partition(",")
    family, given, suffix = family.strip(), given.strip(), suffix.strip()
    words = family.split(" ")
    lead = 0
    while lead < len(words) - 1 and words[lead][:1].islower():  # "van der Berg" -> particle "van der"
        lead += 1
    return Person(family=" ".join(words[lead:]), given=given, particle=" ".join(words[:lead]), suffix=suffix)


def _parse_date(text: str) -> PartialDate | None:
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        return PartialDate(year, month if month else None, day if month and day else None)
    except ValueError:
        return PartialDate(year)


def _more_precise(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None or (b is not None and b.year == a.year and (b.month or 0, b.day or 0) > (a.month or 0, a.day or 0)):
        return b
    return a


# Tags that fill one Entry field directly, the first occurrence wins.
_SIMPLE = {"VL": "volume", "IS": "issue", "ET": "edition", "CY": "publisher_place", "LA": "language",
           "M3": "genre", "ID": "key"}
_TEXT = {"TI": "title", "T1": "title", "CT": "title", "AB": "abstract", "N2": "abstract", "PB": "publisher"}
_CONTAINER = ("T2", "JF", "BT", "JO", "JA", "J2")  # in order of preference


def from_ris(ty: str, fields: list[tuple[str, str, int]], file: str = "", line: int = 0
             ) -> tuple[Entry, list[Diagnostic]]:
    """One record's ``(tag, value, line)`` fields -> ``Entry`` (tags in ``keywords``, notes in ``note``)."""
    record = _RisRecord(ty, file)
    if record.csl_type is None:
        record.warn("ris-unknown-type", f"unknown RIS type {ty!r}; read as a generic document", line)
        record.csl_type = "document"
    for tag, value, where in fields:
        if value.strip():
            record.read(tag, value.strip(), where)
    return record.entry(Source(file, line, "ris")), record.diagnostics


class _RisRecord:
    """One RIS record being read: what each tag filled, and what was kept aside."""

    def __init__(self, ty: str, file: str):
        self.ty, self.file = ty, file
        self.csl_type = RIS_TO_CSL.get(ty)
        self.diagnostics: list[Diagnostic] = []
        self.values: dict[str, object] = {}
        self.authors: list[Person] = []
        self.editors: list[Person] = []
        self.containers: dict[str, str] = {}
        self.keywords: list[str] = []
        self.notes: list[str] = []
        self.extra: list[tuple[str, str]] = []
        self.numbers: list[str] = []
        self.date: PartialDate | None = None
        self.start_page = self.end_page = ""
        self.preprint = False
        self.arxiv_hint = ""

    def warn(self, code: str, message: str, line: int) -> None:
        self.diagnostics.append(Diagnostic(code, message, self.file, line, severity=WARNING))

    def read(self, tag: str, value: str, where: int) -> None:
        ty = self.ty
        if tag in ("AU", "A1"):
            self.authors.append(parse_ris_person(value))
        elif tag == "ED" or (tag == "A2" and ty not in _BOOKS) or (tag == "A3" and ty in _BOOKS):
            self.editors.append(parse_ris_person(value))
        elif tag in ("PY", "Y1", "DA"):
            parsed = _parse_date(value)
            if parsed is None:
                self.warn("ris-bad-date", f"{tag} {value!r} is not a date; kept aside", where)
                self.extra.append((f"ris:{tag}", value))
            self.date = _more_precise(self.date, parsed)
        elif tag in _CONTAINER or tag in ("C3", "T3"):
            self.containers.setdefault(tag, value)
        elif tag == "SP":
            self.start_page = self.start_page or value
        elif tag == "EP":
            self.end_page = self.end_page or value
        elif tag == "KW":
            self.keywords.extend(k for k in re.split(r"\s*(?:[\r\n]+|;)\s*", value) if k)
        elif tag == "N1":
            self.notes.append(value)
        elif tag == "M2":
            self._read_extra_line(value)
        elif tag == "AN" and parse_arxiv_id(value):
            self.arxiv_hint = self.arxiv_hint or value
        elif tag == "M1" or (tag == "SN" and self.csl_type in _NUMBERED and not self.numbers):
            self.numbers.append(value)
        elif tag == "SN":
            _set_isbn_issn(self.values, value)
        elif tag == "DO" and normalize_doi(value):
            self.values.setdefault("doi", normalize_doi(value))
        elif tag == "UR":
            self.values.setdefault("url", value)
        elif tag in _TEXT or tag in _SIMPLE:
            name = _TEXT.get(tag) or _SIMPLE[tag]
            if name in self.values:
                self.warn("ris-duplicate-field", f"second {tag} value kept aside: {value!r}", where)
                self.extra.append((f"ris:{tag}", value))
            else:
                self.values[name] = value
        elif tag != "TY":
            self.extra.append((f"ris:{tag}", value))

    def _read_extra_line(self, value: str) -> None:
        """M2, where Zotero writes its Extra field: a preprint marker, an arXiv line, or anything."""
        if _PREPRINT_LINE.match(value):
            self.preprint = True
        elif _ARXIV_LINE.match(value) and "[" in value:  # the Extra line carries the class too
            self.arxiv_hint = value
        elif _ARXIV_LINE.match(value):
            self.arxiv_hint = self.arxiv_hint or value
        else:
            self.extra.append(("ris:M2", value))

    def entry(self, source: Source) -> Entry:
        values = self.values
        values.update(_containers(self.ty, self.csl_type, self.containers))
        if self.date is not None:
            values["issued"] = self.date
        if self.start_page:
            values["page"] = (f"{self.start_page}-{self.end_page}" if self.end_page and "-" not in self.start_page
                              else self.start_page)
        if self.numbers:
            values["number"] = self.numbers[0]
        values.update(_arxiv(self.arxiv_hint, str(values.get("url", "")), str(values.get("doi", ""))))
        csl_type = self.csl_type
        arxiv_generic = self.ty == "GEN" and str(values.get("publisher", "")).lower() == "arxiv"
        if self.preprint or values.get("arxiv_id") and arxiv_generic:
            csl_type = "article"
        return Entry(type=csl_type, author=tuple(self.authors), editor=tuple(self.editors),
                     keywords=tuple(self.keywords), note="\n\n".join(self.notes), extra=tuple(self.extra),
                     source=source, **values)  # type: ignore[arg-type]


def _set_isbn_issn(values: dict[str, object], value: str) -> None:
    digits = re.sub(r"[^0-9Xx]", "", value)
    values.setdefault("issn" if len(digits) == 8 else "isbn", value)


def _containers(ty: str, csl_type: str, found: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    if ty in _SERIES_IN_T2:  # T2 (else T3) is the series on these, as Zotero reads them
        series = found.get("T2") or found.get("T3", "")
        if series:
            out["collection_title"] = series
        container = next((found[t] for t in _CONTAINER if t in found and t != "T2"), "")
        if container:
            out["container_title"] = container
        return out
    primary = next((found[t] for t in _CONTAINER if t in found), "")
    if csl_type == "paper-conference" and "C3" in found:
        out["container_title"] = found["C3"]
        if primary and primary != found["C3"]:
            out["event_title"] = primary
    elif primary:
        out["container_title"] = primary
    if found.get("T3"):
        out["collection_title"] = found["T3"]
    return out


def _arxiv(hint: str, url: str, doi: str) -> dict[str, object]:
    """arXiv id, version and class from ``AN``/``M2`` lines, else from the URL or an arXiv DOI."""
    out: dict[str, object] = {}
    match = _ARXIV_LINE.match(hint) if hint.lower().startswith("arxiv:") else None
    found = parse_arxiv_id(match.group(1)) if match else parse_arxiv_id(hint) if hint else None
    if match and match.group(2):
        out["primary_category"] = match.group(2).strip()
    from_url = find_arxiv_id(url) if url else None
    found = found or from_url or (arxiv_id_from_doi(doi) if doi else None)
    if found:
        out["arxiv_id"] = found.id
        version = found.version or (from_url.version if from_url and from_url.id == found.id else None)
        if version:
            out["arxiv_version"] = version
    return out
