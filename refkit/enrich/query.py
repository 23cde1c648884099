"""Pure construction of arXiv API requests: id_list batches and batched title searches.

Every request must fit the service's request-line limit (about 8 KB, API.md §6.2); we stay well
under it.  Title searches combine several quoted ``ti:"…"`` phrases with ``OR``; each phrase is
the title lower-cased with every non-alphanumeric character turned into a space, which gives the
service the same tokens (API.md §5.1) and keeps quotes, operators and brackets out of the phrase.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlencode

from ..text import strip_tags

__all__ = [
    "MAX_URL_BYTES",
    "batch_clauses",
    "canonical_key",
    "id_batches",
    "id_params",
    "request_url",
    "title_clause",
    "title_phrase",
    "title_search_params",
]

MAX_URL_BYTES = 6000  # under the ~8 KB limit, with room for the host and path
MAX_IDS_PER_BATCH = 100
MAX_PHRASES_PER_BATCH = 25
RESULTS_PER_PHRASE = 8  # room for near-neighbours of each title in one page
_NON_WORD = re.compile(r"[^\w]+|_")
_STOP = {"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
         "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this",
         "to", "was", "will", "with"}


def request_url(base_url: str, params: dict[str, str]) -> str:
    return f"{base_url}?{urlencode(params)}"


def canonical_key(params: dict[str, str]) -> str:
    """A stable text for a request, independent of the parameter order."""
    return urlencode(sorted(params.items()))


def id_params(ids: Sequence[str]) -> dict[str, str]:
    """Exact id strings; ``max_results`` as large as the list (the default 10 truncates silently)."""
    return {"id_list": ",".join(ids), "start": "0", "max_results": str(len(ids))}


def id_batches(ids: Iterable[str], base_url: str, max_ids: int = MAX_IDS_PER_BATCH,
               max_url: int = MAX_URL_BYTES) -> list[list[str]]:
    """Unique ids in order, cut into batches whose request URL fits ``max_url``."""
    batches: list[list[str]] = [[]]
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            continue
        seen.add(ident)
        trial = batches[-1] + [ident]
        if batches[-1] and (len(trial) > max_ids or len(request_url(base_url, id_params(trial))) > max_url):
            batches.append([ident])
        else:
            batches[-1] = trial
    return [b for b in batches if b]


def _plain_words(title: str) -> list[str]:
    text = strip_tags(title).replace("$", " ")  # the service tokenises the title's own characters
    return [w for w in _NON_WORD.split(text.lower()) if w]


def title_phrase(title: str, max_words: int = 16) -> str:
    """``Kosmos-2: Grounding …`` -> ``kosmos 2 grounding …`` (at most ``max_words`` words)."""
    return " ".join(_plain_words(title)[:max_words])


def title_clause(title: str, author_family: str = "", words: int = 16) -> str:
    """``ti:"…"``, optionally ``(ti:"…" AND au:family)`` to narrow a short or common title."""
    phrase = title_phrase(title, words)
    if not phrase:
        return ""
    clause = f'ti:"{phrase}"'
    family = max((w for w in _NON_WORD.split(author_family.lower()) if w), key=len, default="")
    if family:
        clause = f"({clause} AND au:{family})"
    return clause


def title_search_params(clauses: Sequence[str], per_clause: int = RESULTS_PER_PHRASE) -> dict[str, str]:
    # operators associate to the right and have no precedence: parenthesise each clause (API.md §4.2)
    query = " OR ".join(c if c.startswith("(") or len(clauses) == 1 else f"({c})" for c in clauses)
    return {"search_query": query, "start": "0", "max_results": str(max(1, per_clause * len(clauses))),
            "sortBy": "relevance", "sortOrder": "descending"}


def batch_clauses(clauses: Sequence[str], base_url: str, max_phrases: int = MAX_PHRASES_PER_BATCH,
                  max_url: int = MAX_URL_BYTES) -> list[list[str]]:
    """Cut the clauses into OR-batches whose request URL fits ``max_url``."""
    batches: list[list[str]] = [[]]
    for clause in clauses:
        trial = batches[-1] + [clause]
        too_long = len(request_url(base_url, title_search_params(trial))) > max_url
        if batches[-1] and (len(trial) > max_phrases or too_long):
            batches.append([clause])
        else:
            batches[-1] = trial
    return [b for b in batches if b]


def significant_words(title: str) -> list[str]:
    return [w for w in _plain_words(title) if w not in _STOP]
