"""Fixtures of the enrichment tests: the fake arXiv server and fixture records."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
if str(TESTS) not in sys.path:  # importlib mode does not put tests/ on sys.path
    sys.path.insert(0, str(TESTS))

from fakearxiv import FakeArxiv, load_records  # noqa: E402

DELAY = 0.2  # seconds between requests in tests (arXiv's real pace is 3)


@pytest.fixture
def fake_arxiv():
    with FakeArxiv() as server:
        yield server


@pytest.fixture(scope="session")
def fixture_records() -> list[dict]:
    return load_records()


@pytest.fixture
def arxiv_env(fake_arxiv, refkit_home, monkeypatch):
    """REFKIT_ARXIV_URL at the fake server, a short pace, an empty REFKIT_HOME."""
    monkeypatch.setenv("REFKIT_ARXIV_URL", fake_arxiv.url)
    monkeypatch.setenv("REFKIT_ARXIV_DELAY", str(DELAY))
    return fake_arxiv
