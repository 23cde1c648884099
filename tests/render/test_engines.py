"""The two engines' failure handling, the on-disk cache, and the citeproc-py speed-ups' equivalence."""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from refkit.model import Entry, PartialDate, Person
from refkit.render import csl_engine, find_style, render
from refkit.render.cache import RenderCache
from refkit.render.targets import writer


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


def test_one_entry_citeproc_cannot_format_is_reported_not_fatal(monkeypatch):
    entries = [Entry(type="book", key=f"k{i}", title=f"Book {i}", author=(Person(f"Au{i}", "A."),),
                     issued=PartialDate(2000 + i)) for i in range(3)]
    original = csl_engine.to_csl_item

    def poisoned(entry):
        item = original(entry)
        if entry.key == "k1":
            item["issued"] = {"date-parts": [["not-a-year"]]}  # what a broken CSL-JSON file can carry
        return item

    monkeypatch.setattr(csl_engine, "to_csl_item", poisoned)
    result = render(entries, "apa", "text")
    assert result.keys == ["k0", "k2"]
    assert [(d.code, d.key) for d in result.diagnostics] == [("render-failed", "k1")]


def test_cache_serves_rendered_entries_and_respects_numbering(tmp_path, monkeypatch, tricky):
    cache = RenderCache(tmp_path / "render.sqlite")
    first = render(tricky, "ieee", "html", cache=cache)
    from citeproc import model

    def refuse(*args, **kwargs):
        raise AssertionError("rendered although cached")

    with monkeypatch.context() as patch:
        patch.setattr(model.Layout, "render_children", refuse)
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


_VANILLA = """
import json, sys
from citeproc import CitationStylesStyle, CitationStylesBibliography, Citation, CitationItem, formatter
from citeproc.source.json import CiteProcJSON
items = json.load(sys.stdin)
style = CitationStylesStyle(sys.argv[1], validate=False)
bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
for item in items:
    bib.register(Citation([CitationItem(item["id"])]))
bib.sort()
print(json.dumps([[item.key, str(text)] for item, text in zip(bib.items, bib.bibliography())]))
"""


def test_speedups_change_nothing_but_time(seed, raw_tex):
    """Plain citeproc-py (a fresh process, no refkit patches) and refkit's patched run agree on order
    and text, for APA (no quotes or numbers, so none of citeproc_fixes applies)."""
    entries = seed + raw_tex("xampl.bib")
    style = find_style("apa")
    items = []
    for i, entry in enumerate(entries):
        item = csl_engine.to_csl_item(entry)
        item["id"] = f"r{i}"
        items.append(item)
    run = subprocess.run([sys.executable, "-c", _VANILLA, str(style.path)], input=json.dumps(items),
                         capture_output=True, text=True, check=True)
    vanilla = json.loads(run.stdout)
    formatted = csl_engine.ENGINE.format(csl_engine.ENGINE.prepare(entries, style, None))
    ours, diagnostics = formatted.items, formatted.diagnostics
    assert diagnostics == []
    assert [f"r{entries.index(e)}" for e in [_by_key(entries, i.key) for i in ours]] == [k for k, _ in vanilla]
    text = writer("text")
    assert [text.convert(i.encoded) for i in ours] == [text.convert(t) for _, t in vanilla]


def _by_key(entries, key):
    return next(e for e in entries if e.key == key)


