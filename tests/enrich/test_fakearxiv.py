"""The fake arXiv answers as API.md says the real one does (checked against the recorded samples)."""
from __future__ import annotations

import base64
import hashlib
import re

import pytest
import requests

from refkit.enrich.atom import parse_feed


def get(server, **params):
    reply = requests.get(server.url, params=params, timeout=10)
    return reply.status_code, reply.text


def test_entry_shape_matches_a_recorded_current_response(fake_arxiv, shared):
    _, body = get(fake_arxiv, id_list="1706.03762", max_results="1")
    sample = (shared / "arxiv/samples/current_2026_id_list_quant-ph_0201082v1.xml").read_text(encoding="utf-8")
    tags = lambda text: re.findall(r"<(/?[\w:]+)", text)
    entry_tags = lambda text: tags(text[text.index("<entry>"):text.index("</entry>")])
    assert tags(body)[:9] == tags(sample)[:9]  # feed header in the same order
    # same element order inside <entry>, leaving out what only one of the two papers has
    skip = ("name", "/name", "author", "/author", "category", "arxiv:comment", "/arxiv:comment")
    ours = [t for t in entry_tags(body) if t not in skip]
    theirs = [t for t in entry_tags(sample) if t not in skip]
    assert ours == theirs


def test_feed_id_is_the_hash_of_the_canonical_query(fake_arxiv):
    _, body = get(fake_arxiv, id_list="1706.03762", max_results="1")
    canonical = "search_query=&id_list=1706.03762&start=0&max_results=1"
    digest = base64.b64encode(hashlib.sha1(canonical.encode()).digest()).decode()[:-1]
    assert f"<id>https://arxiv.org/api/{digest}</id>" in body
    assert f"<title>arXiv Query: {canonical.replace('&', '&amp;')}</title>" in body


@pytest.mark.parametrize("params,status,message", [
    ({"id_list": "abc"}, 400, "incorrect id format for abc"),
    ({"id_list": "2104.12255,"}, 400, "incorrect id format for"),
    ({"id_list": "1706.03762", "max_results": "x"}, 400, "max_results must be an integer"),
    ({"id_list": "1706.03762", "max_results": "-1"}, 400, "max_results must be non-negative"),
    ({"id_list": "1706.03762", "max_results": "0"}, 500, "internal error"),
    ({"id_list": "1706.03762", "sortBy": "date"}, 400, "sortBy must be in"),
    ({"search_query": "ti:(x"}, 400, "Invalid query string"),
    ({}, 400, "Either a search_query or id_list must be specified"),
], ids=["bad-id", "empty-element", "max-not-int", "max-negative", "max-zero", "bad-sort", "bad-query", "nothing"])
def test_errors(fake_arxiv, params, status, message):
    code, body = get(fake_arxiv, **params)
    feed = parse_feed(body)
    assert code == status and message in feed.error and feed.records == []


def test_ids_are_exact_strings(fake_arxiv):
    for ident in ("arXiv:1706.03762", "1706.03762 ", "1706.03762v07", "1706.03762v8"):
        assert parse_feed(get(fake_arxiv, id_list=ident)[1]).records == [], ident
    (rec,) = parse_feed(get(fake_arxiv, id_list="1706.03762v3")[1]).records
    assert rec.version == 3


def test_default_max_results_truncates_a_long_id_list(fake_arxiv, fixture_records):
    ids = ",".join(r["id"] for r in fixture_records[:15])
    feed = parse_feed(get(fake_arxiv, id_list=ids)[1])
    assert feed.total == 15 and len(feed.records) == 10


@pytest.mark.parametrize("query,expected", [
    ('ti:"attention is all you need"', {"1706.03762", "2010.13154", "2103.03404"}),
    ('ti:"attention is all you need" ANDNOT ti:speech', {"1706.03762", "2103.03404"}),
    ('au:Vaswani AND ti:attention', {"1706.03762"}),
    ('au:"Noam Shazeer"', {"1706.03762"}),
    ('ti:"beit v2" OR ti:"scalable diffusion"', {"2208.06366", "2212.09748"}),
    ('ti:minilm', {"2002.10957"}),
    ('cat:eess.* AND ti:audio', {"2212.09058", "2211.11275", "2308.12770"}),
], ids=["phrase", "andnot", "and", "quoted-author", "or", "word", "category-wildcard"])
def test_search_semantics(fake_arxiv, query, expected):
    feed = parse_feed(get(fake_arxiv, search_query=query, max_results="50")[1])
    assert {r.id for r in feed.records} == expected


def test_no_precedence_right_association(fake_arxiv):
    # a AND b OR c == a AND (b OR c)
    feed = parse_feed(get(fake_arxiv, search_query="au:Vaswani AND ti:nothingatall OR ti:attention",
                          max_results="50")[1])
    assert {r.id for r in feed.records} == {"1706.03762"}


def test_request_line_over_8k_is_414(fake_arxiv):
    assert get(fake_arxiv, id_list=",".join(["2301.00001"] * 800))[0] == 414
