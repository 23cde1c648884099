"""Library operations other than merging: selecting, full-text search, library data, keys, enrichment."""

from __future__ import annotations

import sqlite3

import pytest

from refkit.errors import EntryNotFound, KeyConflict, LibraryError, UsageError
from refkit.model import Entry, PartialDate, Person
from refkit.store import Library, record_to_json
from refkit.store.sqlite.schema import SCHEMA_VERSION


def _paper(title, family="Wang", year=2023, **kw):
    return Entry(title=title, author=(Person(family, "Liang"),), issued=PartialDate(year), **kw)


@pytest.fixture
def seeded(library, seed_list_entries):
    library.add(seed_list_entries, projects=["msr"], tags=["llm"])
    return library


def test_open_creates_the_file_under_refkit_home(refkit_home):
    with Library.open() as lib:
        assert lib.path == refkit_home / "data" / "library.sqlite"
        assert lib.count() == 0
    assert (refkit_home / "data" / "library.sqlite").is_file()


def test_full_text_search_covers_title_authors_and_abstract(seeded):
    assert [r.key for r in seeded.select(query="LongNet")] == ["ding2023longnet"]
    by_author = {r.key for r in seeded.select(query="Zhenhailong")}
    assert by_author == {"wang2023unleashing"}
    in_abstract = {r.key for r in seeded.select(query="Solo Performance Prompting")}
    assert in_abstract == {"wang2023unleashing"}
    assert seeded.select(query="mixture experts") and all(
        "xpert" in r.entry.title + r.entry.abstract for r in seeded.select(query="mixture experts")
    )


def test_search_is_prefix_accent_and_syntax_tolerant(library):
    library.add([_paper("Étude des modèles", family="Müller")])
    assert len(library.select(query="etude modele")) == 1  # accents folded, word prefixes
    assert len(library.select(query="muller")) == 1
    assert library.select(query='"unbalanced AND (OR') == []  # FTS5 operators are just words
    assert library.select(query="  ") == []


def test_filters_combine(seeded):
    key = "wang2023unleashing"
    seeded.set_status([key], "reading")
    seeded.tag([key], ["agents"])
    assert [r.key for r in seeded.select(status="reading")] == [key]
    assert [r.key for r in seeded.select(tag="agents", project="msr")] == [key]
    assert len(seeded.select(project="msr", tag="llm")) == 50
    assert seeded.select(project="elsewhere") == []
    assert [r.key for r in seeded.select(query="synergy", status="reading")] == [key]


def test_tags_projects_status_notes_round_trip(seeded):
    key = "ding2023longnet"
    seeded.tag([key], ["long-context", "long-context"])
    seeded.untag([key], ["llm"])
    seeded.add_to_project([key], "thesis")
    seeded.remove_from_project([key], "msr")
    seeded.set_status([key], "read")
    seeded.add_note(key, "dilated attention")
    notes = seeded.get(key).annotations
    assert (notes.tags, notes.projects, notes.status, notes.notes) == (
        ("long-context",),
        ("thesis",),
        "read",
        ("dilated attention",),
    )
    assert ("thesis", 1) in seeded.projects() and ("llm", 49) in seeded.tags()


def test_bad_status_and_empty_names_are_usage_errors(seeded):
    with pytest.raises(UsageError, match="unknown reading status 'done'"):
        seeded.set_status(["ding2023longnet"], "done")
    with pytest.raises(UsageError):
        seeded.tag(["ding2023longnet"], [" "])


def test_get_unknown_key_names_near_matches(seeded):
    with pytest.raises(EntryNotFound, match=r"no entry with key 'ding2023longnt'.*ding2023longnet"):
        seeded.get("ding2023longnt")


def test_remove_takes_library_data_along(seeded):
    assert seeded.remove(["ding2023longnet"]) == ["ding2023longnet"]
    assert seeded.count() == 49
    with pytest.raises(EntryNotFound):
        seeded.get("ding2023longnet")
    assert ("llm", 49) in seeded.tags()


def test_rename_key_freezes_it_and_keeps_the_old_one_as_alias(seeded):
    seeded.rename_key("ding2023longnet", "LongNet2023")
    record = seeded.get("ding2023longnet")
    assert record.key == "LongNet2023" and record.key_frozen and record.key_origin == "user"
    with pytest.raises(KeyConflict):
        seeded.rename_key("wang2023unleashing", "LongNet2023")
    with pytest.raises(UsageError):
        seeded.rename_key("wang2023unleashing", "has space")
    # a later import of the same paper leaves the chosen key alone
    seeded.add([record.entry.replace(key="", doi="10.1/longnet")])
    assert seeded.get("LongNet2023").entry.doi == "10.1/longnet"


