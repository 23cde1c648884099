"""A title key is weak evidence: a journal's recurring column ("Editorial comments", "From the
President") has one title, author and year in every issue. Different volume, number, first page or
venue, or two keys in one file, keep two records with one title key apart; strong ids still merge."""

from __future__ import annotations

import pytest

from refkit.model import Entry, PartialDate, Person, Source
from refkit.store.dedupe import cited_apart, is_preprint, normalize_pages, title_match_conflict
from refkit.store.records import Merge


def _column(key="", file="tugboat.bib", line=1, **fields):
    """Barbara Beeton's "Editorial comments" of 1988, as one issue of TUGboat prints it."""
    return Entry(
        type="article-journal",
        key=key,
        title="Editorial comments",
        author=(Person("Beeton", "Barbara"),),
        issued=PartialDate(1988),
        container_title=fields.pop("container_title", "TUGboat"),
        source=Source(file, line, "bibtex"),
        **fields,
    )


# --- the pure vetoes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page, normal",
    [("12--15", "12-15"), ("12 – 15", "12-15"), ("pp. 12-15", "12-15"), ("121", "121"), ("e1234", "e1234")],
)
def test_normalize_pages(page, normal):
    assert normalize_pages(page) == normal


@pytest.mark.parametrize(
    "mine, theirs, reason",
    [
        ({"volume": "9"}, {"volume": "10"}, "different volume: '9' and '10'"),
        ({"issue": "2"}, {"issue": "3"}, "different number: '2' and '3'"),
        ({"number": "TR-1"}, {"number": "TR-2"}, "different number: 'TR-1' and 'TR-2'"),
        ({"page": "121--121"}, {"page": "200-201"}, "different pages: '121--121' and '200-201'"),
        (
            {"container_title": "TUGboat"},
            {"container_title": "Cahiers GUTenberg"},
            "different venue: 'TUGboat' and 'Cahiers GUTenberg'",
        ),
    ],
    ids=["volume", "issue", "report number", "first page", "venue"],
)
def test_a_conflicting_field_vetoes(mine, theirs, reason):
    assert title_match_conflict(_column(**mine), _column(**theirs)) == reason


@pytest.mark.parametrize(
    "mine, theirs",
    [
        ({"page": "12--15"}, {"page": "12-15"}),
        ({"page": "12–15"}, {"page": "12"}),  # only the first page given
        ({"volume": "09", "issue": "2"}, {"volume": "9", "issue": "2"}),
        ({"container_title": "TUGboat"}, {"container_title": "  tugboat "}),
        ({"container_title": "ACL"}, {"container_title": "Proceedings of ACL 2023"}),
        ({"volume": "9", "page": "121"}, {}),  # absent on one side is no conflict
        ({"container_title": "arXiv preprint arXiv:2307.05300"}, {"container_title": "ACL", "page": "1-9"}),
        (
            {"container_title": "CoRR", "volume": "abs/2307.05300"},
            {"container_title": "TACL", "volume": "11"},
        ),
    ],
    ids=[
        "dash styles",
        "first page only",
        "padded volume",
        "venue case and spaces",
        "venue abbreviated",
        "absent on one side",
        "arXiv preprint and its conference",
        "CoRR and its journal",
    ],
)
def test_no_conflict(mine, theirs):
    assert title_match_conflict(_column(**mine), _column(**theirs)) is None
    assert title_match_conflict(_column(**theirs), _column(**mine)) is None


def test_preprint_servers_are_recognised():
    assert is_preprint(_column(container_title="bioRxiv"))
    assert is_preprint(_column(container_title="", number="arXiv:2307.05300"))
    assert not is_preprint(_column())


