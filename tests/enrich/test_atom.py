"""Atom parsing against the real recorded responses in /work/shared/arxiv/samples."""
from __future__ import annotations

import pytest

from refkit.enrich.atom import ArxivRecord, parse_feed, split_entry_id
from refkit.errors import ArxivFeedError


def _sample(shared, name: str) -> str:
    return (shared / "arxiv" / "samples" / name).read_text(encoding="utf-8")


def test_current_feed_old_style_id_with_all_fields(shared):
    feed = parse_feed(_sample(shared, "current_2026_id_list_astro-ph_0601001.xml"))
    assert feed.total == 1 and feed.error == ""
    (rec,) = feed.records
    assert (rec.id, rec.version) == ("astro-ph/0601001", 1)
    assert rec.authors[0] == "Andrew Gould"
    assert rec.published == "2006-01-02T14:57:58Z"
    assert rec.journal_ref == "ActaAstron.56:1-50,2006"
    assert rec.pdf_url == "https://arxiv.org/pdf/astro-ph/0601001v1"
    assert not rec.summary.startswith(" ")


def test_error_feed_is_never_a_paper(shared):
    feed = parse_feed(_sample(shared, "current_2026_error_id_list_abc_HTTP400.xml"))
    assert feed.records == [] and feed.error == "incorrect id format for abc"
    legacy = parse_feed(_sample(shared, "legacy_2007_manual_error_1234.12345.xml"))
    assert legacy.records == [] and legacy.error == "incorrect id format for 1234.12345"


def test_missing_ids_and_legacy_ghost_entries_are_dropped(shared):
    feed = parse_feed(_sample(shared, "current_2026_id_list_one_missing_one_found.xml"))
    assert [r.id for r in feed.records] == ["1707.08567"]
    ghosts = parse_feed(_sample(shared, "legacy_2025-08_id_list_missing_ids_ghost_entries.xml"))
    assert [r.id for r in ghosts.records] == ["2201.13452"]
    assert parse_feed(_sample(shared, "legacy_2025-08_id_list_1201.56789_totalResults_bug.xml")).records == []


def test_title_zero_and_dois_and_cross_lists(shared):
    (zero,) = parse_feed(_sample(shared, "current_2026_id_list_2104.12255v1_title_0.xml")).records
    assert zero.title == "0"
    search = parse_feed(_sample(shared, "current_2026_search_testing_m10.xml"))
    assert search.total == 214881 and len(search.records) == 10
    assert search.records[0].dois == ("10.1109/ICSTW55395.2022.00035",)
    (quant,) = parse_feed(_sample(shared, "current_2026_id_list_quant-ph_0201082v1.xml")).records
    assert quant.categories == ("quant-ph", "cs.PL") and quant.primary_category == "quant-ph"


def test_legacy_hard_wrapped_titles_are_unwrapped(shared):
    feed = parse_feed(_sample(shared, "legacy_2025-08_search_electron_AND_proton.xml"))
    assert all("\n" not in r.title and "  " not in r.title for r in feed.records)
    assert feed.total == 7370


def test_transitional_links_without_attributes_are_rebuilt(shared):
    feed = parse_feed(_sample(shared, "transition_2025-11-11_id_list_missing_ids.xml"))
    (rec,) = feed.records
    assert rec.pdf_url == f"https://arxiv.org/pdf/{rec.id}v{rec.version}"


def test_every_sample_parses(shared):
    for path in sorted((shared / "arxiv" / "samples").glob("*.xml")):
        feed = parse_feed(path.read_text(encoding="utf-8"), path.name)
        assert all(r.id and r.abs_url for r in feed.records), path.name


def test_entity_expansion_is_refused():
    bomb = ('<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>&b;</title></feed>')
    with pytest.raises(ArxivFeedError):
        parse_feed(bomb, "http://x")


def test_not_xml_is_a_feed_error():
    with pytest.raises(ArxivFeedError, match="Rate exceeded"):
        parse_feed("Rate exceeded.", "http://x")


def test_split_entry_id_and_json_round_trip():
    assert split_entry_id("http://arxiv.org/abs/hep-th/9901001v12") == ("hep-th/9901001", 12)
    assert split_entry_id("https://arxiv.org/abs/2307.05300") == ("2307.05300", None)
    rec = ArxivRecord("2307.05300", 4, "T", authors=("A B",), categories=("cs.AI",))
    assert ArxivRecord.from_json(rec.to_json()) == rec
