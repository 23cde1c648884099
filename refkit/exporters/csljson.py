"""CSL-JSON writer: a JSON array of CSL items (valid against csl-data.json), one per entry."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from ..mapping.csl import to_csl
from ..model import Annotations, Entry
from ..normalize import resolve_crossrefs
from . import unique_keys

__all__ = ["CSLJSON", "CsljsonExporter", "dumps_csljson"]


def dumps_csljson(entries: Iterable[Entry]) -> str:
    entries = resolve_crossrefs(list(entries))
    items = []
    for entry, key in zip(entries, unique_keys(entries)):
        item = to_csl(entry)
        item["id"] = key
        items.append(item)
    if not items:
        return "[]\n"
    # one item per line: readable in a diff, and json's C encoder (indent= falls back to pure Python)
    return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n"


class CsljsonExporter:
    name = "csljson"
    suffix = ".json"
    writes_bibtex_keys = True  # ids from ``written_keys`` (a .json is often cited through pandoc/BibTeX keys)

    def dumps(self, entries: Iterable[Entry], annotations: Mapping[str, Annotations] | None = None) -> str:
        return dumps_csljson(entries)


CSLJSON = CsljsonExporter()
