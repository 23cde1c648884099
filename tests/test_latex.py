"""refkit.latex: LaTeX -> Unicode markup and back."""
from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text

from refkit.importers.bibtex import read_raw
from refkit.latex import decode, encode, fold_to_ascii, latex_form, protect_case, strip_nocase

NC = '<span class="nocase">'

DECODE_CASES = {
    "plain text is returned as it is": ("Attention is all you need", "Attention is all you need"),
    "braced accent": (r'M{\"u}ller', "Müller"),
    "accent with braced argument": (r"\'{E}cole", "École"),
    "accent without braces": (r"Erd\H{o}s and G\"odel", "Erdős and Gödel"),
    "letter accent needs a space": (r"Fran\c cois", "François"),
    "dotless i": (r"Pe\~{n}a Mart\'{\i}nez", "Peña Martínez"),
    "special letters": (r"{\L}\'od\'z, Stra{\ss}e, \O{}resund, {\AE}", "Łódź, Straße, Øresund, Æ"),
    "dashes and quotes": (r"pages 1--2 --- ``quoted'' `single'", "pages 1–2 — “quoted” ‘single'"),
    "tie is a no-break space": ("Fig.~1", "Fig.\u00a01"),
    "escaped specials": (r"50\% \& \$5 \#1 a\_b", "50% & $5 #1 a_b"),
    "math is kept verbatim": (r"An $O(n \log n)$ sort", r"An $O(n \log n)$ sort"),
    "inline math in parentheses is math": (r"Intracellular \(\theta\) rhythm", r"Intracellular $\theta$ rhythm"),
    "case protection": ("The {BERT} model", f"The {NC}BERT</span> model"),
    "nested protection is one span": ("{The {BERT} model}", f"{NC}The BERT model</span>"),
    "emph and textbf": (r"\emph{big} and \textbf{bold}", "<i>big</i> and <b>bold</b>"),
    "declaration in a group": (r"{\em Computers \& Typesetting}", "<i>Computers & Typesetting</i>"),
    "super and subscript": (r"H\textsubscript{2}O\textsuperscript{+}", "H<sub>2</sub>O<sup>+</sup>"),
    "unknown macro in a group is kept": (r"Why didn't {\ConTeXt} catch on?", r"Why didn't {\ConTeXt} catch on?"),
    "unknown macro with argument is kept": (r"The \acro{TUG} meeting", r"The \acro{TUG} meeting"),
    "unknown bare macro gets braces": (r"\TeX book", r"{\TeX}book"),
    "verbatim path keeps its delimiters": (r"see \path|http://x.org/~a|", r"see \path|http://x.org/~a|"),
    "mbox is transparent": (r"\mbox{G-Animal's} Journal", "G-Animal's Journal"),
    "whitespace collapses": ("a\n   b\t c ", "a b c"),
    "stray closing brace dropped": ("a } b", "a b"),
    "unclosed math is a dollar": ("costs $5", "costs $5"),
}


@pytest.mark.parametrize("tex,expected", DECODE_CASES.values(), ids=DECODE_CASES.keys())
def test_decode(tex, expected):
    assert decode(tex) == expected


ENCODE_CASES = {
    "ascii passes through": ("Attention is all you need", "Attention is all you need"),
    "specials are escaped": ("50% & #1 a_b ~ ^", r"50\% \& \#1 a\_b \textasciitilde{} \textasciicircum{}"),
    "braces are escaped in pairs": ("a {b} c", r"a \{b\} c"),
    "accents become macros": ("Müller, École, Łódź", r'M{\"{u}}ller, {\'{E}}cole, {\L}{\'{o}}d{\'{z}}'),
    "dashes and quotes": ("1–2 — “a” ’", r"1--2 --- ``a'' \textquoteright{}"),
    "ascii double hyphen stays two hyphens": ("a--b", "a-{}-b"),
    "tags": ("<i>big</i> <b>x</b> H<sub>2</sub>O", r"\textit{big} \textbf{x} H\textsubscript{2}O"),
    "nocase becomes braces": (f"The {NC}BERT</span> model", "The {BERT} model"),
    "nocase starting with a macro is guarded": (f"{NC}<i>X</i> y</span>", r"{{}\textit{X} y}"),
    "math copied": (r"An $O(n \log n)$ sort", r"An $O(n \log n)$ sort"),
    "raw TeX copied": (r"Why {\ConTeXt} and \acro{TUG}", r"Why {\ConTeXt} and \acro{TUG}"),
    "lone backslash": ("C:\\ dir", r"C:\textbackslash{} dir"),
    "cp1252 mojibake is repaired": ("it\x92s", r"it\textquoteright{}s"),
    "control characters dropped": ("a\x01b", "ab"),
    "no-break and thin space": ("Fig.\u00a01, 10\u2009000", r"Fig.~1, 10\,000"),
    "CJK kept as UTF-8": ("中文 title", "中文 title"),
    "unclosed tag is closed": ("<i>open", r"\textit{open}"),
}


