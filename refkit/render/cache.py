"""Rendered entries kept on disk, so formatting a large library again costs a lookup per entry.

One SQLite file under ``refkit.paths.cache_dir()``; a row per (style identity, entry digest),
where the style identity is the hash of the .csl file and the digest covers everything the
rendering depends on (the CSL item, and its number for numeric styles). The cached value is the
target-independent encoded string, so one row serves text, HTML, Markdown and LaTeX.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .. import paths

_SCHEMA = "CREATE TABLE IF NOT EXISTS rendered (style TEXT, digest TEXT, text TEXT, PRIMARY KEY (style, digest))"
_CHUNK = 500  # SQLite's default limit on host parameters is 999


class RenderCache:
    def __init__(self, path: Path | None = None):
        self.path = path or paths.cache_dir() / "render.sqlite"
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute(_SCHEMA)
        return self._db

    def get_many(self, style: str, digests: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        try:
            db = self._connect()
            for start in range(0, len(digests), _CHUNK):
                chunk = digests[start:start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT digest, text FROM rendered WHERE style = ? AND digest IN ({marks})",
                                  [style, *chunk])
                found.update(rows)
        except sqlite3.Error:
            return {}  # a broken cache only costs time
        return found

    def put_many(self, style: str, texts: dict[str, str]) -> None:
        try:
            db = self._connect()
            with db:
                db.executemany("INSERT OR REPLACE INTO rendered VALUES (?, ?, ?)",
                               [(style, digest, text) for digest, text in texts.items()])
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
