"""Enrichment from arXiv: complete entries (authors, ids, dates, categories, abstracts, links).

    from refkit.enrich import ArxivClient, enrich_entries, enrich_library

    client = ArxivClient()                        # REFKIT_ARXIV_URL, REFKIT_ARXIV_DELAY (default 3 s)
    outcomes = enrich_entries(entries, client)    # pure Entry in, Outcome out (no library)
    report = enrich_library(lib, project=None, keys=None, offline=False, refresh=False, dry_run=False)

Modules: ``arxiv_client`` (requests, batching, cache), ``atom`` (feed parsing), ``query`` (request
building within URL limits), ``matching`` (pure scoring and the decision rule), ``fill`` (what a
match changes in an entry), ``entries`` (``enrich_entries``), ``library`` (``enrich_library``).
"""
from .arxiv_client import ArxivClient
from .entries import Outcome, enrich_entries
from .library import EnrichReport, enrich_library

__all__ = ["ArxivClient", "EnrichReport", "Outcome", "enrich_entries", "enrich_library"]
