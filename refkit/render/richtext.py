"""Entry rich text <-> the private "encoded" text that travels through a style engine.

Entry text fields hold Unicode with ``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
``<span class="nocase">`` and ``$math$``. Neither citeproc-py nor pybtex understands that
vocabulary, and both would escape or mangle it. So before a style engine sees a field, each
piece of markup becomes one Private Use Area character (``ITALIC_ON`` ...), which every
engine passes through untouched (case changes and punctuation rules ignore them). Formatting
the *style* adds (italic titles, links) is encoded the same way by our engine adapters, and
``refkit.render.targets`` turns the final encoded string into text, HTML, Markdown or LaTeX.

Case protection is the one exception: each engine has its own syntax for it
(``<span class="nocase">`` for citeproc-py, ``{...}`` for pybtex), so ``encode`` takes it.
"""
from __future__ import annotations

import re
from functools import lru_cache

ITALIC_ON, ITALIC_OFF = "\ue000", "\ue001"
BOLD_ON, BOLD_OFF = "\ue002", "\ue003"
SUP_ON, SUP_OFF = "\ue004", "\ue005"
SUB_ON, SUB_OFF = "\ue006", "\ue007"
MATH_ON, MATH_OFF = "\ue008", "\ue009"
LBRACE, RBRACE, BACKSLASH = "\ue00a", "\ue00b", "\ue00c"  # literal text braces (pybtex path)
LINK_ON, LINK_MID, LINK_OFF = "\ue00d", "\ue00e", "\ue00f"  # LINK_ON url LINK_MID text LINK_OFF
SMALLCAPS_ON, SMALLCAPS_OFF = "\ue010", "\ue011"
PERCENT, TILDE = "\ue012", "\ue013"  # literal text characters TeX decoders would eat (pybtex path)
_PROTECTED = {BACKSLASH: "\\", LBRACE: "{", RBRACE: "}", PERCENT: "%", TILDE: "~"}

MARKERS = {
    "i": (ITALIC_ON, ITALIC_OFF),
    "b": (BOLD_ON, BOLD_OFF),
    "sup": (SUP_ON, SUP_OFF),
    "sub": (SUB_ON, SUB_OFF),
}

_TAG = re.compile(r'<(/?)(i|b|sup|sub)>|<span class="nocase">|</span>|\$([^$]+)\$')
# TeX an importer may have left in a field: a control word/symbol or a brace group
_TEX_LEFTOVER = re.compile(r"\\[A-Za-z@]+|\\[^A-Za-z\s]|[{}]|(?<=\S)~(?=\S)")
_SORT_ONLY = re.compile(r"\\(?:noopsort|sortnoop|SortNoop|noop)\s*\{[^{}]*\}")  # sorts, never prints
_SPACES = re.compile(r"\s{2,}|[\t\n\r]")
_AFTER_COMMAND = re.compile(r"\\(?:[A-Za-z@]+|[^A-Za-z\s])\s*$")


def encode(text: str, nocase: tuple[str, str]) -> str:
    """Entry rich text -> encoded text; ``nocase`` is the engine's (open, close) protection."""
    if not text:
        return ""
    if _SPACES.search(text):  # line breaks and indentation of a .bib field are not text
        text = _SPACES.sub(" ", text).strip()
    if _TEX_LEFTOVER.search(_strip_math(text)):
        text = decode_tex_leftovers(text)
    if "<" not in text and "$" not in text:
        return _protect_camel(text, nocase)
    out: list[str] = []
    pos = 0
    spans: list[bool] = []  # for each open <span>: was it a nocase span we translated?
    for match in _TAG.finditer(text):
        plain = text[pos:match.start()]
        out.append(plain if spans else _protect_camel(plain, nocase))
        pos = match.end()
        closing, tag, math = match.groups()
        whole = match.group(0)
        if math is not None:
            # math is never re-cased by a style, and its source stays verbatim for LaTeX
            out.append(nocase[0] + MATH_ON + _protect_braces(math) + MATH_OFF + nocase[1])
        elif tag:
            out.append(MARKERS[tag][1 if closing else 0])
        elif whole.startswith("<span"):
            spans.append(True)
            out.append(nocase[0])
        elif spans:  # </span>
            spans.pop()
            out.append(nocase[1])
        else:
            out.append(whole)
    out.append(text[pos:] if spans else _protect_camel(text[pos:], nocase))
    out.extend(nocase[1] for _ in spans)  # an unclosed span must not unbalance the engine's input
    return "".join(out)


# words whose capitals are part of the name (arXiv, bioRxiv, BERT, VL-BEiT, WavMark, MoE): no style
# may re-case them. A word qualifies when one of its hyphen parts has a capital after its first
# letter, so "In-Context" and "Pre-Training" stay free to be sentence-cased.
_WORD = re.compile(r"(?<![\w\ue000-\ue013])[^\W_][\w-]*")
_NAMELIKE = re.compile(r"^[^\W_]\w*[A-Z]")


def _protect_camel(text: str, nocase: tuple[str, str]) -> str:
    if not nocase[0]:
        return text

    def protect(match: re.Match) -> str:
        word = match.group(0)
        if any(_NAMELIKE.match(part) for part in word.split("-")):
            return nocase[0] + word + nocase[1]
        return word

    return _WORD.sub(protect, text)


def _strip_math(text: str) -> str:
    return re.sub(r"\$[^$]+\$", "", text) if "$" in text else text


def _protect_braces(math: str) -> str:
    return math.replace("\\", BACKSLASH).replace("{", LBRACE).replace("}", RBRACE)


def unprotect_braces(text: str) -> str:
    """Literal characters an engine must not interpret, back to themselves."""
    if not _ANY_PROTECTED.search(text):
        return text
    return _ANY_PROTECTED.sub(lambda m: _PROTECTED[m.group(0)], text)


_ANY_PROTECTED = re.compile(f"[{BACKSLASH}{LBRACE}{RBRACE}{PERCENT}{TILDE}]")


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


def strip_markers(text: str) -> str:
    """Encoded text with every markup marker removed (for names and link labels)."""
    return _MARKUP.sub("", text)


_MARKUP = re.compile("[\ue000-\ue009\ue00d-\ue011]")
