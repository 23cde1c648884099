"""Hostile arXiv responses: entity bombs, external entities, HTML, cut-short and binary bodies.

The Atom parser must answer every one with a usable ``Feed`` or an ``ArxivFeedError`` (a RefkitError the
CLI turns into a message), never expand an entity, never read a local file.
"""
from __future__ import annotations

import random

import pytest

from refkit.enrich.atom import Feed, parse_feed
from refkit.errors import ArxivFeedError

URL = "http://127.0.0.1:1/api/query?id_list=2104.12255"

FEED_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
             'xmlns:arxiv="http://arxiv.org/schemas/atom">\n')
ENTRY = ("<entry><id>http://arxiv.org/abs/2104.12255v1</id><title>{title}</title>"
         "<summary>s</summary><author><name>A. Author</name></author>"
         '<arxiv:primary_category term="cs.CR"/></entry>\n')
GOOD = FEED_HEAD + ENTRY.format(title="Zero") + "</feed>\n"

BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE feed [\n<!ENTITY lol "lol">\n'
                  + "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">\n'
                            for i in range(1, 10))
                  + ']>\n' + GOOD.split("\n", 1)[1].replace("<title>Zero", "<title>&lol9;"))
XXE = ('<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       + GOOD.split("\n", 1)[1].replace("<title>Zero", "<title>&xxe;"))
XXE_PARAMETER = ('<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY % ext SYSTEM "http://127.0.0.1:1/evil.dtd"> '
                 "%ext;]>\n" + GOOD.split("\n", 1)[1])
HTML = ("<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head><body><h1>Service "
        "Unavailable</h1><p>Please retry later.</p></body></html>\n")
HTML_XHTML = '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Rate limited</p></body></html>'
DEEP = "<feed>" + "<a>" * 50_000 + "</a>" * 50_000 + "</feed>"

HOSTILE = {
    "billion-laughs": BILLION_LAUGHS,
    "external-entity": XXE,
    "external-parameter-entity": XXE_PARAMETER,
    "html-page": HTML,
    "xhtml-page": HTML_XHTML,
    "atom-cut-short": GOOD[: len(GOOD) // 2],
    "atom-cut-in-entry": GOOD[: GOOD.index("<summary>") + 4],
    "empty-body": "",
    "whitespace-body": " \n ",
    "json-body": '{"error": "rate limited"}',
    "random-text": "".join(chr(random.Random(5).randrange(32, 0x2FFF)) for _ in range(5000)),
    "nul-in-feed": GOOD.replace("Zero", "Ze\x00ro"),
    "deep-nesting": DEEP,
    "wrong-namespace": GOOD.replace("http://www.w3.org/2005/Atom", "http://example.com/not-atom"),
}


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
        parse_feed(bytes(random.Random(6).randrange(256) for _ in range(4096)), URL)
