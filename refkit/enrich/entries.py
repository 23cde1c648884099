"""``enrich_entries``: look entries up in one source (arXiv today) and fill them.

Entries the source knows an id of (for arXiv: an arXiv id, arXiv's DOI, an arXiv URL) are looked
up by id.  The others are searched by title: round one asks for the whole title, many titles per
request; listed entries without a clear match (a changed title, a crowded page) get a second,
narrower round (the first words and the first author).  ``matching.decide`` scores the candidates
the same way whatever their source, and the source fills the entry from the one it accepts.

The jobs, one function each: ``_by_id`` (id look-ups), ``_by_title`` (the two search rounds and
the decisions), ``_from_decision`` (an accepted candidate fills the entry).
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from ..model import Entry
from .arxiv_client import arxiv_id_of
from .matching import Decision, decide, title_similarity
from .source import Candidate, Failure, NotCached, SearchResult, Source, TitleQuery

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
    record: Candidate | None = None
    failure: Failure | None = None  # why it could not be looked up (status failed or missing)

    def enrichment(self) -> dict:
        """The status dict the library stores (``status``, ``method``, ``score`` plus detail)."""
        data: dict = {"status": self.status, "method": self.method,
                      "score": None if self.score is None else round(self.score, 3)}
        if self.record is not None:
            data.update(self.record.provenance())
        if self.reason:
            data["reason"] = self.reason
        if self.candidates:
            data["candidates"] = self.candidates
        return data


def _first_family(entry: Entry) -> str:
    if not entry.author:
        return ""
    person = entry.author[0]
    return person.family or person.literal


def _failure(index: int, key: str, failure: Failure, method: str) -> Outcome:
    status = "missing" if isinstance(failure, NotCached) else "failed"
    return Outcome(index, key, status, method, reason=str(failure), failure=failure)


class _Progress:
    """``progress(done, total)`` as requests complete; never past the total."""

    def __init__(self, total: int, progress: Callable[[int, int], None] | None):
        self.total, self.done = total, 0
        self.tick = progress or (lambda done, all_: None)

    def advance(self, count: int) -> None:
        self.reach(self.done + count)

    def reach(self, done: int) -> None:
        self.done = min(self.total, done)
        self.tick(self.done, self.total)


def enrich_entries(entries: Sequence[Entry], client: Source, *,
                   protected: Sequence[Collection[str]] | None = None,
                   progress: Callable[[int, int], None] | None = None) -> list[Outcome]:
    """One ``Outcome`` per entry, in order.  ``protected[i]``: fields of entry i the user edited."""
    guard = list(protected) if protected is not None else [()] * len(entries)
    counter = _Progress(len(entries), progress)
    outcomes = _by_id(entries, client, guard, counter.advance)
    counter.reach(len(outcomes))
    outcomes.update(_by_title(entries, [i for i in range(len(entries)) if i not in outcomes], client, guard,
                              counter.advance))
    counter.reach(len(entries))
    return [outcomes[i] for i in sorted(outcomes)]


def _by_id(entries: Sequence[Entry], source: Source, guard: Sequence[Collection[str]],
           advance: Callable[[int], None]) -> dict[int, Outcome]:
    """Outcomes of the entries that carry an id the source knows, looked up in batches."""
    wanted = {i: ident for i, e in enumerate(entries) if (ident := source.id_of(e))}
    lookup = source.lookup_ids(list(wanted.values()), after_batch=advance)
    outcomes = {}
    for i, ident in wanted.items():
        entry = entries[i]
        if ident in lookup.found:
            record = lookup.found[ident]
            new, changed = source.fill(entry, record, guard[i])
            outcome = Outcome(i, entry.key, "matched", "id", 1.0, new, changed, record=record)
            if entry.title and title_similarity(entry.title, record.title) < 0.5:
                outcome.reason = f"the {source.label} title differs a lot from the entry's: {record.title!r}"
            outcomes[i] = outcome
        elif ident in lookup.failed:
            outcomes[i] = _failure(i, entry.key, lookup.failed[ident], "id")
        else:
            outcomes[i] = Outcome(i, entry.key, "unmatched", "id", reason=f"{source.label} has no paper {ident}")
    return outcomes


def _by_title(entries: Sequence[Entry], pending: Sequence[int], source: Source, guard: Sequence[Collection[str]],
              advance: Callable[[int], None]) -> dict[int, Outcome]:
    """Outcomes of the entries without an id: search, a narrower second search if needed, decide."""
    outcomes = {i: Outcome(i, entries[i].key, "unmatched", None, reason=f"no {source.label} id and no title")
                for i in pending if not source.searchable(entries[i].title)}
    first = {i: TitleQuery(entries[i].title) for i in pending if i not in outcomes}
    found = source.search_titles(list(first.values()), after_batch=advance)
    candidates: dict[int, list[Candidate]] = {}
    for i, query in first.items():
        result = found[query]
        if result.failure is not None:
            outcomes[i] = _failure(i, entries[i].key, result.failure, "title")
        else:
            candidates[i] = result.records
    decisions = {i: decide(entries[i], records, source.label) for i, records in candidates.items()}
    # round two, narrower, for titles without a clear match: the right paper may have been
    # crowded off a busy page, or the source's title may differ from the listed one
    unsure = [i for i, d in decisions.items() if d.status != "matched" and _first_family(entries[i])]
    for i, result in _narrower_search(entries, unsure, source).items():
        if result.failure is None:
            decisions[i] = decide(entries[i], candidates[i] + result.records, source.label)
        elif not isinstance(result.failure, NotCached):  # not cached: round one's decision stands
            outcomes[i] = _failure(i, entries[i].key, result.failure, "title")
    for i, decision in decisions.items():
        if i not in outcomes:
            outcomes[i] = _from_decision(i, entries[i], decision, source, guard[i])
    return outcomes


def _narrower_search(entries: Sequence[Entry], indexes: Sequence[int], source: Source) -> dict[int, SearchResult]:
    """The first words of each title with its first author's family name."""
    if not indexes:
        return {}
    second = {i: TitleQuery(entries[i].title, _first_family(entries[i]), SECOND_ROUND_WORDS) for i in indexes}
    found = source.search_titles(list(second.values()))
    return {i: found[query] for i, query in second.items()}


def _from_decision(index: int, entry: Entry, decision: Decision, source: Source,
                   protected: Collection[str]) -> Outcome:
    if decision.status == "matched" and decision.best is not None:
        new, changed = source.fill(entry, decision.best.record, protected)
        return Outcome(index, entry.key, "matched", "title", decision.best.total, new, changed,
                       record=decision.best.record)
    best = decision.ranked[0].total if decision.ranked else None
    return Outcome(index, entry.key, decision.status, "title", best, reason=decision.reason,
                   candidates=decision.candidates())
