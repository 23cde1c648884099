"""Pure scoring of candidates from any source against an entry that has no id, and the decision rule.

A candidate is a ``source.Candidate`` (title, authors, dates, venue, ids), so an arXiv record and
the next sources' records are scored the same way; only the messages name the source.

A wrong match is worse than no match.  So a candidate is accepted only as a *clear winner*:
its title agrees (near-neighbour differences such as ``MiniLM``/``MiniLLM``, ``BEiT``/``BEiT v2``,
"is"/"is not" are never smoothed over by fuzzy similarity), nothing contradicts it (the listed
authors must be the first authors of the candidate, in order), its total score passes a threshold,
and it beats the runner-up by a margin.  Anything else is ``ambiguous`` (plausible candidates,
shown to the user) or ``unmatched``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz

from ..model import Entry, PartialDate, Person
from ..text import PARTICLES, name_words, normalize_title
from .source import Candidate

__all__ = [
    "ACCEPT_TITLE",
    "ACCEPT_TOTAL",
    "MARGIN",
    "Decision",
    "Score",
    "author_agreement",
    "category_agreement",
    "date_agreement",
    "decide",
    "score_candidate",
    "title_similarity",
]

ACCEPT_TOTAL = 0.9
ACCEPT_TITLE = 0.9
MARGIN = 0.08
PLAUSIBLE_TITLE = 0.75
WEIGHTS = {"title": 0.6, "authors": 0.25, "date": 0.1, "category": 0.05}
_NEGATIONS = {"not", "no", "non", "without", "beyond", "un"}


def _head(title: str) -> str:
    """The name before a colon (``"BEiT v2"`` in ``"BEiT v2: Masked …"``) if it is short."""
    head, colon, _ = title.partition(":")
    return normalize_title(head) if colon and len(head.split()) <= 4 else ""


def same_title(a: str, b: str) -> bool:
    """Equal up to case, accents, punctuation and hyphenation (``Pre-training`` / ``Pretraining``)."""
    a, b = normalize_title(a), normalize_title(b)
    return bool(a) and a.replace(" ", "") == b.replace(" ", "")


def _critical(token: str) -> bool:
    return any(c.isdigit() for c in token) or token in _NEGATIONS


def title_similarity(listed: str, candidate: str) -> float:
    """1.0 for the same title up to case and punctuation; capped low when a distinguishing word differs."""
    a, b = normalize_title(listed), normalize_title(candidate)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a.replace(" ", "") == b.replace(" ", ""):
        return 0.98  # "Pre-training" / "Pretraining"
    ratio = fuzz.ratio(a, b) / 100.0
    words_a, words_b = a.split(), b.split()
    differing = set(words_a) ^ set(words_b)
    head_a, head_b = _head(listed), _head(candidate)
    if any(_critical(w) for w in differing) or (head_a and head_b and head_a != head_b):
        return min(ratio, 0.6)  # versions, numbers, negations, different model names: another paper
    if (len(words_a) > len(words_b) and words_a[:len(words_b)] == words_b) or \
            (len(words_b) > len(words_a) and words_b[:len(words_a)] == words_a):
        return min(ratio, 0.8)  # one title extends the other: "... You Need" / "... You Need in Speech ..."
    return ratio


def _same_person(person: Person, name: str) -> bool:
    tokens = name_words(name)
    if not tokens:
        return False
    if person.literal:
        return name_words(person.literal) == tokens
    family = name_words(f"{person.particle} {person.family}")
    plain_family = name_words(person.family)
    if tokens[-len(family):] != family and tokens[-len(plain_family):] != plain_family:
        return False
    given = name_words(person.given)
    rest = [t for t in tokens[: -len(plain_family)] if t not in PARTICLES]
    if not given or not rest:
        return True
    return given[0][0] == rest[0][0]


def author_agreement(listed: Sequence[Person], truncated: bool, candidate: Sequence[str],
                     label: str = "arXiv") -> tuple[float | None, str]:
    """(score, conflict).  The listed authors must be the candidate's first authors, in order."""
    if not listed:
        return None, ""
    for position, person in enumerate(listed):
        if position >= len(candidate) or not _same_person(person, candidate[position]):
            shown = ", ".join(candidate[:len(listed)]) or "no authors"
            return 0.0, f"authors differ (listed {', '.join(p.display() for p in listed)}; {label}: {shown})"
    if len(candidate) == len(listed):
        return (0.9 if truncated else 1.0), ""
    return (1.0 if truncated else 0.8), ""  # an untruncated list shorter than arXiv's is a mild doubt


def _as_date(value: PartialDate) -> date:
    return date(value.year, value.month or 1, value.day or 1)


