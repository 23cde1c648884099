"""The SQLite backend of the library: every line of SQL refkit runs against a library file is here.

``SqliteStorage`` implements ``refkit.store.storage.Storage``; its concerns live one per module:
``connection`` (WAL, busy timeout, read-only places), ``schema`` (migrations), ``entries`` (entry
rows, match keys, full-text index), ``keys`` (keys and aliases), ``library_data`` (tags, projects,
status, notes, sources), ``reads`` (selection and full-text search), ``fulltext`` (FTS5 queries).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ...errors import LibraryError
from .connection import connect
from .entries import EntryRows
from .keys import KeyRows
from .library_data import LibraryDataRows
from .reads import Reads

__all__ = ["SqliteStorage"]


class SqliteStorage(EntryRows, KeyRows, LibraryDataRows, Reads):
    """One connection in WAL mode with a long busy timeout; writes are ``BEGIN IMMEDIATE`` transactions."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn, self.path = conn, path
        self._depth = 0

    @classmethod
    def open(cls, path: Path) -> SqliteStorage:
        """Open (creating and migrating if needed) the library file at ``path``."""
        return cls(connect(path), path)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``), so two writers queue instead of
        failing halfway; nested calls join the outer one. SQLite errors become ``LibraryError``."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise LibraryError(f"the library at {self.path} is busy or read-only: {exc}") from exc
        self._depth = 1
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:  # SQLite already rolled back after "disk full" / I/O errors
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.IntegrityError):
                raise LibraryError(f"cannot write the library at {self.path}: {exc}; nothing was changed") from exc
            raise
        finally:
            self._depth = 0

    @contextmanager
    def consistent_read(self) -> Iterator[None]:
        """Several reads that see one moment of the library (inside a write, that write's moment)."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")  # a deferred read: takes no write lock
        try:
            yield
        finally:
            self.conn.execute("COMMIT")
