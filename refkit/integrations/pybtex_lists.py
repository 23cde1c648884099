"""Paper-listing pages as a pybtex input format: ``pybtex.database.parse_file(path, bib_format="listing")``.

Registered (pyproject.toml) in ``pybtex.database.input`` as ``listing``; no suffix is claimed,
since ``.txt`` says nothing about the shape. Same pattern as ``pybtex_formats.CslJsonParser``:
refkit reads the page, refkit's BibTeX mapping turns each record into a pybtex entry, and the
reader's problems go to pybtex's error reporting (strict mode raises, the default warns).
"""
from __future__ import annotations

from pybtex.database.input import BaseParser

from ..importers.listing import parse_listing
from .pybtex_formats import add_to_bibliography

__all__ = ["ListingParser"]


class ListingParser(BaseParser):
    """Reads a pasted paper-listing page into pybtex's BibliographyData."""

    default_suffix = ".txt"
    unicode_io = True

    def parse_stream(self, stream):
        return add_to_bibliography(self.data, parse_listing(stream.read(), self.filename))
