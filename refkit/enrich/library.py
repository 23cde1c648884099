"""``enrich_library``: enrich the library's entries from a source (arXiv) and store the results in one
transaction.

If arXiv could not be reached and nothing came from the cache either, ``NetworkError`` is raised
and the library is left exactly as it was.  A partial failure keeps what was fetched: matched
entries are written, the failed ones are reported (and a previous match is never downgraded).

The arXiv requests work on a snapshot; the results are merged into the entries as they are when
the write starts (``Library.apply_updates``): what another refkit wrote meanwhile stays, a renamed
entry is stored under its new key, and an entry removed meanwhile is skipped (``vanished``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..errors import SourceUnreachable
from .arxiv_client import ArxivClient
from .entries import Outcome, enrich_entries
from .source import Source

__all__ = ["EnrichReport", "enrich_library"]


@dataclass(slots=True)
class EnrichReport:
    outcomes: list[Outcome] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # key before -> key after (enrichment can rename)
    before: dict[str, dict] = field(default_factory=dict)  # key -> {field: old value} for changed fields
    vanished: list[str] = field(default_factory=list)  # keys removed while enrich ran: nothing stored
    requests: int = 0
    cache_hits: int = 0
    dry_run: bool = False
    offline: bool = False

    @property
    def counts(self) -> Counter:
        return Counter(o.status for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def to_json(self) -> dict:
        counts = self.counts
        return {
            "summary": {**{s: counts.get(s, 0) for s in ("matched", "ambiguous", "unmatched", "failed", "missing")},
                        "vanished": len(self.vanished)},
            "requests": self.requests, "cache_hits": self.cache_hits, "dry_run": self.dry_run,
            "entries": [_outcome_json(o, self.keys.get(o.key, o.key), self.before.get(o.key, {}),
                                      o.key in self.vanished) for o in self.outcomes],
        }


def _value(value):
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    if hasattr(value, "display"):
        return value.display()
    if hasattr(value, "iso"):
        return value.iso()
    return value


def _outcome_json(outcome: Outcome, key: str, before: dict, vanished: bool) -> dict:
    data = {"key": key, **outcome.enrichment()}
    if vanished:
        data["vanished"] = True
    if outcome.entry is not None and outcome.changed:
        data["changes"] = {name: {"old": _value(before.get(name)), "new": _value(getattr(outcome.entry, name))}
                           for name in outcome.changed}
    return data


def enrich_library(lib, project: str | None = None, keys: Iterable[str] | None = None, offline: bool = False,
                   refresh: bool = False, dry_run: bool = False,
                   progress: Callable[[int, int], None] | None = None,
                   client: Source | None = None) -> EnrichReport:
    """Enrich the selected records (all by default) from ``client`` (arXiv by default) and write the
    results unless ``dry_run``."""
    client = client or ArxivClient(offline=offline, refresh=refresh)
    snapshot = lib.snapshot(project=project, keys=list(keys) if keys is not None else None)
    records = snapshot.records
    entries = [r.entry for r in records]
    outcomes = enrich_entries(entries, client, protected=[r.user_edited for r in records], progress=progress)
    report = EnrichReport(outcomes, requests=client.requests_made, cache_hits=client.cache_hits,
                          dry_run=dry_run, offline=offline)
    for outcome in outcomes:
        if outcome.entry is not None:
            old = records[outcome.index].entry
            report.before[outcome.key] = {name: getattr(old, name) for name in outcome.changed}
    given_up = client.unreachable
    if given_up is not None and client.successes == 0 and client.cache_hits == 0:
        raise SourceUnreachable(given_up.source, f"{given_up}; the library was not changed", url=given_up.url,
                                cause=given_up.cause)
    updates, sent = [], []
    for outcome in outcomes:
        previous = records[outcome.index].enrichment.get("status")
        if outcome.status == "missing" or (outcome.status == "failed" and previous == "matched"):
            continue  # nothing learnt: keep what the library knows
        status = outcome.enrichment()
        before = records[outcome.index].enrichment
        if outcome.method == "id" and previous == "matched" and outcome.record is not None \
                and before.get(f"{outcome.record.source}_id") == outcome.record.source_id:
            status.update(method=before.get("method"), score=before.get("score"))  # how it was first found
        updates.append(snapshot.update(records[outcome.index], outcome.entry, status))
        sent.append(outcome)
    report.keys = {o.key: o.key for o in outcomes}
    if dry_run or not updates:
        return report
    for outcome, applied in zip(sent, lib.apply_updates(updates, source=client.name)):
        if applied.vanished:
            report.vanished.append(outcome.key)
            continue
        report.keys[outcome.key] = applied.key
        if applied.after is not None:  # what was written, merged with what others wrote meanwhile
            outcome.entry, outcome.changed = applied.after, applied.changed()
            report.before[outcome.key] = {name: getattr(applied.before, name) for name in outcome.changed}
    return report
