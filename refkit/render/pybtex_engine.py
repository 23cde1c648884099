"""pybtex's formatting styles (plain, unsrt, alpha, unsrtalpha) over refkit Entries.

pybtex's ``format_bibliography`` stops at the first entry it cannot format and its ``plain``
knows only the classic BibTeX types, so: entries are mapped to those types here, formatted one
at a time, an entry missing a field its type requires is retried as ``@misc``, and what still
fails is a diagnostic. Field values reach pybtex as TeX it will not misread: literal braces,
backslashes, ``%`` and ``~`` are hidden as ``richtext`` markers, case protection becomes ``{…}``.
"""
from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from functools import lru_cache
from types import MappingProxyType
from typing import ClassVar

from ..diagnostics import WARNING, Diagnostic
from ..ids import is_arxiv_abs_url
from ..model import Entry, Person
from . import richtext as rt
from .engine import Formatted, Job
from .styles import Style
from .targets import Item

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
# CSL type -> the BibTeX type pybtex's styles know; anything else is @misc
_TYPES = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "paper-conference": "inproceedings", "book": "book", "chapter": "incollection",
    "report": "techreport", "manuscript": "unpublished", "pamphlet": "booklet",
}
_CONTAINER = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}
_NOCASE_TMP = ("\ue016", "\ue017")
_HIDE = str.maketrans({"{": rt.LBRACE, "}": rt.RBRACE, "\\": rt.BACKSLASH, "%": rt.PERCENT,
                       "~": rt.TILDE, _NOCASE_TMP[0]: "{", _NOCASE_TMP[1]: "}"})


def to_tex(text: str) -> str:
    """Entry rich text -> the TeX-ish string pybtex parses, markup carried as markers."""
    return rt.encode(text, _NOCASE_TMP).translate(_HIDE) if text else ""


def _bibtex_type(entry: Entry) -> str:
    if entry.type == "thesis":
        return "mastersthesis" if "master" in entry.genre.lower() else "phdthesis"
    return _TYPES.get(entry.type, "misc")


def to_pybtex(entry: Entry, bibtex_type: str | None = None):
    """A ``pybtex.database.Entry`` carrying what pybtex's styles print."""
    from pybtex.database import Entry as PybtexEntry

    kind = bibtex_type or _bibtex_type(entry)
    fields: dict[str, str] = {}

    def put(name: str, value: str, raw: bool = False) -> None:
        if value:
            fields[name] = value if raw else to_tex(value)

    put("title", entry.title)
    container = _CONTAINER.get(kind)
    if container:
        put(container, entry.container_title)
    elif entry.container_title:
        put("booktitle" if kind == "book" else "howpublished", entry.container_title)
    if entry.issued:
        fields["year"] = str(entry.issued.year)
        if entry.issued.month:
            fields["month"] = _MONTHS[entry.issued.month - 1]
    put("volume", entry.volume)
    put("number", entry.issue or entry.number)
    put("pages", entry.page)
    put("edition", entry.edition)
    put("series", entry.collection_title)
    put("publisher" if kind != "techreport" else "institution", entry.publisher)
    put("address", entry.publisher_place)
    if kind in ("phdthesis", "mastersthesis"):
        put("school", entry.publisher)
    put("type", entry.genre if kind == "techreport" else "")
    put("doi", entry.doi, raw=True)
    if entry.arxiv_id:
        fields["eprint"] = entry.arxiv_id
        if kind == "misc" and "howpublished" not in fields:
            fields["howpublished"] = "arXiv preprint"
    # the eprint link already points at the abstract page: do not print it twice
    if entry.url and not (entry.arxiv_id and is_arxiv_abs_url(entry.url)):
        fields["url"] = entry.url
    put("note", entry.note)
    persons = {role: [_person(p) for p in getattr(entry, role)]
               for role in ("author", "editor") if getattr(entry, role)}
    return PybtexEntry(kind, fields=fields, persons=persons)


def _person(person: Person):
    from pybtex.database import Person as PybtexPerson

    if person.literal:  # one brace group: an institution is never split or abbreviated
        return PybtexPerson(last="{" + to_tex(person.literal) + "}")
    return PybtexPerson(first=to_tex(person.given), prelast=to_tex(person.particle),
                        last=to_tex(person.family), lineage=to_tex(person.suffix))


