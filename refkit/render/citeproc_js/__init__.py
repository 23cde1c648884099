"""citeproc-js (the CSL processor of Zotero and Mendeley) as a refkit rendering engine.

    from refkit.render.citeproc_js import CiteprocJs
    with CiteprocJs() as cp:
        rendered = cp.bibliography(csl_items, style_xml, locale=None, output="html")
        rendered.entries[0].item_id, rendered.entries[0].text, rendered.params.hangingindent
        cp.citations(csl_items, style_xml, [["a"], ["a", "b"]])   # one string per cluster

Modules: ``pin`` (the npm version and integrity), ``vendor`` (fetching it; used by
``hatch_build.py``), ``engine`` (the V8 context), ``bridge.js`` (the JS side of a request),
``locales`` (locale XML from citeproc-py), ``style_xml`` (checking a style before citeproc-js),
``result`` (what comes back), ``errors``. The vendored JS is under ``vendor/`` (CPAL-1.0 or
AGPL-3.0, see vendor/LICENSE), fetched at build time and never committed.
"""
from .engine import CiteprocJs
from .errors import EngineFailed, EngineUnavailable, InvalidItems, UnknownItem, UnknownLocale, UnknownOutput
from .locales import available_locales
from .result import BibEntry, BibliographyParams, Document, ItemError, Rendered

__all__ = ["BibEntry", "BibliographyParams", "CiteprocJs", "Document", "EngineFailed", "EngineUnavailable",
           "InvalidItems", "ItemError", "Rendered", "UnknownItem", "UnknownLocale", "UnknownOutput",
           "available_locales"]
