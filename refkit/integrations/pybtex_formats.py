"""refkit's CSL-JSON as a pybtex database format: ``pybtex-convert --to csljson refs.bib refs.json``.

Registered (pyproject.toml) in pybtex's entry-point groups ``pybtex.database.input`` /
``pybtex.database.output`` as ``csljson`` (``--from``/``--to csljson``, ``bib_format="csljson"``),
and under the ``.csljson`` suffix in the matching ``.suffixes`` groups. Not under ``.json``: pybtex
picks a reader by the last suffix alone (``x.csl.json`` is ``.json``), so that would make pybtex
read every JSON file as CSL-JSON. Both sides go through refkit's own mapping, so pybtex users get
the same CSL-JSON as ``refkit convert --to csljson``.
"""
from __future__ import annotations

import pybtex.database
import pybtex.errors
from pybtex.database.input import BaseParser
from pybtex.database.output import BaseWriter
from pybtex.exceptions import PybtexError

from ..diagnostics import ReadResult
from ..exporters import unique_keys
from ..exporters.csljson import dumps_csljson
from ..importers.csljson import parse_csljson
from ..latex.tables import MONTH_NAMES, MONTHS
from ..mapping.bibtex import from_bibtex, to_bibtex
from ..names import split_names

__all__ = ["CslJsonParser", "CslJsonWriter", "add_to_bibliography", "entries_from_pybtex"]


def entries_from_pybtex(bib_data: pybtex.database.BibliographyData) -> list:
    """refkit entries for pybtex's entries (pybtex has already expanded @string macros)."""
    entries = []
    for key, item in bib_data.entries.items():
        fields = [(name.lower(), str(value)) for name, value in item.fields.items()]
        for role, people in item.persons.items():
            fields.append((role.lower(), " and ".join(str(person) for person in people)))
        entries.append(from_bibtex(item.type, key, fields))
    return entries


def add_to_bibliography(data: pybtex.database.BibliographyData, result: ReadResult):
    """Put a refkit reader's entries into pybtex's BibliographyData (through refkit's BibTeX mapping);
    the reader's errors go to pybtex's error reporting (strict mode raises, the default warns)."""
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
        data.add_entry(key, pybtex.database.Entry(bib_type, fields=plain, persons=persons))
    return data


class CslJsonParser(BaseParser):
    """Reads CSL-JSON into pybtex's BibliographyData (via refkit's BibTeX mapping)."""

    default_suffix = ".json"
    unicode_io = True

    def parse_stream(self, stream):
        return add_to_bibliography(self.data, parse_csljson(stream.read(), self.filename))


class CslJsonWriter(BaseWriter):
    """Writes pybtex's BibliographyData as refkit's CSL-JSON."""

    unicode_io = True

    def write_stream(self, bib_data, stream):
        stream.write(dumps_csljson(entries_from_pybtex(bib_data)))
