"""BibTeX/BibLaTeX fields <-> Entry, as pure functions. BibTeX's vocabulary lives only here.

``from_bibtex(type, key, fields)`` takes field values as TeX source (strings resolved, delimiters
removed; a bare month macro as ``jul``). Fields without a slot in Entry, and values refkit cannot
parse without loss (``year = {1973a}``, ``date = {1988/1992}``), go to ``entry.extra`` in source
order and win over the derived field when written back. Extra names starting with ``@`` are hints
(``@type``: the source entry type), never written as fields.
"""
from __future__ import annotations

import re

from ..ids import abs_url, arxiv_id_from_doi, find_arxiv_id, normalize_doi, parse_arxiv_id
from ..latex import decode, encode, protect_case, strip_nocase
from ..latex.tables import MONTH_NAMES, MONTHS
from ..model import Entry, PartialDate, Source
from ..names import format_names, parse_names
from . import bibtex_types as types

__all__ = ["DIALECTS", "from_bibtex", "parse_month", "to_bibtex"]

DIALECTS = ("bibtex", "biblatex")
_MONTH_WORDS = {name.lower(): i + 1 for i, name in enumerate(MONTH_NAMES)}
_MONTH_WORDS.update({abbr: i + 1 for i, abbr in enumerate(MONTHS)})
_MONTH_WORDS.update({"sept": 9, "june": 6, "july": 7})
_YEAR = re.compile(r"-?\d{1,4}")
_ARXIV_CONTAINER = re.compile(r"^\s*(?:arxiv(?:\s+preprint)?(?:\s*:?\s*\S*)?|arxiv\s+e-prints|arxiv\.org)\s*$",
                              re.IGNORECASE)
_HOWPUBLISHED_ARXIV = re.compile(r"^arXiv:(\S+)(?:\s*\[([^\]]+)\])?$")
_PAGE_RANGE = re.compile(r"(?<=\w)\s*-\s*(?=\w)")
_HOWPUBLISHED_VENUE = frozenset({"misc", "online", "electronic", "www"})
_LINKISH = re.compile(r"\\url|https?:|www\.|\\href", re.IGNORECASE)
_KEYWORD_SPLIT = re.compile(r"\s*[;,]\s*")
_ARTICLE_LIKE = frozenset({"article", "periodical", "suppperiodical", "review"})
# where a source can name an arXiv preprint; when one of them is kept as written, nothing is derived
_ARXIV_SOURCE_FIELDS = ("journal", "journaltitle", "howpublished", "eprint", "archiveprefix", "eprinttype",
                        "primaryclass", "eprintclass")
_TEXT_FIELDS = {"title": "title", "series": "collection_title", "edition": "edition",
                "eventtitle": "event_title", "abstract": "abstract", "note": "note", "language": "language",
                "volume": "volume"}


def parse_month(text: str) -> int | None:
    """``jul``, ``July``, ``7``, ``07`` -> 7; None for anything else."""
    text = text.strip().strip("{}").strip().rstrip(".").lower()
    if text.isdigit():
        month = int(text)
        return month if 1 <= month <= 12 else None
    return _MONTH_WORDS.get(text)


def _names(value: str):
    return parse_names(value)


class _Fields:
    """One BibTeX entry's fields as a mapping reads them: the first value of each name, and which
    names have been used by a slot (the rest go to ``extra``, in source order)."""

    def __init__(self, fields: list[tuple[str, str]]):
        self.values: dict[str, str] = {}
        self.order: list[str] = []
        for name, value in fields:
            if name not in self.values:
                self.values[name] = value
                self.order.append(name)
        self.used: set[str] = set()
        self.kept: list[tuple[str, str]] = []  # raw values worth keeping although a slot was filled from them

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def take(self, name: str) -> str:
        """The value of ``name`` (``""`` when absent), marked as used."""
        if name in self.values:
            self.used.add(name)
            return self.values[name]
        return ""

    def first(self, names) -> str | None:
        return next((name for name in names if name in self.values), None)

    def leftovers(self) -> tuple[tuple[str, str], ...]:
        # kept as TeX; a line break inside a value is a space to BibTeX, so runs of white space become one
        return tuple((name, _one_line(self.values[name])) for name in self.order if name not in self.used) + tuple(self.kept)