def date_agreement(listed: PartialDate | None, published: str, updated: str,
                   label: str = "arXiv") -> tuple[float | None, str]:
    """(score, conflict).  Listed dates are the v1 date or a version date; a journal year may come later.
    ``published`` and ``updated``: the candidate's first and latest version, ISO 8601.

    A listed day or month *before* arXiv's v1 is a conflict: nobody lists a paper before it exists.
    """
    if listed is None:
        return None, ""
    first, latest = PartialDate.parse_iso(published), PartialDate.parse_iso(updated)
    if first is None or first.day is None:
        return None, ""
    latest = latest if latest and latest.day else first
    if listed.month is None:
        if listed.year in (first.year, latest.year):
            return 1.0, ""
        return (0.7 if first.year <= listed.year <= latest.year + 1 else 0.0), ""
    if listed.day is None:  # month precision: compare months
        month = (listed.year, listed.month)
        lo, hi = (first.year, first.month), (latest.year, latest.month)
        if month < lo:
            return 0.0, f"listed date {listed.iso()} is before {label} v1 ({first.iso()})"
        return (1.0 if month == lo else 0.9 if month == hi else 0.7 if month < hi else 0.0), ""
    day, lo, hi = _as_date(listed), _as_date(first), _as_date(latest)
    slack = timedelta(days=3)  # time zones and listing sites that post a day or two later
    if day == lo:
        return 1.0, ""
    if day == hi:
        return 0.9, ""
    if lo < day < hi:
        return 0.7, ""
    if lo - slack <= day <= hi + slack:
        return 0.8, ""
    if day < lo:
        return 0.0, f"listed date {listed.iso()} is before {label} v1 ({first.iso()})"
    return 0.0, ""


def category_agreement(primary: str, categories: Sequence[str], record: Candidate) -> float | None:
    if not primary:
        return None
    if primary == record.primary_category:
        return 1.0
    if primary in record.categories or any(c in record.categories for c in categories):
        return 0.7
    return 0.0


@dataclass(frozen=True, slots=True)
class Score:
    record: Candidate
    total: float
    title: float
    authors: float | None = None
    date: float | None = None
    category: float | None = None
    conflict: str = ""

    def summary(self) -> dict:
        year = self.record.first_date[:4]
        first = self.record.authors[0] if self.record.authors else ""
        return {f"{self.record.source}_id": self.record.source_id, "title": self.record.title, "first_author": first, "year": year,
                "score": round(self.total, 3), "title_score": round(self.title, 3),
                **({"conflict": self.conflict} if self.conflict else {})}


def score_candidate(entry: Entry, record: Candidate) -> Score:
    label = record.source_label
    parts = {"title": title_similarity(entry.title, record.title)}
    authors, conflict = author_agreement(entry.author, entry.authors_truncated, record.authors, label)
    parts["authors"] = authors
    parts["date"], date_conflict = date_agreement(entry.issued, record.first_date, record.latest_date, label)
    parts["category"] = category_agreement(entry.primary_category, entry.categories, record)
    present = {k: v for k, v in parts.items() if v is not None}
    total = sum(WEIGHTS[k] * v for k, v in present.items()) / sum(WEIGHTS[k] for k in present)
    return Score(record, total, parts["title"], authors, parts["date"], parts["category"],
                 "; ".join(c for c in (conflict, date_conflict) if c))


@dataclass(slots=True)
class Decision:
    status: str  # matched | ambiguous | unmatched
    best: Score | None = None
    ranked: list[Score] = field(default_factory=list)
    reason: str = ""

    def candidates(self, limit: int = 3) -> list[dict]:
        return [s.summary() for s in self.ranked[:limit] if s.title >= 0.5]


def decide(entry: Entry, records: Sequence[Candidate], label: str = "arXiv") -> Decision:
    """``label`` names the source in the reasons ("no arXiv paper has this title")."""
    unique = {(r.source, r.source_id): r for r in records}
    ranked = sorted((score_candidate(entry, r) for r in unique.values()),
                    key=lambda s: (not s.conflict, s.total), reverse=True)
    if not ranked:
        return Decision("unmatched", None, [], f"no {label} paper has this title")
    best = ranked[0]
    rivals = [s for s in ranked[1:] if not s.conflict]
    runner_up = rivals[0].total if rivals else 0.0
    if best.conflict:
        plausible = best.title >= PLAUSIBLE_TITLE
        return Decision("unmatched", None, ranked, best.conflict if plausible else f"no {label} paper has this title")
    # without authors to corroborate it, only the same title (up to case and punctuation) will do:
    # "Evaluator" / "Evaluators" are two papers as often as one
    if best.authors and best.date is not None and best.date >= 0.7:
        title_ok = best.title >= PLAUSIBLE_TITLE  # same authors, same time: a shortened or retitled listing
    elif best.authors:
        title_ok = best.title >= ACCEPT_TITLE
    else:
        title_ok = same_title(entry.title, best.record.title)
    if title_ok and best.total >= ACCEPT_TOTAL - (1 - best.title) * WEIGHTS["title"] and \
            best.total - runner_up >= MARGIN:
        return Decision("matched", best, ranked)
    if best.title >= PLAUSIBLE_TITLE:
        if best.total - runner_up < MARGIN:
            why = f"several {label} papers fit equally well"
        else:
            why = f"best candidate is not a clear match (score {best.total:.2f}, title {best.title:.2f})"
        return Decision("ambiguous", None, ranked, why)
    if best.authors and best.title >= 0.5:
        return Decision("ambiguous", None, ranked, f"the authors agree but the title differs (title {best.title:.2f})")
    return Decision("unmatched", None, ranked, f"no {label} paper has a close enough title")
