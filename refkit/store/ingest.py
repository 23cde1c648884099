"""Writing entries into the library inside one open transaction: insert, merge, absorb, key assignment.

``Writer`` is used by ``Library`` only, between ``BEGIN IMMEDIATE`` and ``COMMIT``. Every duplicate
check is an index lookup (arXiv id, DOI, title key), never a scan. Keys of generated entries are
settled once at the end (``finish``), per base key, in an order that does not depend on arrival.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from dataclasses import dataclass

from ..model import Entry
from .codec import dumps_entry
from .dedupe import MatchKeys, cited_by, conflicts, identity, match_keys, merge_entries, title_match_vetoed
from .keys import assign_keys, base_key, suffixes
from .merge_log import MergeLog, entry_label
from .pending_sources import PendingSources
from .reading import decode_row
from .records import Merge
from .search import indexed_text

__all__ = ["Row", "Writer"]

_KEY_END = "\x7f"  # keys are ASCII: [base, base + DEL) is every key starting with base


@dataclass(slots=True)
class Row:
    id: int
    key: str
    key_origin: str
    key_base: str
    key_frozen: bool
    entry: Entry
    user_edited: frozenset[str]
    provenance: dict
    enrichment: dict

    @property
    def fixed(self) -> bool:
        """A key that stays: frozen, chosen by the user, or imported."""
        return self.key_frozen or self.key_origin != "generated"


def _row_label(row: Row) -> str:
    return row.key_base if row.key.startswith("\x00") else row.key  # \x00: a key not settled yet


def _kinds(keys: MatchKeys) -> list[tuple[str, str]]:
    return [
        (kind, value)
        for kind, value in (("arxiv", keys.arxiv_id), ("doi", keys.doi), ("title", keys.title_key))
        if value is not None
    ]


class Writer:
    def __init__(self, conn: sqlite3.Connection, pattern: str, now: str):
        self.conn, self.pattern, self.now = conn, pattern, now
        self.touched: set[str] = set()  # base keys whose generated members need (re)assigning
        self.before: dict[int, str] = {}  # row id -> key before this transaction (existing rows)
        self.absorbed: dict[int, int] = {}  # absorbed row id -> the row it went into
        self.notes: list[str] = []
        self.unindexed: set[int] = set()  # rows whose full-text entry is (re)written in finish()
        self.sources = PendingSources(conn)  # written in finish()
        self.merges = MergeLog()
        self.inserted: set[int] = set()  # rows new in this transaction: the only keys not yet shown

    # --- reading rows -------------------------------------------------------------------------
    def row(self, row_id: int) -> Row:
        r = self.conn.execute(
            "SELECT id, key, key_origin, key_base, key_frozen, data, user_edited, provenance, enrichment "
            "FROM entries WHERE id = ?",
            (row_id,),
        ).fetchone()
        # a damaged row raises DamagedEntry (refkit.store.reading): nothing is merged into it or over it
        entry, enrichment, edited, provenance = decode_row(r[0], r[1], r[5], "", r[8], r[6], r[7])
        return Row(r[0], r[1], r[2], r[3], bool(r[4]), entry, frozenset(edited), provenance, enrichment)

    def candidates(
        self, keys: MatchKeys, entry: Entry, cited: frozenset, exclude: int | None = None
    ) -> dict[int, str]:
        """Rows that are the same paper, strongest evidence first, each with the kind of key it shares.

        Rows that contradict the newcomer or an earlier choice are left out. A row found by its
        title key alone must also pass the title vetoes against each of them (``title_match_vetoed``).
        ``cited`` holds the (file, citation key) pairs ``entry`` comes with.
        """
        pairs = _kinds(keys)
        if not pairs:
            return {}
        found: dict[int, str] = {}
        union = " UNION ALL ".join(
            [f"SELECT entry, {i} FROM match_keys WHERE kind = ? AND value = ?" for i in range(len(pairs))]
        )
        for row_id, rank in self.conn.execute(union + " ORDER BY 2", [x for pair in pairs for x in pair]):
            if row_id not in found and row_id != exclude:
                found[row_id] = pairs[rank][0]
        chosen: dict[int, str] = {}
        chosen_keys, chosen_records = [keys], [(entry, cited)]
        for row_id, kind in found.items():
            theirs = self.stored_keys(row_id)
            if any(conflicts(theirs, mine) for mine in chosen_keys):
                continue
            record = (self.row(row_id).entry, self.sources.cited(row_id))
            if kind == "title" and any(title_match_vetoed(*record, *other) for other in chosen_records):
                continue
            chosen[row_id] = kind
            chosen_keys.append(theirs)
            chosen_records.append(record)
        return chosen

    def stored_keys(self, row_id: int) -> MatchKeys:
        return MatchKeys(
            *self.conn.execute(
                "SELECT arxiv_id, doi, title_key FROM entries WHERE id = ?", (row_id,)
            ).fetchone()
        )

    # --- writing --------------------------------------------------------------------------------
    def put(self, entry: Entry, imported_key: str = "") -> tuple[str, int]:
        """Add or merge one entry; returns (``added`` | ``merged`` | ``unchanged``, row id)."""
        keys = match_keys(entry)
        found = self.candidates(keys, entry, cited_by(entry))
        if not found:
            return "added", self._insert(entry, imported_key, keys)
        rows = sorted(
            (self.row(i) for i in found), key=lambda r: (not r.key_frozen, r.key_origin == "generated", r.id)
        )
        survivor, others = rows[0], rows[1:]
        label = entry_label(entry)
        if not self.sources.has(survivor.id, entry.source):  # adding a file again is no merge
            self.merges.note(label, survivor.id, found[survivor.id], keys)
        merged, edited = survivor.entry, set(survivor.user_edited)
        for other in others:
            self.merges.note(_row_label(other), survivor.id, found[other.id], keys, via=label)
            merged, edited = self.absorb(survivor, merged, edited, other)
        merged = merge_entries(merged, entry, frozenset(edited))
        self.remember(survivor.id, keys)
        changed = merged != survivor.entry or bool(others)
        key_changed = self._maybe_take_imported_key(survivor, imported_key)
        if changed:
            self.update(survivor, merged, edited, survivor.provenance if others else None)
        return ("merged" if changed or key_changed else "unchanged"), survivor.id

    def settle_duplicates(self, row_id: int) -> int:
        """Merge every other row that is the same paper as ``row_id``; returns the surviving row's id.

        The survivor is the one whose key must stay (frozen, then chosen or imported, then oldest).
        """
        keys = self.stored_keys(row_id)
        others = self.candidates(keys, self.row(row_id).entry, self.sources.cited(row_id), exclude=row_id)
        if not others:
            return row_id
        rows = sorted(
            (self.row(i) for i in [row_id, *others]),
            key=lambda r: (not r.key_frozen, r.key_origin == "generated", r.id),
        )
        survivor, merged, edited = rows[0], rows[0].entry, set(rows[0].user_edited)
        for other in rows[1:]:
            self.merges.note(
                _row_label(other), survivor.id, others.get(other.id) or others[survivor.id], keys
            )
            merged, edited = self.absorb(survivor, merged, edited, other)
        self.update(survivor, merged, edited, survivor.provenance)
        return survivor.id

    def absorb(self, survivor: Row, merged: Entry, edited: set[str], other: Row) -> tuple[Entry, set[str]]:
        """Fold row ``other`` into ``survivor``: data, library data, sources; its key becomes an alias."""
        own = {name: getattr(other.entry, name) for name in other.user_edited - edited}
        merged = merge_entries(merged, other.entry, frozenset(edited)).replace(**own)
        edited |= other.user_edited
        survivor.provenance = {**other.provenance, **survivor.provenance}
        if (
            other.enrichment.get("status", "not-tried") != "not-tried"
            and survivor.enrichment.get("status", "not-tried") == "not-tried"
        ):
            self.conn.execute(
                "UPDATE entries SET enrichment = ? WHERE id = ?", (json.dumps(other.enrichment), survivor.id)
            )
        # a reading status set on either entry beats the default
        self.conn.execute(
            "UPDATE entries SET status = (SELECT status FROM entries WHERE id = ?) "
            "WHERE id = ? AND status = 'to-read'",
            (other.id, survivor.id),
        )
        self.sources.moved(other.id, survivor.id)
        for table in ("sources", "notes", "key_aliases", "match_keys"):
            self.conn.execute(
                f"UPDATE OR IGNORE {table} SET entry = ? WHERE entry = ?", (survivor.id, other.id)
            )
        for table, column in (("tags", "tag"), ("projects", "project")):
            self.conn.execute(
                f"INSERT OR IGNORE INTO {table}(entry, {column}) "
                f"SELECT ?, {column} FROM {table} WHERE entry = ?",
                (survivor.id, other.id),
            )
        self.before.setdefault(other.id, other.key)
        self.unindex(other.id)
        self.unindexed.discard(other.id)
        self.conn.execute("DELETE FROM entries WHERE id = ?", (other.id,))
        if other.fixed or other.id not in self.inserted:
            self.conn.execute(
                "INSERT OR REPLACE INTO key_aliases(alias, entry) VALUES (?, ?)", (other.key, survivor.id)
            )
        if other.key_origin == "generated":
            self.touched.add(other.key_base)
        self.absorbed[other.id] = survivor.id
        return merged, edited

    def _columns(self, entry: Entry, keys: MatchKeys | None = None) -> dict:
        keys = keys or match_keys(entry)
        data = dumps_entry(entry)
        title, authors, abstract = indexed_text(entry)
        ident = identity(entry, keys) + "|" + hashlib.sha1(data.encode()).hexdigest()[:12]
        return {
            "data": data,
            "title": title,
            "authors": authors,
            "abstract": abstract,
            "year": entry.year,
            "arxiv_id": keys.arxiv_id,
            "doi": keys.doi,
            "title_key": keys.title_key,
            "identity": ident,
        }

    def _insert(self, entry: Entry, imported_key: str, keys: MatchKeys) -> int:
        cols = self._columns(entry, keys)
        if imported_key:
            key, origin, base = self._claim(imported_key), "imported", imported_key
        else:
            base, origin = base_key(entry, self.pattern), "generated"
            if self._taken(base):  # a collision: the whole group is settled in finish()
                key = f"\x00{uuid.uuid4().hex}"
                self.touched.add(base)
            else:
                key = base
        cols.update(
            key=key,
            key_origin=origin,
            key_base=base,
            status="to-read",
            added_at=self.now,
            updated_at=self.now,
        )
        names = ", ".join(cols)
        cur = self.conn.execute(
            f"INSERT INTO entries({names}) VALUES ({', '.join('?' * len(cols))})", tuple(cols.values())
        )
        self.remember(cur.lastrowid, keys)
        self.unindexed.add(cur.lastrowid)
        self.inserted.add(cur.lastrowid)
        return cur.lastrowid

    def unindex(self, row_id: int) -> None:
        """Take a row out of the full-text index (a no-op for rows not indexed yet)."""
        if row_id not in self.unindexed:
            self.conn.execute(
                "INSERT INTO entries_fts(entries_fts, rowid, title, authors, abstract) "
                "SELECT 'delete', id, title, authors, abstract FROM entries WHERE id = ?",
                (row_id,),
            )
            self.unindexed.add(row_id)

    def remember(self, row_id: int, keys: MatchKeys) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO match_keys(kind, value, entry) VALUES (?, ?, ?)",
            [(kind, value, row_id) for kind, value in _kinds(keys)],
        )

    def update(self, row: Row, entry: Entry, edited: set[str], provenance: dict | None = None) -> None:
        cols = self._columns(entry)
        cols.update(user_edited=json.dumps(sorted(edited)), updated_at=self.now)
        if provenance is not None:
            cols["provenance"] = json.dumps(provenance, sort_keys=True)
        if row.key_origin == "generated" and not row.key_frozen:
            new_base = base_key(entry, self.pattern)
            self.touched.update({row.key_base, new_base})
            cols["key_base"] = new_base
        sets = ", ".join(f"{name} = ?" for name in cols)
        self.unindex(row.id)
        self.conn.execute(f"UPDATE entries SET {sets} WHERE id = ?", (*cols.values(), row.id))
        self.remember(row.id, MatchKeys(cols["arxiv_id"], cols["doi"], cols["title_key"]))

    def _taken(self, key: str) -> bool:
        return (
            self.conn.execute(
                "SELECT 1 FROM entries WHERE key = ? UNION ALL SELECT 1 FROM key_aliases WHERE alias = ?",
                (key, key),
            ).fetchone()
            is not None
        )

    def _claim(self, key: str) -> str:
        """``key`` for an imported entry: a generated, unfrozen holder moves aside; else the next free suffix."""
        holder = self.conn.execute(
            "SELECT id, key_base, key_origin = 'generated' AND key_frozen = 0 FROM entries WHERE key = ? "
            "UNION ALL SELECT 0, '', 0 FROM key_aliases WHERE alias = ?",
            (key, key),
        ).fetchone()
        if holder is None:
            return key  # the usual case: nobody has it
        if holder[2] and holder[0] in self.inserted:
            self.before.setdefault(holder[0], key)
            self.conn.execute(
                "UPDATE entries SET key = ? WHERE id = ?", (f"\x00{uuid.uuid4().hex}", holder[0])
            )
            self.touched.add(holder[1])
        for suffix in suffixes():
            if not self._taken(key + suffix):
                if suffix:
                    self.notes.append(f"imported key {key!r} is taken; the entry got {key + suffix!r}")
                return key + suffix
        raise AssertionError("unreachable")

    def _maybe_take_imported_key(self, row: Row, imported_key: str) -> bool:
        """An imported key replaces a generated one (unless frozen); otherwise it stays findable as an alias."""
        if not imported_key or imported_key == row.key:
            return False
        if row.key_origin == "generated" and not row.key_frozen and row.id in self.inserted:
            self.before.setdefault(row.id, row.key)
            self.conn.execute("UPDATE entries SET key = ? WHERE id = ?", (f"\x00{uuid.uuid4().hex}", row.id))
            self.touched.add(row.key_base)
            key = self._claim(imported_key)
            self.conn.execute(
                "UPDATE entries SET key = ?, key_origin = 'imported', key_base = ? WHERE id = ?",
                (key, imported_key, row.id),
            )
            row.key, row.key_origin, row.key_base = key, "imported", imported_key
            return True
        if not self._taken(imported_key):
            self.conn.execute("INSERT INTO key_aliases(alias, entry) VALUES (?, ?)", (imported_key, row.id))
        return False

    def finish(self) -> dict[str, str]:
        """Settle generated keys of every touched base; returns renamed existing keys (old -> new)."""
        for base in sorted(self.touched):
            members = self.conn.execute(
                "SELECT id, identity, key FROM entries WHERE key_base = ? AND key_origin = 'generated' "
                "AND key_frozen = 0",
                (base,),
            ).fetchall()
            members = [m for m in members if m[0] in self.inserted]  # a key once shown never moves
            if not members:
                continue
            ids = {m[0] for m in members}
            taken = {
                k
                for (i, k) in self.conn.execute(
                    "SELECT id, key FROM entries WHERE key >= ? AND key < ?", (base, base + _KEY_END)
                )
                if i not in ids
            }
            taken |= {
                a
                for (a,) in self.conn.execute(
                    "SELECT alias FROM key_aliases WHERE alias >= ? AND alias < ?", (base, base + _KEY_END)
                )
            }
            wanted = assign_keys(base, [(m[1], m[0]) for m in members], taken)
            moving = [(m[0], m[2], wanted[m[0]]) for m in members if wanted[m[0]] != m[2]]
            for row_id, old, _new in moving:  # two steps, so swapping keys never trips UNIQUE
                self.before.setdefault(row_id, old)
                self.conn.execute("UPDATE entries SET key = ? WHERE id = ?", (f"\x00{row_id}", row_id))
            for row_id, _old, new in moving:
                self.conn.execute("UPDATE entries SET key = ? WHERE id = ?", (new, row_id))
        self.touched.clear()
        pending = sorted(self.unindexed)
        for start in range(0, len(pending), 500):
            chunk = pending[start : start + 500]
            self.conn.execute(
                "INSERT INTO entries_fts(rowid, title, authors, abstract) SELECT id, title, authors, "
                f"abstract FROM entries WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        self.unindexed.clear()
        self.sources.write(self.resolve, self.now)
        renamed = {}
        for row_id, old in self.before.items():
            if old.startswith("\x00") or row_id in self.inserted:  # never shown: not a rename
                continue
            now = self.conn.execute(
                "SELECT key FROM entries WHERE id = ?", (self.resolve(row_id),)
            ).fetchone()
            if now and now[0] != old:
                renamed[old] = now[0]
        return renamed

    def resolve(self, row_id: int) -> int:
        while row_id in self.absorbed:
            row_id = self.absorbed[row_id]
        return row_id

    def add_source(self, row_id: int, entry: Entry, new: bool = False) -> None:
        """Record where ``entry`` came from (written in bulk by ``finish``); a repeated source is kept once."""
        self.sources.add(row_id, entry, new)

    def merge_report(self) -> list[Merge]:
        """Every merge of this transaction, named by the keys the records have after ``finish``."""
        return self.merges.report(
            lambda row_id: self.conn.execute(
                "SELECT key FROM entries WHERE id = ?", (self.resolve(row_id),)
            ).fetchone()[0]
        )
