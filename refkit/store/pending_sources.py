"""Where entries came from, gathered during one write transaction and written in one go at its end.

It also answers which citation keys the files gave a row (``cited``), the sources written before
this transaction and the ones still in memory alike: a file that cites two entries under two keys
says they are two works, and the title match must hear it before the rows are written.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Entry, Source
from .storage import Storage

__all__ = ["PendingSources"]


class PendingSources:
    def __init__(self, storage: Storage):
        self.storage = storage
        self._rows: list[tuple] = []  # (row id, file, line, reader, key)
        self._seen: set[tuple] = set()  # (row id, file, line, reader)
        self._cited: dict[int, set[tuple[str, str]]] = {}  # row id -> (file, key) not written yet

    def has(self, row_id: int, src: Source | None) -> bool:
        """Whether row ``row_id`` already holds this source (written or pending)."""
        if src is None:
            return False
        mark = (row_id, src.file, src.line, src.reader)
        return mark in self._seen or self.storage.has_source(*mark)

    def add(self, row_id: int, entry: Entry, new: bool = False) -> None:
        """Record where ``entry`` came from; a repeated source is kept once (``new``: the row is new)."""
        src = entry.source
        if src is None or (not new and self.has(row_id, src)):
            return
        self._seen.add((row_id, src.file, src.line, src.reader))
        self._rows.append((row_id, src.file, src.line, src.reader, entry.key))
        if entry.key:
            self._cited.setdefault(row_id, set()).add((src.file, entry.key))

    def cited(self, row_id: int) -> frozenset[tuple[str, str]]:
        """(file, citation key) of every source of a row that gave a key."""
        return frozenset(self.storage.cited_keys(row_id)) | self._cited.get(row_id, frozenset())

    def moved(self, old: int, new: int) -> None:
        """Row ``old`` was merged into row ``new``: its pending keys go along (stored ones move in storage)."""
        self._cited.setdefault(new, set()).update(self._cited.pop(old, ()))

    def write(self, resolve: Callable[[int], int], now: str) -> None:
        """Write every pending source under the row its entry ended in."""
        self.storage.insert_sources([(resolve(i), *rest, now) for i, *rest in self._rows])
        self._rows.clear()
