"""Which citation keys BibTeX and biber accept, and the nearest accepted key for one they reject.

Measured with BibTeX 0.99d, biber 2.18 and pdfLaTeX (TeX Live 2022), one key per .bib next to a
control entry, cited with ``\\nocite`` and compiled through both paths:

* accepted by both, found and typeset: ``DBLP:conf/acl/X``, ``averroes/bland``, ``a+b``, ``a;b``,
  ``q?r!s``, ``a&b``, ``a$b``, ``a_b``, ``a^b``, ``a@b``, ``a[b]``, ``a<b>``, ``a|b``, ``a*b``, ``a`b``,
  ``2020`` and UTF-8 letters (``Müller2020``, ``Éric``, ``李2020``: both tools read the bytes as written);
* rejected: white space, ``,``, ``{`` and ``}`` end the key in both tools; ``%`` starts a comment,
  ``#`` and ``\\`` break the ``\\cite`` in LaTeX; ``~`` is an active character (``\\nobreakspace``);
  biber also refuses ``(``, ``)``, ``=`` and ``"`` (syntax errors that empty the whole bibliography)
  and ``'`` (the entry is not found).

Non-ASCII keys are kept: the .bib tools accept them. Whether a document can *cite* them is up to the
engine: pdfLaTeX writes some of them to the .aux as macros (``\\T1\\AE``), so ``\\cite{Ærø}`` fails there
whatever the .bib says, while ``Müller2020`` works; XeLaTeX and LuaLaTeX pass UTF-8 through.
"""
from __future__ import annotations

from itertools import groupby

__all__ = ["REJECTED_KEY_CHARACTERS", "is_bibtex_key", "rejected_in_key", "to_bibtex_key"]

REJECTED_KEY_CHARACTERS = frozenset(",{}()%#\\~\"'=")


def _rejected(ch: str) -> bool:
    return ch in REJECTED_KEY_CHARACTERS or ch.isspace() or not ch.isprintable()


def rejected_in_key(key: str) -> list[str]:
    """The characters of ``key`` that BibTeX or biber reject, each once, in order of appearance."""
    return list(dict.fromkeys(ch for ch in key if _rejected(ch)))


def is_bibtex_key(key: str) -> bool:
    """Whether ``key`` can be written to a .bib unchanged: non-empty and accepted by BibTeX and biber."""
    return bool(key) and not any(_rejected(ch) for ch in key)


def to_bibtex_key(key: str) -> str:
    """``key`` with each run of rejected characters turned into one ``-`` (``"smith 2020"`` ->
    ``smith-2020``); every accepted character, non-ASCII letters included, is left as it is."""
    if is_bibtex_key(key):
        return key
    runs = ("-" if rejected else "".join(chars) for rejected, chars in groupby(key, _rejected))
    return "".join(runs).strip("-")
