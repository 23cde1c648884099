"""Fixtures of the enrichment tests: the fake arXiv server, fixture records, a library and a client."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
if str(TESTS) not in sys.path:  # importlib mode does not put tests/ on sys.path
    sys.path.insert(0, str(TESTS))

from fakearxiv import TEST_DELAY, FakeArxiv, load_records

from refkit.enrich import ArxivClient
from refkit.store import Library


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
    monkeypatch.setenv("REFKIT_ARXIV_DELAY", str(TEST_DELAY))
    return fake_arxiv


@pytest.fixture
def lib(refkit_home):
    """An empty library in this test's REFKIT_HOME."""
    with Library.open() as library:
        yield library


@pytest.fixture
def client(fake_arxiv, refkit_home):
    """A client of the fake arXiv, unpaced, caching in this test's REFKIT_HOME."""
    return ArxivClient(fake_arxiv.url, delay=0.0)
