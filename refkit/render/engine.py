"""What a formatting engine is, and how render finds one (``refkit.engines`` entry points).

An engine prepares a set of Entries (``prepare``: a ``Job`` saying what the result depends on) and
turns it into formatted bibliography items, in the style's order,
as target-independent encoded text (``richtext`` markers); ``render`` writes them as the target
and keeps the on-disk cache, so a new engine is one module and one entry point:

    [project.entry-points."refkit.engines"]
    csl = "refkit.render.csl_engine:ENGINE"

A style names its engine (``Style.engine``). Engines never raise for one bad entry: it becomes a
diagnostic and the rest of the bibliography is still formatted.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .. import plugins
from ..diagnostics import Diagnostic
from ..model import Entry
from .styles import Style
from .targets import Item

__all__ = ["Engine", "Formatted", "Job", "load_engine"]


@dataclass
class Job:
    """One set to format, as an engine prepared it."""

    entries: list[Entry]
    style: Style
    locale: str | None
    # everything the result depends on besides the style file and the engine's version, as JSON-able
    # data the cache digests; None: the engine cannot say, so the result is never cached
    cache_input: object = None
    prepared: object = None  # the engine's own working data (e.g. CSL items), made once


@dataclass
class Formatted:
    items: list[Item]  # in bibliography order
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # what the style asks of the page: hanging_indent, second_field_align, line_spacing, entry_spacing
    layout: dict = field(default_factory=dict)


class Engine(Protocol):
    name: str
    # bump when the engine's output for the same input changes, so cached sets are not served again
    version: str

    def prepare(self, entries: Sequence[Entry], style: Style, locale: str | None) -> Job:
        """The set as this engine will format it, with what the cache needs to know about it."""

    def format(self, job: Job) -> Formatted:
        """The bibliography of the job's entries as one set (numbering, sorting, disambiguation)."""

    # optional: an engine that can cite in text also has
    # citations(job, clusters: list[list[str]]) -> list[str]  (encoded text, one per cluster; keys are entry keys)


def load_engine(name: str) -> Engine:
    """The engine registered under ``name``; ``UnknownPlugin`` lists the known ones."""
    return plugins.load(plugins.ENGINES, name)