@pytest.mark.parametrize("text,expected", ENCODE_CASES.values(), ids=ENCODE_CASES.keys())
def test_encode(text, expected):
    assert encode(text) == expected


def test_encode_keep_unicode_leaves_letters_but_escapes_specials():
    assert encode("Müller & Łódź 中文 – x", keep_unicode=True) == r"Müller \& Łódź 中文 -- x"


@pytest.mark.parametrize("text,expected", [
    ("BERT and LLMs meet Kosmos-2", f"{NC}BERT</span> and {NC}LLMs</span> meet {NC}Kosmos-2</span>"),
    ("iPhone in 3D", f"{NC}iPhone</span> in {NC}3D</span>"),
    ("Attention is all you need", "Attention is all you need"),
    (f"The {NC}BERT</span> model", f"The {NC}BERT</span> model"),
    ("Math $O(N)$ and {\\TeX}", "Math $O(N)$ and {\\TeX}"),
], ids=["acronyms", "mixed case and digits", "plain words", "already protected", "math and raw TeX"])
def test_protect_case(text, expected):
    assert protect_case(text) == expected
    assert protect_case(protect_case(text)) == protect_case(text)


def test_strip_nocase():
    assert strip_nocase(f"{NC}BERT</span> x") == "BERT x"


# --- properties: markup as decode produces it survives encode -> decode unchanged
_CHARS = st.sampled_from(list("abcXYZ019 .,;:!?()[]&%#_~^`'-/|\"*+=@") + list("éüñÅøßŁ–—“”‘’…\u00a0中λ{}<"))
_TEXT = st.text(_CHARS, min_size=1, max_size=12).filter(lambda t: t.strip(" \u00a0"))


def _wrap(draw_text):
    return st.one_of(
        _TEXT,
        _TEXT.map(lambda t: f"<i>{t}</i>"), _TEXT.map(lambda t: f"<b>{t}</b>"),
        _TEXT.map(lambda t: f"<sup>{t}</sup>"), _TEXT.map(lambda t: f"{NC}{t}</span>"),
        st.sampled_from([r"$O(n)$", r"{\ConTeXt}", r"\acro{TUG}"]),
    )


def _canonical(text: str) -> str:
    return " ".join(text.split(" ")).replace("  ", " ")


_MARKUP = st.lists(_wrap(_TEXT), min_size=1, max_size=6).map("".join).map(
    lambda t: " ".join(part for part in t.split(" ") if part)).filter(
    lambda t: t and t.strip() == t and "<i" + ">" not in t.replace("<i>", "") and "  " not in t)


@settings(max_examples=300, deadline=None)
@given(_MARKUP)
def test_decode_inverts_encode(markup):
    assert decode(encode(markup)) == markup
    assert decode(encode(markup, keep_unicode=True)) == markup


@settings(max_examples=200, deadline=None)
@given(_MARKUP)
def test_encoded_braces_are_balanced(markup):
    tex = encode(markup)
    depth = 0
    i = 0
    while i < len(tex):
        if tex[i] == "\\":
            i += 2
            continue
        depth += (tex[i] == "{") - (tex[i] == "}")
        assert depth >= 0
        i += 1
    assert depth == 0


# ---------------------------------------------------------------- pylatexenc as an independent oracle
_RAW_TEX = re.compile(r"\{\\[A-Za-z]+|\\[A-Za-z]+[{|=]|\\[A-Za-z]+$")