def _backend():
    from pybtex.backends import BaseBackend

    class EncodedBackend(BaseBackend):
        """Renders pybtex rich text as refkit's encoded text (markers for italics and links)."""

        symbols = MappingProxyType({"ndash": "\u2013", "newblock": " ", "nbsp": "\u00a0"})
        _tags: ClassVar = {"em": (rt.ITALIC_ON, rt.ITALIC_OFF), "i": (rt.ITALIC_ON, rt.ITALIC_OFF),
                 "b": (rt.BOLD_ON, rt.BOLD_OFF), "strong": (rt.BOLD_ON, rt.BOLD_OFF),
                 "sup": (rt.SUP_ON, rt.SUP_OFF), "sub": (rt.SUB_ON, rt.SUB_OFF)}

        def format_tag(self, tag_name, text):
            on, off = self._tags.get(tag_name, ("", ""))
            return on + text + off

        def format_href(self, url, text, external=False):
            return rt.LINK_ON + url + rt.LINK_MID + text + rt.LINK_OFF

    return EncodedBackend(encoding="utf-8")


@lru_cache(maxsize=8)
def _style(name: str):
    from pybtex.plugin import find_plugin

    if name == "abbrv":
        return find_plugin("pybtex.style.formatting", "plain")(abbreviate_names=True)
    return find_plugin("pybtex.style.formatting", name)()


class PybtexEngine:
    """pybtex's own formatting styles (the ``pybtex`` engine); fast enough not to be cached."""

    name = "pybtex"
    version = "pybtex/1"

    def prepare(self, entries: Sequence[Entry], style: Style, locale: str | None) -> Job:
        return Job(list(entries), style, locale)

    def format(self, job: Job) -> Formatted:
        return Formatted(*render(job.entries, job.style))


ENGINE = PybtexEngine()


def render(entries: list[Entry], style: Style) -> tuple[list[Item], list[Diagnostic]]:
    """Format ``entries`` with a pybtex style: sorted and labelled as the style says."""
    import pybtex.errors

    pybtex.errors.set_strict_mode(False)  # its strict mode raises on the first odd field
    formatter = _style(style.name)
    backend = _backend()
    diagnostics: list[Diagnostic] = []
    converted = {}
    for i, entry in enumerate(entries):
        converted[f"r{i}"] = to_pybtex(entry)
        converted[f"r{i}"].key = f"r{i}"
    ordered = list(converted.values())
    items: list[Item] = []
    with _fields_are_unicode():
        try:
            ordered = formatter.sort(ordered)
        except Exception as exc:  # noqa: BLE001 - a sort key pybtex cannot build: keep input order
            diagnostics.append(Diagnostic("sort-failed", f"could not sort with {style.name}: {exc!r}; kept "
                                          "the input order", severity=WARNING))
        try:
            labels = list(formatter.format_labels(ordered))
        except Exception:  # noqa: BLE001 - alpha labels need names or keys; numbers never fail
            labels = [str(n) for n in range(1, len(ordered) + 1)]
        _format_all(formatter, backend, labels, ordered, entries, style, items, diagnostics)
    return items, diagnostics


@contextmanager
def _fields_are_unicode():
    """pybtex decodes every field and name with latexcodec (``ulatex``), half of its time. Ours
    are Unicode already, with every TeX special hidden, so only the brace parsing is kept."""
    from pybtex import richtext
    from pybtex.markup import LaTeXParser

    original = richtext.Text.__dict__["from_latex"]
    richtext.Text.from_latex = classmethod(lambda cls, latex: LaTeXParser(latex).parse())
    try:
        yield
    finally:
        richtext.Text.from_latex = original


def _format_all(formatter, backend, labels, ordered, entries, style, items, diagnostics) -> None:
    from pybtex.style.template import FieldIsMissing

    for label, bib_entry in zip(labels, ordered):
        entry = entries[int(bib_entry.key[1:])]
        try:
            formatted = formatter.format_entry(label, bib_entry)
        except FieldIsMissing as exc:
            try:  # a type's required field is missing: @misc prints whatever there is
                fallback = to_pybtex(entry, "misc")
                fallback.key = bib_entry.key
                formatted = formatter.format_entry(label, fallback)
            except Exception as exc2:  # noqa: BLE001
                diagnostics.append(_failed(entry, style, exc2))
                continue
            diagnostics.append(Diagnostic("formatted-as-misc", f"{style.name}: {exc}; formatted as @misc",
                                          key=entry.key, severity=WARNING, **_where(entry)))
        except Exception as exc:  # noqa: BLE001 - one entry must not stop the others
            diagnostics.append(_failed(entry, style, exc))
            continue
        text = formatted.text.render(backend)
        items.append(Item(entry.key, f"[{label}] {text}"))


def _where(entry: Entry) -> dict:
    return {"file": entry.source.file, "line": entry.source.line} if entry.source else {}


def _failed(entry: Entry, style: Style, exc) -> Diagnostic:
    return Diagnostic("render-failed", f"{style.name} could not format this entry ({exc!r}); left out",
                      key=entry.key, **_where(entry))
