"""refkit.names: BibTeX name lists, split before decoding, written back as ``von Last, Jr, First``."""
from __future__ import annotations

import pybtex.database
import pybtex.errors
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refkit.importers.bibtex import read_raw
from refkit.model import Person
from refkit.names import _plain, format_name, format_names, parse_names, split_names

P = Person

PARSE_CASES = {
    "First Last": ("Donald E. Knuth", [P("Knuth", "Donald E.")], False),
    "Last, First": ("Knuth, Donald E.", [P("Knuth", "Donald E.")], False),
    "First von Last": ("Ludwig van Beethoven", [P("Beethoven", "Ludwig", "van")], False),
    "von Last, First": ("van der Waals, Johannes", [P("Waals", "Johannes", "van der")], False),
    "von Last, Jr, First": ("de la Fuente, Jr., Juan", [P("Fuente", "Juan", "de la", "Jr.")], False),
    "and others": ("Vaswani, Ashish and others", [P("Vaswani", "Ashish")], True),
    "corporate name in braces": ("{World Health Organization}", [P(literal="World Health Organization")], False),
    "and inside braces is not a separator": ("{Barnes and Noble} and Smith, J.",
                                            [P(literal="Barnes and Noble"), P("Smith", "J.")], False),
    "LaTeX decoded after splitting": (r"M{\"u}ller, J{\"o}rg and {\"O}zt{\"u}rk, Ali",
                                      [P("Müller", "Jörg"), P("Öztürk", "Ali")], False),
    "protected family name": ("A. {van Dyke}", [P("van Dyke", "A.")], False),
    "special character decides case": (r"Jean {\'e}tienne", [P("étienne", "Jean")], False),
    "single word": ("Aristotle", [P("Aristotle")], False),
    "unknown macro in a corporate name": (r"{\TeX{} Development Fund}", [P(literal=r"\TeX{} Development Fund")],
                                          False),
    "uppercase AND is a separator": ("Smith, J. AND Doe, J.", [P("Smith", "J."), P("Doe", "J.")], False),
    "stray spaces inside braces": ("Robert J {Robinson I I }", [P("Robinson I I", "Robert J")], False),
    "empty names are skipped": ("Smith, J. and  and {}", [P("Smith", "J.")], False),
}


@pytest.mark.parametrize("text,people,truncated", PARSE_CASES.values(), ids=PARSE_CASES.keys())
def test_parse_names(text, people, truncated):
    assert parse_names(text) == (tuple(people), truncated)


def test_split_names_never_splits_inside_braces():
    assert split_names("{A and B} and C and {D {and} E}") == ["{A and B}", "C", "{D {and} E}"]


FORMAT_CASES = {
    "family and given": (P("Knuth", "Donald E."), "Knuth, Donald E."),
    "particle": (P("Beethoven", "Ludwig", "van"), "van Beethoven, Ludwig"),
    "suffix": (P("King", "Martin Luther", suffix="Jr."), "King, Jr., Martin Luther"),
    "corporate": (P(literal="World Health Organization"), "{World Health Organization}"),
    "accents in LaTeX": (P("Müller", "Jörg"), r'M{\"{u}}ller, J{\"{o}}rg'),
    "family that would read as a particle": (P("van Dyke", "A."), "{van Dyke}, A."),
    "lower-case one-word family": (P("samcarter"), "samcarter"),
    "particle and family without given name": (P("Fontaine", particle="de la"), "de la Fontaine"),
    "comma in a given name": (P("Doe", "John, Jr"), "Doe, {John, Jr}"),
}


@pytest.mark.parametrize("person,text", FORMAT_CASES.values(), ids=FORMAT_CASES.keys())
def test_format_name(person, text):
    assert format_name(person) == text
    assert parse_names(text) == ((person,), False)


def test_format_names_with_others():
    assert format_names([P("A", "B"), P(literal="C D")], truncated=True) == "A, B and {C D} and others"


_WORD = st.sampled_from(["Anna", "Jörg", "Łukasz", "O'Neil", "Smith-Jones", "Öztürk", "Zhang", "Li", "José"])
_LOWER = st.sampled_from(["van", "der", "de", "la", "von", "di"])
_PERSON = st.one_of(
    st.builds(lambda f, g, p, s: Person(" ".join(f), " ".join(g), " ".join(p), s),
              st.lists(_WORD, min_size=1, max_size=2), st.lists(_WORD, max_size=2), st.lists(_LOWER, max_size=2),
              st.sampled_from(["", "Jr.", "III"])).filter(lambda p: p.given or not p.suffix),
    st.builds(lambda w: Person(literal=" ".join(w)), st.lists(_WORD, min_size=1, max_size=3)),
)


def test_multi_word_family_without_given_name_is_written_as_one_name():
    assert format_name(P("World Health Organization")) == "{World Health Organization}"
    assert parse_names("{World Health Organization}") == ((P(literal="World Health Organization"),), False)


def _as_read_back(person: Person) -> Person:
    if " " in person.family and not (person.given or person.particle or person.suffix):
        return Person(literal=person.family)  # documented above: BibTeX cannot tell the two apart
    return person


@settings(max_examples=300, deadline=None)
@given(st.lists(_PERSON, min_size=1, max_size=4), st.booleans())
def test_format_then_parse_is_identity(people, truncated):
    assert parse_names(format_names(people, truncated)) == (tuple(_as_read_back(p) for p in people), truncated)


# ---------------------------------------------------------------- pybtex as an independent oracle


def _pybtex_person(p) -> Person:
    if not (p.first_names or p.middle_names or p.prelast_names or p.lineage_names) and len(p.last_names) == 1 \
            and p.last_names[0].startswith("{") and p.last_names[0].endswith("}"):
        return Person(literal=_plain(p.last_names[0][1:-1]))
    return Person(family=_plain(" ".join(p.last_names)), given=_plain(" ".join(p.first_names + p.middle_names)),
                  particle=_plain(" ".join(p.prelast_names)), suffix=_plain(" ".join(p.lineage_names)))


@pytest.mark.parametrize("name", ["xampl.bib", "biblatex-examples.bib"] + [
    pytest.param(n, marks=pytest.mark.slow) for n in ("tugboat.bib", "contextlab_cdl.bib", "acl_anthology_10k.bib")])
def test_same_people_as_pybtex_on_the_corpora(name, shared):
    """Every author/editor list splits and parses as pybtex splits it (pybtex keeps an empty ``{}``
    author as a person, refkit drops it)."""
    text = (shared / "corpora" / name).read_text(encoding="utf-8")
    with pybtex.errors.capture():
        data = pybtex.database.parse_string(text, "bibtex")
    differences = []
    for entry in read_raw(text)[0]:
        if entry.key not in data.entries:
            continue
        for role, value in entry.fields:
            if role in ("author", "editor"):
                mine, _ = parse_names(value)
                theirs = [_pybtex_person(p) for p in data.entries[entry.key].persons.get(role, [])
                          if str(p) not in ("others", "{}")]
                if list(mine) != theirs:
                    differences.append((entry.key, mine, theirs))
    assert differences == []
