"""The storage interface and its SQLite backend: row ids, prefix look-ups, the schema-5 migration."""

from __future__ import annotations

import sqlite3

from refkit.model import Entry, PartialDate, Person
from refkit.store import Library
from refkit.store.sqlite import SqliteStorage
from refkit.store.storage import Storage


def _paper(title, family="Wang", year=2023, **kw):
    return Entry(title=title, author=(Person(family, "Liang"),), issued=PartialDate(year), **kw)


def test_the_sqlite_backend_implements_every_method_of_the_interface():
    wanted = {name for name in vars(Storage) if not name.startswith("_")} - {"path"}
    assert wanted <= {name for name in dir(SqliteStorage) if callable(getattr(SqliteStorage, name))}


def test_a_removed_last_rows_id_is_never_handed_out_again(library):
    library.add([_paper("First paper"), _paper("Second paper")])
    last = max(r.rowid for r in library.select())
    library.remove([library.select()[-1].key])
    library.remove([r.key for r in library.select() if r.rowid == last])
    library.add([_paper("Third paper")])
    assert all(r.rowid != last for r in library.select())
    assert max(r.rowid for r in library.select()) > last


def test_an_update_for_a_removed_row_never_lands_on_a_later_one(library):
    library.add([_paper("Paper that goes")])
    snapshot = library.snapshot()
    (record,) = snapshot.records
    update = snapshot.update(record, record.entry.replace(page="1-10"), {"status": "matched"})
    library.remove([record.key])
    library.add([_paper("Paper that comes", family="Roe")])  # SQLite alone would give it the same id
    (applied,) = library.apply_updates([update], source="arxiv")
    assert applied.vanished
    (newcomer,) = library.select()
    assert (newcomer.entry.page, newcomer.enrichment["status"]) == ("", "not-tried")


def test_keys_starting_with_is_exact_and_case_sensitive(library):
    library.add([_paper("One"), _paper("Two"), _paper("Three")])
    for old, new in zip(sorted(r.key for r in library.select()), ["a*b", "A*c", "axb"]):
        library.rename_key(old, new)
    assert [key for _, key in library._storage.keys_starting_with("a*")] == ["a*b"]
    assert library._storage.aliases_starting_with("a*") == []
    assert sorted(library._storage.aliases_starting_with("wang2023")) == [
        "wang2023one", "wang2023three", "wang2023two"
    ]


def test_a_key_taken_in_another_case_leaves_the_generated_key_alone(library):
    library.add([_paper("Learning things", key="Wang2023learning")])
    library.add([_paper("Learning more things", key="wang2023learninga")])
    summary = library.add([_paper("Learning"), _paper("Learning, again")])
    assert sorted(summary.keys) == ["wang2023learning", "wang2023learningb"]


def test_every_key_is_settled_when_a_write_ends(library, seed_list_entries):
    library.add(seed_list_entries + [_paper("Learning"), _paper("Learning, again"), _paper("Learning too")])
    assert library._storage.unsettled_keys() == 0
    assert all(r.key and "\x00" not in r.key for r in library.select())


def test_schema_5_rebuilds_entries_without_losing_what_hangs_on_them(tmp_path):
    from refkit.store.sqlite import schema

    path = tmp_path / "v4.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    for version, _, apply in schema.MIGRATIONS[:4]:
        apply(conn)
    conn.execute("PRAGMA user_version = 4")
    conn.execute(
        "INSERT INTO entries(id, key, key_origin, key_base, identity, data, title, year, arxiv_id, status,"
        " added_at, updated_at) VALUES (7, 'old2020', 'imported', 'old2020', 'x', '{\"type\":\"article\","
        "\"title\":\"Old\"}', 'Old', 2020, '2001.00001', 'read', 'now', 'now')"
    )
    conn.execute("INSERT INTO entries_fts(rowid, title, authors, abstract) VALUES (7, 'Old', '', '')")
    conn.execute("INSERT INTO tags VALUES (7, 'kept')")
    conn.execute("INSERT INTO projects VALUES (7, 'thesis')")
    conn.execute("INSERT INTO notes(entry, text, created_at) VALUES (7, 'a note', 'now')")
    conn.execute("INSERT INTO key_aliases VALUES ('older2020', 7)")
    conn.execute("INSERT INTO sources(entry, file, added_at) VALUES (7, 'refs.bib', 'now')")
    conn.execute("INSERT INTO match_keys VALUES ('arxiv', '2001.00001', 7)")
    conn.execute("COMMIT")
    conn.close()
    with Library.open(path) as lib:
        record = lib.get("older2020")
        assert (record.rowid, record.key, record.annotations.status) == (7, "old2020", "read")
        assert (record.annotations.tags, record.annotations.projects, record.annotations.notes) == (
            ("kept",), ("thesis",), ("a note",)
        )
        assert [s.file for s in record.sources] == ["refs.bib"]
        assert [r.key for r in lib.select(query="old")] == ["old2020"]
        assert lib.add([Entry(arxiv_id="2001.00001", title="Old")]).keys == ["old2020"]
        lib.remove(["old2020"])
        lib.add([_paper("New")])
        assert lib.select()[0].rowid > 7
        assert lib._storage.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
