"""The lean reads of ``refkit list`` give exactly what full records give (``refkit.store.listing``)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refkit.model import Entry, PartialDate, Person, Source
from refkit.store import record_to_json
from refkit.store.jsontext import dumps_indented


def _odd_entries() -> list[Entry]:
    """Shapes the seed list does not have: institutions, particles, no authors, no date, markup."""
    return [
        Entry(
            title="The <i>Iliad</i> and $x^2$",
            author=(
                Person(literal="World Health Organization"),
                Person("Beethoven", "Ludwig", "van", "Jr."),
                Person(given="Ana", particle="de"),
                Person("King", suffix="III"),
            ),
            issued=PartialDate(-44, 3, 15),
            container_title="<b>Proc.</b> of Things",
            doi="10.1000/xyz",
            source=Source("a.bib", 3, "bibtex"),
        ),
        Entry(title="", key="notitle", source=Source("b.bib", 1, "bibtex")),
        Entry(
            title="Alone", author=(Person("Solo", "Han"),), authors_truncated=True, issued=PartialDate(999)
        ),
        Entry(title="Anonymous work", editor=(Person("Editor", "Ed"),), issued=PartialDate(2020, 1)),
        Entry(title="Zero version", arxiv_id="2101.00001", arxiv_version=3, categories=("cs.CL", "cs.LG")),
    ]


@pytest.fixture
def rich(library, seed_list_entries):
    library.add(seed_list_entries, projects=["msr"], tags=["llm"])
    library.add(_odd_entries(), projects=["odd", "msr"])
    keys = [r.key for r in library.select()]
    library.tag(keys[:7], ["zeta", "alpha"])
    library.set_status(keys[3:5], "read")
    library.add_note(keys[4], "first note")
    library.add_note(keys[4], "second note")
    library.edit(keys[5], title="Edited <i>by hand</i>")
    library.apply_enrichment([(keys[6], None, {"status": "unmatched", "method": "title", "score": 0.5})])
    library.rename_key(keys[2], "chosen-key")
    library.add(seed_list_entries[:3])  # a second source for three entries
    return library


FILTERS = [
    {},
    {"query": "language models"},
    {"query": "iliad"},
    {"tag": "zeta"},
    {"project": "odd"},
    {"status": "read"},
    {"project": "msr", "query": "agent"},
    {"query": "no such words at all"},
    {"query": "  "},
]


@pytest.mark.parametrize("filters", FILTERS)
def test_json_text_is_record_to_json_dumped(rich, filters):
    expected = [record_to_json(r) for r in rich.select(**filters)]
    assert rich.select_json_text(**filters) == json.dumps(expected, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("filters", FILTERS)
def test_listing_lines_show_what_the_entries_hold(rich, filters):
    records = rich.select(**filters)
    lines = rich.listing(**filters)
    assert [line.key for line in lines] == [r.key for r in records]
    for line, record in zip(lines, records):
        entry = record.entry
        assert line.year == entry.year
        assert line.first_author == (
            (entry.author[0].family or entry.author[0].literal) if entry.author else ""
        )
        assert line.more_authors == (len(entry.author) > 1 or entry.authors_truncated)
        assert line.title == record_to_json(record)["title"]
        assert line.tags == record.annotations.tags


def test_listing_of_the_odd_shapes(rich):
    by_title = {line.title: line for line in rich.listing(project="odd")}
    iliad = by_title["The Iliad and x^2"]
    assert (iliad.year, iliad.first_author, iliad.more_authors) == (-44, "World Health Organization", True)
    assert (by_title[""].year, by_title[""].first_author, by_title[""].more_authors) == (None, "", False)
    alone = by_title["Alone"]
    assert (alone.year, alone.first_author, alone.more_authors) == (999, "Solo", True)
    assert by_title["Anonymous work"].first_author == ""  # editors are not authors in a listing line


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_json_values)
def test_dumps_indented_is_json_dumps_indent_2(value):
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


class _Text(str):
    pass


@pytest.mark.parametrize(
    "value",
    [{1: [True, None], "x": ({}, [])}, [_Text("a"), {"k": [_Text("b"), 2.5]}], {"a": {"b": [float("-inf")]}}],
)
def test_dumps_indented_hands_unusual_values_to_json(value):
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