def from_bibtex(entry_type: str, key: str, fields: list[tuple[str, str]],
                source: Source | None = None) -> Entry:
    """An Entry from one BibTeX entry; ``fields`` are (lower-case name, TeX value), first of each name."""
    bib_type = entry_type.lower()
    found = _Fields(fields)
    data: dict = {"key": key, "source": source}
    _read_text(found, data)
    _read_people(found, data)
    data["issued"] = _issued(found.values, found.used, found.kept)
    container_field = _read_venue(bib_type, found, data)
    _read_identifiers(found, data)
    if _howpublished_is_venue(bib_type, found, container_field):
        data["container_title"] = decode(found.take("howpublished"))  # a @misc's venue ("Blog post", "Workshop X")
        container_field = "howpublished"
    _arxiv(bib_type, found.values, found.used, data)
    data["type"] = _entry_type(bib_type, data)
    entry = Entry(**data, extra=found.leftovers())
    hints = _round_trip_hints(entry, bib_type, container_field)
    return entry.replace(extra=entry.extra + hints) if hints else entry


def _read_text(found: _Fields, data: dict) -> None:
    for name, slot in _TEXT_FIELDS.items():
        if name in found:
            data[slot] = decode(found.take(name))
    if "type" in found:
        data["genre"] = decode(found.take("type"))
    if "keywords" in found:
        data["keywords"] = tuple(k for k in (decode(w) for w in _KEYWORD_SPLIT.split(found.take("keywords"))) if k)


def _read_people(found: _Fields, data: dict) -> None:
    if "author" in found:
        data["author"], data["authors_truncated"] = _names(found.take("author"))
    if "editor" in found:
        editors, truncated = _names(found.values["editor"])
        # a truncated editor list ("and others") is read only where there is no author list
        if not truncated or not data.get("authors_truncated") and "author" not in found:
            found.used.add("editor")
            data["editor"] = editors
            data["authors_truncated"] = data.get("authors_truncated", False) or truncated


def _read_venue(bib_type: str, found: _Fields, data: dict) -> str:
    """Container, number, pages, publisher and place; returns the field the container came from."""
    container_field = _container_field(bib_type, found.values)
    if container_field:
        data["container_title"] = decode(found.take(container_field))
        container_field = "journal" if container_field == "journaltitle" else container_field
    if "number" in found:
        data["issue" if bib_type in _ARTICLE_LIKE else "number"] = decode(found.take("number"))
    if "issue" in found and "issue" not in data:
        data["issue"] = decode(found.take("issue"))
    if "pages" in found:
        data["page"] = decode(found.take("pages")).replace("–", "-")
    publisher = found.first(("school", "institution", "publisher") if "thesis" in bib_type
                            else ("institution", "publisher") if "report" in bib_type else ("publisher",))
    if publisher:
        data["publisher"] = decode(found.take(publisher))
    place = found.first(("address", "location"))
    if place:
        data["publisher_place"] = decode(found.take(place))
    return container_field


def _read_identifiers(found: _Fields, data: dict) -> None:
    for name in ("isbn", "issn"):
        if name in found:
            data[name] = found.take(name).strip()
    if "url" in found:
        data["url"] = _unwrap_url(found.take("url"))
    if "doi" in found:
        doi = normalize_doi(found.values["doi"].replace("\\_", "_").replace("\\%", "%"))
        if doi:
            found.used.add("doi")
            data["doi"] = doi


def _howpublished_is_venue(bib_type: str, found: _Fields, container_field: str) -> bool:
    how = found.values.get("howpublished", "")
    return bool(how) and not container_field and bib_type in _HOWPUBLISHED_VENUE and not _LINKISH.search(how) \
        and not _HOWPUBLISHED_ARXIV.match(strip_nocase(decode(how)))


def _round_trip_hints(entry: Entry, bib_type: str, container_field: str) -> tuple[tuple[str, str], ...]:
    """``@type``/``@container`` hints: what a writer needs to give the source's type and venue field back."""
    hints = []
    # the source type, whenever a writer of either dialect would not find it again (@mvcollection,
    # @inreference under biber) or it implies a biblatex `type` (@phdthesis -> @thesis, type=phdthesis)
    if bib_type in types.IMPLIED_GENRE or any(
            _writer_type(entry, dialect) != types.for_dialect(bib_type, dialect) for dialect in ("bibtex", "biblatex")):
        hints.append(("@type", bib_type))
    written_type = types.for_dialect(bib_type, "bibtex")
    if entry.container_title and container_field != _container_name(written_type, entry.type, False):
        hints.append(("@container", container_field))
    return tuple(hints)


