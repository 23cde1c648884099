"""What one write transaction merged and on what evidence: the lines ``refkit add --verbose`` prints."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Entry
from .dedupe import MatchKeys
from .records import Merge

__all__ = ["MergeLog", "entry_label"]


def entry_label(entry: Entry) -> str:
    """An incoming entry as its user knows it: its citation key, else where it was read."""
    where = entry.source.where() if entry.source else ""
    return entry.key or where or repr(entry.title or entry.arxiv_id or entry.doi)


def _reason(kind: str, keys: MatchKeys) -> str:
    if kind == "arxiv":
        return f"same arXiv id {keys.arxiv_id}"
    if kind == "doi":
        return f"same DOI {keys.doi}"
    return "same title, first author and year"


class MergeLog:
    """Merges by row id, named by keys only at the end: keys settle after the last write."""

    def __init__(self) -> None:
        self._items: list[tuple[str, int, str]] = []

    def note(self, merged: str, row_id: int, kind: str, keys: MatchKeys, via: str = "") -> None:
        """``merged`` went into row ``row_id`` because they share a ``kind`` key (``arxiv``, ``doi``, ``title``)."""
        self._items.append((merged, row_id, _reason(kind, keys) + (f" as {via}" if via else "")))

    def report(self, key_of: Callable[[int], str]) -> list[Merge]:
        return [Merge(merged, key_of(row_id), reason) for merged, row_id, reason in self._items]
