"""Beebe's TUGboat bibliography: 4,839 articles, each under its own key, no DOI or arXiv id shared,
and hundreds of recurring columns with one title, author and year per issue. Added to an empty
library it must stay 4,839 records, each with its own pages (it once became 4,018)."""

from __future__ import annotations

import pytest

from refkit.importers import read_sources
from refkit.store import Library

# recurring columns that were merged into one record, the first key getting the others' pages
_COLUMNS = {
    "Beeton:TB10-1-6": "6-7",  # "Editorial comments", 1989, issues 1, 2 and 3
    "Beeton:TB10-2-147": "147-150",
    "Beeton:TB10-3-314": "314-316",
    "Childs:TB9-1-5": "5-5",  # "From the President", 1988, issues 1, 2 and 3
    "Childs:TB9-2-117": "117-117",
    "Childs:TB9-3-231": "231-232",
    "Berry:TB26-1-3": "3-3",  # "From the President", 2005, issues 1 and 3
    "Berry:TB26-3-179": "179-179",
    "MacKay:TB5-1-4": "4-4",
    "MacKay:TB5-2-76": "76-76",
}


@pytest.mark.slow
def test_tugboat_keeps_every_article(shared, tmp_path):
    entries = read_sources([str(shared / "corpora" / "tugboat.bib")], None).entries
    assert len(entries) == 4839
    with Library.open(tmp_path / "library.sqlite") as lib:
        summary = lib.add(entries)
        assert (summary.added, summary.merges) == (4839, [])  # no true duplicate in the file
        assert summary.keys == [e.key for e in entries]  # every article under the key the file gives it
        assert lib.count() == 4839
        for key, pages in _COLUMNS.items():
            record = lib.get(key)
            assert (record.key, record.entry.page, record.aliases) == (key, pages, ())
