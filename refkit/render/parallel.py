"""Rendering bibliography entries on several processes -- opt-in, because measured it did not pay.

After sorting, each entry's rendering is independent, so ``REFKIT_RENDER_WORKERS=N`` forks N-1
workers that render shares of the list while this process renders the first (the style and the
entries are inherited, only the finished strings come back). On this project's 2-core machine it
was *slower* (10,000 APA entries: 12.1 s on one process, 14.4 s on two): the forked child touches
every inherited object (reference counts), copying most of the heap, and the second core was
rarely idle. So by default everything runs here; benchmarks/render_bib.py measures both.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from itertools import pairwise

MIN_PER_WORKER = 300
_JOB: tuple | None = None  # (render_one, cites) for the forked workers to find


def render_all(render_one: Callable, cites: list) -> list:
    """``[render_one(cite) for cite in cites]``, split over the available cores when worth it."""
    workers = _workers(len(cites))
    if workers <= 1:
        return [render_one(cite) for cite in cites]
    global _JOB
    _JOB = (render_one, cites)
    bounds = [len(cites) * i // workers for i in range(workers + 1)]
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers - 1) as pool:
            pending = pool.map_async(_render_range, list(pairwise(bounds[1:])))
            mine = _render_range((bounds[0], bounds[1]))  # this process takes the first share
            others = pending.get()
    finally:
        _JOB = None
    return mine + [result for part in others for result in part]


def _render_range(span: tuple[int, int]) -> list:
    render_one, cites = _JOB
    return [render_one(cites[i]) for i in range(*span)]


def _workers(count: int) -> int:
    configured = os.environ.get("REFKIT_RENDER_WORKERS", "").strip()
    if not configured.isdigit() or int(configured) <= 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(int(configured), count // MIN_PER_WORKER))
