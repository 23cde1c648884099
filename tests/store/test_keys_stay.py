"""A key once in the library never changes by itself: not by an edit, not by enrichment, not by a
newcomer wanting the same key. Only ``rename_key`` changes it, and the old key keeps resolving."""

from __future__ import annotations

from refkit.model import Entry, PartialDate, Person


def _paper(title="BEATs: Audio Pre-Training", year=2022, **kw) -> Entry:
    return Entry(title=title, author=(Person("Chen", "Sanyuan"),), issued=PartialDate(year), **kw)


def test_editing_the_date_keeps_the_key(library):
    library.add([_paper()])
    record = library.edit("chen2022beats", issued=PartialDate(2023, 2, 28))
    assert (record.key, record.entry.issued) == ("chen2022beats", PartialDate(2023, 2, 28))
    assert [r.key for r in library.select()] == ["chen2022beats"]


def test_editing_the_title_keeps_the_key(library):
    library.add([_paper()])
    assert library.edit("chen2022beats", title="Acoustic tokenizers").key == "chen2022beats"


def test_enrichment_with_another_year_and_title_keeps_the_key(library):
    library.add([Entry(arxiv_id="2212.09058")])
    richer = _paper(title="BEATs", year=2023, arxiv_id="2212.09058")
    assert library.apply_enrichment([("arxiv221209058", richer, {"status": "matched"})]) == ["arxiv221209058"]
    (record,) = library.select()
    assert (record.key, record.entry.title) == ("arxiv221209058", "BEATs")


def test_a_later_edit_does_not_hand_a_freed_base_to_someone_else(library):
    library.add([_paper(doi="10.1/a")])
    library.edit("chen2022beats", issued=PartialDate(2023))
    library.add([_paper(doi="10.1/b")])  # wants chen2022beats too: the first entry still holds it
    keys = {r.entry.doi: r.key for r in library.select()}
    assert keys == {"10.1/a": "chen2022beats", "10.1/b": "chen2022beatsa"}


def test_rename_key_is_the_one_way_and_the_old_key_resolves(library):
    library.add([_paper()])
    library.rename_key("chen2022beats", "BEATs")
    assert library.get("chen2022beats").key == "BEATs"
