"""Paper-listing pages as a pybtex input format: ``pybtex.database.parse_file(path, bib_format="listing")``.

Registered (pyproject.toml) in ``pybtex.database.input`` as ``listing``; no suffix is claimed,
since ``.txt`` says nothing about the shape. Same pattern as ``pybtex_formats.CslJsonParser``:
refkit reads the page, refkit's BibTeX mapping turns each record into a pybtex entry, and the
reader's problems go to pybtex's error reporting (strict mode raises, the default warns).
"""
from __future__ import annotations

import pybtex.database
import pybtex.errors
from pybtex.database.input import BaseParser
from pybtex.exceptions import PybtexError

from ..exporters import unique_keys
from ..importers.listing import parse_listing
from ..latex.tables import MONTH_NAMES, MONTHS
from ..mapping.bibtex import to_bibtex
from ..names import split_names

__all__ = ["ListingParser"]


class ListingParser(BaseParser):
    """Reads a pasted paper-listing page into pybtex's BibliographyData."""

    default_suffix = ".txt"
    unicode_io = True

    def parse_stream(self, stream):
        result = parse_listing(stream.read(), self.filename)
        for problem in result.errors:
            pybtex.errors.report_error(PybtexError(str(problem)))
        for entry, key in zip(result.entries, unique_keys(result.entries)):
            bib_type, fields = to_bibtex(entry, "bibtex")
            plain, persons = [], {}
            for name, value in fields:
                if name in ("author", "editor"):
                    persons[name] = [pybtex.database.Person(raw) for raw in split_names(value)]
                elif name == "month" and value in MONTHS:
                    plain.append((name, MONTH_NAMES[MONTHS.index(value)]))  # what pybtex makes of the macro
                else:
                    plain.append((name, value))
            self.data.add_entry(key, pybtex.database.Entry(bib_type, fields=plain, persons=persons))
        return self.data