_BREAK = re.compile(r"\s*\n\s*")


def _one_line(value: str) -> str:
    return _BREAK.sub(" ", value) if "\n" in value else value


def _issued(values: dict[str, str], used: set[str], kept: list) -> PartialDate | None:
    issued = None
    if "date" in values:
        issued = PartialDate.parse_iso(values["date"].strip())
        if issued is not None:
            used.add("date")
    year_text = values.get("year", "").strip()
    year = int(year_text) if _YEAR.fullmatch(year_text) else None
    month = parse_month(values["month"]) if "month" in values else None
    if issued is None and year is not None:
        issued = PartialDate(year, month)
        used.add("year")
        if month is not None:
            used.add("month")
    elif issued is not None:  # year/month that only repeat the date are derived again on writing
        if year == issued.year:
            used.add("year")
            if month is not None and month == issued.month:
                used.add("month")
    elif year_text:  # "1973a", "{\noopsort{1973b}}1972": the first four digits give the CSL year
        digits = re.search(r"\d{4}", year_text)
        if digits:
            issued = PartialDate(int(digits.group(0)))
    return issued


def _container_field(bib_type: str, values: dict[str, str]) -> str:
    journal = "journal" if "journal" in values else "journaltitle" if "journaltitle" in values else ""
    book = "booktitle" if "booktitle" in values else ""
    if bib_type in types.CONTAINER_BOOK_TYPES:
        return book or journal
    return journal or book


def _unwrap_url(value: str) -> str:
    value = value.strip()
    if value.startswith("\\url{") and value.endswith("}"):
        value = value[5:-1]
    return value.replace("\\_", "_").replace("\\%", "%").replace("\\#", "#").replace("\\&", "&")


def _arxiv(bib_type: str, values: dict[str, str], used: set[str], data: dict) -> None:
    """arXiv id, version and class from eprint fields, a Scholar journal, howpublished, url or DOI."""
    prefix = (values.get("archiveprefix") or values.get("eprinttype") or "").strip().lower()
    eprint = values.get("eprint", "").strip()
    found = None
    if eprint and prefix in ("arxiv", ""):
        found = parse_arxiv_id(eprint)
        if found:
            used.update(k for k in ("eprint", "archiveprefix", "eprinttype") if k in values)
            for name in ("primaryclass", "eprintclass"):
                if name in values and "primary_category" not in data:
                    data["primary_category"] = values[name].strip()
                    used.add(name)
    container = data.get("container_title", "")
    if container and _ARXIV_CONTAINER.match(strip_nocase(container)):
        in_journal = find_arxiv_id(strip_nocase(container))
        if in_journal is None or found is None or in_journal.id == found.id:
            found = found or in_journal
            if found:
                # a preprint, whose source names it in journal (Google Scholar's form): every arXiv field is
                # kept as written, so the writer derives none (biber would print the id twice)
                data["container_title"] = ""
                used.difference_update(_ARXIV_SOURCE_FIELDS)
    howpublished = values.get("howpublished", "").strip()
    m = _HOWPUBLISHED_ARXIV.match(strip_nocase(decode(howpublished))) if howpublished else None
    if m:
        in_how = parse_arxiv_id(m.group(1))
        if in_how and (found is None or in_how.id == found.id) and (
                not m.group(2) or m.group(2) == data.get("primary_category", m.group(2))):
            found = found or in_how
            data.setdefault("primary_category", m.group(2) or "")
            used.add("howpublished")
    for text in (data.get("url", ""), values.get("note", "")):
        if found is None and text:
            found = find_arxiv_id(text)
    if found is None and data.get("doi"):
        found = arxiv_id_from_doi(data["doi"])
    if found:
        data["arxiv_id"] = found.id
        data["arxiv_version"] = found.version
    if not data.get("primary_category"):
        data.pop("primary_category", None)


def _entry_type(bib_type: str, data: dict) -> str:
    csl = types.csl_type(bib_type)
    if data.get("arxiv_id") and not data.get("container_title") and csl in (
            "article-journal", "document", "webpage", "manuscript", "article"):
        return "article"  # a preprint
    return csl


