"""refkit's library: entries, tags, projects, reading status and notes (today in one SQLite file).

Layers, top to bottom; each imports only from those below it:

- ``library``: the ``Library`` facade (the API below); no SQL, no configuration (callers pass
  ``key_pattern``; the CLI reads it from config.toml in ``refkit.cli.opening``).
- ``ingest`` (``Writer``: match, merge, settle keys inside one write), ``snapshot`` (long-running
  jobs), ``listing`` / ``reading`` (rows to lines, JSON text, ``Record``): logic over ``Storage``.
- pure rules: ``dedupe`` (same paper? what a merge keeps), ``keys`` (key patterns, ``assign_keys``),
  ``rebase`` (three-way replay), ``columns`` (what a row stores beside the JSON), ``codec``, ``text``.
- ``storage``: the ``Storage`` protocol; ``sqlite/``: its SQLite implementation, the only SQL.

API (what other parts of refkit call)::

    from refkit.store import Library, Record, AddSummary, record_to_json

    with Library.open(path, key_pattern=pattern) as lib:   # path default: refkit.paths.library_path()
        summary = lib.add(entries, projects=["thesis"], tags=["llm"],   # one transaction
                          entry_tags=lambda entry: [...])   # tags of one entry (CLI: its Markdown heading)
        summary.added, summary.merged, summary.unchanged, summary.keys, summary.renamed
        records = lib.select(project=None, tag=None, status=None, query=None, keys=None)
        lines = lib.listing(project=None, tag=None, status=None, query=None)   # what `refkit list` shows
        text = lib.select_json_text(...)          # `refkit list --json`, no Entry decoding
        record = lib.get("wang2023unleashing")    # EntryNotFound (with near matches) if absent
        lib.apply_enrichment([(key, enriched_entry_or_None, {"status": "matched", "method": "id",
                              "score": 1.0, ...})], source="arxiv")   # one transaction
        snap = lib.snapshot(project=None, keys=None)   # a long-running job reads this, works unlocked,
        applied = lib.apply_updates([snap.update(record, new_entry, status_dict)], source="arxiv")
        # ... and its results merge into the rows as they are at commit time (refkit.store.snapshot)
        lib.mark_keys_frozen(keys)                # exported / cited keys never change again
        lib.tag(keys, tags); lib.untag(keys, tags)
        lib.add_to_project(keys, project); lib.remove_from_project(keys, project)
        lib.set_status(keys, "read"); lib.add_note(key, text); lib.remove(keys)
        lib.rename_key(old, new); lib.edit(key, title="...")   # user edits survive merges

``Record``: ``rowid``, ``key``, ``entry`` (``Entry`` with ``entry.key == key``), ``annotations``
(``Annotations``), ``enrichment`` (dict: ``status`` matched | ambiguous | unmatched | failed |
not-tried, ``method`` id | title | None, ``score``, plus any detail), ``user_edited`` (frozenset of
field names), ``sources`` (list of ``Source``), ``provenance`` (field -> "arxiv", "user", ...),
``key_frozen``, ``key_origin`` (generated | imported | user), ``aliases`` (former keys).

``record_to_json(record)`` is the ``refkit list --json`` object; ``select_json_text`` writes the
same objects as ``json.dumps(..., ensure_ascii=False, indent=2)`` does, straight from the stored
JSON (``refkit.store.listing``), and ``listing`` reads only what a listing line shows: both are
several times faster than full records on broad queries.

Identity: entries merge when they share an arXiv id (no version; arXiv's DOI counts), a DOI, or
title + first author + year, unless strong ids contradict (``refkit.store.dedupe``). Keys:
``refkit.keys``; generated keys are settled order-independently, imported keys are kept,
frozen and user keys never move, and a merged-away key stays resolvable by ``get`` as an alias.
"""

from .library import Library
from .records import STATUSES, AddSummary, Record, record_to_json

__all__ = ["STATUSES", "AddSummary", "Library", "Record", "record_to_json"]
