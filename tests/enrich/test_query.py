"""Properties of the request building: any title gives a valid query that finds its own paper."""
from __future__ import annotations

from fakearxiv.search import parse, score
from hypothesis import given, settings
from hypothesis import strategies as st

from refkit.enrich.matching import title_similarity
from refkit.enrich.query import title_clause, title_phrase, title_search_params
from refkit.text import normalize_title

titles = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120)


@settings(max_examples=150, deadline=None)
@given(titles, st.text(alphabet="abcdefghij -", max_size=12))
def test_any_title_gives_a_query_the_service_can_parse(title, family):
    clause = title_clause(title, family)
    if clause:
        _, shown = parse(title_search_params([clause, 'ti:"x"'])["search_query"])
        assert shown


@settings(max_examples=150, deadline=None)
@given(titles)
def test_a_title_phrase_finds_its_own_paper(title):
    clause = title_clause(title)
    if clause and any(w for w in title_phrase(title).split() if len(w) > 2):
        tree, _ = parse(clause)
        paper = {"title": title, "authors": [], "categories": [], "published": "", "id": "", "version": 1}
        assert score(paper, tree) > 0 or not any(c.isalnum() for c in title)


@settings(max_examples=150, deadline=None)
@given(titles)
def test_normalising_twice_changes_nothing_and_a_title_equals_itself(title):
    once = normalize_title(title)
    assert normalize_title(once) == once
    if once:
        assert title_similarity(title, title) == 1.0