# --------------------------------------------------------------------------- writing

def _writer_type(entry: Entry, dialect: str) -> str:
    hint = entry.extra_value("@type")
    from_source = bool(hint) and _hint_fits(hint, entry)
    if from_source:
        chosen = types.for_dialect(hint, dialect)
    else:
        chosen = types.bib_type(entry.type, entry.genre, dialect)
    if chosen == "article" and not from_source and not entry.container_title and not entry.extra_value("crossref"):
        # refkit never chooses @article without journal (it warns and loses the arXiv id, WHAT-TOOLS-ACCEPT
        # 1.5); a source's own @article stays one
        chosen = "misc"
    if (dialect == "bibtex" and hint in types.BIBLATEX_ONLY and not entry.extra_value("crossref")
            and not _classic_complete(chosen, entry)):
        chosen = "misc"  # what BibTeX itself makes of @mvbook & co.: no new "empty publisher" warnings
    return chosen


def _classic_complete(bib_type: str, entry: Entry) -> bool:
    """Would plain.bst/plainnat.bst typeset ``bib_type`` without an empty-field warning?"""
    year = entry.issued is not None or bool(entry.extra_value("year"))
    one_creator = bool(entry.author) != bool(entry.editor)  # "can't use both author and editor fields"
    basics = bool(entry.title) and year
    needs = {
        "book": one_creator and bool(entry.publisher),
        "inbook": one_creator and bool(entry.publisher) and bool(entry.page or entry.extra_value("chapter")),
        "incollection": bool(entry.author and entry.container_title and entry.publisher),
        "proceedings": True,
        "phdthesis": bool(entry.author and entry.publisher),
        "techreport": bool(entry.author and entry.publisher),
    }
    return basics and needs.get(bib_type, True)


def _hint_fits(hint: str, entry: Entry) -> bool:
    data = {"arxiv_id": entry.arxiv_id, "container_title": entry.container_title}
    return _entry_type(hint, data) == entry.type


def to_bibtex(entry: Entry, dialect: str = "bibtex") -> tuple[str, list[tuple[str, str]]]:
    """(entry type, [(field name, TeX value)]) for ``dialect`` ``bibtex`` or ``biblatex``.

    A value equal to a month macro (``jul``) is meant to be written bare; everything else in braces.
    """
    biblatex = dialect == "biblatex"
    tex = (lambda text: encode(text, keep_unicode=True)) if biblatex else encode
    bib_type = _writer_type(entry, dialect)
    out: list[tuple[str, str]] = []
    add = out.append
    if entry.author or (entry.authors_truncated and not entry.editor):
        add(("author", format_names(entry.author, entry.authors_truncated, tex)))
    if entry.editor:
        add(("editor", format_names(entry.editor, entry.authors_truncated and not entry.author, tex)))
    if entry.title:
        add(("title", tex(protect_case(entry.title))))
    if entry.container_title:
        add((_container_name(bib_type, entry.type, biblatex, entry.extra_value("@container")),
             tex(entry.container_title)))
    if entry.collection_title:
        add(("series", tex(entry.collection_title)))
    if entry.edition:
        add(("edition", tex(entry.edition)))
    if entry.volume:
        add(("volume", tex(entry.volume)))
    if entry.issue:
        add(("number", tex(entry.issue)))
    if entry.number and not entry.issue:
        add(("number", tex(entry.number)))
    if entry.page:
        add(("pages", "--".join(tex(part) for part in _PAGE_RANGE.split(entry.page))))
    if entry.publisher:
        if "thesis" in bib_type:
            name = "institution" if biblatex else "school"
        elif "report" in bib_type:
            name = "institution"
        else:
            name = "publisher"
        add((name, tex(entry.publisher)))
    if entry.publisher_place:
        add(("location" if biblatex else "address", tex(entry.publisher_place)))
    if entry.event_title:
        add(("eventtitle", tex(entry.event_title)))
    genre = entry.genre
    if biblatex and not genre and bib_type in ("thesis", "report"):
        genre = types.IMPLIED_GENRE.get(entry.extra_value("@type") or "", "")
    if genre:
        add(("type", tex(genre)))
    _date(entry, biblatex, add)
    _arxiv_fields(entry, bib_type, biblatex, add)
    for name in ("doi", "isbn", "issn"):
        if getattr(entry, name):
            add((name, getattr(entry, name)))
    url = entry.url or (abs_url(entry.arxiv_id) if _is_preprint(entry, bib_type)
                        and not biblatex else "")
    if url:
        add(("url", url))
    if entry.keywords:
        add(("keywords", ", ".join(tex(k) for k in entry.keywords)))
    if entry.abstract:
        add(("abstract", tex(entry.abstract)))
    if entry.note:
        add(("note", tex(entry.note)))
    if entry.language:
        add(("language", tex(entry.language)))
    return bib_type, _merge_extra(out, entry.extra)


