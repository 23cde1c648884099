"""CSL styles through citeproc-py: Entries in, encoded bibliography items out (sorted, numbered).

Entries reach citeproc-py as CSL-JSON made by ``refkit.mapping.csl.to_csl`` (never citeproc-py's
own BibTeX reader, which fails on real files), with rich text turned into ``richtext`` markers.
Each entry is rendered on its own, so one entry citeproc-py cannot format becomes a diagnostic
instead of the end of the bibliography.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from citeproc import VARIABLES

from ..diagnostics import WARNING, Diagnostic
from ..ids import abs_url
from ..mapping.csl import to_csl
from ..model import Entry
from . import richtext as rt
from .citeproc_fixes import Finisher
from .engine import Formatted, Job
from .styles import Style
from .targets import Item

_NOCASE = ('<span class="nocase">', "</span>")
_NAME_FIELDS = ("author", "editor", "translator", "container-author", "collection-editor")
_PRINTABLE = ({v.replace("_", "-") for v in VARIABLES} - {"abstract", "keyword", "annote"}) | {
    "id", "type", "event-title", "DOI", "ISBN", "ISSN", "URL", "PMID", "PMCID"}
_NOT_TEXT = {"id", "type", "issued", "accessed", "submitted", "event-date", "original-date", "URL",
             "DOI", "ISBN", "ISSN", "language"} | set(_NAME_FIELDS)


def _wrap(on: str, off: str):
    return lambda text: on + str(text) + off


# citeproc-py's formatter protocol: style formatting becomes the same markers as entry markup
FORMATTER = SimpleNamespace(
    preformat=lambda text: text,
    Italic=_wrap(rt.ITALIC_ON, rt.ITALIC_OFF), Oblique=_wrap(rt.ITALIC_ON, rt.ITALIC_OFF),
    Bold=_wrap(rt.BOLD_ON, rt.BOLD_OFF), Light=str, Underline=str,
    Superscript=_wrap(rt.SUP_ON, rt.SUP_OFF), Subscript=_wrap(rt.SUB_ON, rt.SUB_OFF),
    SmallCaps=_wrap(rt.SMALLCAPS_ON, rt.SMALLCAPS_OFF),
)


def to_csl_item(entry: Entry) -> dict:
    """The CSL-JSON item for ``entry`` (refkit's mapping), with text encoded for rendering."""
    item = to_csl(entry)
    if entry.arxiv_id and not item.get("URL") and not item.get("DOI"):
        item["URL"] = abs_url(entry.arxiv_id)  # a preprint's one stable link
    if "event-title" in item:  # CSL 1.0.2 name; styles written for 1.0.1 ask for "event"
        item.setdefault("event", item["event-title"])
    out = {}
    for name, value in item.items():
        if name not in _PRINTABLE:  # refkit's "custom" data, abstracts, keywords: no style prints them
            continue
        if name in _NAME_FIELDS:
            if isinstance(value, list) and all(isinstance(n, dict) for n in value):
                out[name] = [_encode_name(n) for n in value]
        elif name in _DATES:
            if _citeproc_can_read_date(value):  # a source's odd date kept raw would stop citeproc-py
                out[name] = value
        elif isinstance(value, str) and name not in _NOT_TEXT:
            out[name] = rt.encode(value, _NOCASE)
        else:
            out[name] = value
    return out


_DATES = {"issued", "accessed", "submitted", "event-date", "original-date", "available-date"}


def _citeproc_can_read_date(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    parts = value.get("date-parts")
    if parts is None:
        return isinstance(value.get("literal", 0), str)
    return (isinstance(parts, list) and 0 < len(parts) <= 2 and all(
        isinstance(p, list) and 0 < len(p) <= 3 and all(isinstance(x, int) or isinstance(x, str) and x.isdigit()
                                                     for x in p) for p in parts))


def _encode_name(name: dict) -> dict:
    return {k: rt.strip_markers(rt.encode(v, ("", ""))) if isinstance(v, str) else v
            for k, v in name.items()}


@lru_cache(maxsize=8)
def _load_style(path: Path, mtime: float, locale: str | None):
    from citeproc import CitationStylesStyle

    from . import citeproc_fixes, citeproc_speedups

    citeproc_speedups.install()
    citeproc_fixes.install()
    # schema validation costs ~0.3 s per load and only warns: the shipped files are valid
    return CitationStylesStyle(str(path), locale=locale, validate=False)


class CiteprocPyEngine:
    """CSL through citeproc-py (the ``csl`` engine)."""

    name = "csl"
    version = "citeproc-py/1"  # bump when this module, citeproc_fixes or richtext change the output

    def prepare(self, entries: Sequence[Entry], style: Style, locale: str | None) -> Job:
        # ids are positions: citeproc-py lower-cases ids, so "Smith20" and "smith20" would collide
        items = []
        for i, entry in enumerate(entries):
            item = to_csl_item(entry)
            item["id"] = f"r{i}"
            items.append(item)
        return Job(list(entries), style, locale, [[e.key, i] for e, i in zip(entries, items)], items)

    def format(self, job: Job) -> Formatted:
        """Format the job's entries with its CSL style: items in the style's order, and what went wrong."""
        from citeproc import Citation
        from citeproc.source.json import CiteProcJSON

        from .citeproc_speedups import FastBibliography, FastCitationItem, speed_up_source

        style, entries, items = job.style, job.entries, job.prepared
        diagnostics: list[Diagnostic] = []
        csl_style = _load_style(style.path, style.path.stat().st_mtime, job.locale)
        if not csl_style.has_bibliography():
            from ..errors import UsageError

            raise UsageError(f"style {style.name!r} defines no bibliography (a citation-only style)")
        source = CiteProcJSON([dict(item) for item in items])
        speed_up_source(source)
        bibliography = FastBibliography(csl_style, source, FORMATTER)
        for item in items:
            bibliography.register(Citation([FastCitationItem(item["id"])]))
        try:
            bibliography.sort()
        except Exception as exc:  # noqa: BLE001 - citeproc-py's sort keys can fail on odd data
            diagnostics.append(Diagnostic("sort-failed", f"could not sort with {style.name}: {exc!r}; "
                                          "kept the input order", severity=WARNING))
        layout = csl_style.root.bibliography.layout
        finish = Finisher(csl_style)
        out: list[Item] = []
        for cite in bibliography.items:
            entry = entries[int(cite.key[1:])]
            try:
                layout.repressed = {}
                rendered = layout.format(layout.wrap(layout.render_children(cite)))
            except Exception as exc:  # noqa: BLE001 - one entry must not stop the others
                diagnostics.append(_failed(entry, style, repr(exc)))
                continue
            if rendered is None:
                diagnostics.append(_failed(entry, style, "nothing to print"))
                continue
            out.append(Item(entry.key, finish(str(rendered))))
        return Formatted(out, diagnostics)


ENGINE = CiteprocPyEngine()


def _failed(entry: Entry, style: Style, why) -> Diagnostic:
    where = entry.source
    return Diagnostic("render-failed", f"{style.name} could not format this entry ({why}); left out",
                      file=where.file if where else "", line=where.line if where else 0, key=entry.key)
