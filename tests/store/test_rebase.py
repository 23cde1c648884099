"""rebase_entry: a job's change (base -> computed) replayed onto the entry as it is now."""

from __future__ import annotations

import pytest

from refkit.model import Entry, PartialDate, Person
from refkit.store.rebase import rebase_entry

BASE = Entry(
    title="Attention is all you need",
    author=(Person("Vaswani", "Ashish"),),
    authors_truncated=True,
    issued=PartialDate(2017),
    extra=(("keep", "1"),),
)
# what an arXiv enrichment makes of it
COMPUTED = BASE.replace(
    title="Attention Is All You Need",
    author=(Person("Vaswani", "Ashish"), Person("Shazeer", "Noam")),
    authors_truncated=False,
    arxiv_id="1706.03762",
    issued=PartialDate(2017, 6, 12),
    extra=(("keep", "1"), ("arxiv_updated", "2023-08-02")),
)


def test_nothing_changed_meanwhile_gives_the_jobs_entry():
    assert rebase_entry(BASE, COMPUTED, BASE) == COMPUTED


def test_what_another_writer_added_meanwhile_stays():
    current = BASE.replace(container_title="NeurIPS", page="5998-6008", publisher="Curran", note="a note")
    rebased = rebase_entry(BASE, COMPUTED, current)
    assert rebased == COMPUTED.replace(
        container_title="NeurIPS", page="5998-6008", publisher="Curran", note="a note"
    )


def test_a_field_both_changed_is_settled_by_the_merge_rule():
    # the other writer brought a longer author list than arXiv's: merge_entries keeps the richer one
    longer = (Person("Vaswani", "Ashish"), Person("Shazeer", "Noam"), Person("Parmar", "Niki"))
    rebased = rebase_entry(BASE, COMPUTED, BASE.replace(author=longer, authors_truncated=False))
    assert rebased.author == longer and rebased.arxiv_id == "1706.03762"
    # and a shorter one yields to arXiv's complete list, with its flag
    rebased = rebase_entry(BASE, COMPUTED, BASE.replace(author=(Person("Vaswani", "A."),)))
    assert rebased.author == COMPUTED.author and rebased.authors_truncated is False


def test_protected_fields_keep_the_current_value():
    mine = (Person("Vaswani", "A."),)
    current = BASE.replace(author=mine, title="my title")
    rebased = rebase_entry(BASE, COMPUTED, current, protected={"author", "title"})
    assert (rebased.author, rebased.authors_truncated, rebased.title) == (mine, True, "my title")
    assert rebased.arxiv_id == "1706.03762"


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        pytest.param(
            (("keep", "1"), ("eprinttype", "arxiv")),
            (("keep", "1"), ("eprinttype", "arxiv"), ("arxiv_updated", "2023-08-02")),
            id="new name meanwhile",
        ),
        pytest.param(
            (("keep", "2"),), (("keep", "2"), ("arxiv_updated", "2023-08-02")), id="value changed meanwhile"
        ),
        pytest.param(
            (("arxiv_updated", "2020-01-01"), ("keep", "1")),
            (("arxiv_updated", "2020-01-01"), ("keep", "1")),
            id="both set one name: current stays",
        ),
    ],
)
def test_extra_is_replayed_name_by_name(current, expected):
    assert rebase_entry(BASE, COMPUTED, BASE.replace(extra=current)).extra == expected


def test_a_name_the_job_dropped_goes_only_if_nobody_changed_it():
    computed = BASE.replace(extra=())
    assert rebase_entry(BASE, computed, BASE.replace(extra=(("keep", "1"), ("x", "y")))).extra == (
        ("x", "y"),
    )
    assert rebase_entry(BASE, computed, BASE.replace(extra=(("keep", "9"),))).extra == (("keep", "9"),)
