"""Encoded text -> each target: escaping, markup, links, math, crossed markup."""
from __future__ import annotations

import pytest

from refkit.errors import UsageError
from refkit.latex.leftovers import decode_tex_leftovers
from refkit.render import richtext as rt
from refkit.render.targets import writer

I, _I = rt.ITALIC_ON, rt.ITALIC_OFF
B, _B = rt.BOLD_ON, rt.BOLD_OFF


def enc(text: str) -> str:
    return rt.encode(text, ('<span class="nocase">', "</span>"))


CASES = [
    # (name, encoded input, text, html, markdown, latex)
    ("specials", "a & b < c > d_e *f* #1 50% {x} \\ $5",
     "a & b < c > d_e *f* #1 50% {x} \\ $5",
     "a &amp; b &lt; c &gt; d_e *f* #1 50% {x} \\ $5",
     "a \\& b \\< c \\> d\\_e \\*f\\* \\#1 50% {x} \\\\ \\$5",
     "a \\& b \\textless{} c \\textgreater{} d\\_e *f* \\#1 50\\% \\{x\\} \\textbackslash{} \\$5"),
    ("italic", f"see {I}Nature{_I}, 5",
     "see Nature, 5", "see <i>Nature</i>, 5", "see *Nature*, 5", "see \\textit{Nature}, 5"),
    ("italic-with-spaces", f"a{I} Title {_I}b",
     "a Title b", "a<i> Title </i>b", "a *Title* b", "a\\textit{ Title }b"),
    ("nested-italic", f"{I}The {I}E. coli{_I} book{_I}",
     "The E. coli book", "<i>The <i>E. coli</i> book</i>", "*The E. coli book*",
     "\\textit{The \\textit{E. coli} book}"),
    ("crossed", f"{I}a{B}b{_I}c{_B}",
     "abc", "<i>a<b>b</b></i><b>c</b>", "*a<b>b</b>*<b>c</b>", "\\textit{a\\textbf{b}}\\textbf{c}"),
    ("unclosed", f"{I}open", "open", "<i>open</i>", "*open*", "\\textit{open}"),
    ("stray-close", f"x{_I}y", "xy", "xy", "xy", "xy"),
    ("bare-url", "Available: https://ex.org/a_b?x=1&y=2#f.",
     "Available: https://ex.org/a_b?x=1&y=2#f.",
     'Available: <a href="https://ex.org/a_b?x=1&amp;y=2#f">https://ex.org/a_b?x=1&amp;y=2#f</a>.',
     "Available: <https://ex.org/a_b?x=1&y=2#f>.",
     "Available: \\url{https://ex.org/a_b?x=1&y=2\\#f}."),
    ("link", f"{rt.LINK_ON}https://doi.org/10.1/x%y{rt.LINK_MID}doi:10.1/x%y{rt.LINK_OFF}",
     "doi:10.1/x%y", '<a href="https://doi.org/10.1/x%y">doi:10.1/x%y</a>',
     "[doi:10.1/x%y](https://doi.org/10.1/x%y)", "\\href{https://doi.org/10.1/x\\%y}{doi:10.1/x\\%y}"),
    ("math", rt.encode("a $4\\times$ speed-up, $\\alpha$-decay", ("", "")),
     "a 4× speed-up, α-decay", "a 4× speed-up, α-decay", "a 4× speed-up, α-decay",
     "a $4\\times$ speed-up, $\\alpha$-decay"),
    ("dashes", "pp. 1--10 --- and", "pp. 1–10 — and", "pp. 1–10 — and", "pp. 1–10 — and", "pp. 1--10 --- and"),
    ("sup-sub", f"H{rt.SUB_ON}2{rt.SUB_OFF}O and x{rt.SUP_ON}2{rt.SUP_OFF}",
     "H2O and x2", "H<sub>2</sub>O and x<sup>2</sup>", "H<sub>2</sub>O and x<sup>2</sup>",
     "H\\textsubscript{2}O and x\\textsuperscript{2}"),
]


@pytest.mark.parametrize("name,encoded,text,html,markdown,latex", CASES, ids=[c[0] for c in CASES])
def test_every_target(name, encoded, text, html, markdown, latex):
    assert writer("text").convert(encoded) == text
    assert writer("html").convert(encoded) == html
    assert writer("markdown").convert(encoded) == markdown
    assert writer("latex").convert(encoded) == latex


def test_markdown_paragraph_never_becomes_a_list():
    assert writer("markdown").convert("1. Introduction") == "1\\. Introduction"
    assert writer("markdown").convert("- dash") == "\\- dash"


def test_documents():
    assert writer("text").document(["a", "b"]) == "a\n\nb\n"
    assert writer("text").document([]) == ""
    assert writer("html").document(["a"]) == '<div class="csl-bib-body">\n  <div class="csl-entry">a</div>\n</div>\n'
    latex = writer("latex").document(["[1] a"])
    assert "\\item{} [1] a\n" in latex  # "{}" keeps "[1]" from being \item's optional argument


def test_unknown_target():
    with pytest.raises(UsageError, match="unknown target 'rtf'"):
        writer("rtf")


@pytest.mark.parametrize("raw,expected", [
    (r"\emph{Deep} learning", '<i><span class="nocase">Deep</span></i> learning'),
    (r"{\"o}ber {GPU}s", 'über <span class="nocase">GPU</span>s'.replace("ü", "ö")),
    (r"50% \& more", "50% & more"),
    (r"$x^2$ {\it y}", '$x^2$ <i><span class="nocase">y</span></i>'),
    (r"{\mbox{G-Animal's} Journal}", "G-Animal's Journal"),  # pylatexenc alone drops \mbox{...}
    (r"Why didn't {\ConTeXt} catch on?", "Why didn't ConTeXt catch on?"),
    (r"\noopsort{a}Zed\relax{} and \TeX", "Zed and TeX"),
])
def test_tex_leftovers_are_decoded(raw, expected):
    assert decode_tex_leftovers(raw) == expected


def test_encode_protects_camel_case_and_maps_tags():
    assert enc("from arXiv and bioRxiv") == (
        'from <span class="nocase">arXiv</span> and <span class="nocase">bioRxiv</span>')
    assert enc('<i>x</i> <span class="nocase">BERT</span>') == f'{I}x{_I} <span class="nocase">BERT</span>'
    assert enc('<span class="nocase">open') == '<span class="nocase">open</span>'
