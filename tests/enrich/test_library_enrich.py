"""enrich_library over a real SQLite library and the fake arXiv."""
from __future__ import annotations

import pytest
from fakearxiv import Faults

from refkit.enrich import ArxivClient, enrich_library
from refkit.errors import NetworkError
from refkit.model import Entry, PartialDate, Person
from refkit.store import record_to_json

BEIT = Entry(title="BEiT: BERT Pre-Training of Image Transformers", author=(Person("Bao", "Hangbo"),),
             authors_truncated=True, issued=PartialDate(2021, 6, 15))


def test_filled_fields_come_from_arxiv_and_user_edits_stay(lib, client):
    (key,) = lib.add([BEIT]).keys
    lib.edit(key, author=(Person("Bao", "H."),), url="https://example.org/beit")
    report = enrich_library(lib, client=client)
    assert report.counts["matched"] == 1
    record = lib.select()[0]
    assert record.entry.author == (Person("Bao", "H."),) and record.provenance["author"] == "user"
    assert record.entry.url == "https://example.org/beit"
    assert (record.entry.arxiv_id, record.entry.arxiv_version) == ("2106.08254", 2)
    assert record.provenance["arxiv_id"] == "arxiv" and record.provenance["categories"] == "arxiv"
    assert record.enrichment["status"] == "matched" and record.enrichment["arxiv_id"] == "2106.08254"


def test_a_users_title_is_what_gets_searched(lib, client):
    (key,) = lib.add([BEIT]).keys
    lib.edit(key, title="Notes on BEiT")
    report = enrich_library(lib, client=client)
    assert report.counts["matched"] == 0
    assert lib.select()[0].entry.title == "Notes on BEiT"


def test_dry_run_reports_and_writes_nothing(lib, client):
    lib.add([BEIT])
    before = [record_to_json(r) for r in lib.select()]
    report = enrich_library(lib, client=client, dry_run=True)
    assert report.counts["matched"] == 1 and report.dry_run
    (entry,) = report.to_json()["entries"]
    assert entry["changes"]["arxiv_id"] == {"old": "", "new": "2106.08254"}
    assert [record_to_json(r) for r in lib.select()] == before


def test_only_the_chosen_keys_or_project(lib, client, fake_arxiv):
    lib.add([BEIT], projects=["vision"])
    lib.add([Entry(arxiv_id="1706.03762")])
    report = enrich_library(lib, client=client, project="vision")
    assert [o.record.id for o in report.outcomes] == ["2106.08254"]
    assert len(fake_arxiv.log) == 1


def test_server_down_raises_and_changes_nothing(lib, fake_arxiv, refkit_home):
    lib.add([BEIT])
    before = [record_to_json(r) for r in lib.select()]
    url = fake_arxiv.url
    fake_arxiv.stop()
    with pytest.raises(NetworkError, match="the library was not changed"):
        enrich_library(lib, client=ArxivClient(url, delay=0.0))
    assert [record_to_json(r) for r in lib.select()] == before


def test_a_failure_never_downgrades_an_earlier_match(lib, client, fake_arxiv):
    keys = lib.add([BEIT, Entry(arxiv_id="1706.03762")]).keys
    lib.apply_enrichment([(keys[0], None, {"status": "matched", "method": "title", "score": 0.95})])
    fake_arxiv.faults = Faults(script=["ok"], every=1, action="503")  # ids answered, titles never
    report = enrich_library(lib, client=ArxivClient(fake_arxiv.url, delay=0.0, refresh=True))
    assert sorted(o.status for o in report.outcomes) == ["failed", "matched"]
    by_key = {r.key: r for r in lib.select()}
    assert by_key[keys[0]].enrichment == {"status": "matched", "method": "title", "score": 0.95}


def test_two_entries_of_one_paper_merge(lib, client):
    lib.add([BEIT, Entry(title="BEiT: BERT pre-training of image transformers", arxiv_id="2106.08254")])
    assert lib.count() == 2
    report = enrich_library(lib, client=client)
    assert sorted(o.status for o in report.outcomes) == ["matched", "matched"]
    (record,) = lib.select()
    assert record.entry.arxiv_id == "2106.08254" and len(record.entry.author) == 4
    assert set(report.keys.values()) == {record.key}
