"""Rendering bibliography entries on several cores.

After sorting, each entry's rendering is independent, and citeproc-py spends about 1 ms of pure
Python on each: with 2 free cores, a forked worker renders half of a large bibliography while
this process renders the other half (the style and the entries are inherited, not pickled; only
the finished strings come back). Below ``MIN_PER_WORKER`` entries per worker, where ``fork`` is
not available, when the load average says no core is idle, or with ``REFKIT_RENDER_WORKERS=1``,
everything runs here; ``REFKIT_RENDER_WORKERS=N`` forces N.
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
    if configured.isdigit() and int(configured) >= 1:
        limit = int(configured)
    else:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        # only idle cores help: on a machine already busy, a second process just takes turns
        busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        limit = max(1, int(cores - busy + 0.5))
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(limit, count // MIN_PER_WORKER))
