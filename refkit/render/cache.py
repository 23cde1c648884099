"""Formatted bibliographies kept on disk, so formatting an unchanged set again costs one lookup.

One SQLite file under ``refkit.paths.cache_dir()``, a row per digest of everything a set's
formatting depends on (engine and its version, refkit's version, the style file's hash, the
locale, every entry as the engine sees it, in order). A set is the unit because CSL decides
numbering, year suffixes and name disambiguation across the whole bibliography. The cached
value is the target-independent encoded items, so one row serves text, HTML, Markdown and LaTeX.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from .. import paths

_SCHEMA = "CREATE TABLE IF NOT EXISTS formatted_sets (digest TEXT PRIMARY KEY, items TEXT)"  # items: JSON


class RenderCache:
    def __init__(self, path: Path | None = None):
        self.path = path or paths.cache_dir() / "render.sqlite"
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute(_SCHEMA)
            self._db.execute("DROP TABLE IF EXISTS rendered")  # per-entry rows of refkit before 0.2
        return self._db

    def get(self, digest: str) -> dict | None:
        """What ``put`` stored under ``digest`` (``{"items": [[key, encoded], ...], "layout": {...}}``), or None."""
        try:
            row = self._connect().execute("SELECT items FROM formatted_sets WHERE digest = ?", (digest,)).fetchone()
            found = json.loads(row[0]) if row else None
            return found if isinstance(found, dict) and isinstance(found.get("items"), list) else None
        except (sqlite3.Error, ValueError, TypeError):
            return None  # a broken cache only costs time

    def put(self, digest: str, formatted: dict) -> None:
        try:
            db = self._connect()
            with db:
                db.execute("INSERT OR REPLACE INTO formatted_sets VALUES (?, ?)",
                           (digest, json.dumps(formatted, ensure_ascii=False)))
        except sqlite3.Error:
            pass

    def clear(self) -> None:
        if self.path.exists():
            self.close()
            self.path.unlink()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
