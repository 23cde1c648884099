"""Pure parts of the store: citation keys, match keys, field-richness merging."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refkit.keys import assign_keys, base_key, check_pattern
from refkit.model import Entry, PartialDate, Person
from refkit.store.dedupe import conflicts, match_keys, merge_entries


def _e(title="", family="", year=None, **kw):
    return Entry(
        title=title,
        author=(Person(family, "A"),) if family else (),
        issued=PartialDate(year) if year else None,
        **kw,
    )


@pytest.mark.parametrize(
    "entry, key",
    [
        (_e("Unleashing the Emergent Cognitive Synergy", "Wang", 2023), "wang2023unleashing"),
        (_e("On the Pareto Front of Multilingual NMT", "Chen", 2023), "chen2023pareto"),
        (_e("THE-X: Privacy-Preserving Transformer Inference", "Chen", 2022), "chen2022thex"),
        (_e("Über <i>große</i> Modelle", "Müller-Łukasiewicz", 2021), "mullerlukasiewicz2021uber"),
        (_e("A", "Ng", 2020), "ng2020a"),  # only stop words: the first word still counts
        (_e("No Year Here", "Doe"), "doeno"),
        (Entry(arxiv_id="2307.05300"), "arxiv230705300"),
        (_e("Guidelines", year=2020), "anon2020guidelines"),
        (
            Entry(
                title="Report",
                author=(Person(literal="World Health Organization"),),
                issued=PartialDate(2019),
            ),
            "worldhealthorganization2019report",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_base_key(entry, key):
    assert base_key(entry) == key


def test_key_patterns():
    entry = _e("Learning to Rank in Generative Retrieval", "Li", 2023, arxiv_id="2306.15222")
    assert base_key(entry, "{Author}{year}{title2}") == "Li2023learningrank"
    assert base_key(entry, "{author}:{arxiv}") == "li:230615222"
    assert check_pattern("{author}{yaer}") == ["yaer"]


def test_assign_keys_is_independent_of_member_order():
    members = [("doi:10.1/c", 3), ("arxiv:2301.00001", 1), ("title:abc", 2)]
    results = {
        tuple(sorted(assign_keys("li2023learning", perm, set()).items()))
        for perm in itertools.permutations(members)
    }
    assert results == {((1, "li2023learning"), (2, "li2023learningb"), (3, "li2023learninga"))}


def test_assign_keys_skips_taken_keys():
    assert assign_keys("k", [("b", 2), ("a", 1)], {"k", "ka"}) == {1: "kb", 2: "kc"}


def test_match_keys_find_arxiv_ids_where_scholar_puts_them():
    assert match_keys(_e(container_title="arXiv preprint arXiv:2307.05300")).arxiv_id == "2307.05300"
    assert match_keys(_e(extra=(("eprint", "2307.05300v2"),))).arxiv_id == "2307.05300"
    assert match_keys(_e(doi="10.48550/arxiv.2307.05300")).arxiv_id == "2307.05300"
    assert match_keys(_e(doi="10.48550/arxiv.2307.05300")).doi is None
    assert match_keys(_e("Just a title")).title_key is None  # a title alone is too weak


def test_conflicts():
    a = match_keys(_e("Same", "Wang", 2022, arxiv_id="2203.00555"))
    assert conflicts(a, match_keys(_e("Same", "Wang", 2022, arxiv_id="2310.11453")))
    assert not conflicts(a, match_keys(_e("Same", "Wang", 2022)))


def test_merge_keeps_richer_fields_and_protected_ones():
    listing = _e("Title", "Wang", abstract="long abstract", authors_truncated=True).replace(
        issued=PartialDate(2023, 7, 11)
    )
    scholar = Entry(
        title="Title",
        author=(Person("Wang", "Zhenhailong"), Person("Mao", "S")),
        issued=PartialDate(2023),
        container_title="arXiv preprint",
    )
    merged = merge_entries(listing, scholar)
    assert merged.issued == PartialDate(2023, 7, 11) and merged.abstract == "long abstract"
    assert len(merged.author) == 2 and not merged.authors_truncated
    assert merge_entries(listing, scholar, frozenset({"author"})).author == listing.author


people = st.lists(
    st.builds(
        Person, family=st.sampled_from(["Wang", "Li", "Dong"]), given=st.sampled_from(["", "L.", "Liang"])
    ),
    max_size=3,
).map(tuple)
dates = st.one_of(
    st.none(),
    st.builds(PartialDate, st.integers(2019, 2024), st.none()),
    st.builds(PartialDate, st.integers(2019, 2024), st.integers(1, 12), st.integers(1, 28)),
)
entries = st.builds(
    Entry,
    title=st.sampled_from(["", "Title", "TITLE", "A longer title"]),
    author=people,
    authors_truncated=st.booleans(),
    issued=dates,
    doi=st.sampled_from(["", "10.1/x", "10.48550/arxiv.1"]),
    abstract=st.sampled_from(["", "abc", "abcdef"]),
    arxiv_version=st.sampled_from([None, 1, 3]),
    type=st.sampled_from(["article", "paper-conference"]),
)


@settings(max_examples=300, deadline=None)
@given(entries, entries, entries)
def test_merging_does_not_depend_on_order(a, b, c):
    results = {
        merge_entries(merge_entries(x, y), z).replace(extra=(), listing=())
        for x, y, z in itertools.permutations((a, b, c))
    }
    assert len(results) == 1
