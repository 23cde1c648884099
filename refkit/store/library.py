"""``Library``: refkit's SQLite store (see ``refkit.store`` for the API overview).

Connections run in WAL mode with a long busy timeout; every write is one ``BEGIN IMMEDIATE``
transaction, so two refkit processes queue instead of losing writes, and a crash or Ctrl-C leaves
the library as it was before the command.
"""

from __future__ import annotations

import difflib
import sqlite3
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..bulk import gc_paused
from ..diagnostics import WARNING, Diagnostic
from ..errors import EntryNotFound, KeyConflict, LibraryError, UsageError, describe_row
from ..model import FIELD_NAMES, Entry
from .connection import connect
from .keys import DEFAULT_PATTERN, is_usable_key, pattern_problem
from .listing import ListingLine, json_text, listing_lines
from .reading import decode_row, load_records
from .records import STATUSES, AddSummary, DamagedEntryWarning, Record
from .selection import selection_sql

if TYPE_CHECKING:
    from .snapshot import Applied, Snapshot, Update

__all__ = ["Library"]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Library:
    def __init__(self, conn: sqlite3.Connection, path: Path, key_pattern: str = DEFAULT_PATTERN):
        self._conn, self.path, self.key_pattern = conn, path, key_pattern
        self._depth = 0
        self.skipped: list[Diagnostic] = []  # damaged rows reads have left out (each once)

    # --- opening --------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str | None = None, *, key_pattern: str | None = None) -> Library:
        """Open (creating and migrating if needed) the library at ``path`` (default ``paths.library_path()``)."""
        path = Path(path) if path else paths.library_path()
        if key_pattern is None:
            from ..config import load_config

            key_pattern = load_config().key_pattern
        elif pattern_problem(key_pattern):
            raise UsageError(f"key pattern {key_pattern!r} {pattern_problem(key_pattern)}")
        conn = connect(path)
        return cls(conn, path, key_pattern)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Library:  # noqa: PYI034 (typing.Self needs Python 3.11)
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` write transaction (nested calls join the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield self._conn
            finally:
                self._depth -= 1
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise LibraryError(f"the library at {self.path} is busy or read-only: {exc}") from exc
        self._depth = 1
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as exc:
            if self._conn.in_transaction:  # SQLite already rolled back after "disk full" / I/O errors
                self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.IntegrityError):
                raise LibraryError(
                    f"cannot write the library at {self.path}: {exc}; nothing was changed"
                ) from exc
            raise
        finally:
            self._depth = 0

    # --- adding and enriching -------------------------------------------------------------------
    def add(
        self,
        entries: Iterable[Entry],
        projects: Iterable[str] = (),
        tags: Iterable[str] = (),
        *,
        keep_keys: bool = True,
        heading_tags: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> AddSummary:
        """Merge ``entries`` into the library in one transaction (an iterable is consumed inside it).

        An entry's non-empty ``key`` is an imported key: kept unless ``keep_keys`` is false or it
        cannot serve as a citation key (spaces, braces, quotes, ``#%~\\``, or digits only such as a
        CSL-JSON item number), in which case the entry gets a generated key.
        With ``heading_tags``, an entry read under a Markdown heading is also tagged with it.
        """
        summary, row_ids, headings = AddSummary(), [], []
        projects, tags = _names(projects, "project"), _names(tags, "tag")
        with gc_paused(), self.transaction():
            writer = self._writer()
            for count, entry in enumerate(entries, 1):
                imported = entry.key if keep_keys and is_usable_key(entry.key) else ""
                outcome, row_id = writer.put(entry, imported)
                setattr(summary, outcome, getattr(summary, outcome) + 1)
                writer.add_source(row_id, entry, new=outcome == "added")
                row_ids.append(row_id)
                headings.append(entry.listing_value("heading").strip() if heading_tags else "")
                if progress and count % 200 == 0:
                    progress(count)
            summary.renamed = writer.finish()
            final = [writer.resolve(i) for i in row_ids]
            self._annotate(set(final), "tags", "tag", tags)
            self._annotate(set(final), "projects", "project", projects)
            for heading in sorted(set(headings) - {""}):
                rows = {row for row, h in zip(final, headings) if h == heading}
                self._annotate(rows, "tags", "tag", [heading])
            keys = self._keys_of(sorted(set(final)))
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
            snapshot = self.snapshot(keys=[self._key_of(i) for i, _, _ in rows])
            record = {r.rowid: r for r in snapshot.records}
            batch = [snapshot.update(record[i], e, d) for i, e, d in rows]
            return [applied.key for applied in self.apply_updates(batch, source)]

    def snapshot(self, project: str | None = None, keys: Iterable[str] | None = None) -> Snapshot:
        """``select(project=, keys=)`` for a long-running job, with what finds each row again later."""
        from .snapshot import Snapshot, read_stamps

        reading = not self._conn.in_transaction
        if reading:
            self._conn.execute("BEGIN")  # records and stamps from one moment
        try:
            records = self.select(project=project, keys=keys)
            return Snapshot(records, read_stamps(self._conn, [r.rowid for r in records]))
        finally:
            if reading:
                self._conn.execute("COMMIT")

    def apply_updates(self, updates: Iterable[Update], source: str) -> list[Applied]:
        """Write per-entry results computed from a ``snapshot`` in ONE transaction, merged into the rows
        as they are now (``refkit.store.snapshot``): renamed rows are found by rowid, what others wrote
        meanwhile stays, user edits stay; a removed row is skipped (its ``Applied.key`` is None)."""
        from .snapshot import write_updates

        with self.transaction():
            return write_updates(self._conn, self._writer(), list(updates), source)

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
        sql, args = self._selection(project, tag, status, query, keys)
        if sql is None:
            return []
        rows = self._conn.execute(sql.format(columns=_RECORD_COLUMNS), args).fetchall()
        return load_records(self._conn, rows, self._skip_damaged)

    def listing(
        self,
        project: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        query: str | None = None,
    ) -> list[ListingLine]:
        """What ``refkit list`` shows of ``select(...)``, read without decoding whole entries."""
        sql, args = self._selection(project, tag, status, query)
        return [] if sql is None else listing_lines(self._conn, sql, args, self._skip_damaged)

    def select_json_text(
        self,
        project: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        query: str | None = None,
    ) -> str:
        """``refkit list --json``: ``[record_to_json(r) for r in select(...)]`` as ``json.dumps(...,
        ensure_ascii=False, indent=2)`` writes it, built from the stored JSON without decoding records."""
        sql, args = self._selection(project, tag, status, query)
        return "[]" if sql is None else json_text(self._conn, sql, args, self._skip_damaged)

    def _selection(self, project, tag, status, query, keys=None) -> tuple[str | None, list]:
        return selection_sql(
            self._conn, project, tag, None if status is None else _status(status), query, keys
        )

    def get(self, key: str) -> Record:
        """The record with ``key`` (or a former key of it); ``EntryNotFound`` names near matches,
        ``DamagedEntry`` says what is wrong with a damaged row."""
        rows = self._conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM entries e WHERE e.id = ?", (self._row_id(key),)
        ).fetchall()
        return load_records(self._conn, rows)[0]

    def _skip_damaged(self, row_id: int, key, problem: str) -> None:
        if any(d.line == row_id for d in self.skipped):
            return
        message = f"{describe_row(key, row_id)} is damaged in the library and was skipped: {problem}"
        self.skipped.append(Diagnostic("damaged-entry", message, str(self.path), row_id, severity=WARNING))
        warnings.warn(DamagedEntryWarning(message), stacklevel=3)

    def count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM entries").fetchone()[0]

    def tags(self) -> list[tuple[str, int]]:
        return self._conn.execute("SELECT tag, count(*) FROM tags GROUP BY tag ORDER BY tag").fetchall()

    def projects(self) -> list[tuple[str, int]]:
        return self._conn.execute(
            "SELECT project, count(*) FROM projects GROUP BY project ORDER BY project"
        ).fetchall()

    # --- library data ----------------------------------------------------------------------------
    def tag(self, keys: Iterable[str], tags: Iterable[str]) -> None:
        with self.transaction():
            self._annotate({self._intact_row_id(k) for k in keys}, "tags", "tag", _names(tags, "tag"))

    def untag(self, keys: Iterable[str], tags: Iterable[str]) -> None:
        self._unannotate(keys, "tags", "tag", _names(tags, "tag"))

    def add_to_project(self, keys: Iterable[str], project: str) -> None:
        with self.transaction():
            self._annotate(
                {self._intact_row_id(k) for k in keys}, "projects", "project", _names([project], "project")
            )

    def remove_from_project(self, keys: Iterable[str], project: str) -> None:
        self._unannotate(keys, "projects", "project", [project])

    def set_status(self, keys: Iterable[str], status: str) -> None:
        status = _status(status)
        with self.transaction():
            for key in keys:
                self._conn.execute(
                    "UPDATE entries SET status = ?, updated_at = ? WHERE id = ?",
                    (status, _now(), self._intact_row_id(key)),
                )

    def add_note(self, key: str, text: str) -> None:
        if not text.strip():
            raise UsageError("a note needs some text")
        with self.transaction():
            self._conn.execute(
                "INSERT INTO notes(entry, text, created_at) VALUES (?, ?, ?)",
                (self._intact_row_id(key), text, _now()),
            )

    def remove(self, keys: Iterable[str]) -> list[str]:
        """Delete entries (with their tags, projects, notes, sources); returns their keys."""
        with self.transaction():
            ids = list(dict.fromkeys(self._row_id(k) for k in keys))
            removed = [self._key_of(i) for i in ids]
            writer = self._writer()
            for row_id in ids:
                writer.unindex(row_id)
            self._conn.executemany("DELETE FROM entries WHERE id = ?", [(i,) for i in ids])
            writer.unindexed.clear()  # deleted: nothing to index again
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
            current = self._key_of(row_id)
            holder = self._conn.execute(
                "SELECT entry FROM key_aliases WHERE alias = ? UNION ALL "
                "SELECT id FROM entries WHERE key = ?",
                (new, new),
            ).fetchone()
            if holder and holder[0] != row_id:
                raise KeyConflict(f"the key {new!r} already belongs to another entry")
            self._conn.execute("DELETE FROM key_aliases WHERE alias = ?", (new,))
            self._conn.execute(
                "UPDATE entries SET key = ?, key_origin = 'user', key_base = ?, key_frozen = 1, "
                "updated_at = ? WHERE id = ?",
                (new, new, _now(), row_id),
            )
            if current != new:
                self._conn.execute(
                    "INSERT OR REPLACE INTO key_aliases(alias, entry) VALUES (?, ?)", (current, row_id)
                )

    def mark_keys_frozen(self, keys: Iterable[str]) -> None:
        """Keys that were exported or cited: they never change again (merges keep them as aliases).

        Only keys not yet frozen are written: exporting again works where the library cannot be written.
        """
        row_ids, thawed = [self._row_id(key) for key in keys], []
        for start in range(0, len(row_ids), 500):
            chunk = row_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            thawed += self._conn.execute(f"SELECT id FROM entries WHERE NOT key_frozen AND id IN ({marks})", chunk)
        if thawed:
            with self.transaction():
                self._conn.executemany("UPDATE entries SET key_frozen = 1 WHERE id = ?", thawed)

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
            return self.select(keys=[self._key_of(row.id)])[0]

    # --- helpers ---------------------------------------------------------------------------------
    def _writer(self):
        from .ingest import Writer  # the write path (matching, keys, hashing) loads only when writing

        return Writer(self._conn, self.key_pattern, _now())

    def _row_id(self, key: str) -> int:
        found = self._conn.execute(
            "SELECT id FROM entries WHERE key = ? UNION ALL SELECT entry FROM key_aliases WHERE alias = ?",
            (key, key),
        ).fetchone()
        if found:
            return found[0]
        prefix = key[:3]
        nearby = [
            k
            for (k,) in self._conn.execute(
                "SELECT key FROM entries WHERE key >= ? AND key < ? LIMIT 5000", (prefix, prefix + "\x7f")
            )
        ]
        raise EntryNotFound(key, difflib.get_close_matches(key, nearby, n=3, cutoff=0.6))

    def _intact_row_id(self, key: str) -> int:
        """``_row_id`` for a write: ``DamagedEntry`` if the row is damaged, so nothing is written over it."""
        row_id = self._row_id(key)
        decode_row(
            row_id,
            *self._conn.execute(
                "SELECT key, data, status, enrichment, user_edited, provenance FROM entries WHERE id = ?",
                (row_id,),
            ).fetchone(),
        )
        return row_id

    def _keys_of(self, row_ids: list[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for start in range(0, len(row_ids), 500):
            chunk = row_ids[start : start + 500]
            found.update(
                self._conn.execute(
                    f"SELECT id, key FROM entries WHERE id IN ({', '.join('?' * len(chunk))})", chunk
                )
            )
        return found

    def _key_of(self, row_id: int) -> str:
        return self._conn.execute("SELECT key FROM entries WHERE id = ?", (row_id,)).fetchone()[0]

    def _annotate(self, ids: set[int], table: str, column: str, names: list[str]) -> None:
        self._conn.executemany(
            f"INSERT OR IGNORE INTO {table}(entry, {column}) VALUES (?, ?)",
            [(i, n) for i in sorted(ids) for n in names],
        )

    def _unannotate(self, keys: Iterable[str], table: str, column: str, names: Iterable[str]) -> None:
        with self.transaction():
            ids = [self._intact_row_id(k) for k in keys]
            self._conn.executemany(
                f"DELETE FROM {table} WHERE entry = ? AND {column} = ?", [(i, n) for i in ids for n in names]
            )


_RECORD_COLUMNS = (
    "e.id, e.key, e.data, e.status, e.enrichment, e.user_edited, e.provenance, e.key_frozen, e.key_origin"
)


def _names(values: Iterable[str], kind: str) -> list[str]:
    names = [v.strip() for v in values]
    if any(not n for n in names):
        raise UsageError(f"a {kind} name cannot be empty")
    return list(dict.fromkeys(names))


def _status(status: str) -> str:
    if status not in STATUSES:
        raise UsageError(f"unknown reading status {status!r} (known: {', '.join(STATUSES)})")
    return status
