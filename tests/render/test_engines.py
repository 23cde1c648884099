"""The engines: failure handling, the on-disk cache of formatted sets, and the engine registry."""
from __future__ import annotations

import dataclasses

import pytest

from refkit.model import Entry, PartialDate, Person
from refkit.render import csl_engine, render
from refkit.render.cache import RenderCache


def test_pybtex_formats_what_its_types_refuse_and_says_so():
    entries = [
        Entry(type="article-journal", key="nojournal", title="No journal", author=(Person("Roe", "Ann"),),
              issued=PartialDate(2021)),
        Entry(type="dataset", key="data", title="A dataset", author=(Person("Poe", "Edgar"),),
              issued=PartialDate(2022), url="https://example.org/d"),
        Entry(type="paper-conference", key="conf", title="A talk", author=(Person("Doe", "Jo"),),
              container_title="Proc. of Things", issued=PartialDate(2020)),
    ]
    result = render(entries, "pybtex:plain", "text")
    assert result.entries == [
        "[1] Jo Doe. A talk. In Proc. of Things. 2020.",
        "[2] Edgar Poe. A dataset. 2022. URL: https://example.org/d.",
        "[3] Ann Roe. No journal. 2021.",
    ]
    assert [(d.code, d.key, d.severity) for d in result.diagnostics] == [
        ("formatted-as-misc", "nojournal", "warning")]


def test_citeproc_sorts_entries_missing_every_sort_key():
    # citeproc-py's own comparator raised TypeError on such mixes (WHAT-TOOLS-ACCEPT.md 2.6)
    entries = [Entry(type="document", key="bare"),
               Entry(type="book", key="dated", issued=PartialDate(1999), title="Dated"),
               Entry(type="book", key="authored", author=(Person("Zed", "Z."),), title="Authored"),
               Entry(type="book", key="titled", title="Only a title")]
    result = render(entries, "apa", "text")
    assert result.diagnostics == []
    assert result.keys == ["dated", "titled", "authored", "bare"]


def test_broken_csl_data_never_stops_the_bibliography(monkeypatch):
    """What a broken CSL-JSON file can carry (a date that is no date, names that are no list):
    citeproc-js formats around it, as Zotero would, and every other entry is untouched."""
    entries = [Entry(type="book", key=f"k{i}", title=f"Book {i}", author=(Person(f"Au{i}", "A."),),
                     issued=PartialDate(2000 + i)) for i in range(3)]
    original = csl_engine.csl_items

    def poisoned(entries):
        items = original(entries)
        items[1]["issued"] = {"date-parts": [["not-a-year"]]}
        items[2]["author"] = "not a list"
        return items

    monkeypatch.setattr(csl_engine, "csl_items", poisoned)
    result = render(entries, "apa", "text")
    assert result.diagnostics == []
    assert result.entries == ["Au0, A. (2000). Book 0.", "Au1, A. (n.d.). Book 1.", "(2002). Book 2."]


def test_cache_serves_rendered_entries_and_respects_numbering(tmp_path, monkeypatch, tricky):
    cache = RenderCache(tmp_path / "render.sqlite")
    first = render(tricky, "ieee", "html", cache=cache)
    def refuse(*args, **kwargs):
        raise AssertionError("rendered although cached")

    with monkeypatch.context() as patch:
        patch.setattr(csl_engine.ENGINE, "format", refuse)
        again = render(tricky, "ieee", "html", cache=cache)
    assert again.text == first.text and again.diagnostics == []
    # numbers are part of a numeric style's entry: a new order must not reuse stale "[1]"
    swapped = render(list(reversed(tricky)), "ieee", "text", cache=cache)
    assert swapped.keys == [e.key for e in reversed(tricky)]
    assert [t.split("]")[0] for t in swapped.entries] == [f"[{n}" for n in range(1, len(tricky) + 1)]
    assert swapped.entries == render(list(reversed(tricky)), "ieee", "text").entries


def test_the_cache_serves_a_set_only_while_nothing_in_it_changed(tmp_path, tricky):
    """A set is the unit: one changed entry can renumber or disambiguate the others, so it is formatted afresh."""
    cache = RenderCache(tmp_path / "render.sqlite")
    render(tricky, "apa", "text", cache=cache)
    renamed = [dataclasses.replace(tricky[0], title="A title nobody used before"), *tricky[1:]]
    changed = render(renamed, "apa", "text", cache=cache)
    assert any("A title nobody used before" in text for text in changed.entries)
    assert render(renamed, "apa", "text", cache=cache).entries == changed.entries
    other_locale = render(renamed, "apa", "text", cache=cache, locale="de-DE")
    assert other_locale.entries == render(renamed, "apa", "text", locale="de-DE").entries


def test_engines_are_plugins_found_by_the_name_a_style_gives():
    from refkit.errors import UnknownPlugin
    from refkit.render.engine import load_engine
    from refkit.render.styles import find_style

    assert load_engine(find_style("apa").engine).name == "csl"
    assert load_engine(find_style("pybtex:plain").engine).name == "pybtex"
    with pytest.raises(UnknownPlugin, match="formatting engine"):
        load_engine("no-such-engine")


