"""CSL styles through citeproc-js, the engine of Zotero and Mendeley (the ``csl`` engine).

Entries reach citeproc-js as the CSL-JSON refkit exports (``refkit.exporters.csljson``: the same
items, the same ids), so ``refkit bib`` prints what Zotero prints for ``refkit export csljson``.
The whole set is one document: numbering, year suffixes (2023a, 2023b) and name disambiguation
are decided across it. citeproc-js writes HTML; ``csl_html`` reads it into refkit's encoded text,
which ``targets`` writes as text, HTML, Markdown or LaTeX.

One JS context serves the whole process (building it costs ~0.15 s); commands that format nothing
never import this module.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ..diagnostics import Diagnostic
from ..errors import UsageError
from ..keys import unique_keys
from ..latex.leftovers import decode_tex_leftovers, has_tex_leftovers, math_to_text
from ..mapping.csl import to_csl
from ..model import Entry
from ..normalize import resolve_crossrefs
from .citeproc_js import CiteprocJs, pin
from .csl_html import html_to_encoded
from .engine import Formatted, Job
from .styles import Style
from .targets import Item

__all__ = ["ENGINE", "csl_items", "shared_processor"]

_NOT_TEXT = {"id", "type", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "language"}


@cache
def shared_processor() -> CiteprocJs:
    """The process's citeproc-js context (closed at exit by ``citeproc_js``)."""
    return CiteprocJs()


def csl_items(entries: Sequence[Entry]) -> list[dict]:
    """The CSL-JSON items of ``entries`` as ``refkit export csljson`` writes them (ids are the
    written keys), with any TeX a source left undecoded made readable."""
    entries = resolve_crossrefs(list(entries))
    items = []
    for entry, key in zip(entries, unique_keys(entries)):
        item = {name: _readable(value) if name not in _NOT_TEXT else value for name, value in to_csl(entry).items()}
        item["id"] = key
        items.append(item)
    return items


def _readable(value):
    if isinstance(value, str):
        if "$" in value:
            value = _math(value)
        return decode_tex_leftovers(value) if has_tex_leftovers(value) else value
    if isinstance(value, list):
        return [_readable(v) for v in value]
    if isinstance(value, dict) and "date-parts" not in value:
        return {k: _readable(v) for k, v in value.items()}
    return value


def _math(text: str) -> str:
    return re.sub(r"\$([^$]+)\$", lambda m: math_to_text(m.group(1)), text)


class CiteprocJsEngine:
    name = "csl"
    version = f"citeproc-js/{pin.VERSION}/1"  # bump the last part when csl_items or csl_html change output

    def prepare(self, entries: Sequence[Entry], style: Style, locale: str | None) -> Job:
        items = csl_items(entries)
        return Job(list(entries), style, locale, items, items)

    def format(self, job: Job) -> Formatted:
        items: list[dict] = job.prepared
        rendered = shared_processor().bibliography(items, job.style.path.read_text(encoding="utf-8"),
                                                   locale=job.locale, output="html",
                                                   style_source=str(job.style.path))
        if rendered is None:
            raise UsageError(f"style {job.style.name!r} defines no bibliography (a citation-only style); "
                             "use --cite for its citations")
        by_id = {item["id"]: entry for item, entry in zip(items, job.entries)}
        out = [Item(by_id[e.item_id].key, html_to_encoded(e.text)) for e in rendered.entries]
        diagnostics = [_failed(by_id[error.item_id], job.style, error.message) for error in rendered.errors]
        params = rendered.params
        layout = {"hanging_indent": params.hangingindent, "second_field_align": params.second_field_align,
                  "line_spacing": params.linespacing, "entry_spacing": params.entryspacing,
                  "max_offset": params.maxoffset}
        return Formatted(out, diagnostics, layout)

    def citations(self, job: Job, clusters: list[list[str]]) -> list[str]:
        """Each cluster of entry keys as the style cites it in text; the rest of the set is
        registered too, so disambiguation agrees with the set's bibliography."""
        items: list[dict] = job.prepared
        ids = {}
        for item, entry in zip(items, job.entries):
            ids.setdefault(entry.key, item["id"])
        wanted = [[ids[key] for key in cluster] for cluster in clusters]
        cited = {i for cluster in wanted for i in cluster}
        texts = shared_processor().citations(items, job.style.path.read_text(encoding="utf-8"), wanted,
                                             locale=job.locale, output="html", style_source=str(job.style.path),
                                             uncited=[item["id"] for item in items if item["id"] not in cited])
        return [html_to_encoded(text) for text in texts]


ENGINE = CiteprocJsEngine()


def _failed(entry: Entry, style: Style, why: str) -> Diagnostic:
    where = entry.source
    return Diagnostic("render-failed", f"{style.name} could not format this entry ({why}); left out",
                      file=where.file if where else "", line=where.line if where else 0, key=entry.key)
