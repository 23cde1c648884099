"""RIS as a pybtex database format: ``pybtex-convert refs.bib refs.ris`` and back.

Registered (pyproject.toml) in ``pybtex.database.input`` / ``pybtex.database.output`` as ``ris``
with the ``.ris`` suffix; the same pattern as ``pybtex_formats``: refkit's RIS reader and writer,
bridged through refkit's BibTeX mapping.
"""
from __future__ import annotations

from pybtex.database.input import BaseParser
from pybtex.database.output import BaseWriter

from ..exporters.ris import dumps as dumps_ris
from ..importers.ris import parse as parse_ris
from .pybtex_formats import add_to_bibliography, entries_from_pybtex

__all__ = ["RisParser", "RisWriter"]


class RisParser(BaseParser):
    default_suffix = ".ris"
    unicode_io = True

    def parse_stream(self, stream):
        return add_to_bibliography(self.data, parse_ris(stream.read(), self.filename))


class RisWriter(BaseWriter):
    unicode_io = True

    def write_stream(self, bib_data, stream):
        stream.write(dumps_ris(entries_from_pybtex(bib_data)))
