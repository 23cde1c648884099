"""The library's SQLite schema as a registry of migrations, applied in order under ``PRAGMA user_version``.

To change the schema, append a migration; never edit one that has shipped. Each runs inside the
same ``BEGIN IMMEDIATE`` transaction as the version bump, so a crash leaves the old version intact.
Foreign keys are off while migrations run, so a migration can rebuild a table (SQLite's way to
change a column) without its ``ON DELETE CASCADE`` emptying the tables that point at it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ...errors import LibraryError
from .title_keys import recompute_title_keys

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate"]

_V1 = """
CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    key_origin  TEXT NOT NULL CHECK (key_origin IN ('generated', 'imported', 'user')),
    key_base    TEXT NOT NULL,          -- generated: the pattern's key before suffixes; else the key
    key_frozen  INTEGER NOT NULL DEFAULT 0,
    identity    TEXT NOT NULL,          -- stable order for collision suffixes
    data        TEXT NOT NULL,          -- the Entry as JSON (refkit.store.codec)
    title       TEXT NOT NULL DEFAULT '',   -- plain text, indexed by entries_fts
    authors     TEXT NOT NULL DEFAULT '',
    abstract    TEXT NOT NULL DEFAULT '',
    year        INTEGER,
    arxiv_id    TEXT,                   -- match keys (refkit.store.dedupe.match_keys)
    doi         TEXT,
    title_key   TEXT,
    status      TEXT NOT NULL DEFAULT '',
    enrichment  TEXT NOT NULL DEFAULT '{}',
    user_edited TEXT NOT NULL DEFAULT '[]',
    provenance  TEXT NOT NULL DEFAULT '{}',
    added_at    TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX entries_arxiv_id ON entries(arxiv_id) WHERE arxiv_id IS NOT NULL;
CREATE INDEX entries_doi ON entries(doi) WHERE doi IS NOT NULL;
CREATE INDEX entries_title_key ON entries(title_key) WHERE title_key IS NOT NULL;
CREATE INDEX entries_key_base ON entries(key_base);
CREATE INDEX entries_status ON entries(status);

CREATE TABLE sources (
    entry    INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    file     TEXT NOT NULL,
    line     INTEGER NOT NULL DEFAULT 0,
    reader   TEXT NOT NULL DEFAULT '',
    key      TEXT NOT NULL DEFAULT '',  -- the key the source gave it, if any
    added_at TEXT NOT NULL
);
CREATE INDEX sources_entry ON sources(entry);

CREATE TABLE tags (
    entry INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    tag   TEXT NOT NULL,
    PRIMARY KEY (entry, tag)
) WITHOUT ROWID;
CREATE INDEX tags_tag ON tags(tag);

CREATE TABLE projects (
    entry   INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    project TEXT NOT NULL,
    PRIMARY KEY (entry, project)
) WITHOUT ROWID;
CREATE INDEX projects_project ON projects(project);

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    entry      INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX notes_entry ON notes(entry);

-- keys an entry was known by before a merge or a rename: citations of them keep resolving
CREATE TABLE key_aliases (
    alias TEXT PRIMARY KEY,
    entry INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE
);
CREATE INDEX key_aliases_entry ON key_aliases(entry);

