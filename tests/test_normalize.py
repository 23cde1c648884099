"""refkit.normalize: each step pure and idempotent; crossref children completed from their parent."""
from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from refkit.model import Entry, PartialDate, Person
from refkit.normalize import STEPS, normalize, resolve_crossrefs


def test_steps():
    entry = Entry(title="  it\x92s   a\ttitle ", doi="https://doi.org/10.1000/ABC", page="12 -- 34",
                  url="https://arxiv.org/abs/2307.05300v2", author=(Person(" Doe ", "J."), Person()),
                  primary_category="cs.CL", categories=("cs.LG",))
    out = normalize(entry)
    assert (out.title, out.doi, out.page) == ("it’s a title", "10.1000/abc", "12-34")
    assert (out.arxiv_id, out.arxiv_version) == ("2307.05300", 2)
    assert out.author == (Person("Doe", "J."),)
    assert out.categories == ("cs.CL", "cs.LG")


def test_zotero_preprint_number_and_publisher():
    entry = Entry(type="article", number="arXiv:2307.05300v2", publisher="arXiv")
    out = normalize(entry)
    assert (out.arxiv_id, out.arxiv_version, out.number, out.publisher) == ("2307.05300", 2, "", "")
    kept = normalize(Entry(type="report", number="arXiv:2307.05300", publisher="arXiv", arxiv_id="1706.03762"))
    assert (kept.number, kept.publisher) == ("arXiv:2307.05300", "arXiv")


def test_clean_entry_is_returned_as_is():
    entry = Entry(title="Clean", doi="10.1000/abc", page="1-2")
    assert normalize(entry) is entry


_TEXT = st.text(st.sampled_from(list(string.ascii_letters + " \t\n–-") + ["\x92", "\x96"]), max_size=12)
_ENTRY = st.builds(Entry, title=_TEXT, page=_TEXT, note=_TEXT, type=st.sampled_from(["article", "book"]),
                   number=st.sampled_from(["", "7", "arXiv:2307.05300", "arxiv:hep-th/9901001v2"]),
                   publisher=st.sampled_from(["", "arXiv", "ACM"]),
                   doi=st.sampled_from(["", "doi:10.1/X.", "https://doi.org/10.48550/arXiv.2307.05300"]),
                   url=st.sampled_from(["", "https://arxiv.org/pdf/2307.05300v3.pdf", "https://x.org"]),
                   author=st.lists(st.builds(Person, family=_TEXT, given=_TEXT), max_size=2).map(tuple),
                   primary_category=st.sampled_from(["", "cs.CL"]),
                   categories=st.lists(st.sampled_from(["cs.CL", "cs.LG"]), unique=True, max_size=2).map(tuple))


@settings(max_examples=200, deadline=None)
@given(_ENTRY)
def test_normalising_twice_changes_nothing(entry):
    once = normalize(entry)
    assert normalize(once) == once
    for step in STEPS:
        assert step(step(entry)) == step(entry)


def test_crossref_children_get_what_they_lack():
    parent = Entry(type="book", key="whole", title="The Proceedings", editor=(Person("Ed", "A."),),
                   publisher="P", issued=PartialDate(1999))
    child = Entry(type="chapter", key="part", title="A part", publisher="Own",
                  extra=(("crossref", "WHOLE"),))
    resolved = resolve_crossrefs([child, parent])
    assert resolved[1] is parent
    assert (resolved[0].container_title, resolved[0].editor, resolved[0].publisher, resolved[0].issued) == (
        "The Proceedings", parent.editor, "Own", PartialDate(1999))
    assert resolve_crossrefs([child]) == [child]
