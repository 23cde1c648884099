"""Library.snapshot + apply_updates: the write path of long-running jobs (enrich, a published-version upgrade).

The job computes its updates from a snapshot; a second connection writes in between, as another
refkit process would.
"""

from __future__ import annotations

from refkit.model import Entry, PartialDate, Person
from refkit.store import Library

PREPRINT = Entry(
    type="article",
    title="Deep Residual Learning for Image Recognition",
    author=(Person("He", "Kaiming"),),
    issued=PartialDate(2015, 12, 10),
    arxiv_id="1512.03385",
)
OTHER = Entry(title="Another paper", author=(Person("Roe", "Ann"),), issued=PartialDate(2020))


def _upgrade(entry: Entry) -> Entry:
    """A stand-in for a published-version upgrade: venue, DOI and pages of the version of record."""
    return entry.replace(
        type="paper-conference",
        container_title="CVPR",
        doi="10.1109/cvpr.2016.90",
        page="770-778",
        issued=PartialDate(2016, 6),
    )


def test_updates_land_on_the_rows_as_they_are_now(library):
    library.add([PREPRINT, OTHER])
    snapshot = library.snapshot()
    (paper,) = [r for r in snapshot.records if r.entry.arxiv_id]
    (other_key,) = [r.key for r in snapshot.records if not r.entry.arxiv_id]
    updates = [snapshot.update(r, _upgrade(r.entry), {"status": "upgraded"}) for r in snapshot.records]
    with Library.open(library.path) as meanwhile:
        meanwhile.rename_key(paper.key, "he2016resnet")
        meanwhile.edit("he2016resnet", page="770--778 (corrected)")
        meanwhile.add([PREPRINT.replace(publisher="IEEE", note="best paper")])
        meanwhile.remove([other_key])
    applied = library.apply_updates(updates, source="dblp")
    by_key = {a.key: a for a in applied}
    assert set(by_key) == {"he2016resnet", None}  # the removed one: nothing stored, no key
    record = library.get("he2016resnet")
    assert record.entry.page == "770--778 (corrected)" and record.provenance["page"] == "user"
    assert (record.entry.publisher, record.entry.note) == ("IEEE", "best paper")
    assert (record.entry.container_title, record.entry.doi) == ("CVPR", "10.1109/cvpr.2016.90")
    assert record.provenance["container_title"] == "dblp" and record.enrichment == {"status": "upgraded"}
    assert set(by_key["he2016resnet"].changed()) == {"type", "container_title", "issued", "doi"}
    assert library.count() == 1


def test_without_concurrent_writes_the_jobs_entries_are_stored(library):
    library.add([PREPRINT])
    snapshot = library.snapshot()
    (record,) = snapshot.records
    (applied,) = library.apply_updates([snapshot.update(record, _upgrade(record.entry))], source="dblp")
    assert library.get(applied.key).entry == _upgrade(record.entry).replace(key=applied.key)
    assert applied.before == record.entry and not applied.vanished


def test_the_snapshot_leaves_no_transaction_open(library):
    library.add([PREPRINT])
    snapshot = library.snapshot(keys=[library.select()[0].key])
    assert [r.rowid for r in snapshot.records] == list(snapshot.keys)
    library.add([OTHER])  # BEGIN IMMEDIATE fails inside a read transaction left open
    with library.transaction():  # and inside a write transaction the snapshot joins it
        assert len(library.snapshot().records) == 2
    assert library.count() == 2


def test_a_row_merged_away_meanwhile_is_followed_and_the_survivors_status_stays(library):
    by_title = Entry(title=PREPRINT.title, author=PREPRINT.author, issued=PartialDate(2015))
    keys = library.add([by_title, Entry(arxiv_id="1512.03385")]).keys
    library.mark_keys_frozen([keys[1]])
    library.apply_enrichment([(keys[1], None, {"status": "matched", "method": "id", "score": 1.0})])
    snapshot = library.snapshot(keys=[keys[0]])
    (record,) = snapshot.records
    update = snapshot.update(record, record.entry.replace(note="read it"), {"status": "unmatched"})
    with Library.open(library.path) as meanwhile:
        meanwhile.add([by_title.replace(arxiv_id="1512.03385")])  # bridges the two: one row now
    (applied,) = library.apply_updates([update], source="job")
    assert applied.key == keys[1]
    (survivor,) = library.select()
    assert survivor.entry.note == "read it" and survivor.enrichment["status"] == "matched"
