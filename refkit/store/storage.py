"""The narrow interface between the library's logic and the database that holds it.

``Library``, ``ingest.Writer`` and ``snapshot`` speak only to a ``Storage``; the SQLite backend
(``refkit.store.sqlite.SqliteStorage``) implements it, and a PostgreSQL one would implement the same
methods. A backend owns its schema and migrations, its SQL, how it locks (SQLite: ``BEGIN
IMMEDIATE``; PostgreSQL: row locks) and how it searches text (SQLite: FTS5; PostgreSQL: tsvector).

Rows are named by ``rowid`` (an id never handed out twice). An entry row's columns, as
``insert_entry`` and ``update_entry`` take them: ``key`` (None only while a write settles keys),
``key_origin``, ``key_base``, ``key_frozen``, ``identity``, ``data`` (``codec.dumps_entry``),
``title``/``authors``/``abstract`` (the plain text the full-text index holds), ``year``,
``arxiv_id``/``doi``/``title_key`` (the match keys), ``status``, ``enrichment``/``user_edited``/
``provenance`` (JSON text), ``added_at``, ``updated_at``. Match keys are ``(kind, value)`` pairs
with kind ``arxiv``, ``doi`` or ``title``.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

__all__ = ["LISTING_VALUES", "Selection", "Storage"]

# what ``Storage.listing_rows`` reads of an entry's data, in this order
LISTING_VALUES = ("issued", "title", "author[0].family", "author[0].literal", "author[1]",
                  "authors_truncated", "type")


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rows a read wants: every given filter must hold; ``query`` is full-text over title,
    authors and abstract (rows then come by relevance, else by key)."""

    project: str | None = None
    tag: str | None = None
    status: str | None = None
    query: str | None = None
    keys: Iterable[str] | None = None


class Storage(Protocol):
    path: Path

    # --- connection and transactions ----------------------------------------------------------
    def close(self) -> None: ...
    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction (nested calls join it); all or nothing, writers queue."""
    def consistent_read(self) -> AbstractContextManager[None]:
        """Reads that see one moment of the library."""

    # --- entry rows -------------------------------------------------------------------------------
    def insert_entry(self, columns: dict) -> int: ...
    def update_entry(self, rowid: int, columns: dict) -> None: ...
    def delete_entries(self, rowids: Iterable[int]) -> None:
        """With everything that hangs on them: tags, projects, notes, sources, aliases, match keys."""
    def writer_row(self, rowid: int) -> tuple | None:
        """``(id, key, key_origin, key_base, key_frozen, data, user_edited, provenance, enrichment)``."""
    def checked_columns(self, rowid: int) -> tuple | None:
        """``(key, data, status, enrichment, user_edited, provenance)``."""
    def row_exists(self, rowid: int) -> bool: ...
    def count(self) -> int: ...
    def set_enrichment(self, rowid: int, enrichment: str) -> None: ...
    def take_status(self, survivor: int, other: int) -> None:
        """``survivor`` takes ``other``'s reading status unless its own differs from ``to-read``."""
    def move_library_data(self, other: int, survivor: int) -> None:
        """Sources, notes, aliases and match keys move; tags and projects are copied."""

    # --- match keys ---------------------------------------------------------------------------------
    def stored_match_keys(self, rowids: list[int]) -> dict[int, tuple]:
        """``{rowid: (arxiv_id, doi, title_key)}`` as the rows hold them now."""
    def remember_match_keys(self, rowid: int, pairs: list[tuple[str, str]]) -> None:
        """Every pair a row was ever known by keeps finding it (after edits, merges)."""
    def rows_known_by(self, pairs: list[tuple[str, str]]) -> list[tuple[int, int]]:
        """``(rowid, index in pairs)``, lowest index first."""

    # --- full-text index ------------------------------------------------------------------------
    def unindex(self, rowid: int) -> None: ...
    def index(self, rowids: list[int]) -> None: ...

    # --- keys and aliases -----------------------------------------------------------------------
    def row_of_key(self, key: str) -> int | None:
        """The row whose key, else whose former key (alias), is ``key``."""
    def key_holder(self, key: str) -> tuple[int | None, str, bool] | None:
        """``(rowid, key_base, generated and unfrozen)``; rowid None for an alias; None: free."""
    def key_of(self, rowid: int) -> str | None: ...
    def keys_of(self, rowids: list[int]) -> dict[int, str]: ...
    def keys_starting_with(self, prefix: str, limit: int = -1) -> list[tuple[int, str]]:
        """``(rowid, key)``: an exact, case-sensitive prefix match."""
    def aliases_starting_with(self, prefix: str) -> list[str]: ...
    def generated_keys(self, base: str) -> list[tuple[int, str, str | None]]:
        """``(rowid, identity, key)`` of rows with a generated, unfrozen key grown from ``base``."""
    def set_key(self, rowid: int, key: str | None, origin: str | None = None, base: str | None = None) -> None: ...
    def set_user_key(self, rowid: int, key: str, now: str) -> None: ...
    def unsettled_keys(self) -> int: ...
    def thawed(self, rowids: list[int]) -> list[int]: ...
    def freeze_keys(self, rowids: Iterable[int]) -> None: ...
    def put_alias(self, alias: str, rowid: int) -> None: ...
    def remove_alias(self, alias: str) -> None: ...

    # --- library data -----------------------------------------------------------------------------
    def annotate(self, kind: str, rowids: Iterable[int], names: list[str]) -> None:
        """``kind``: ``tags`` or ``projects``."""
    def unannotate(self, kind: str, rowids: Iterable[int], names: Iterable[str]) -> None: ...
    def counts(self, kind: str) -> list[tuple[str, int]]: ...
    def grouped(self, kind: str, rowids: list[int]) -> dict[int, list]:
        """``tags``, ``projects``, ``notes``, ``sources`` ((file, line, reader)) or ``aliases`` by row."""
    def set_status(self, rowid: int, status: str, now: str) -> None: ...
    def add_note(self, rowid: int, text: str, now: str) -> None: ...
    def has_source(self, rowid: int, file: str, line: int, reader: str) -> bool: ...
    def cited_keys(self, rowid: int) -> list[tuple[str, str]]: ...
    def insert_sources(self, rows: list[tuple]) -> None:
        """``(rowid, file, line, reader, key, added_at)``."""

    # --- reads and full-text search -------------------------------------------------------------
    def record_rows(self, selection: Selection) -> list[tuple]:
        """``(id, key, data, status, enrichment, user_edited, provenance, key_frozen, key_origin)``."""
    def record_row(self, rowid: int) -> tuple | None: ...
    def json_rows(self, selection: Selection) -> list[tuple]:
        """``(id, key, data, status, enrichment, user_edited, key_frozen, provenance)``."""
    def listing_rows(self, selection: Selection) -> list[tuple]:
        """``(id, key, status, enrichment, user_edited, provenance, values)``, ``values`` as
        ``LISTING_VALUES`` says (None where the data cannot be read)."""
