"""Opening the SQLite file: WAL, a long busy timeout, foreign keys, migrations, and clear errors.

WAL lets readers go on while one writer works; the busy timeout makes a second writer queue
behind the first instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from ..errors import LibraryError
from .schema import migrate

__all__ = ["BUSY_TIMEOUT_MS", "connect"]

BUSY_TIMEOUT_MS = 120_000  # a 68k-entry import holds the write lock for a while; others wait for it


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), migrated to the current schema."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _enable_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise LibraryError(
                f"cannot open the library at {path}: the place is read-only (SQLite writes "
                f"its journal next to the library); check the permissions of {path.parent}"
            ) from exc
        raise LibraryError(f"cannot open the library at {path}: {exc}") from exc
    except OSError as exc:
        raise LibraryError(f"cannot create the library at {path}: {exc.strerror or exc}") from exc
    return conn


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
