"""LaTeX <-> Unicode for .bib text fields: ``decode`` (LaTeX -> markup), ``encode`` (markup -> LaTeX).

Fast and lossless on purpose (pylatexenc costs 1.5 ms a field and drops macros it does not know):
unknown macros are kept verbatim, so ``{\\ConTeXt}`` survives a round trip.
"""
from .case import needs_protection, protect_case, strip_nocase
from .decode import NOCASE_CLOSE, NOCASE_OPEN, decode
from .encode import encode, latex_form
from .fold import Replacement, fold_to_ascii

__all__ = ["NOCASE_CLOSE", "NOCASE_OPEN", "Replacement", "decode", "encode", "fold_to_ascii", "latex_form",
           "needs_protection", "protect_case", "strip_nocase"]
