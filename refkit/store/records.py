"""What the library hands out: ``Record`` (one entry with its library data), ``AddSummary``, and
``record_to_json``, the ``refkit list --json`` / ``show --json`` contract."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Annotations, Entry, Person, Source
from ..text import strip_markup

__all__ = [
    "NOT_TRIED",
    "STATUSES",
    "AddSummary",
    "DamagedEntryWarning",
    "Merge",
    "Record",
    "person_to_json",
    "record_to_json",
]

STATUSES = ("to-read", "reading", "read", "skipped")
NOT_TRIED = {"status": "not-tried", "method": None, "score": None}


class DamagedEntryWarning(UserWarning):
    """A read skipped a damaged row; ``Library.skipped`` holds the same as ``Diagnostic`` data."""


@dataclass(frozen=True, slots=True)
class Record:
    """One library entry. ``entry.key`` equals ``key``."""

    rowid: int
    key: str
    entry: Entry
    annotations: Annotations = field(default_factory=Annotations)
    enrichment: dict = field(default_factory=lambda: dict(NOT_TRIED))  # status/method/score (+ details)
    user_edited: frozenset[str] = frozenset()  # fields changed by hand: merges and enrichment keep them
    sources: list[Source] = field(default_factory=list)  # every file/line/reader it arrived from
    provenance: dict[str, str] = field(default_factory=dict)  # field -> where its value came from ("arxiv")
    key_frozen: bool = False  # exported, cited or chosen: never renamed silently
    key_origin: str = "generated"  # generated | imported | user
    aliases: tuple[str, ...] = ()  # older keys that still resolve to this entry


@dataclass(frozen=True, slots=True)
class Merge:
    """One record ``Library.add`` merged into another, and the evidence: ``same DOI 10.1/x``."""

    merged: str  # the newcomer's citation key, else where it was read; or the key of a record merged away
    into: str  # the key of the record that stays
    reason: str

    def __str__(self) -> str:
        return f"merged {self.merged} into {self.into}: {self.reason}"


@dataclass(slots=True)
class AddSummary:
    """What ``Library.add`` did. ``keys`` lists the final key of every entry read, in input order."""

    added: int = 0
    merged: int = 0
    unchanged: int = 0
    keys: list[str] = field(default_factory=list)
    # a key already in the library -> the key of the entry it merged into (the old key still resolves);
    # keys never change otherwise (only ``rename_key`` changes one)
    renamed: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # e.g. an imported key that was taken
    merges: list[Merge] = field(default_factory=list)  # each merge with its reason, in input order

    @property
    def total(self) -> int:
        return self.added + self.merged + self.unchanged


def person_to_json(person: Person) -> dict[str, str]:
    if person.literal:
        return {"literal": person.literal}
    data = {"family": person.family, "given": person.given}
    if person.particle:
        data["particle"] = person.particle
    if person.suffix:
        data["suffix"] = person.suffix
    return data


def record_to_json(record: Record) -> dict:
    """The ``list --json`` object: contract keys first, then the rest of what the library knows."""
    entry, notes = record.entry, record.annotations
    enrichment = {"status": "not-tried", "method": None, "score": None}
    enrichment.update({k: record.enrichment.get(k, enrichment[k]) for k in enrichment})
    return {
        "key": record.key,
        "title": strip_markup(entry.title),
        "authors": [person_to_json(p) for p in entry.author],
        "date": entry.issued.iso() if entry.issued else None,
        "arxiv_id": entry.arxiv_id or None,
        "arxiv_version": entry.arxiv_version,
        "doi": entry.doi or None,
        "primary_category": entry.primary_category or None,
        "categories": list(entry.categories),
        "projects": list(notes.projects),
        "tags": list(notes.tags),
        "status": notes.status or "to-read",
        "enrichment": enrichment,
        "type": entry.type,
        "authors_truncated": entry.authors_truncated,
        "container_title": strip_markup(entry.container_title) or None,
        "url": entry.url or None,
        "abstract": entry.abstract or None,
        "notes": list(notes.notes),
        "sources": [{"file": s.file, "line": s.line, "reader": s.reader} for s in record.sources],
        "key_frozen": record.key_frozen,
        "user_edited": sorted(record.user_edited),
    }
