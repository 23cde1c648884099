"""enrich_library while another connection writes the same library between the network phase and the write.

The other writer runs from the progress hook, which ``enrich_entries`` calls after its last arXiv
request and before ``enrich_library`` writes: the same moment a second ``refkit`` process could land.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from refkit.enrich import enrich_library
from refkit.importers import read_source
from refkit.model import Entry, PartialDate, Person
from refkit.store import Library

BEIT = Entry(title="BEiT: BERT Pre-Training of Image Transformers", author=(Person("Bao", "Hangbo"),),
             authors_truncated=True, issued=PartialDate(2021, 6, 15))
ATTENTION = Entry(arxiv_id="1706.03762")

EXTRA_RIS = """TY  - CONF
TI  - BEiT: BERT Pre-Training of Image Transformers
AU  - Bao, Hangbo
PY  - 2021
T2  - International Conference on Learning Representations
SP  - 1
EP  - 18
PB  - OpenReview.net
N1  - read for the reading group
ER  - 
"""


def _meanwhile(lib: Library, action):
    """A progress hook that runs ``action(other)`` once, on a second connection, when the network phase ends."""
    ran = []

    def hook(done: int, total: int) -> None:
        if done == total and not ran:
            ran.append(True)
            with Library.open(lib.path) as other:
                action(other)

    return hook


def test_a_concurrent_add_is_kept(lib, client, tmp_path):
    (key,) = lib.add([BEIT]).keys
    extra = tmp_path / "extra.ris"
    extra.write_text(EXTRA_RIS, encoding="utf-8")

    def add_extra(other: Library) -> None:
        result = read_source(str(extra))
        assert other.add(result.entries).merged == 1

    report = enrich_library(lib, client=client, progress=_meanwhile(lib, add_extra))
    assert report.counts["matched"] == 1 and not report.vanished
    record = lib.get(key)
    entry = record.entry
    # what the add merged in is still there ...
    assert entry.container_title == "International Conference on Learning Representations"
    assert entry.page == "1-18"
    assert entry.publisher == "OpenReview.net"
    assert entry.note == "read for the reading group"
    assert any(s.file.endswith("extra.ris") for s in record.sources)
    # ... and so is what arXiv added
    assert (entry.arxiv_id, entry.arxiv_version) == ("2106.08254", 2)
    assert len(entry.author) == 4 and not entry.authors_truncated
    assert record.provenance["arxiv_id"] == "arxiv" and "container_title" not in record.provenance
    assert record.enrichment["status"] == "matched"


def test_a_field_edited_by_hand_meanwhile_stays(lib, client):
    (key,) = lib.add([BEIT]).keys
    mine = (Person("Bao", "H."), Person("Dong", "L."))
    report = enrich_library(lib, client=client,
                            progress=_meanwhile(lib, lambda other: other.edit(key, author=mine)))
    assert report.counts["matched"] == 1
    record = lib.get(key)
    assert record.entry.author == mine and record.provenance["author"] == "user"
    assert record.entry.arxiv_id == "2106.08254"


RENAMES = {
    # the user's rename: the entry's key is "beit" from then on, the old key an alias
    "rename_key": (lambda other, key: other.rename_key(key, "beit"), "beit"),
    # an imported key for an entry already in the library becomes an alias; the shown key stays
    "imported key": (lambda other, key: other.add([BEIT.replace(key="beit", arxiv_id="2106.08254")]), None),
}


@pytest.mark.parametrize("how", RENAMES)
def test_an_entry_renamed_meanwhile_is_stored_under_its_new_key(lib, client, how):
    keys = lib.add([BEIT, ATTENTION]).keys
    change, final_key = RENAMES[how]
    report = enrich_library(lib, client=client, progress=_meanwhile(lib, lambda other: change(other, keys[0])))
    assert report.counts["matched"] == 2 and not report.vanished
    assert report.keys[keys[0]] == (final_key or keys[0])
    assert lib.get("beit").key == (final_key or keys[0])
    assert lib.get("beit").entry.arxiv_id == "2106.08254" and lib.get("beit").entry.arxiv_version == 2
    attention = lib.get(report.keys[keys[1]])  # its generated key follows the arXiv data, as always
    assert attention.entry.arxiv_id == "1706.03762" and attention.enrichment["status"] == "matched"


def test_an_entry_removed_meanwhile_is_skipped_and_reported(lib, client):
    keys = lib.add([BEIT, ATTENTION]).keys
    report = enrich_library(lib, client=client,
                            progress=_meanwhile(lib, lambda other: other.remove([keys[1]])))
    assert report.vanished == [keys[1]]
    assert [r.key for r in lib.select()] == [keys[0]]
    assert lib.get(keys[0]).entry.arxiv_id == "2106.08254"
    data = report.to_json()
    assert data["summary"]["vanished"] == 1
    assert {e["key"]: e.get("vanished", False) for e in data["entries"]} == {keys[0]: False, keys[1]: True}


def test_a_rowid_reused_by_another_paper_is_not_written(lib, client):
    """SQLite hands a removed last row's id to the next insert: that other paper must not get the result."""
    keys = lib.add([BEIT, ATTENTION]).keys
    stranger = Entry(title="A paper added while enrich ran", author=(Person("Other", "Ann"),),
                     issued=PartialDate(2020))

    def replace_last(other: Library) -> None:
        other.remove([keys[1]])
        other.add([stranger])

    report = enrich_library(lib, client=client, progress=_meanwhile(lib, replace_last))
    assert report.vanished == [keys[1]]
    (added,) = [r for r in lib.select() if r.key not in keys]
    assert added.entry.title == stranger.title and not added.entry.arxiv_id
    assert added.enrichment["status"] == "not-tried"


