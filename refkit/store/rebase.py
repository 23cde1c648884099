"""Replaying one job's change onto an entry that moved on meanwhile (pure; a three-way merge).

A long-running command (enrich, a published-version upgrade) computes ``computed`` from ``base``,
the entry as it read it. By the time it writes, the row holds ``current``: a concurrent ``add``
merged a venue in, the user edited a field. ``rebase_entry`` replays the job's change onto ``current``:

* a field the job left alone keeps its current value;
* a field only the job changed takes the job's value;
* a field both changed is settled by ``merge_entries``, the rule ``add`` merges by
  (``extra`` and ``listing`` name by name: the job's new names join, a name both set keeps the current value);
* fields in ``protected`` (edited by hand) keep their current value.

With nothing changed meanwhile (``current == base``) the result is ``computed`` minus the protected fields.
"""

from __future__ import annotations

from collections.abc import Collection

from ..model import FIELD_NAMES, Entry
from .dedupe import merge_entries

__all__ = ["rebase_entry"]

_NOT_DATA = ("key", "source")  # the row's key and provenance are the store's business
_PAIRS = ("extra", "listing")
_AUTHORS = {"author", "authors_truncated"}  # one value: a list and whether it was cut short


def rebase_entry(base: Entry, computed: Entry, current: Entry, protected: Collection[str] = ()) -> Entry:
    """``current`` with the change ``base`` -> ``computed`` applied; ``protected`` fields stay as they are."""
    guarded = set(protected) | (_AUTHORS if "author" in protected else set())
    job = {
        n
        for n in FIELD_NAMES
        if n not in _NOT_DATA and n not in guarded and getattr(computed, n) != getattr(base, n)
    }
    contested = {n for n in job if getattr(current, n) != getattr(base, n)}
    if contested & _AUTHORS:
        contested |= _AUTHORS & job
    clean = {n: getattr(computed, n) for n in job - contested}
    for name in contested & set(_PAIRS):
        clean[name] = _rebase_pairs(getattr(base, name), getattr(computed, name), getattr(current, name))
    rebased = current.replace(**clean) if clean else current
    settle = contested - set(_PAIRS)
    if not settle:
        return rebased
    # merge_entries compares only the fields it is not told to keep: exactly the contested ones
    return merge_entries(rebased, computed, frozenset(FIELD_NAMES) - settle)


def _rebase_pairs(base: tuple, computed: tuple, current: tuple) -> tuple:
    """The same replay for ``(name, value)`` pairs, one name at a time."""
    before, after, now = dict(base), dict(computed), dict(current)
    take = {n: v for n, v in after.items() if before.get(n) != v and now.get(n) == before.get(n)}
    dropped = {n for n in before if n not in after and now.get(n) == before[n]}
    kept = tuple((n, take.get(n, v)) for n, v in current if n not in dropped)
    return kept + tuple((n, v) for n, v in take.items() if n not in now)
