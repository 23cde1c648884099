"""Golden files for the reading-list readers: input next to the expected records as CSL-ish JSON.

Set REFKIT_UPDATE_GOLDEN=1 to rewrite the expected files from the current readers (then read the
diff before committing it).
"""
from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from refkit.diagnostics import ReadResult
from refkit.model import Entry, PartialDate, Person, Source

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("REFKIT_UPDATE_GOLDEN") == "1"


def _value(value):
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, Person):
        return {k: v for k, v in dataclasses.asdict(value).items() if v}
    if isinstance(value, Source):
        return f"{value.where()} ({value.reader})"
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    return value


def entry_to_json(entry: Entry) -> dict:
    """Every non-empty field, in model order; listing pairs as an object."""
    out = {}
    for f in dataclasses.fields(Entry):
        value = getattr(entry, f.name)
        if value in ("", (), None, False) and f.name != "type":
            continue
        out[f.name] = dict(value) if f.name == "listing" else _value(value)
    return out


def result_to_json(result: ReadResult) -> dict:
    return {
        "reader": result.reader,
        "entries": [entry_to_json(e) for e in result.entries],
        "diagnostics": [f"{d.severity}: {d.code}: {d}" for d in result.diagnostics],
    }


def check_golden(name: str, result: ReadResult) -> None:
    expected_path = GOLDEN / f"{name}.json"
    actual = result_to_json(result)
    if UPDATE or not expected_path.exists():
        expected_path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not UPDATE:
            raise AssertionError(f"{expected_path.name} did not exist; written -- review it and rerun")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual == expected
