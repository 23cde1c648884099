"""Golden-file tests: each input in golden/ read through refkit.importers.read_text.

Files named after a reader (``ids-*.txt``) are read with that format forced, which is what
``--format`` does; every other file goes through auto-detection, and the chosen reader is part of
the expected output.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from refkit.importers import read_text

_spec = importlib.util.spec_from_file_location("golden_io", Path(__file__).with_name("golden_io.py"))
golden_io = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden_io)

READERS = ("listing", "ids", "markdown", "titles")
# only this area's files: other readers may keep their own golden files in the same folder
INPUTS = sorted(p for p in golden_io.GOLDEN.iterdir()
                if p.suffix != ".json" and p.name.split("-", 1)[0].split(".")[0] in READERS + ("mixed",))


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_golden(path):
    prefix = path.name.split("-", 1)[0]
    fmt = prefix if prefix in READERS and "-" in path.name else None
    result = read_text(path.read_text(encoding="utf-8"), f"golden/{path.name}", fmt)
    golden_io.check_golden(path.name, result)


def test_every_reader_has_a_golden_file():
    assert {p.name.split("-", 1)[0] for p in INPUTS} >= set(READERS)


def test_golden_seed_list():
    # the whole sample list, abstracts included: pins the LaTeX decoding and URL finding of all 50
    seed = Path(__file__).resolve().parents[2] / "seeds" / "msr-reading-list.txt"
    result = read_text(seed.read_text(encoding="utf-8"), "seeds/msr-reading-list.txt")
    golden_io.check_golden("listing-msr-seed", result)
