"""TeX that reached an Entry undecoded, made readable: the last guard before any output.

Importers decode TeX (``refkit.latex.decode``); what slipped through (a source's ``\\emph{x}``,
``{\\"o}``, ``{BERT}``, math) is turned into rich text here with pylatexenc, slower but thorough.
Used by the renderers and by the plain-text writers (RIS, Zotero RDF).
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["decode_tex_leftovers", "has_tex_leftovers", "math_to_text"]

_SORT_ONLY = re.compile(r"\\(?:noopsort|sortnoop|SortNoop|noop)\s*\{[^{}]*\}")  # sorts, never prints
# TeX an importer may have left in a field: a control word/symbol, a brace group, a tie
_TEX_LEFTOVER = re.compile(r"\\[A-Za-z@]+|\\[^A-Za-z\s]|[{}]|(?<=\S)~(?=\S)")
_AFTER_COMMAND = re.compile(r"\\(?:[A-Za-z@]+|[^A-Za-z\s])\s*$")


def has_tex_leftovers(text: str) -> bool:
    return bool(_TEX_LEFTOVER.search(text))


@lru_cache(maxsize=4096)
def decode_tex_leftovers(text: str) -> str:
    """TeX that reached an Entry undecoded (``\\emph{x}``, ``{\\"o}``, ``{BERT}``) -> rich text.

    Importers should decode TeX; this is the renderer's guarantee that none reaches the output.
    Brace groups become case protection, ``\\emph``/``\\textit`` italics, accents Unicode.
    """
    pieces = re.split(r"(\$[^$]+\$)", text)
    out = []
    for piece in pieces:
        if piece.startswith("$") and piece.endswith("$") and len(piece) > 1:
            out.append(piece)
            continue
        # markup we know is turned into our tags first, so latex2text only sees plain TeX
        # bare %, & and # are text here, not a TeX comment, alignment tab or parameter
        piece = re.sub(r"(?<!\\)([%&#])", r"\\\1", piece)
        piece = _SORT_ONLY.sub("", piece)
        # old-style font switches inside a group: {\it x}, {\bf x}
        piece = re.sub(r"\{\\(?:it|em|sl|itshape|slshape)\s+([^{}]*)\}", r'<i><span class="nocase">\1</span></i>', piece)
        piece = re.sub(r"\{\\(?:bf|bfseries)\s+([^{}]*)\}", r'<b><span class="nocase">\1</span></b>', piece)
        # a command's argument is inside braces, so BibTeX never re-cases it: neither do we
        piece = re.sub(r"\\(?:emph|textit|textsl|it)\s*\{([^{}]*)\}", r'<i><span class="nocase">\1</span></i>',
                       piece)
        piece = re.sub(r"\\textbf\s*\{([^{}]*)\}", r'<b><span class="nocase">\1</span></b>', piece)
        piece = re.sub(r"\{([^{}\\<]*[A-Z][^{}\\<]*)\}", _brace_group, piece)
        out.append(_latex2text().latex_to_text(piece))
    return "".join(out).replace("{", "").replace("}", "")


def _brace_group(match: re.Match) -> str:
    """``{BERT}`` is case protection; ``\\c{C}`` is a command's argument and stays TeX."""
    if _AFTER_COMMAND.search(match.string, 0, match.start()):
        return match.group(0)
    return f'<span class="nocase">{match.group(1)}</span>'


# macros that print nothing (BibTeX's sort trick \noopsort{key}, spacing, \relax)
_SILENT = {"noopsort", "sortnoop", "SortNoop", "noop", "relax", "protect", "ignorespaces", "nobreak",
           "allowbreak", "linebreak", "kern", "hskip", "vskip", "penalty", "hspace", "vspace",
           # font switches without a group to italicise: the text stays, the switch goes
           "it", "em", "sl", "bf", "rm", "sf", "tt", "sc", "itshape", "slshape", "bfseries", "rmfamily",
           "sffamily", "ttfamily", "scshape", "upshape", "mdseries", "normalfont", "tiny", "scriptsize",
           "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge", "Huge"}


def _unknown_macro(node, l2tobj=None) -> str:
    r"""pylatexenc drops macros it does not know, arguments and all (``\mbox{G-Animal's}``,
    ``{\ConTeXt}`` vanished): keep their arguments' text, or their name when they have none."""
    if node.macroname in _SILENT:
        return ""
    args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    if args:
        return "".join(l2tobj.nodelist_to_text([a]) for a in args)
    return node.macroname


@lru_cache(maxsize=1)
def _latex2text():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db().filter_context()
    context.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=_unknown_macro))
    return LatexNodes2Text(latex_context=context, math_mode="verbatim", keep_comments=False,
                           strict_latex_spaces=True)


@lru_cache(maxsize=4096)
def math_to_text(math: str) -> str:
    """``4\\times`` -> ``4×``, ``\\alpha_1`` -> ``α_1``: math made readable for non-TeX targets."""
    text = _latex2text().latex_to_text(math)
    return text.replace("{", "").replace("}", "").replace("$", "").strip()
