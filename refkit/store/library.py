"""``Library``: refkit's SQLite store (see ``refkit.store`` for the API overview).

Connections run in WAL mode with a long busy timeout; every write is one ``BEGIN IMMEDIATE``
transaction, so two refkit processes queue instead of losing writes, and a crash or Ctrl-C leaves
the library as it was before the command.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from .. import paths
from ..bulk import gc_paused
from ..errors import EntryNotFound, KeyConflict, LibraryError, UsageError
from ..model import FIELD_NAMES, Entry
from .connection import connect
from .keys import DEFAULT_PATTERN, is_usable_key
from .listing import ListingLine, json_text, listing_lines
from .reading import load_records
from .records import STATUSES, AddSummary, Record
from .selection import selection_sql

__all__ = ["Library"]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Library:
    def __init__(self, conn: sqlite3.Connection, path: Path, key_pattern: str = DEFAULT_PATTERN):
        self._conn, self.path, self.key_pattern = conn, path, key_pattern
        self._depth = 0

    # --- opening --------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str | None = None, *, key_pattern: str | None = None) -> Library:
        """Open (creating and migrating if needed) the library at ``path`` (default ``paths.library_path()``)."""
        path = Path(path) if path else paths.library_path()
        if key_pattern is None:
            from ..config import load_config

            key_pattern = load_config().key_pattern
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

        Each update is ``(key, enriched entry or None, enrichment dict)``. The enriched entry
        replaces the stored one, except fields in ``user_edited``, which keep the user's value;
        every field whose value changes gets provenance ``source``. The dict (``status``,
        ``method``, ``score`` plus any detail) is stored as the record's ``enrichment``. An entry
        that now shares an arXiv id / DOI / title key with another is merged with it.
        """
        with self.transaction():
            writer = self._writer()
            touched = []
            # row ids first: an earlier update may merge a later entry away (two entries, one paper)
            for row_id, entry, enrichment in [(self._row_id(k), e, d) for k, e, d in updates]:
                row = writer.row(writer.resolve(row_id))
                if entry is not None:
                    entry = entry.replace(key=row.key, source=None)
                    if (
                        row.id != row_id
                    ):  # merged into another entry earlier on: complete it, do not replace it
                        from .dedupe import merge_entries

                        new = merge_entries(row.entry, entry, row.user_edited)
                    else:
                        new = entry.replace(
                            **{
                                name: getattr(row.entry, name)
                                for name in row.user_edited
                                if name in FIELD_NAMES
                            }
                        )
                    provenance = dict(row.provenance)
                    provenance.update(
                        {
                            name: source
                            for name in FIELD_NAMES
                            if name not in ("key", "source")
                            and getattr(new, name) != getattr(row.entry, name)
                        }
                    )
                    writer.update(row, new, set(row.user_edited), provenance)
                    row = writer.row(writer.settle_duplicates(row.id))
                self._conn.execute(
                    "UPDATE entries SET enrichment = ? WHERE id = ?",
                    (json.dumps(enrichment, ensure_ascii=False, default=str), row.id),
                )
                touched.append(row.id)
            writer.finish()
            return [self._key_of(writer.resolve(i)) for i in touched]

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
        columns = "e.id, e.key, e.data, e.status, e.enrichment, e.user_edited, e.provenance, e.key_frozen, e.key_origin"
        return load_records(self._conn, self._conn.execute(sql.format(columns=columns), args).fetchall())

    def listing(
        self,
        project: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        query: str | None = None,
    ) -> list[ListingLine]:
        """What ``refkit list`` shows of ``select(...)``, read without decoding whole entries."""
        sql, args = self._selection(project, tag, status, query)
        return [] if sql is None else listing_lines(self._conn, sql, args)

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
        return "[]" if sql is None else json_text(self._conn, sql, args)

    def _selection(self, project, tag, status, query, keys=None) -> tuple[str | None, list]:
        return selection_sql(
            self._conn, project, tag, None if status is None else _status(status), query, keys
        )

    def get(self, key: str) -> Record:
        """The record with ``key`` (or a former key of it); ``EntryNotFound`` names near matches."""
        return self.select(keys=[self._key_of(self._row_id(key))])[0]

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
            self._annotate({self._row_id(k) for k in keys}, "tags", "tag", _names(tags, "tag"))

    def untag(self, keys: Iterable[str], tags: Iterable[str]) -> None:
        self._unannotate(keys, "tags", "tag", _names(tags, "tag"))

    def add_to_project(self, keys: Iterable[str], project: str) -> None:
        with self.transaction():
            self._annotate(
                {self._row_id(k) for k in keys}, "projects", "project", _names([project], "project")
            )

    def remove_from_project(self, keys: Iterable[str], project: str) -> None:
        self._unannotate(keys, "projects", "project", [project])

    def set_status(self, keys: Iterable[str], status: str) -> None:
        status = _status(status)
        with self.transaction():
            for key in keys:
                self._conn.execute(
                    "UPDATE entries SET status = ?, updated_at = ? WHERE id = ?",
                    (status, _now(), self._row_id(key)),
                )

    def add_note(self, key: str, text: str) -> None:
        if not text.strip():
            raise UsageError("a note needs some text")
        with self.transaction():
            self._conn.execute(
                "INSERT INTO notes(entry, text, created_at) VALUES (?, ?, ?)",
                (self._row_id(key), text, _now()),
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
            row_id = self._row_id(old)
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
        """Keys that were exported or cited: they never change again (merges keep them as aliases)."""
        with self.transaction():
            for key in keys:
                self._conn.execute("UPDATE entries SET key_frozen = 1 WHERE id = ?", (self._row_id(key),))

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
            ids = [self._row_id(k) for k in keys]
            self._conn.executemany(
                f"DELETE FROM {table} WHERE entry = ? AND {column} = ?", [(i, n) for i in ids for n in names]
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
