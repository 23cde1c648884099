"""citeproc-py's departures from CSL that refkit corrects (refkit/render/citeproc_fixes.py)."""
from __future__ import annotations

import pytest

from refkit.model import Entry, PartialDate, Person
from refkit.render import render

PAPER = Entry(type="article-journal", key="p", title='<span class="nocase">BERT</span>: pre-training of '
              "deep transformers on {GPU}s via in-context learning?", author=(Person("Devlin", "Jacob"),),
              issued=PartialDate(2019), container_title="Journal of Things", volume="4", page="1–9")


@pytest.mark.parametrize("style,expected", [
    # title case keeps "BERT:" and "GPUs" whole and the spacing of the data; stop words stay low
    ("chicago", ("Devlin, Jacob. 2019. “BERT: Pre-Training of Deep Transformers on GPUs via In-Context "
                 "Learning?” Journal of Things 4: 1–9.")),
    ("mla", ("Devlin, Jacob. “BERT: Pre-Training of Deep Transformers on GPUs via In-Context Learning?” "
             "Journal of Things, vol. 4, 2019, pp. 1–9.")),
])
def test_title_case_keeps_protected_words_whole(style, expected):
    assert render([PAPER], style, "text").entries == [expected]


def test_given_names_are_not_initialised_where_the_style_says_initialize_false():
    # Chicago and MLA: initialize="false" -> "Devlin, Jacob" (citeproc-py printed "Devlin, J.")
    assert render([PAPER], "chicago", "text").entries[0].startswith("Devlin, Jacob. 2019.")


def test_punctuation_inside_quotes_and_number_spacing_for_ieee():
    text = render([PAPER], "ieee", "text").entries[0]
    assert text.startswith("[1] J. Devlin, “")  # a space after the left-margin number
    assert "learning?,” Journal of Things" in text or "learning?” Journal" in text


def test_question_mark_absorbs_the_style_period():
    text = render([PAPER], "apa", "text").entries[0]
    assert "in-context learning? Journal of Things" in text and "?." not in text
