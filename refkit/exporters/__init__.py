"""Writers: a list of Entry -> text. Each format is its own module, registered as an entry point in
the ``refkit.exporters`` group (``name``, ``suffix``, ``dumps(entries, annotations=None)``).

Shared here: a warning for every key that could not be written as it is (``key_changes``, printed
by the commands that export); the keys themselves come from ``refkit.keys.written_keys``, the
generator ``add`` uses too.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Diagnostic
from ..keys import unique_keys, written_keys
from ..model import Entry

__all__ = ["dumps_with_diagnostics", "key_changes", "unique_keys", "written_keys"]


def key_changes(exporter: object, entries: Iterable[Entry]) -> list[Diagnostic]:
    """A warning for each entry whose key ``exporter`` does not write as it is. Writers that choose
    keys with ``written_keys`` say so with ``writes_bibtex_keys = True``; the others (RIS, Zotero RDF)
    write every key unchanged."""
    return written_keys(entries)[1] if getattr(exporter, "writes_bibtex_keys", False) else []


def dumps_with_diagnostics(exporter, entries: Iterable[Entry], *args, file: str = "",
                           **kwargs) -> tuple[str, list[Diagnostic]]:
    """``exporter.dumps(...)`` and the warnings of a writer that must change text to fit its format (the
    bibtex dialect replaces characters pdflatex cannot set); ``file`` names the output in them."""
    with_diagnostics = getattr(exporter, "dumps_with_diagnostics", None)
    if with_diagnostics is None:
        return exporter.dumps(entries, *args, **kwargs), []
    return with_diagnostics(entries, *args, file=file, **kwargs)
