"""Fixtures every test area shares."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REFKIT_SHARED", ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"
SEED_LIST = ROOT / "seeds" / "msr-reading-list.txt"


@pytest.fixture
def refkit_home(tmp_path, monkeypatch) -> Path:
    """An empty REFKIT_HOME: library, cache and config of this test only."""
    home = tmp_path / "refkit-home"
    monkeypatch.setenv("REFKIT_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED
