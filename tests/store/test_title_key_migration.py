"""Migration 6: title keys written by the old dedupe normalisation are recomputed with refkit.text's."""
from __future__ import annotations

import sqlite3

from refkit.model import Entry, PartialDate, Person
from refkit.store import Library
from refkit.store.codec import dumps_entry
from refkit.store.sqlite.schema import MIGRATIONS, SCHEMA_VERSION

AUSTEN = (Person("Austen", "Jane"),)


def _version_4_library(path, rows):
    """A library as refkit wrote it before migrations 5 and 6: ``rows`` are (key, entry, old title key)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for version, _description, apply in MIGRATIONS:
        if version <= 4:
            apply(conn)
    conn.execute("PRAGMA user_version = 4")
    for key, entry, title_key in rows:
        data = dumps_entry(entry) if entry else "{not json"
        row_id = conn.execute(
            "INSERT INTO entries(key, key_origin, key_base, identity, data, title, year, title_key, status,"
            " added_at, updated_at) VALUES (?, 'imported', ?, ?, ?, '', 1811, ?, 'to-read', 'now', 'now')",
            (key, key, key, data, title_key),
        ).lastrowid
        conn.execute("INSERT INTO match_keys(kind, value, entry) VALUES ('title', ?, ?)", (title_key, row_id))
        conn.execute("INSERT INTO entries_fts(rowid, title, authors, abstract) VALUES (?, '', '', '')", (row_id,))
    conn.execute("COMMIT")
    conn.close()


def _title_keys(lib: Library) -> dict[str, tuple[str, list[str]]]:
    rows = lib._storage.conn.execute("SELECT id, key, title_key FROM entries ORDER BY key").fetchall()
    return {
        key: (title_key, [v for (v,) in lib._storage.conn.execute(
            "SELECT value FROM match_keys WHERE kind = 'title' AND entry = ? ORDER BY value", (row_id,))])
        for row_id, key, title_key in rows
    }


def test_old_title_keys_are_recomputed_and_a_reimport_finds_its_entry(tmp_path):
    path = tmp_path / "old.sqlite"
    sense = Entry(type="book", title="Sense & Sensibility", author=AUSTEN, issued=PartialDate(1811))
    emma = Entry(type="book", title="Emma", author=AUSTEN, issued=PartialDate(1815))
    _version_4_library(path, [
        ("austen1811", sense, "sense sensibility|austen|1811"),  # the old key dropped '&'
        ("austen1815", emma, "emma|austen|1815"),  # unchanged by the new rules
        ("damaged", None, "damaged|x|1811"),  # unreadable data: left alone
    ])
    with Library.open(path) as lib:
        assert lib._storage.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert _title_keys(lib) == {
            "austen1811": ("sense and sensibility|austen|1811", ["sense and sensibility|austen|1811"]),
            "austen1815": ("emma|austen|1815", ["emma|austen|1815"]),
            "damaged": ("damaged|x|1811", ["damaged|x|1811"]),
        }
        lib.add([Entry(type="book", title="Sense and Sensibility", author=AUSTEN, issued=PartialDate(1811))])
        assert lib.count() == 3  # merged into austen1811, not a new entry


def test_a_new_library_merges_ampersand_and_and(tmp_path):
    with Library.open(tmp_path / "new.sqlite") as lib:
        lib.add([Entry(type="book", title="Sense & Sensibility", author=AUSTEN, issued=PartialDate(1811))])
        lib.add([Entry(type="book", title="Sense and Sensibility", author=AUSTEN, issued=PartialDate(1811))])
        assert lib.count() == 1
