"""``Library``: refkit's library (see ``refkit.store`` for the API overview), over a ``Storage``.

Every write is one transaction of the storage (SQLite: ``BEGIN IMMEDIATE`` in WAL mode with a long
busy timeout), so two refkit processes queue instead of losing writes, and a crash or Ctrl-C leaves
the library as it was before the command. Nothing here knows which database holds the library.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..bulk import gc_paused
from ..diagnostics import WARNING, Diagnostic
from ..errors import EntryNotFound, KeyConflict, UsageError, describe_row
from ..keys import DEFAULT_PATTERN, is_usable_key, pattern_problem
from ..model import FIELD_NAMES, Entry
from .listing import ListingLine, json_text, listing_lines
from .reading import decode_row, load_records
from .records import STATUSES, AddSummary, DamagedEntryWarning, Record
from .storage import Selection, Storage

if TYPE_CHECKING:
    from .snapshot import Applied, Snapshot, Update

__all__ = ["Library"]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Library:
    def __init__(self, storage: Storage, key_pattern: str = DEFAULT_PATTERN):
        self._storage, self.path, self.key_pattern = storage, storage.path, key_pattern
        self.skipped: list[Diagnostic] = []  # damaged rows reads have left out (each once)

    # --- opening --------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str | None = None, *, key_pattern: str = DEFAULT_PATTERN) -> Library:
        """Open (creating and migrating if needed) the library at ``path`` (default ``paths.library_path()``).

        ``key_pattern`` makes the keys of new entries (``refkit.keys``); the CLI passes the one
        of config.toml.
        """
        from .sqlite import SqliteStorage  # the one backend so far

        if pattern_problem(key_pattern):
            raise UsageError(f"key pattern {key_pattern!r} {pattern_problem(key_pattern)}")
        return cls(SqliteStorage.open(Path(path) if path else paths.library_path()), key_pattern)

    def close(self) -> None:
        self._storage.close()

    def __enter__(self) -> Library:  # noqa: PYI034 (typing.Self needs Python 3.11)
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction (nested calls join the outer one)."""
        return self._storage.transaction()

    # --- adding and enriching -------------------------------------------------------------------
    def add(
        self,
        entries: Iterable[Entry],
        projects: Iterable[str] = (),
        tags: Iterable[str] = (),
        *,
        keep_keys: bool = True,
        entry_tags: Callable[[Entry], Iterable[str]] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> AddSummary:
        """Merge ``entries`` into the library in one transaction (an iterable is consumed inside it).

        An entry's non-empty ``key`` is an imported key: kept unless ``keep_keys`` is false or it
        cannot serve as a citation key (spaces, braces, quotes, ``#%~\\``, or digits only such as a
        CSL-JSON item number), in which case the entry gets a generated key.
        ``entry_tags(entry)`` gives tags of that entry alone (blank ones are left out).
        """
        summary, row_ids, own_tags = AddSummary(), [], []
        projects, tags = _names(projects, "project"), _names(tags, "tag")
        with gc_paused(), self.transaction():
            writer = self._writer()
            for count, entry in enumerate(entries, 1):
                imported = entry.key if keep_keys and is_usable_key(entry.key) else ""
                outcome, row_id = writer.put(entry, imported)
                setattr(summary, outcome, getattr(summary, outcome) + 1)
                writer.add_source(row_id, entry, new=outcome == "added")
                row_ids.append(row_id)
                own_tags.append([t.strip() for t in entry_tags(entry)] if entry_tags else [])
                if progress and count % 200 == 0:
                    progress(count)
            summary.renamed = writer.finish()
            final = [writer.resolve(i) for i in row_ids]
            self._storage.annotate("tags", set(final), tags)
            self._storage.annotate("projects", set(final), projects)
            for tag in sorted({t for names in own_tags for t in names} - {""}):
                self._storage.annotate("tags", {row for row, names in zip(final, own_tags) if tag in names}, [tag])
            keys = self._storage.keys_of(sorted(set(final)))
            summary.keys = [keys[i] for i in final]
            summary.notes = writer.notes
            summary.merges = writer.merge_report()
        return summary

    def apply_enrichment(
        self, updates: Iterable[tuple[str, Entry | None, dict]], source: str = "arxiv"
    ) -> list[str]:
        """Store enrichment results in ONE transaction; returns each entry's key afterwards.

        Each update is ``(key, enriched entry or None, enrichment dict)``, computed from the entry
        as stored now. The enriched entry replaces the stored one, except fields in ``user_edited``,
        which keep the user's value; every field whose value changes gets provenance ``source``.
        The dict (``status``, ``method``, ``score`` plus any detail) is stored as the record's
        ``enrichment``. An entry that now shares an arXiv id / DOI / title key with another is
        merged with it. A job that ran on a snapshot uses ``snapshot`` and ``apply_updates``.
        """
        with self.transaction():
            # rows first: an earlier update may merge a later entry away (two entries, one paper)
            rows = [(self._row_id(k), e, d) for k, e, d in updates]
            snapshot = self.snapshot(keys=[self._storage.key_of(i) for i, _, _ in rows])
            record = {r.rowid: r for r in snapshot.records}
            batch = [snapshot.update(record[i], e, d) for i, e, d in rows]
            return [applied.key for applied in self.apply_updates(batch, source)]

    def snapshot(self, project: str | None = None, keys: Iterable[str] | None = None) -> Snapshot:
        """``select(project=, keys=)`` for a long-running job, with what finds each row again later."""
        from .snapshot import read_snapshot

        with self._storage.consistent_read():  # records and their match keys from one moment
            return read_snapshot(self._storage, self.select(project=project, keys=keys))

    def apply_updates(self, updates: Iterable[Update], source: str) -> list[Applied]:
        """Write per-entry results computed from a ``snapshot`` in ONE transaction, merged into the rows
        as they are now (``refkit.store.snapshot``): renamed rows are found by rowid, what others wrote
        meanwhile stays, user edits stay; a removed row is skipped (its ``Applied.key`` is None)."""
        from .snapshot import write_updates

        with self.transaction():
            return write_updates(self._storage, self._writer(), list(updates), source)

    # --- reading ---------------------------------------------------------------------------------
    def select(
        self,
        project: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        query: str | None = None,
        keys: Iterable[str] | None = None,
    ) -> list[Record]:
        """Records matching every given filter; ``query`` is full-text over title, authors, abstract.

        Ordered by relevance when there is a query, else by key.
        """
        rows = self._storage.record_rows(_selection(project, tag, status, query, keys))
        return load_records(self._storage, rows, self._skip_damaged)

    def listing(
        self,
        project: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        query: str | None = None,
    ) -> list[ListingLine]:
        """What ``refkit list`` shows of ``select(...)``, read without decoding whole entries."""
        return listing_lines(self._storage, _selection(project, tag, status, query), self._skip_damaged)

    def select_json_text(
        self,
        project: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        query: str | None = None,
    ) -> str:
        """``refkit list --json``: ``[record_to_json(r) for r in select(...)]`` as ``json.dumps(...,
        ensure_ascii=False, indent=2)`` writes it, built from the stored JSON without decoding records."""
        return json_text(self._storage, _selection(project, tag, status, query), self._skip_damaged)

    def get(self, key: str) -> Record:
        """The record with ``key`` (or a former key of it); ``EntryNotFound`` names near matches,
        ``DamagedEntry`` says what is wrong with a damaged row."""
        return load_records(self._storage, [self._storage.record_row(self._row_id(key))])[0]

    def _skip_damaged(self, row_id: int, key, problem: str) -> None:
        if any(d.line == row_id for d in self.skipped):
            return
        message = f"{describe_row(key, row_id)} is damaged in the library and was skipped: {problem}"
        self.skipped.append(Diagnostic("damaged-entry", message, str(self.path), row_id, severity=WARNING))
        warnings.warn(DamagedEntryWarning(message), stacklevel=3)

    def count(self) -> int:
        return self._storage.count()

    def tags(self) -> list[tuple[str, int]]:
        return self._storage.counts("tags")

    def projects(self) -> list[tuple[str, int]]:
        return self._storage.counts("projects")

    # --- library data ----------------------------------------------------------------------------
    def tag(self, keys: Iterable[str], tags: Iterable[str]) -> None:
        with self.transaction():
            self._storage.annotate("tags", {self._intact_row_id(k) for k in keys}, _names(tags, "tag"))

    def untag(self, keys: Iterable[str], tags: Iterable[str]) -> None:
        self._unannotate(keys, "tags", _names(tags, "tag"))

    def add_to_project(self, keys: Iterable[str], project: str) -> None:
        with self.transaction():
            self._storage.annotate(
                "projects", {self._intact_row_id(k) for k in keys}, _names([project], "project")
            )

    def remove_from_project(self, keys: Iterable[str], project: str) -> None:
        self._unannotate(keys, "projects", [project])

    def set_status(self, keys: Iterable[str], status: str) -> None:
        status = _status(status)
        with self.transaction():
            for key in keys:
                self._storage.set_status(self._intact_row_id(key), status, _now())

    def add_note(self, key: str, text: str) -> None:
        if not text.strip():
            raise UsageError("a note needs some text")
        with self.transaction():
            self._storage.add_note(self._intact_row_id(key), text, _now())

    def remove(self, keys: Iterable[str]) -> list[str]:
        """Delete entries (with their tags, projects, notes, sources); returns their keys."""
        with self.transaction():
            ids = list(dict.fromkeys(self._row_id(k) for k in keys))
            removed = [self._storage.key_of(i) for i in ids]
            for row_id in ids:
                self._storage.unindex(row_id)
            self._storage.delete_entries(ids)
        return removed

    def rename_key(self, old: str, new: str) -> None:
        """Give an entry a key of the user's choosing; it is frozen, and the old key stays an alias."""
        if not is_usable_key(new):
            raise UsageError(
                f"{new!r} cannot be a citation key "
                "(no spaces, braces, commas, quotes, #, %, ~, =, \\; not only digits)"
            )
        with self.transaction():
            row_id = self._intact_row_id(old)
            current = self._storage.key_of(row_id)
            holder = self._storage.row_of_key(new)
            if holder is not None and holder != row_id:
                raise KeyConflict(f"the key {new!r} already belongs to another entry")
            self._storage.remove_alias(new)
            self._storage.set_user_key(row_id, new, _now())
            if current != new:
                self._storage.put_alias(current, row_id)

    def mark_keys_frozen(self, keys: Iterable[str]) -> None:
        """Keys that were exported or cited: they never change again (merges keep them as aliases).

        Only keys not yet frozen are written: exporting again works where the library cannot be written.
        """
        thawed = self._storage.thawed([self._row_id(key) for key in keys])
        if thawed:
            with self.transaction():
                self._storage.freeze_keys(thawed)

    def edit(self, key: str, **changes) -> Record:
        """Change bibliographic fields by hand: they become ``user_edited`` and no merge overwrites them."""
        unknown = sorted(set(changes) - set(FIELD_NAMES) | set(changes) & {"key", "source"})
        if unknown:
            raise UsageError(f"cannot edit {', '.join(unknown)} (fields: {', '.join(FIELD_NAMES[2:-1])})")
        with self.transaction():
            writer = self._writer()
            row = writer.row(self._row_id(key))
            provenance = dict(row.provenance) | {name: "user" for name in changes}
            writer.update(row, row.entry.replace(**changes), set(row.user_edited) | set(changes), provenance)
            writer.finish()
            return self.select(keys=[self._storage.key_of(row.id)])[0]

    # --- helpers ---------------------------------------------------------------------------------
    def _writer(self):
        from .ingest import Writer  # the write path (matching, keys, hashing) loads only when writing

        return Writer(self._storage, self.key_pattern, _now())

    def _row_id(self, key: str) -> int:
        row_id = self._storage.row_of_key(key)
        if row_id is not None:
            return row_id
        nearby = [k for _, k in self._storage.keys_starting_with(key[:3], limit=5000)]
        raise EntryNotFound(key, difflib.get_close_matches(key, nearby, n=3, cutoff=0.6))

    def _intact_row_id(self, key: str) -> int:
        """``_row_id`` for a write: ``DamagedEntry`` if the row is damaged, so nothing is written over it."""
        row_id = self._row_id(key)
        decode_row(row_id, *self._storage.checked_columns(row_id))
        return row_id

    def _unannotate(self, keys: Iterable[str], kind: str, names: Iterable[str]) -> None:
        with self.transaction():
            self._storage.unannotate(kind, [self._intact_row_id(k) for k in keys], names)


def _selection(project, tag, status, query, keys=None) -> Selection:
    return Selection(project, tag, None if status is None else _status(status), query, keys)


def _names(values: Iterable[str], kind: str) -> list[str]:
    names = [v.strip() for v in values]
    if any(not n for n in names):
        raise UsageError(f"a {kind} name cannot be empty")
    return list(dict.fromkeys(names))


def _status(status: str) -> str:
    if status not in STATUSES:
        raise UsageError(f"unknown reading status {status!r} (known: {', '.join(STATUSES)})")
    return status
