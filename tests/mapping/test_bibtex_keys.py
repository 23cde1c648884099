"""refkit.mapping.bibtex_keys: the keys BibTeX and biber accept are kept; only rejected characters change.

The accepted and rejected characters are the ones measured with bibtex 0.99d, biber 2.18 and pdfLaTeX
(see the module docstring); tests/test_cite.py compiles the accepted ones with the real tools.
"""
from __future__ import annotations

import pytest

from refkit.mapping.bibtex_keys import is_bibtex_key, rejected_in_key, to_bibtex_key

ACCEPTED = ["DBLP:conf/acl/X", "averroes/bland", "a+b", "Müller2020", "Éric", "李2020", "x;y", "q?r!s", "a&b",
            "a$b", "a_b", "a^b", "a@b", "a[b]", "a<b>", "a|b", "a*b", "a`b", "2020", "knuth:ct:related",
            "a--b"]
REJECTED = {
    "smith 2020": ("smith-2020", [" "]),
    "a,b": ("a-b", [","]),
    "{braced}": ("braced", ["{", "}"]),
    "50%off": ("50-off", ["%"]),
    "c#sharp": ("c-sharp", ["#"]),
    "back\\slash": ("back-slash", ["\\"]),
    "a~b": ("a-b", ["~"]),
    "o'brien2020": ("o-brien2020", ["'"]),
    'say"what': ("say-what", ['"']),
    "a=b": ("a-b", ["="]),
    "f(x)": ("f-x", ["(", ")"]),
    "tab\there": ("tab-here", ["\t"]),
    "who/2021 report, draft": ("who/2021-report-draft", [" ", ","]),
    "Müller 2020": ("Müller-2020", [" "]),  # the accepted letters stay as they are
}


@pytest.mark.parametrize("key", ACCEPTED)
def test_accepted_keys_are_kept_exactly(key):
    assert is_bibtex_key(key)
    assert to_bibtex_key(key) == key
    assert rejected_in_key(key) == []


@pytest.mark.parametrize("key, expected, characters", [(k, *v) for k, v in REJECTED.items()], ids=list(REJECTED))
def test_rejected_characters_become_one_dash_each_run(key, expected, characters):
    assert not is_bibtex_key(key)
    assert to_bibtex_key(key) == expected
    assert rejected_in_key(key) == characters
    assert is_bibtex_key(to_bibtex_key(key))


def test_empty_and_all_rejected_keys():
    assert not is_bibtex_key("")
    assert to_bibtex_key("{}") == ""  # the writer then makes a key from author, year and title
