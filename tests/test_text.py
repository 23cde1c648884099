"""refkit.text: one idea of "the same title" and one particle list, for dedupe, matching and name parsing."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from refkit.enrich.fill import parse_arxiv_name
from refkit.enrich.matching import author_agreement, title_similarity
from refkit.importers.person_names import parse_person
from refkit.model import Entry, PartialDate, Person
from refkit.store.dedupe import match_keys
from refkit.text import (
    PARTICLES,
    ascii_words,
    first_family,
    fold_accents,
    fold_ascii,
    name_words,
    normalize_title,
)

TITLES = {
    "case, punctuation, markup": ("BEiT v2: Masked <i>Image</i> Modeling", "beit v2 masked image modeling"),
    "math dollars go, their text stays": ("Kosmos-2: Grounding $\\alpha$ <I>LLMs</I>", "kosmos 2 grounding alpha llms"),
    "ampersand reads as and": ("Sense & Sensibility", "sense and sensibility"),
    "ampersand between words": ("R&D at Scale", "r and d at scale"),
    "accents dropped": ("Pré-entraînement naïf", "pre entrainement naif"),
    "letters NFKD keeps whole": ("Łódź, Ørsted, Straße, Æsir, Œuvre", "lodz orsted strasse aesir oeuvre"),
    "other scripts keep their letters": ("α-Divergence for 中文", "α divergence for 中文"),
    "curly and straight apostrophes agree": ("Don’t Stop", "don t stop"),
    "underscore separates": ("snake_case", "snake case"),
    "compatibility forms": ("ﬁne-tuning ①", "fine tuning 1"),
}


@pytest.mark.parametrize("title,normal", TITLES.values(), ids=TITLES.keys())
def test_normalize_title(title, normal):
    assert normalize_title(title) == normal


def test_fold_accents_keeps_other_scripts_and_fold_ascii_drops_them():
    assert fold_accents("Łukasz Müller, Þór, ı, đ, α") == "Lukasz Muller, Thor, i, d, α"
    assert fold_ascii("Łukasz Müller, α") == "Lukasz Muller, "


def test_ascii_words_for_keys():
    assert ascii_words("THE-X: Łódź <b>α</b> 2") == ["thex", "lodz", "2"]


def test_name_words():
    assert name_words("Jean-Pierre O'Neil") == ["jean", "pierre", "o", "neil"]
    assert name_words("Łukasz Wróbel") == ["lukasz", "wrobel"]


# --- the fixes: dedupe and matching used to disagree on these --------------------------------------


def _paper(title: str) -> Entry:
    return Entry(title=title, author=(Person("Austen", "Jane"),), issued=PartialDate(1811))


@pytest.mark.parametrize("a,b", [
    ("Sense & Sensibility", "Sense and Sensibility"),  # dedupe dropped '&', matching read 'and'
    ("Łódź Lectures", "Lodz Lectures"),  # matching kept 'ł', dedupe folded it to 'l'
], ids=["ampersand", "L with stroke"])
def test_dedupe_and_matching_both_call_these_the_same_title(a, b):
    assert match_keys(_paper(a)).title_key == match_keys(_paper(b)).title_key
    assert title_similarity(a, b) == 1.0


def test_titles_in_other_scripts_are_not_one_title_to_dedupe():
    # dedupe dropped every letter outside ASCII: "α-…" and "β-…" were one title key, a CJK title had none
    assert match_keys(_paper("α-Divergence Minimization")).title_key != match_keys(
        _paper("β-Divergence Minimization")).title_key
    assert match_keys(_paper("深度学习")).title_key == "深度学习|austen|1811"


def test_first_family_folds_like_the_matcher():
    assert first_family(Entry(author=(Person("Łukasiewicz", "Jan"),))) == "lukasiewicz"
    assert first_family(Entry(author=(Person("O'Neil-Smith", "Ann"),))) == "oneilsmith"
    assert first_family(Entry(author=(Person("王", "小明"),))) == "王"


# --- one particle list ------------------------------------------------------------------------------


@pytest.mark.parametrize("particle", sorted(PARTICLES))
def test_every_reader_of_names_knows_every_particle(particle):
    assert parse_person(f"Ann {particle} Smith") == Person("Smith", "Ann", particle)
    assert parse_arxiv_name(f"Ann {particle.capitalize()} Smith") == Person("Smith", "Ann", particle.capitalize())
    listed = (Person("Smith", "Ann", particle),)
    assert author_agreement(listed, False, [f"Ann {particle} Smith"]) == (1.0, "")


# --- property: titles that merge are titles that match exactly --------------------------------------

_PIECES = ["Sense", "sense", "and", "And", "&", "Łódź", "Lodz", "lodz", "ß", "ss", "é", "e", "É", "α", "β",
           "中文", "<i>", "</i>", "$", "-", ":", "’", "'", "_", "ﬁ", "fi", "2", "02", "Ø", "o", " ", "  "]
_titles = st.one_of(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join), st.text(max_size=20))


@settings(max_examples=400, deadline=None)
@given(_titles, _titles)
@example("Sense & Sensibility", "Sense and Sensibility")
@example("Łódź", "Lodz")
@example("α-test", "β-test")
def test_titles_that_merge_are_titles_that_match_exactly(a, b):
    key_a, key_b = match_keys(_paper(a)).title_key, match_keys(_paper(b)).title_key
    merge = key_a is not None and key_a == key_b
    assert merge == (title_similarity(a, b) == 1.0)
    assert merge == (bool(normalize_title(a)) and normalize_title(a) == normalize_title(b))


@given(st.text(max_size=40))
def test_fold_ascii_is_ascii(text):
    assert fold_ascii(text).isascii()