CREATE VIRTUAL TABLE entries_fts USING fts5(
    title, authors, abstract, content='entries', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entries_fts(rowid, title, authors, abstract) VALUES (new.id, new.title, new.authors, new.abstract);
END;
CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
    INSERT INTO entries_fts(entries_fts, rowid, title, authors, abstract)
        VALUES ('delete', old.id, old.title, old.authors, old.abstract);
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE OF title, authors, abstract ON entries BEGIN
    INSERT INTO entries_fts(entries_fts, rowid, title, authors, abstract)
        VALUES ('delete', old.id, old.title, old.authors, old.abstract);
    INSERT INTO entries_fts(rowid, title, authors, abstract) VALUES (new.id, new.title, new.authors, new.abstract);
END;
"""


# Every arXiv id, DOI and title key an entry has been known by (its sources', its own after edits
# and enrichment), so a re-import of the original data still finds an entry whose title was corrected.
_V2 = """
CREATE TABLE match_keys (
    kind  TEXT NOT NULL CHECK (kind IN ('arxiv', 'doi', 'title')),
    value TEXT NOT NULL,
    entry INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    PRIMARY KEY (kind, value, entry)
) WITHOUT ROWID;
CREATE INDEX match_keys_entry ON match_keys(entry);
INSERT INTO match_keys(kind, value, entry) SELECT 'arxiv', arxiv_id, id FROM entries WHERE arxiv_id IS NOT NULL;
INSERT OR IGNORE INTO match_keys(kind, value, entry) SELECT 'doi', doi, id FROM entries WHERE doi IS NOT NULL;
INSERT OR IGNORE INTO match_keys(kind, value, entry) SELECT 'title', title_key, id FROM entries
    WHERE title_key IS NOT NULL;
DROP INDEX entries_arxiv_id;
DROP INDEX entries_doi;
DROP INDEX entries_title_key;
"""


# Per-row triggers cost more than the indexing itself on a bulk import: the writer keeps the index
# (refkit.store.ingest.Writer: one bulk insert per transaction), and the triggers go.
_V3 = """
DROP TRIGGER entries_fts_insert;
DROP TRIGGER entries_fts_delete;
DROP TRIGGER entries_fts_update;
"""


# A paper that arrives in a reading list is one to read: every entry has a reading status.
_V4 = """
UPDATE entries SET status = 'to-read' WHERE status = '';
"""


# Two changes that need the entries table rebuilt, so they come together:
# - AUTOINCREMENT: a deleted row's id is never handed out again, so a long-running job that finds
#   its rowid finds its row (refkit.store.snapshot);
# - a NULL key while a write settles keys (refkit.store.ingest) instead of a placeholder text: a key
#   is only ever NULL inside a transaction, and UNIQUE lets several rows have none.
_V5 = """
CREATE TABLE entries_v5 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    key         TEXT UNIQUE,            -- NULL only inside a write, while keys are settled
    key_origin  TEXT NOT NULL CHECK (key_origin IN ('generated', 'imported', 'user')),
    key_base    TEXT NOT NULL,
    key_frozen  INTEGER NOT NULL DEFAULT 0,
    identity    TEXT NOT NULL,
    data        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    authors     TEXT NOT NULL DEFAULT '',
    abstract    TEXT NOT NULL DEFAULT '',
    year        INTEGER,
    arxiv_id    TEXT,
    doi         TEXT,
    title_key   TEXT,
    status      TEXT NOT NULL DEFAULT '',
    enrichment  TEXT NOT NULL DEFAULT '{}',
    user_edited TEXT NOT NULL DEFAULT '[]',
    provenance  TEXT NOT NULL DEFAULT '{}',
    added_at    TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
INSERT INTO entries_v5 SELECT id, key, key_origin, key_base, key_frozen, identity, data, title, authors,
    abstract, year, arxiv_id, doi, title_key, status, enrichment, user_edited, provenance, added_at,
    updated_at FROM entries;
DROP TABLE entries;
ALTER TABLE entries_v5 RENAME TO entries;
CREATE INDEX entries_key_base ON entries(key_base);
CREATE INDEX entries_status ON entries(status);
"""


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        for statement in _statements(sql):
            conn.execute(statement)

    return run


def _statements(sql: str) -> list[str]:
    # executescript() would COMMIT our transaction, so split on complete statements instead
    out, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    return [s for s in out if s]


# (version, description, function): version N turns a version N-1 library into version N
MIGRATIONS: list[tuple[int, str, Callable[[sqlite3.Connection], None]]] = [
    (1, "entries, sources, tags, projects, notes, key aliases, full-text index", _script(_V1)),
    (2, "match_keys: every id and title key an entry was known by", _script(_V2)),
    (3, "full-text index kept in bulk by the writer instead of per-row triggers", _script(_V3)),
    (4, "every entry has a reading status (to-read unless set)", _script(_V4)),
    (5, "row ids never reused (AUTOINCREMENT); no key while a write settles it", _script(_V5)),
    (6, "title keys recomputed: '&' reads as 'and', special letters folded, every script kept",
     recompute_title_keys),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the library to ``SCHEMA_VERSION`` in one transaction; return the version found."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found == SCHEMA_VERSION:
        return found  # the usual case: no write lock, so readers never wait behind a long import
    conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction: set before it
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise LibraryError(
                f"the library was written by a newer refkit (schema {found} > {SCHEMA_VERSION}); "
                "upgrade refkit"
            )
        for version, _description, apply in MIGRATIONS:
            if version > found:
                apply(conn)
                conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return found
