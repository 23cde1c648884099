"""biblatex-only entry types in the ``bibtex`` dialect: the classic type when its required fields
are there (so plain/plainnat stay quiet), else @misc -- which is what BibTeX itself makes of an
unknown type, so a converted biblatex file never warns more than the original did."""
from __future__ import annotations

import pytest

from refkit.mapping.bibtex import from_bibtex, to_bibtex

COMPLETE_BOOK = [("author", "Knuth, Donald E."), ("title", "Computers and Typesetting"),
                 ("publisher", "Addison-Wesley"), ("year", "1986")]


@pytest.mark.parametrize("source_type, fields, bibtex_type, biblatex_type", [
    ("mvbook", COMPLETE_BOOK, "book", "mvbook"),
    ("mvbook", COMPLETE_BOOK + [("editor", "Someone, Else")], "misc", "mvbook"),  # author and editor
    ("mvcollection", [("editor", "Jaff{\\'e}, Philipp"), ("title", "Regesta"), ("date", "1885/1888")],
     "misc", "mvcollection"),  # no publisher, no year
    ("collection", [("editor", "Matuz, Roger"), ("title", "Contemporary Literary Criticism"),
                    ("publisher", "Gale"), ("year", "1990")], "book", "collection"),
    ("book", [("title", "Plain book without anything")], "book", "book"),  # a classic type stays itself
], ids=["complete-mvbook", "mvbook-author-and-editor", "mvcollection-incomplete", "complete-collection",
        "classic-book-untouched"])
def test_biblatex_only_types_in_both_dialects(source_type, fields, bibtex_type, biblatex_type):
    entry = from_bibtex(source_type, "k", fields)
    assert to_bibtex(entry, "bibtex")[0] == bibtex_type
    assert to_bibtex(entry, "biblatex")[0] == biblatex_type