def _container_name(bib_type: str, csl_type: str, biblatex: bool, hint: str = "") -> str:
    """The field a container title goes in: the source's own (``hint``), else journal for articles and
    booktitle for parts of books."""
    if hint in ("journal", "booktitle", "howpublished"):
        name = hint
    elif bib_type in _ARTICLE_LIKE or bib_type == "article":
        name = "journal"
    elif bib_type in types.CONTAINER_BOOK_TYPES or csl_type in ("paper-conference", "chapter"):
        name = "booktitle"
    else:
        name = "howpublished" if bib_type == "misc" else "booktitle"
    return "journaltitle" if biblatex and name == "journal" else name


def _is_preprint(entry: Entry, bib_type: str) -> bool:
    """Written as an arXiv preprint (and so read back as one): an arXiv id on a @misc without container."""
    return bool(entry.arxiv_id) and bib_type == "misc" and not entry.container_title


def _date(entry: Entry, biblatex: bool, add) -> None:
    issued = entry.issued
    if issued is None:
        return
    if biblatex:
        if entry.extra_value("year"):
            return  # the source's own year is kept; a derived date would make biber overwrite it
        # year too (WHAT-TOOLS-ACCEPT 1.5 rule 3): classic styles read only year; biber accepts both
        add(("year", str(issued.year)))
        add(("date", issued.iso()))
        return
    add(("year", str(issued.year)))
    if issued.month:
        add(("month", MONTHS[issued.month - 1]))
    if issued.day:
        add(("date", issued.iso()))  # BibTeX has no day; biber reads it from date


def _arxiv_fields(entry: Entry, bib_type: str, biblatex: bool, add) -> None:
    if not entry.arxiv_id or any(name in _ARXIV_SOURCE_FIELDS and entry.arxiv_id in value for name, value in entry.extra):
        return  # no preprint, or the source's own arXiv fields are kept as written
    eprint = f"{entry.arxiv_id}v{entry.arxiv_version}" if entry.arxiv_version else entry.arxiv_id
    if biblatex:
        add(("eprint", eprint))
        add(("eprinttype", "arxiv"))
        if entry.primary_category:
            add(("eprintclass", entry.primary_category))
        return
    if _is_preprint(entry, bib_type):
        cls = f" [{entry.primary_category}]" if entry.primary_category else ""
        add(("howpublished", f"arXiv:{eprint}{cls}"))
    add(("eprint", eprint))
    add(("archivePrefix", "arXiv"))
    if entry.primary_category:
        add(("primaryClass", entry.primary_category))


_ALIASES = {"journal": "journaltitle", "journaltitle": "journal", "address": "location",
            "location": "address", "school": "institution"}


def _merge_extra(derived: list[tuple[str, str]], extra: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """Derived fields, then the kept source fields; a kept field wins over a derived one of its name."""
    # enrichment's arXiv page facts (arxiv_updated, arxiv_pdf...) are library data, not .bib fields:
    # biber --validate-datamodel warns about each of them
    kept = [(name, value) for name, value in extra if not name.startswith(("@", "csl:", "arxiv_"))]
    if not kept:
        return derived
    taken = {name.lower() for name, _ in kept}
    out = []
    for name, value in derived:
        lower = name.lower()
        if lower in taken:
            alias = _ALIASES.get(lower)
            if not alias or alias in taken:
                continue
            name, lower = alias, alias
        taken.add(lower)
        out.append((name, value))
    seen = {name.lower() for name, _ in out}
    for name, value in kept:
        if name.lower() not in seen:
            seen.add(name.lower())
            out.append((name, value))
    return out