def test_apply_enrichment_keeps_user_edits_records_provenance_and_merges(library, seed_corpus, shape):
    paper = seed_corpus[0]
    library.add([_paper("Unleashing the emergent cognitive synergy", family="Wang")])
    library.add([shape.url(paper)])
    assert library.count() == 2
    library.edit("wang2023unleashing", note="my note")
    enriched = shape.arxiv(paper).replace(note="from arxiv", source=None)
    keys = library.apply_enrichment(
        [("wang2023unleashing", enriched, {"status": "matched", "method": "title", "score": 0.97})]
    )
    assert keys == ["wang2023unleashing"]
    assert library.count() == 1  # now it shares the arXiv id of the URL entry
    record = library.get("wang2023unleashing")
    assert record.entry.note == "my note"
    assert record.entry.arxiv_version == paper["version"]
    assert record.provenance["title"] == "arxiv" and record.provenance["note"] == "user"
    assert record_to_json(record)["enrichment"] == {"status": "matched", "method": "title", "score": 0.97}


def test_apply_enrichment_is_one_transaction(library):
    library.add([_paper("Kept as it was")])
    with pytest.raises(EntryNotFound):
        library.apply_enrichment(
            [
                ("wang2023kept", None, {"status": "unmatched", "method": None, "score": None}),
                ("nosuchkey", None, {"status": "failed", "method": None, "score": None}),
            ]
        )
    assert library.get("wang2023kept").enrichment["status"] == "not-tried"


def test_record_to_json_contract(library, seed_corpus, shape):
    library.add([shape.arxiv(seed_corpus[0])], projects=["p"], tags=["t"])
    data = record_to_json(library.select()[0])
    assert {
        k: data[k]
        for k in (
            "key",
            "date",
            "arxiv_id",
            "arxiv_version",
            "doi",
            "primary_category",
            "categories",
            "projects",
            "tags",
            "status",
            "enrichment",
        )
    } == {
        "key": "wang2023unleashing",
        "date": "2023-07-11",
        "arxiv_id": "2307.05300",
        "arxiv_version": 4,
        "doi": None,
        "primary_category": "cs.AI",
        "categories": seed_corpus[0]["categories"],
        "projects": ["p"],
        "tags": ["t"],
        "status": "to-read",
        "enrichment": {"status": "not-tried", "method": None, "score": None},
    }
    assert data["authors"][0] == {"family": "Wang", "given": "Zhenhailong"}
    assert data["title"].startswith("Unleashing the Emergent")


def test_literal_authors_in_json(library):
    library.add(
        [
            Entry(
                title="Guidelines",
                author=(Person(literal="World Health Organization"),),
                issued=PartialDate(2020),
            )
        ]
    )
    assert record_to_json(library.select()[0])["authors"] == [{"literal": "World Health Organization"}]


