"""Long-running writers: read a snapshot, work without the write lock, write into the rows as they are now.

``Library.snapshot`` reads the records a job works on, each with a ``RowStamp``. The job (enrich:
minutes of arXiv requests) computes an ``Update`` per entry from the snapshot, and
``Library.apply_updates`` writes them all in one ``BEGIN IMMEDIATE`` transaction (``write_updates``):

* each row is found again by rowid, never by key: another process may have renamed it;
* the job's change is replayed onto the row as it is now (``rebase_entry``), so what a concurrent
  ``add`` or ``edit`` wrote stays, and fields edited by hand stay protected;
* a row merged into another meanwhile is followed to the survivor by the ids it was known by;
  a row that is gone (removed) is skipped and reported. The stamp tells the row from a later one
  that SQLite gave the same rowid (it reuses the id of a deleted last row).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from ..model import FIELD_NAMES, Entry
from .dedupe import MatchKeys
from .rebase import rebase_entry
from .records import Record

__all__ = ["Applied", "RowStamp", "Snapshot", "Update", "read_stamps", "write_updates"]

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class RowStamp:
    """What identifies a row beyond its rowid: when it was added and the ids it was known by."""

    added_at: str
    keys: MatchKeys


@dataclass(frozen=True, slots=True)
class Update:
    """One entry's result: ``base`` as the job read it, ``entry`` what it made of it (None: no field change)."""

    rowid: int
    stamp: RowStamp
    base: Entry
    entry: Entry | None = None
    enrichment: dict | None = None  # stored as the row's enrichment status when given


@dataclass(frozen=True, slots=True)
class Snapshot:
    records: list[Record]
    stamps: dict[int, RowStamp]

    def update(self, record: Record, entry: Entry | None = None, enrichment: dict | None = None) -> Update:
        return Update(record.rowid, self.stamps[record.rowid], record.entry, entry, enrichment)


@dataclass(frozen=True, slots=True)
class Applied:
    """What became of one ``Update``; ``key`` is None when its row was gone (nothing stored)."""

    key: str | None
    before: Entry | None = None  # the row at commit time, before this update
    after: Entry | None = None  # the row after the commit (the survivor's, after a merge)

    @property
    def vanished(self) -> bool:
        return self.key is None

    def changed(self) -> list[str]:
        if self.before is None or self.after is None:
            return []
        return [
            n
            for n in FIELD_NAMES
            if n not in ("key", "source") and getattr(self.before, n) != getattr(self.after, n)
        ]


def read_stamps(conn: sqlite3.Connection, row_ids: list[int]) -> dict[int, RowStamp]:
    stamps: dict[int, RowStamp] = {}
    for start in range(0, len(row_ids), _CHUNK):
        chunk = row_ids[start : start + _CHUNK]
        for row_id, added_at, *keys in conn.execute(
            "SELECT id, added_at, arxiv_id, doi, title_key FROM entries "
            f"WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk,
        ):
            stamps[row_id] = RowStamp(added_at, MatchKeys(*keys))
    return stamps


def write_updates(conn: sqlite3.Connection, writer, updates: list[Update], source: str) -> list[Applied]:
    """Apply ``updates`` inside the caller's transaction with ``writer`` (``refkit.store.ingest.Writer``)."""
    found: list[tuple[Update, int, Entry] | None] = []
    for update in updates:
        row_id = _find_row(conn, writer, update)
        if row_id is None:
            found.append(None)
            continue
        row = writer.row(row_id)
        before = row.entry
        if update.entry is not None:
            new = rebase_entry(update.base, update.entry, row.entry, row.user_edited)
            if new != row.entry:
                provenance = dict(row.provenance) | {
                    n: source
                    for n in FIELD_NAMES
                    if n not in ("key", "source") and getattr(new, n) != getattr(row.entry, n)
                }
                writer.update(row, new, set(row.user_edited), provenance)
                row_id = writer.settle_duplicates(row.id)
        # followed into another row: the survivor's own status wins, as when ``add`` merges two rows
        keeps_own_status = row.id != update.rowid and row.enrichment.get("status", "not-tried") != "not-tried"
        if update.enrichment is not None and not keeps_own_status:
            conn.execute(
                "UPDATE entries SET enrichment = ? WHERE id = ?",
                (json.dumps(update.enrichment, ensure_ascii=False, default=str), row_id),
            )
        found.append((update, row_id, before))
    writer.finish()
    applied = []
    for item in found:
        if item is None:
            applied.append(Applied(None))
            continue
        update, row_id, before = item
        row = writer.row(writer.resolve(row_id))
        applied.append(Applied(row.key, before, row.entry if update.entry is not None else None))
    return applied


def _find_row(conn: sqlite3.Connection, writer, update: Update) -> int | None:
    """The row ``update`` belongs to now: by rowid, else the one it was merged into, else None."""
    row_id = writer.resolve(update.rowid)
    if row_id != update.rowid:
        return row_id  # merged into another by an earlier update of this batch
    stamp = update.stamp
    here = conn.execute("SELECT added_at FROM entries WHERE id = ?", (row_id,)).fetchone()
    if here and here[0] == stamp.added_at and (_known_by(conn, row_id, stamp.keys) or not _kinds(stamp.keys)):
        return row_id
    # gone: merged into another by a concurrent add (its ids moved with it), or removed
    survivors = list(writer.candidates(stamp.keys, update.base, frozenset())) if _kinds(stamp.keys) else []
    return survivors[0] if len(survivors) == 1 else None


def _kinds(keys: MatchKeys) -> list[tuple[str, str]]:
    pairs = (("arxiv", keys.arxiv_id), ("doi", keys.doi), ("title", keys.title_key))
    return [(kind, value) for kind, value in pairs if value is not None]


def _known_by(conn: sqlite3.Connection, row_id: int, keys: MatchKeys) -> bool:
    return any(
        conn.execute(
            "SELECT 1 FROM match_keys WHERE kind = ? AND value = ? AND entry = ?", (kind, value, row_id)
        ).fetchone()
        for kind, value in _kinds(keys)
    )
