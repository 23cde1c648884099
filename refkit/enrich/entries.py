"""``enrich_entries``: look entries up on arXiv (ids in batches, titles in OR-batches) and fill them.

Entries with an arXiv id (or arXiv's DOI, or an arXiv URL) are fetched by id.  The others are
searched by title: round one asks one ``ti:"…"`` phrase per title, many per request; listed
entries without a clear match (a changed title, a crowded page) get a second, narrower round
``(ti:"first words" AND au:family)``.  Candidates are then scored by ``matching.decide``.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from ..ids import arxiv_id_from_doi, find_arxiv_id, parse_arxiv_id
from ..model import Entry
from .arxiv_client import OFFLINE_MISSING, ArxivClient
from .atom import ArxivRecord
from .fill import fill_entry
from .matching import Decision, decide, title_similarity
from .query import title_clause

__all__ = ["STATUSES", "Outcome", "arxiv_id_of", "enrich_entries"]

STATUSES = ("matched", "ambiguous", "unmatched", "failed", "missing")  # missing: offline and not cached
SECOND_ROUND_WORDS = 4


@dataclass(slots=True)
class Outcome:
    index: int
    key: str
    status: str
    method: str | None = None
    score: float | None = None
    entry: Entry | None = None  # the enriched entry, when matched
    changed: list[str] = field(default_factory=list)
    reason: str = ""
    candidates: list[dict] = field(default_factory=list)
    record: ArxivRecord | None = None

    def enrichment(self) -> dict:
        """The status dict the library stores (``status``, ``method``, ``score`` plus detail)."""
        data: dict = {"status": self.status, "method": self.method,
                      "score": None if self.score is None else round(self.score, 3)}
        if self.record is not None:
            data.update(arxiv_id=self.record.id, arxiv_version=self.record.version,
                        published=self.record.published, updated=self.record.updated)
        if self.reason:
            data["reason"] = self.reason
        if self.candidates:
            data["candidates"] = self.candidates
        return data


def arxiv_id_of(entry: Entry) -> str:
    """The arXiv id (no version) an entry already carries, in its id, its DOI or its URL."""
    for found in (parse_arxiv_id(entry.arxiv_id) if entry.arxiv_id else None,
                  arxiv_id_from_doi(entry.doi) if entry.doi else None,
                  find_arxiv_id(entry.url) if entry.url else None):
        if found is not None:
            return found.id
    return ""


def _first_family(entry: Entry) -> str:
    if not entry.author:
        return ""
    person = entry.author[0]
    return person.family or person.literal


def _failure(index: int, key: str, error: str, method: str) -> Outcome:
    return Outcome(index, key, "missing" if error == OFFLINE_MISSING else "failed", method, reason=error)


def _from_decision(index: int, entry: Entry, decision: Decision, protected: Collection[str]) -> Outcome:
    if decision.status == "matched" and decision.best is not None:
        new, changed = fill_entry(entry, decision.best.record, protected)
        return Outcome(index, entry.key, "matched", "title", decision.best.total, new, changed,
                       record=decision.best.record)
    best = decision.ranked[0].total if decision.ranked else None
    return Outcome(index, entry.key, decision.status, "title", best, reason=decision.reason,
                   candidates=decision.candidates())


def enrich_entries(entries: Sequence[Entry], client: ArxivClient, *,
                   protected: Sequence[Collection[str]] | None = None,
                   progress: Callable[[int, int], None] | None = None) -> list[Outcome]:
    """One ``Outcome`` per entry, in order.  ``protected[i]``: fields of entry i the user edited."""
    total = len(entries)
    guard = list(protected) if protected is not None else [()] * total
    outcomes: list[Outcome | None] = [None] * total
    tick = progress or (lambda done, all_: None)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done = min(total, done + count)
        tick(done, total)

    # 1. entries that carry an id: id_list batches
    by_id = {i: arxiv_id_of(e) for i, e in enumerate(entries)}
    by_id = {i: ident for i, ident in by_id.items() if ident}
    lookup = client.fetch_ids(list(by_id.values()), after_batch=advance)
    for i, ident in by_id.items():
        entry = entries[i]
        if ident in lookup.found:
            record = lookup.found[ident]
            new, changed = fill_entry(entry, record, guard[i])
            outcome = Outcome(i, entry.key, "matched", "id", 1.0, new, changed, record=record)
            if entry.title and title_similarity(entry.title, record.title) < 0.5:
                outcome.reason = f"the arXiv title differs a lot from the entry's: {record.title!r}"
            outcomes[i] = outcome
        elif ident in lookup.failed:
            outcomes[i] = _failure(i, entry.key, lookup.failed[ident], "id")
        else:
            outcomes[i] = Outcome(i, entry.key, "unmatched", "id", reason=f"arXiv has no paper {ident}")
    done = len(by_id)
    tick(done, total)

    # 2. the rest by title, round one: the whole title as a phrase
    pending = [i for i in range(total) if outcomes[i] is None]
    for i in pending:
        if not title_clause(entries[i].title):
            outcomes[i] = Outcome(i, entries[i].key, "unmatched", None, reason="no arXiv id and no title")
    pending = [i for i in pending if outcomes[i] is None]
    first = {i: title_clause(entries[i].title) for i in pending}
    found = client.search(list(first.values()), after_batch=advance)
    decisions: dict[int, Decision] = {}
    candidates: dict[int, list[ArxivRecord]] = {}
    for i in pending:
        result = found[first[i]]
        if result.error:
            outcomes[i] = _failure(i, entries[i].key, result.error, "title")
            continue
        candidates[i] = result.records
        decisions[i] = decide(entries[i], result.records)

    # round two, narrower, for titles without a clear match: the right paper may have been
    # crowded off a busy page, or arXiv's title may differ from the listed one
    second = {i: title_clause(entries[i].title, _first_family(entries[i]), SECOND_ROUND_WORDS)
              for i, d in decisions.items()
              if d.status != "matched" and _first_family(entries[i])}
    if second:
        found = client.search(list(second.values()))
        for i, clause in second.items():
            result = found[clause]
            if result.error:
                if result.error != OFFLINE_MISSING:
                    outcomes[i] = _failure(i, entries[i].key, result.error, "title")
                continue
            decisions[i] = decide(entries[i], candidates[i] + result.records)
    for i, decision in decisions.items():
        if outcomes[i] is None:
            outcomes[i] = _from_decision(i, entries[i], decision, guard[i])
    tick(total, total)
    return [o for o in outcomes if o is not None]