def test_cited_apart():
    a, a_again, b = ("x.bib", "a"), ("x.bib", "a"), ("x.bib", "b")
    assert cited_apart(frozenset({a}), frozenset({b}))  # one file, two keys: two works
    assert not cited_apart(frozenset({a}), frozenset({a_again}))  # the same key twice: one work
    assert not cited_apart(frozenset({a}), frozenset({("y.bib", "b")}))  # two files may disagree on keys
    assert not cited_apart(frozenset({a, b}), frozenset({a}))  # a record the file already cites as 'a'
    assert not cited_apart(frozenset(), frozenset({b}))


# --- through the library ---------------------------------------------------------------------------


def test_recurring_column_in_one_file_stays_apart(library):
    summary = library.add(
        [
            _column("Beeton:TB9-1-5", volume="9", issue="1", page="5-5"),
            _column("Beeton:TB9-2-121", line=20, volume="9", issue="2", page="121-121"),
        ]
    )
    assert (summary.added, summary.merges) == (2, [])
    assert library.get("Beeton:TB9-1-5").entry.page == "5-5"  # nobody got the other's pages
    assert library.get("Beeton:TB9-2-121").entry.page == "121-121"


def test_two_keys_of_one_file_never_title_merge(library):
    # nothing tells these apart but the file's author, who gave them two keys
    summary = library.add([_column("first"), _column("second", line=9)])
    assert summary.added == 2 and library.count() == 2


def test_two_keys_of_one_file_stay_apart_when_added_again(library):
    library.add([_column("first")])
    summary = library.add([_column("second", line=9)])
    assert summary.added == 1 and library.count() == 2


def test_one_key_twice_in_one_file_still_merges(library):
    summary = library.add([_column("same", page="5"), _column("same", line=9, page="5--6")])
    assert (summary.added, summary.merged, library.count()) == (1, 1, 1)


def test_conflicting_pages_from_another_file_stay_apart(library):
    library.add([_column("a", page="5-5")])
    summary = library.add([_column("b", file="mine.bib", page="121-121")])
    assert summary.added == 1 and library.count() == 2


def test_an_entry_without_issue_data_does_not_bridge_two_issues(library):
    library.add([_column("a", file="a.bib", issue="1"), _column("b", file="b.bib", issue="2")])
    library.add([_column("c", file="c.bib")])  # matches both by title: it may join one, never tie them
    assert library.count() == 2
    assert {r.entry.issue for r in library.select()} == {"1", "2"}


def test_the_same_article_from_another_file_merges_and_says_why(library):
    library.add([_column("Beeton:TB9-2-121", volume="9", issue="2", page="121--121")])
    summary = library.add(
        [_column("beeton88", file="mine.bib", container_title="TUGBOAT", volume="9", page="121-121")]
    )
    assert library.count() == 1
    assert summary.merges == [Merge("beeton88", "Beeton:TB9-2-121", "same title, first author and year")]
    assert (
        str(summary.merges[0]) == "merged beeton88 into Beeton:TB9-2-121: same title, first author and year"
    )


def test_a_strong_id_merges_whatever_the_title_vetoes_say(library):
    summary = library.add(
        [
            _column("first", doi="10.1234/tb9", page="5"),
            _column("second", line=9, doi="10.1234/tb9", page="6"),
        ]
    )
    assert library.count() == 1
    assert [str(m) for m in summary.merges] == ["merged second into first: same DOI 10.1234/tb9"]


def test_adding_a_file_again_lists_no_merge(library):
    entries = [_column("a", issue="1"), _column("b", line=9, issue="2")]
    library.add(entries)
    summary = library.add(entries)
    assert (summary.unchanged, summary.merges) == (2, [])


def test_the_seed_papers_still_merge_and_say_why(library, seed_corpus, seed_list_entries, shape):
    library.add(seed_list_entries[:1])
    summary = library.add([shape.scholar(seed_corpus[0])])
    (merge,) = summary.merges
    assert (merge.into, merge.reason) == ("wang2023unleashing", "same title, first author and year")
    summary = library.add([shape.url(seed_corpus[0])])
    assert [str(m) for m in summary.merges] == [
        "merged urls.txt:1 into wang2023unleashing: same arXiv id 2307.05300"
    ]
