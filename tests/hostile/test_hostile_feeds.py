"""Hostile arXiv responses: entity bombs, external entities, HTML, cut-short and binary bodies.

The Atom parser must answer every one with a usable ``Feed`` or an ``ArxivFeedError`` (a RefkitError the
CLI turns into a message), never expand an entity, never read a local file.
"""
from __future__ import annotations

import hostile_corpus as corpus
import pytest

from refkit.enrich.atom import Feed, parse_feed
from refkit.errors import ArxivFeedError

URL = "http://127.0.0.1:1/api/query?id_list=2104.12255"

GOOD, HOSTILE = corpus.GOOD_FEED, corpus.FEEDS


def test_the_good_feed_parses():
    # control: the template the hostile cases are cut from is itself a valid feed
    feed = parse_feed(GOOD, URL)
    assert [r.id for r in feed.records] == ["2104.12255"]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_feed_is_refused_cleanly(name):
    try:
        feed = parse_feed(HOSTILE[name], URL)
    except ArxivFeedError as exc:
        message = str(exc)
        assert URL in message
        assert "root:" not in message and "lollol" not in message
        return
    # a parser may accept a body as an (empty) feed, but must not have invented a paper from it
    assert isinstance(feed, Feed)
    assert not feed.records, f"{name} produced records: {feed.records}"


@pytest.mark.parametrize("name", ["billion-laughs", "external-entity", "external-parameter-entity"])
def test_entities_are_refused_not_expanded(name):
    with pytest.raises(ArxivFeedError):
        parse_feed(HOSTILE[name], URL)


def test_bytes_that_are_not_text():
    with pytest.raises(ArxivFeedError):
        parse_feed(corpus.BY_NAME['random-bytes'].data()[:4096], URL)