def test_migrations_bring_a_version_1_library_up_to_date(tmp_path):
    from refkit.store.sqlite import schema

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    schema.MIGRATIONS[0][2](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO entries(key, key_origin, key_base, identity, data, title, year, arxiv_id, title_key,"
        " added_at, updated_at) VALUES ('old2020', 'imported', 'old2020', 'x', '{\"type\":\"article\","
        "\"title\":\"Old\"}', 'Old', 2020, '2001.00001', 'old||2020', 'now', 'now')"
    )
    conn.execute("COMMIT")
    conn.close()
    with Library.open(path) as lib:
        assert lib._storage.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        summary = lib.add(
            [Entry(arxiv_id="2001.00001", title="Old")]
        )  # found through the migrated match keys
        assert (summary.merged + summary.unchanged, lib.count()) == (1, 1)
        assert lib.get("old2020").annotations.status == "to-read"
        assert [r.key for r in lib.select(query="old")] == ["old2020"]  # indexed by the writer from now on


def test_a_newer_library_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    sqlite3.connect(path).execute("PRAGMA user_version = 999")
    with pytest.raises(LibraryError, match="newer refkit"):
        Library.open(path)


def test_a_file_that_is_not_a_library_is_a_library_error(tmp_path):
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(LibraryError, match="cannot open the library"):
        Library.open(path)


def test_readding_the_same_source_adds_nothing(library, seed_list_entries):
    library.add(seed_list_entries)
    again = library.add(seed_list_entries)
    assert (again.added, again.merged, again.unchanged) == (0, 0, 50)
    assert all(len(r.sources) == 1 for r in library.select())


def test_full_text_index_stays_consistent_through_merges_edits_and_removals(
    library, seed_list_entries, shape, seed_corpus
):
    library.add(seed_list_entries)
    library.add([shape.url(r) for r in seed_corpus[:5]])
    library.add([shape.scholar(r) for r in seed_corpus[:5]])  # absorbs the five URL entries
    library.edit("ding2023longnet", title="LongNet renamed by hand")
    library.remove(["wang2023unleashing"])
    conn = library._storage.conn
    conn.execute("INSERT INTO entries_fts(entries_fts) VALUES ('integrity-check')")  # raises if out of step
    assert conn.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == library.count() == 49
    assert [r.key for r in library.select(query="renamed by hand")] == ["ding2023longnet"]
    assert library.select(query="Zhenhailong") == []


def test_key_pattern_comes_from_config_toml(refkit_home):
    from refkit.cli.opening import open_library

    (refkit_home / "config").mkdir(parents=True)
    (refkit_home / "config" / "config.toml").write_text('[keys]\npattern = "{Author}{year}{title2}"\n')
    with open_library() as lib:
        assert lib.add([_paper("Learning to rank things")]).keys == ["Wang2023learningrank"]


def test_the_store_takes_its_key_pattern_and_reads_no_configuration(refkit_home):
    (refkit_home / "config").mkdir(parents=True)
    (refkit_home / "config" / "config.toml").write_text('[keys]\npattern = "{Author}{year}{title2}"\n')
    with Library.open() as lib:
        assert lib.add([_paper("Learning to rank things")]).keys == ["wang2023learning"]
    with Library.open(key_pattern="{Author}{year}") as lib:
        assert lib.add([_paper("Ranking other things")]).keys == ["Wang2023"]


def test_a_bad_key_pattern_is_a_usage_error(refkit_home):
    from refkit.cli.opening import open_library

    (refkit_home / "config").mkdir(parents=True)
    (refkit_home / "config" / "config.toml").write_text('[keys]\npattern = "{autor}{year}"\n')
    with pytest.raises(UsageError, match=r"unknown fields \['autor'\]"):
        open_library()
    with pytest.raises(UsageError, match=r"unknown fields \['autor'\]"):
        Library.open(key_pattern="{autor}{year}")


def test_new_entries_are_to_read(library, seed_list_entries):
    library.add(seed_list_entries)
    library.set_status(["ding2023longnet"], "read")
    assert len(library.select(status="to-read")) == 49


def test_enriching_two_entries_of_one_paper_in_one_batch(library, seed_corpus, shape, seed_list_entries):
    paper = seed_corpus[0]
    library.add(seed_list_entries[:1])
    library.add([shape.url(paper)])
    library.mark_keys_frozen(["arxiv230705300"])  # say it was cited: it must survive the merge
    full = shape.arxiv(paper).replace(source=None)
    keys = library.apply_enrichment(
        [
            ("wang2023unleashing", full, {"status": "matched", "method": "title", "score": 0.99}),
            ("arxiv230705300", full, {"status": "matched", "method": "id", "score": 1.0}),
        ]
    )
    assert keys == ["arxiv230705300", "arxiv230705300"]
    (record,) = library.select()
    assert record.entry.abstract and record.entry.arxiv_version == paper["version"]
    assert record.enrichment["status"] == "matched"
    assert record.provenance["arxiv_version"] == "arxiv"


def test_select_by_many_keys(library):
    library.add([_paper(f"Paper {i}", doi=f"10.1/{i}") for i in range(1_200)])  # past the 500-parameter path
    keys = [r.key for r in library.select()]
    chosen = keys[::2] + ["not-a-key"]
    assert [r.key for r in library.select(keys=chosen)] == sorted(keys[::2])
    assert len(library.select(keys=keys[:3])) == 3


def test_add_pauses_the_garbage_collector_and_restores_it(library, seed_list_entries):
    import gc

    seen = []

    def entries():
        for entry in seed_list_entries[:3]:
            seen.append(gc.isenabled())
            yield entry
        raise RuntimeError("the source broke mid-way")

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        library.add(entries())
    assert seen == [False, False, False]  # no full collections over a bulk add's live entries
    assert gc.isenabled() and library.count() == 0  # collector back on, nothing half-added
    gc.disable()
    try:
        library.add(seed_list_entries[:1])
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()


def test_entry_tags_tag_each_entry_with_its_own(library):
    summary = library.add(
        [_paper("Tagged paper"), _paper("Plain paper")],
        tags=["all"],
        entry_tags=lambda entry: [" own ", ""] if entry.title == "Tagged paper" else [],
    )
    tags = {r.key: r.annotations.tags for r in library.select()}
    assert tags == {summary.keys[0]: ("all", "own"), summary.keys[1]: ("all",)}
