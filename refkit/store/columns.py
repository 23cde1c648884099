"""What a row stores beside an entry's JSON: its plain text for search, its match keys, its identity."""

from __future__ import annotations

import hashlib

from ..model import Entry
from ..text import strip_markup
from .codec import dumps_entry
from .dedupe import MatchKeys, identity, match_keys

__all__ = ["entry_columns", "indexed_text", "match_pairs"]


def indexed_text(entry: Entry) -> tuple[str, str, str]:
    """The plain text indexed for ``entry``: title, authors (display names), abstract."""
    authors = "; ".join(p.display() for p in entry.author + entry.editor)
    return strip_markup(entry.title), authors, strip_markup(entry.abstract)


def match_pairs(keys: MatchKeys) -> list[tuple[str, str]]:
    """``(kind, value)`` of every match key given: how ``Storage`` stores and looks them up."""
    return [
        (kind, value)
        for kind, value in (("arxiv", keys.arxiv_id), ("doi", keys.doi), ("title", keys.title_key))
        if value is not None
    ]


def entry_columns(entry: Entry, keys: MatchKeys | None = None) -> dict:
    """The columns derived from ``entry`` (see ``refkit.store.storage``)."""
    keys = keys or match_keys(entry)
    data = dumps_entry(entry)
    title, authors, abstract = indexed_text(entry)
    return {
        "data": data,
        "title": title,
        "authors": authors,
        "abstract": abstract,
        "year": entry.year,
        "arxiv_id": keys.arxiv_id,
        "doi": keys.doi,
        "title_key": keys.title_key,
        # the order of records wanting one key; the hash tells apart two with one identity
        "identity": identity(entry, keys) + "|" + hashlib.sha1(data.encode()).hexdigest()[:12],
    }
