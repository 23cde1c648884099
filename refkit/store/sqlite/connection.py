"""Opening the SQLite file: WAL, a long busy timeout, foreign keys, migrations, and clear errors.

WAL lets readers go on while one writer works; the busy timeout makes a second writer queue
behind the first instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from ...errors import LibraryError
from .schema import migrate

__all__ = ["BUSY_TIMEOUT_MS", "connect"]

BUSY_TIMEOUT_MS = 120_000  # a 68k-entry import holds the write lock for a while; others wait for it


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), migrated to the current schema.

    When the usual connection cannot be set up because the place is full or read-only, an existing
    library is still opened for reading (see ``_open_for_reading``); writes then fail with a clear error.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _open_shared(path)
    except sqlite3.DatabaseError as exc:
        conn = _open_for_reading(path) if _place_refused(exc) and path.is_file() else None
        if conn is not None:
            return conn
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise LibraryError(
                f"cannot open the library at {path}: the place is read-only (SQLite writes "
                f"its journal next to the library); check the permissions of {path.parent}"
            ) from exc
        raise LibraryError(f"cannot open the library at {path}: {exc}") from exc
    except OSError as exc:
        raise LibraryError(f"cannot create the library at {path}: {exc.strerror or exc}") from exc


def _open_shared(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _enable_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _place_refused(exc: sqlite3.DatabaseError) -> bool:
    # the place, not the file: a full disk ("disk I/O error" growing the -shm index) or a read-only directory
    message = str(exc)
    return any(words in message for words in ("disk I/O error", "unable to open database file", "readonly"))


def _open_for_reading(path: Path) -> sqlite3.Connection | None:
    """Open an existing WAL library without the shared-memory index SQLite keeps in ``library.sqlite-shm``.

    Every WAL reader maps that file, and SQLite creates and grows it on open: on a full disk or in a
    read-only directory even ``refkit list`` failed. Two ways around it, in order:
    - an exclusive lock: SQLite keeps the index in memory (a full disk; other refkit processes wait);
    - ``immutable``: the file is read as it is; only safe with no -wal file (nothing uncommitted), which
      is what a read-only directory guarantees, since no writer can create one there.
    """
    uri = f"file:{quote(str(path.resolve()))}"
    attempts = [(uri, "PRAGMA locking_mode = EXCLUSIVE")]
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        attempts.append((uri + "?immutable=1", None))
    for target, pragma in attempts:
        conn = sqlite3.connect(target, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if pragma:
                conn.execute(pragma)
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)  # reads the schema version: the first real access to the file
        except sqlite3.DatabaseError:
            conn.close()
            continue
        return conn
    return None


def _enable_wal(conn: sqlite3.Connection) -> None:
    # switching a fresh file to WAL needs a moment alone with it; another process may be doing the same
    for attempt in range(50):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            # only a competing opener is worth waiting for; a read-only or full place fails at once
            if attempt == 49 or not any(word in str(exc) for word in ("locked", "busy")):
                raise
            time.sleep(0.1)
