"""refkit.mapping.csl: Entry <-> CSL-JSON; fixed points checked with hypothesis."""
from __future__ import annotations

import json
import string
from pathlib import Path

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from refkit.mapping.csl import from_csl, to_csl
from refkit.model import Entry, PartialDate, Person

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "csl-data.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
CSL_TYPES = SCHEMA["items"]["properties"]["type"]["enum"]

PREPRINT = Entry(type="article", key="peng2023kosmos", title="Kosmos-2: Grounding Multimodal LLMs",
                 author=(Person("Peng", "Zhiliang"), Person(literal="Microsoft Research")), authors_truncated=True,
                 issued=PartialDate(2023, 6, 26), arxiv_id="2306.14824", arxiv_version=3, primary_category="cs.CL",
                 categories=("cs.CL", "cs.CV"), url="https://arxiv.org/abs/2306.14824",
                 extra=(("howpublished2", "x"), ("csl:medium", '"online"')),
                 listing=(("code", "yes"),))


def test_preprint_to_csl():
    item = to_csl(PREPRINT)
    assert item == {
        "id": "peng2023kosmos", "type": "article",
        "author": [{"family": "Peng", "given": "Zhiliang"}, {"literal": "Microsoft Research"}],
        "issued": {"date-parts": [[2023, 6, 26]]}, "title": "Kosmos-2: Grounding Multimodal LLMs",
        "URL": "https://arxiv.org/abs/2306.14824", "publisher": "arXiv", "number": "arXiv:2306.14824",
        "medium": "online",
        "custom": {"arxiv": {"id": "2306.14824", "version": 3, "primary_category": "cs.CL",
                             "categories": ["cs.CL", "cs.CV"]},
                   "refkit_derived": ["publisher", "number"], "authors_truncated": True,
                   "bibtex": [["howpublished2", "x"]], "listing": [["code", "yes"]]},
    }
    assert list(VALIDATOR.iter_errors([item])) == []
    assert from_csl(item) == PREPRINT


def test_from_foreign_csl_keeps_unknown_variables():
    item = {"id": "x", "type": "book", "title": "T", "volume": 3, "medium": "CD", "custom": {"mine": 1},
            "author": [{"family": "Doe", "given": "J.", "dropping-particle": "van"}], "issued": {"raw": "2001-02"},
            "keyword": "a, b"}
    entry = from_csl(item)
    assert (entry.volume, entry.issued, entry.keywords) == ("3", PartialDate(2001, 2), ("a", "b"))
    assert entry.author == (Person("Doe", "J.", "van"),)
    assert entry.extra == (("csl:medium", '"CD"'), ("csl:custom", '{"mine": 1}'))
    out = to_csl(entry)
    assert (out["medium"], out["custom"]) == ("CD", {"mine": 1})


def test_undatable_issued_is_kept():
    entry = from_csl({"id": "x", "type": "book", "issued": {"literal": "Spring, forthcoming"}})
    assert entry.issued is None
    assert to_csl(entry)["issued"] == {"literal": "Spring, forthcoming"}


# ---------------------------------------------------------------- properties
_TEXT = st.text(st.sampled_from(list(string.ascii_letters + string.digits + " .:-'&<>") + list("éü中–")),
                min_size=1, max_size=15).map(str.strip).filter(bool)
_NAME = st.one_of(
    st.builds(Person, family=_TEXT, given=st.one_of(st.just(""), _TEXT), particle=st.sampled_from(["", "van", "de la"]),
              suffix=st.sampled_from(["", "Jr."])),
    st.builds(lambda t: Person(literal=t), _TEXT),
)
_DATE = st.builds(lambda y, m, d: PartialDate(y, m, d if m else None),
                  st.integers(1000, 2100), st.one_of(st.none(), st.integers(1, 12)),
                  st.one_of(st.none(), st.integers(1, 28)))
_KEYWORD = _TEXT.filter(lambda t: "," not in t)
_ENTRY = st.builds(
    Entry,
    type=st.sampled_from(CSL_TYPES), key=st.text(string.ascii_letters + string.digits + ":-_", min_size=1, max_size=12),
    title=st.one_of(st.just(""), _TEXT), author=st.lists(_NAME, max_size=3).map(tuple),
    editor=st.lists(_NAME, max_size=2).map(tuple), authors_truncated=st.booleans(),
    issued=st.one_of(st.none(), _DATE), container_title=st.one_of(st.just(""), _TEXT),
    volume=st.one_of(st.just(""), _TEXT), number=st.one_of(st.just(""), _TEXT), page=st.one_of(st.just(""), _TEXT),
    publisher=st.one_of(st.just(""), _TEXT), doi=st.sampled_from(["", "10.1000/abc", "10.48550/arxiv.2307.05300"]),
    arxiv_id=st.sampled_from(["", "2307.05300", "hep-th/9901001"]), arxiv_version=st.one_of(st.none(), st.integers(1, 9)),
    primary_category=st.sampled_from(["", "cs.CL"]), categories=st.lists(st.sampled_from(["cs.CL", "cs.LG"]),
                                                                          max_size=2, unique=True).map(tuple),
    url=st.one_of(st.just(""), _TEXT), keywords=st.lists(_KEYWORD, max_size=3).map(tuple),
    extra=st.lists(st.tuples(st.sampled_from(["note2", "@type", "crossref", "csl:medium"]),
                             _TEXT.map(lambda t: json.dumps(t, ensure_ascii=False))), max_size=3, unique_by=lambda x: x[0]).map(
        lambda pairs: tuple(sorted(pairs, key=lambda p: p[0].startswith("csl:")))),  # BibTeX fields, then CSL
    listing=st.lists(st.tuples(_TEXT, _TEXT), max_size=2).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(_ENTRY)
def test_from_csl_inverts_to_csl(entry):
    item = to_csl(entry)
    assert list(VALIDATOR.iter_errors([item])) == []
    assert from_csl(item) == entry


_CSL_VALUE = st.one_of(_TEXT, st.integers(0, 99))
_ITEM = st.fixed_dictionaries(
    {"id": _TEXT, "type": st.sampled_from(CSL_TYPES)},
    optional={"title": _TEXT, "volume": _CSL_VALUE, "page": _TEXT, "DOI": st.sampled_from(["10.1/X", "doi:10.2/y"]),
              "author": st.lists(st.fixed_dictionaries({}, optional={"family": _TEXT, "given": _TEXT,
                                                                     "literal": _TEXT, "suffix": _TEXT}), max_size=3),
              "issued": st.one_of(st.builds(lambda y: {"date-parts": [[y]]}, st.integers(1000, 2100)),
                                  st.builds(lambda t: {"literal": t}, _TEXT)),
              "keyword": _TEXT, "medium": _TEXT, "number": st.sampled_from(["7", "arXiv:2307.05300"]),
              "custom": st.dictionaries(st.sampled_from(["mine", "arxiv"]), st.just({"id": "2307.05300"}))},
)


@settings(max_examples=150, deadline=None)
@given(_ITEM)
def test_csl_record_csl_is_a_fixed_point(item):
    once = to_csl(from_csl(item))
    assert to_csl(from_csl(once)) == once