def test_an_entry_merged_away_meanwhile_is_followed_into_the_survivor(lib, client):
    """Another add bridges two entries of one paper (one by title, one by id): the result lands on the survivor."""
    by_title = Entry(title="Attention Is All You Need", author=(Person("Vaswani", "Ashish"),),
                     issued=PartialDate(2017))
    keys = lib.add([by_title, Entry(doi="10.5555/3295222.3295349")]).keys
    lib.mark_keys_frozen([keys[1]])  # cited: the DOI entry survives the merge, the one enriched goes
    bridge = by_title.replace(doi="10.5555/3295222.3295349")
    report = enrich_library(lib, client=client, keys=[keys[0]],
                            progress=_meanwhile(lib, lambda other: other.add([bridge])))
    assert not report.vanished
    (record,) = lib.select()
    assert record.entry.arxiv_id == "1706.03762" and record.entry.doi == "10.5555/3295222.3295349"
    assert record.key == keys[1] and report.keys[keys[0]] == keys[1]
    assert record.enrichment["status"] == "matched"


def test_the_report_names_the_entry_removed_meanwhile(lib, client, capsys):
    from refkit.cli.enrich import _print_report

    keys = lib.add([BEIT, ATTENTION]).keys
    report = enrich_library(lib, client=client,
                            progress=_meanwhile(lib, lambda other: other.remove([keys[1]])))
    _print_report(report)
    assert capsys.readouterr().out == (
        f"vanished: {keys[1]}: removed from the library while enrich ran; its arXiv result was not stored\n"
        "arXiv: 2 matched, 0 ambiguous, 0 unmatched, 0 failed, 1 removed meanwhile (2 requests, 0 from cache)\n"
    )


def test_a_refkit_add_in_another_process_is_kept(lib, client, tmp_path):
    """The issue's case, with a real second process: ``refkit add extra.ris`` lands while enrich waits for arXiv."""
    (key,) = lib.add([BEIT]).keys
    extra = tmp_path / "extra.ris"
    extra.write_text(EXTRA_RIS, encoding="utf-8")

    def refkit_add(done: int, total: int) -> None:
        if done == total:
            run = subprocess.run([sys.executable, "-m", "refkit", "add", str(extra)], capture_output=True,
                                 text=True, env=os.environ.copy(), timeout=120, check=False)
            assert run.returncode == 0, run.stderr

    enrich_library(lib, client=client, progress=refkit_add)
    record = lib.get(key)
    assert (record.entry.container_title, record.entry.publisher, record.entry.note) == (
        "International Conference on Learning Representations", "OpenReview.net", "read for the reading group")
    assert record.entry.page == "1-18" and record.entry.arxiv_id == "2106.08254" and len(record.entry.author) == 4
    assert [s.file for s in record.sources][-1].endswith("extra.ris")
