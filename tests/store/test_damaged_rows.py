"""A row damaged by hand (sqlite3) is named, skipped by every read and never written over."""

from __future__ import annotations

import sqlite3
import warnings

import pytest

from refkit.errors import DamagedEntry
from refkit.model import Entry, PartialDate, Person
from refkit.store import Library
from refkit.store.records import DamagedEntryWarning

# (column, SQL value expression, what the message says is wrong)
DAMAGE = {
    "data-not-json": ("data", "'{not json'", "the data is not valid JSON"),
    "data-a-list": ("data", "'[1, 2]'", "the data is a list, not an object"),
    "data-a-blob": ("data", "x'00ff'", "the data is bytes, not JSON text"),
    "title-a-number": ("data", "json_set(data, '$.title', 5)", "field 'title' is a number, not text"),
    "title-null": ("data", "json_set(data, '$.title', json('null'))", "field 'title' is null, not text"),
    "abstract-null": ("data", "json_set(data, '$.abstract', json('null'))", "field 'abstract' is null, not text"),
    "author-a-text": ("data", "json_set(data, '$.author', 'Chen')", "field 'author' is text, not a list of people"),
    "unknown-field": ("data", "json_set(data, '$.colour', 'red')", "unknown field 'colour' in the data"),
    "impossible-date": ("data", "json_set(data, '$.issued', '2023-02-30')", "February 2023 has 28 days"),
    "enrichment-not-json": ("enrichment", "'garbage'", "column 'enrichment' is not valid JSON"),
    "user-edited-an-object": ("user_edited", "'{\"a\": 1}'", "column 'user_edited' holds an object, not a list"),
    "provenance-numbers": ("provenance", "'{\"title\": 1}'", "column 'provenance' holds an object, not an object of texts"),
}


def _paper(title: str, family: str, doi: str) -> Entry:
    return Entry(title=title, author=(Person(family, "A."),), issued=PartialDate(2022), doi=doi)


@pytest.fixture
def damaged(tmp_path, request):
    """A library of three papers whose middle one, chen2022beats, is damaged as ``request.param`` says."""
    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        lib.add([_paper("Attention", "Ashish", "10.1/a"), _paper("BEATs", "Chen", "10.1/b"),
                 _paper("Zero shot", "Zhou", "10.1/z")])
        lib.tag(["chen2022beats"], ["audio"])
    column, value, problem = DAMAGE[request.param]
    with sqlite3.connect(path) as conn:
        conn.execute(f"UPDATE entries SET {column} = {value} WHERE key = 'chen2022beats'")
    conn.close()
    with Library.open(path) as lib:
        lib.problem = problem
        yield lib


def _reads(lib: Library) -> dict:
    return {
        "select": [r.key for r in lib.select()],
        "tag": [r.key for r in lib.select(tag="audio")],
        "query": [r.key for r in lib.select(query="beats")],
        "listing": [line.key for line in lib.listing()],
        "json": lib.select_json_text(),
    }


@pytest.mark.parametrize("damaged", list(DAMAGE), indirect=True)
def test_every_read_skips_the_damaged_row_and_names_it_once(damaged):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reads = _reads(damaged)
    assert reads["select"] == ["ashish2022attention", "zhou2022zero"]
    assert reads["tag"] == reads["query"] == []
    assert "chen2022beats" not in reads["json"] and "zhou2022zero" in reads["json"]
    if damaged.problem.startswith(("field 'abstract'", "unknown field", "field 'author'", "field 'title' is null")):
        # plain `list` reads only what a line shows (and the library's own columns); SQLite's
        # json_extract cannot tell a JSON null from a missing field
        assert reads["listing"] in (["ashish2022attention", "zhou2022zero"],
                                    ["ashish2022attention", "chen2022beats", "zhou2022zero"])
    else:
        assert reads["listing"] == ["ashish2022attention", "zhou2022zero"]
    (skipped,) = damaged.skipped
    assert skipped.message.startswith("entry 'chen2022beats' (row 2) is damaged in the library and was skipped: ")
    assert damaged.problem in skipped.message
    assert {str(w.message) for w in caught if w.category is DamagedEntryWarning} == {skipped.message}


@pytest.mark.parametrize("damaged", list(DAMAGE), indirect=True)
def test_get_names_what_is_wrong(damaged):
    with pytest.raises(DamagedEntry, match=r"^entry 'chen2022beats' \(row 2\) is damaged in the library \(") as err:
        damaged.get("chen2022beats")
    assert damaged.problem in err.value.problem


@pytest.mark.parametrize("damaged", ["data-not-json", "title-a-number", "enrichment-not-json"], indirect=True)
@pytest.mark.parametrize(
    "write",
    [
        lambda lib: lib.edit("chen2022beats", title="BEATs"),
        lambda lib: lib.tag(["ashish2022attention", "chen2022beats"], ["x"]),
        lambda lib: lib.untag(["chen2022beats"], ["audio"]),
        lambda lib: lib.add_to_project(["chen2022beats"], "thesis"),
        lambda lib: lib.set_status(["chen2022beats"], "read"),
        lambda lib: lib.add_note("chen2022beats", "hm"),
        lambda lib: lib.rename_key("chen2022beats", "beats"),
        lambda lib: lib.add([_paper("BEATs", "Chen", "10.1/b")]),  # would merge into it
        lambda lib: lib.apply_enrichment([("zhou2022zero", _paper("BEATs", "Chen", "10.1/b"), {"status": "matched"})]),
    ],
    ids=["set", "tag", "untag", "project", "status", "note", "rename-key", "add-merging", "enrich-merging"],
)
def test_writes_that_would_touch_the_row_are_refused_and_change_nothing(damaged, write):
    before = sqlite3.connect(damaged.path).execute("SELECT * FROM entries ORDER BY id").fetchall()
    tags_before = sqlite3.connect(damaged.path).execute("SELECT * FROM tags ORDER BY entry, tag").fetchall()
    with pytest.raises(DamagedEntry, match=r"writes nothing over it: repair the row or remove the entry"):
        write(damaged)
    conn = sqlite3.connect(damaged.path)
    assert conn.execute("SELECT * FROM entries ORDER BY id").fetchall() == before
    assert conn.execute("SELECT * FROM tags ORDER BY entry, tag").fetchall() == tags_before


@pytest.mark.parametrize("damaged", ["data-not-json"], indirect=True)
def test_the_damaged_entry_can_be_removed(damaged):
    assert damaged.remove(["chen2022beats"]) == ["chen2022beats"]
    assert [r.key for r in damaged.select()] == ["ashish2022attention", "zhou2022zero"]
    assert damaged.skipped == []


@pytest.mark.parametrize("damaged", ["data-not-json"], indirect=True)
def test_adding_an_unrelated_paper_still_works(damaged):
    assert damaged.add([_paper("Other", "Other", "10.1/o")]).added == 1
