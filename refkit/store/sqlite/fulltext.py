"""User queries turned into safe SQLite FTS5 syntax."""

from __future__ import annotations

import re

__all__ = ["to_fts_query"]

_TOKEN = re.compile(r"\w+", re.UNICODE)


def to_fts_query(query: str) -> str:
    """``transformer memory-efficient`` -> ``"transformer"* "memory"* "efficient"*``.

    Every word must occur (as a word prefix) somewhere in title, authors or abstract; FTS5
    operators typed by the user are treated as words, so no query can be a syntax error.
    """
    return " ".join(f'"{token}"*' for token in _TOKEN.findall(query))
