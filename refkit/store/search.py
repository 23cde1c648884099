"""Full-text search over title, authors and abstract (SQLite FTS5): the indexed text, and user
queries turned into safe FTS5 syntax."""

from __future__ import annotations

import re

from ..model import Entry
from ..text import strip_markup

__all__ = ["indexed_text", "to_fts_query"]

_TOKEN = re.compile(r"\w+", re.UNICODE)


def to_fts_query(query: str) -> str:
    """``transformer memory-efficient`` -> ``"transformer"* "memory"* "efficient"*``.

    Every word must occur (as a word prefix) somewhere in title, authors or abstract; FTS5
    operators typed by the user are treated as words, so no query can be a syntax error.
    """
    return " ".join(f'"{token}"*' for token in _TOKEN.findall(query))


def indexed_text(entry: Entry) -> tuple[str, str, str]:
    """The plain text indexed for ``entry``: title, authors (display names), abstract."""
    authors = "; ".join(p.display() for p in entry.author + entry.editor)
    return strip_markup(entry.title), authors, strip_markup(entry.abstract)
