"""Long-running writers: read a snapshot, work without the write lock, write into the rows as they are now.

``Library.snapshot`` reads the records a job works on, each with the match keys it is known by. The
job (enrich: minutes of arXiv requests) computes an ``Update`` per entry from the snapshot, and
``Library.apply_updates`` writes them all in one transaction (``write_updates``):

* each row is found again by rowid, never by key: another process may have renamed it (rowids are
  never handed out twice, so a row with that id is that row);
* the job's change is replayed onto the row as it is now (``rebase_entry``), so what a concurrent
  ``add`` or ``edit`` wrote stays, and fields edited by hand stay protected;
* a row merged into another meanwhile is followed to the survivor by the ids it was known by;
  a row that is gone (removed) is skipped and reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..model import FIELD_NAMES, Entry
from .columns import match_pairs
from .dedupe import MatchKeys
from .rebase import rebase_entry
from .records import Record
from .storage import Storage

__all__ = ["Applied", "Snapshot", "Update", "read_snapshot", "write_updates"]


@dataclass(frozen=True, slots=True)
class Update:
    """One entry's result: ``base`` as the job read it, ``entry`` what it made of it (None: no field change)."""

    rowid: int
    keys: MatchKeys  # the ids the row was known by when read: they find it in a merge survivor
    base: Entry
    entry: Entry | None = None
    enrichment: dict | None = None  # stored as the row's enrichment status when given


@dataclass(frozen=True, slots=True)
class Snapshot:
    records: list[Record]
    keys: dict[int, MatchKeys]  # rowid -> the match keys the row held when read

    def update(self, record: Record, entry: Entry | None = None, enrichment: dict | None = None) -> Update:
        return Update(record.rowid, self.keys[record.rowid], record.entry, entry, enrichment)


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


def read_snapshot(storage: Storage, records: list[Record]) -> Snapshot:
    """``records`` with their match keys (read in the same moment as the records)."""
    stored = storage.stored_match_keys([r.rowid for r in records])
    return Snapshot(records, {rowid: MatchKeys(*keys) for rowid, keys in stored.items()})


def write_updates(storage: Storage, writer, updates: list[Update], source: str) -> list[Applied]:
    """Apply ``updates`` inside the caller's transaction with ``writer`` (``refkit.store.ingest.Writer``)."""
    found: list[tuple[Update, int, Entry] | None] = []
    for update in updates:
        row_id = _find_row(storage, writer, update)
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
            storage.set_enrichment(row_id, json.dumps(update.enrichment, ensure_ascii=False, default=str))
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


def _find_row(storage: Storage, writer, update: Update) -> int | None:
    """The row ``update`` belongs to now: by rowid, else the one it was merged into, else None."""
    row_id = writer.resolve(update.rowid)
    if row_id != update.rowid or storage.row_exists(row_id):
        return row_id  # still there, or merged into another by an earlier update of this batch
    # gone: merged into another by a concurrent add (its ids moved with it), or removed
    found = list(writer.candidates(update.keys, update.base, frozenset())) if match_pairs(update.keys) else []
    return found[0] if len(found) == 1 else None
