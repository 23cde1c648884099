"""Migration: title keys recomputed after title normalisation moved to :mod:`refkit.text`.

The dedupe title key used to drop ``&`` and every letter NFKD leaves outside ASCII (``Ł``, Greek,
CJK), while arXiv matching kept them; now both use :func:`refkit.text.normalize_title`. A library
written before keeps the old keys, so re-importing ``Sense & Sensibility`` would miss its entry.
"""

from __future__ import annotations

import sqlite3

from ..codec import StoredDataError, loads_entry
from ..dedupe import match_keys

__all__ = ["recompute_title_keys"]


def recompute_title_keys(conn: sqlite3.Connection) -> None:
    """Each entry's title key recomputed from its data, in ``entries`` and ``match_keys``.

    Keys of titles the entry no longer has (a source's title before a correction) cannot be
    recomputed and stay as they are; for plain ASCII titles without ``&`` they never changed.
    """
    rows = conn.execute("SELECT id, data, title_key FROM entries").fetchall()
    for row_id, data, old in rows:
        try:
            new = match_keys(loads_entry(data)).title_key
        except StoredDataError:
            continue  # a damaged row keeps its key; reading it reports the damage
        if not new or new == old:
            continue
        conn.execute("UPDATE entries SET title_key = ? WHERE id = ?", (new, row_id))
        conn.execute("DELETE FROM match_keys WHERE kind = 'title' AND value = ? AND entry = ?", (old, row_id))
        conn.execute(
            "INSERT OR IGNORE INTO match_keys(kind, value, entry) VALUES ('title', ?, ?)", (new, row_id)
        )