def _plain_text(text: str) -> str:
    text = re.sub(r"</?(?:i|b|sup|sub)>", "", strip_nocase(text))
    return unicodedata.normalize("NFC", " ".join(text.replace("\u00a0", " ").split()))


@pytest.mark.parametrize("name", ["xampl.bib", "biblatex-examples.bib",
                                  pytest.param("contextlab_cdl.bib", marks=pytest.mark.slow)])
def test_same_text_as_pylatexenc_on_the_corpora(name, shared):
    """Titles, venues, publishers, addresses and notes decode to the text pylatexenc finds, wherever
    pylatexenc can read the field at all: no math, no macro refkit keeps as raw TeX, no \\mbox (which
    pylatexenc drops with its argument), no accent over nothing (``\\~{}``). Quote ligatures are compared
    as TeX prints them."""
    converter = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
    text = (shared / "corpora" / name).read_text(encoding="utf-8")
    differences = []
    for entry in read_raw(text)[0]:
        for field, value in entry.fields:
            if field not in ("title", "booktitle", "journal", "publisher", "address", "note"):
                continue
            mine = decode(value)
            if "$" in value or "\\(" in value or "\\mbox" in value or "{}" in value or _RAW_TEX.search(mine):
                continue
            theirs = converter.latex_to_text(value).replace("``", "“").replace("''", "”").replace("`", "‘")
            if _plain_text(mine) != _plain_text(theirs):
                differences.append((entry.key, value, mine, theirs))
    assert differences == []


# ---------------------------------------------------------------- pdflatex: a LaTeX form, or folded and reported
@pytest.mark.parametrize("text,expected", [
    ("5 €", r"5 {\texteuro}"),  # \euro needs eurosym; pdflatex stops on it
    ("a ≤ b → c", r"a {\ensuremath{\leq}} b {\ensuremath{\rightarrow}} c"),
    ("H₂O, x⁴, aₙ", r"H{\textsubscript{2}}O, x{\textsuperscript{4}}, a{\textsubscript{n}}"),
    ("zero\u200bwidth", "zerowidth"),
    ("soft\u00adhyphen, Al\u2010Ali", r"soft\-hyphen, Al-Ali"),
    ("ﬁne ﬂow", "fine flow"),
], ids=["euro", "math symbols", "sub and superscripts", "zero-width space", "hyphens", "ligatures"])
def test_encode_spells_what_pdflatex_sets(text, expected):
    assert encode(text) == expected
    assert fold_to_ascii(expected) == (expected, [])


@pytest.mark.parametrize("text,expected,replaced", [
    ("Ư ư ơ", "U u o", ["Ư", "ư", "ơ"]),
    ("Ự", r"{\d{U}}", ["Ự"]),  # the dot below LaTeX has is kept, the horn it lacks is dropped
    ("中文 title", "Zhong Wen title", ["中", "文"]),
    ("Привет", "Privet", list("Привет")),
    ("🤗 Transformers", "? Transformers", ["🤗"]),
    ("①", "1", ["①"]),
    ("a\u2003b", "a b", ["\u2003"]),
    ("x \u0301", "x ", ["\u0301"]),
    (r"{\ConTeXt} é", r"{\ConTeXt} {\'{e}}", []),  # raw TeX kept by encode: a character with a form is spelled
], ids=["horn letters", "horn and dot below", "CJK", "Cyrillic", "emoji", "compatibility form", "em space",
        "stray combining mark", "raw TeX"])
def test_fold_to_ascii(text, expected, replaced):
    folded, replacements = fold_to_ascii(text)
    assert (folded, [r.char for r in replacements]) == (expected, replaced)


def test_replacement_label_names_the_character():
    (replacement,) = fold_to_ascii("ư")[1]
    assert (replacement.label, replacement.written) == ("U+01B0 'ư' (LATIN SMALL LETTER U WITH HORN)", "u")


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_folded_bibtex_text_is_ascii(text):
    folded, replacements = fold_to_ascii(encode(text))
    assert folded.isascii()
    assert all(latex_form(r.char) is None for r in replacements)
