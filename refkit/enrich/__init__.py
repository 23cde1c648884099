"""Enrichment from arXiv (and, through ``Source``, other services): complete entries (authors, ids, dates, categories, abstracts, links).

    from refkit.enrich import ArxivClient, enrich_entries, enrich_library

    client = ArxivClient()                        # REFKIT_ARXIV_URL, REFKIT_ARXIV_DELAY (default 3 s)
    outcomes = enrich_entries(entries, client)    # pure Entry in, Outcome out (no library)
    report = enrich_library(lib, project=None, keys=None, offline=False, refresh=False, dry_run=False)

Modules: ``source`` (what any source provides: the ``Source`` and ``Candidate`` protocols, typed
per-id failures), ``arxiv_client`` (the arXiv source: requests, batching, cache), ``atom`` (feed
parsing), ``query`` (request building within URL limits), ``matching`` (pure scoring of any
candidate and the decision rule), ``fill`` (what an arXiv match changes in an entry), ``entries``
(``enrich_entries``: ids, titles, decisions, filling), ``library`` (``enrich_library``).
A new source (DBLP, Crossref, an offline .bib) is one module providing ``Source``.
"""
from .arxiv_client import ArxivClient
from .entries import Outcome, enrich_entries
from .library import EnrichReport, enrich_library
from .source import Candidate, Failure, NotCached, Source, TitleQuery

__all__ = ["ArxivClient", "Candidate", "EnrichReport", "Failure", "NotCached", "Outcome", "Source", "TitleQuery",
           "enrich_entries", "enrich_library"]
