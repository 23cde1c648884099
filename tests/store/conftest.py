"""Entries of the 50 seed papers in the shapes they arrive in: arXiv metadata, an arXiv URL, Google
Scholar BibTeX, and the pasted reading list itself (read by the real listing reader)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from refkit.model import Entry, PartialDate, Person, Source

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent


def _person(name: str) -> Person:
    given, _, family = name.rpartition(" ")
    return Person(family=family, given=given)


def _first_word(title: str) -> str:
    return "".join(ch for ch in title.split()[0].lower() if ch.isalnum())


def arxiv_shape(r: dict) -> Entry:
    """What the arXiv API says about the paper."""
    return Entry(
        type="article",
        title=r["title"],
        author=tuple(_person(a["name"]) for a in r["authors"]),
        issued=PartialDate.parse_iso(r["published"]),
        arxiv_id=r["id"],
        arxiv_version=r["version"],
        primary_category=r["primary_category"],
        categories=tuple(r["categories"]),
        abstract=r["summary"],
        url=f"https://arxiv.org/abs/{r['id']}v{r['version']}",
        source=Source("arxiv-api", 0, "arxiv"),
    )


def url_shape(r: dict, line: int = 1) -> Entry:
    """An arXiv URL pasted on its own: nothing but the id."""
    return Entry(
        arxiv_id=r["id"],
        arxiv_version=r["version"],
        url=f"https://arxiv.org/abs/{r['id']}v{r['version']}",
        source=Source("urls.txt", line, "ids"),
    )


def scholar_shape(r: dict, line: int = 1) -> Entry:
    """Google Scholar's BibTeX: its own key, the year only, the arXiv id inside ``journal``."""
    authors = tuple(_person(a["name"]) for a in r["authors"])
    year = int(r["published"][:4])
    return Entry(
        type="article-journal",
        key=f"{authors[0].family.lower()}{year}{_first_word(r['title'])}",
        title=r["title"],
        author=authors,
        issued=PartialDate(year),
        container_title=f"arXiv preprint arXiv:{r['id']}",
        source=Source("scholar.bib", line, "bibtex"),
    )


@pytest.fixture(scope="session")
def shape():
    """The shape builders (fixtures, since test modules cannot import conftest under importlib mode)."""
    return SimpleNamespace(arxiv=arxiv_shape, url=url_shape, scholar=scholar_shape)


@pytest.fixture(scope="session")
def seed_corpus() -> list[dict]:
    return json.loads((TESTS / "fixtures" / "arxiv-seed-corpus.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_list_entries() -> list[Entry]:
    """The real reading list, read by the real listing reader."""
    from refkit.importers import read_text

    path = ROOT / "seeds" / "msr-reading-list.txt"
    result = read_text(path.read_text(encoding="utf-8"), str(path), "listing") if _has_listing() else None
    if result is None:
        from refkit.importers.listing import parse_listing  # registered entry point not there yet

        result = parse_listing(path.read_text(encoding="utf-8"), str(path))
    assert not result.errors
    return result.entries


def _has_listing() -> bool:
    from refkit import plugins

    return "listing" in plugins.names(plugins.IMPORTERS)


@pytest.fixture
def library(tmp_path):
    from refkit.store import Library

    with Library.open(tmp_path / "library.sqlite", key_pattern="{author}{year}{title}") as lib:
        yield lib
