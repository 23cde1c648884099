"""``refkit bib`` prints what Zotero prints: citeproc-js under node (the same pinned release, run by
tests/render/node_citeproc.js) on the CSL-JSON refkit formats -- which is what ``refkit export
csljson`` writes, with TeX a source left undecoded made readable -- compared with refkit's own
output for the seed list and an entry of every kind, in the eight styles users compare most. What
is tested is refkit's mapping to CSL-JSON and its output targets, not the engine.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import pytest

from refkit.exporters.csljson import dumps_csljson
from refkit.render import cite, render
from refkit.render.citeproc_js import locales
from refkit.render.csl_engine import csl_items
from refkit.render.styles import find_style

from .test_citeproc_js import NODE_SCRIPT

STYLES = ["apa", "ieee", "chicago-author-date", "modern-language-association", "nature", "nlm-citation-sequence",
          "harvard-cite-them-right", "association-for-computing-machinery"]

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def _node(entries, style_name: str, output: str, clusters=None) -> dict:
    items = csl_items(entries)
    tag = locales.resolve_locale(None, None)
    request = {"items": items, "style": find_style(style_name).path.read_text(encoding="utf-8"), "locale": tag,
               "forceLocale": False, "output": output, "clusters": clusters,
               "locales": locales.locale_files({tag, "en-US"})}
    run = subprocess.run(["node", str(NODE_SCRIPT)], input=json.dumps(request), capture_output=True, text=True,
                         check=True, timeout=300)
    return json.loads(run.stdout)


def _flat(text: str) -> str:
    """One entry as a reader sees it in a flat target: the number column runs into the entry."""
    return re.sub(r"\s+", " ", text).strip()


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")


def _markup(fragment: str) -> list[tuple[str, str]]:
    """An HTML entry as (character, the formatting it carries), independent of how either side
    spells it: entities decoded, layout divs dropped, italic/bold/small caps/super/subscript kept."""
    out, stack = [], []
    pos = 0
    for m in _TAG.finditer(fragment):
        out += [(ch, "".join(sorted(set(stack)))) for ch in html.unescape(fragment[pos:m.start()])]
        pos = m.end()
        closing, name, attrs = m.groups()
        if name == "div":  # a display block: the number column is apart from the entry
            out.append((" ", ""))
            continue
        if closing:
            if stack:
                stack.pop()
            continue
        style = attrs.replace(" ", "").lower()
        mark = {"i": "i", "b": "b", "sup": "^", "sub": "_"}.get(name, "")
        mark = mark or ("c" if "small-caps" in style else "i" if "font-style:italic" in style else
                        "n" if "font-style:normal" in style else "")
        stack.append(mark)
    out += [(ch, "".join(sorted(set(stack)))) for ch in html.unescape(fragment[pos:])]
    # upright inside italics ("n" under "i") is plain; collapse white space
    # a space looks the same in italics or not
    flat = [(" ", "") if ch.isspace() else (ch, "" if ("n" in f and "i" in f) else f.replace("n", "")) for ch, f in out]
    text = []
    for ch, f in flat:
        if ch == " " and text and text[-1][0] == " ":
            continue
        text.append((ch, f))
    while text and text[0][0] == " ":
        text.pop(0)
    while text and text[-1][0] == " ":
        text.pop()
    return text


@pytest.fixture(scope="module")
def entries(seed, tricky):
    return [*seed, *tricky]


def test_what_is_formatted_is_the_csljson_export(seed, tricky):
    """Clean records are formatted from exactly the exported items; TeX leftovers only are decoded."""
    def printed(items):  # abstracts carry $math$ and TeX that is made readable; no compared style prints them
        return [{k: v for k, v in item.items() if k != "abstract"} for item in items]

    assert printed(csl_items(seed)) == printed(json.loads(dumps_csljson(seed)))
    leftover = next(e for e in tricky if "\\emph" in e.title)
    assert "\\" not in csl_items([leftover])[0]["title"]


@pytest.mark.parametrize("style_name", STYLES)
def test_text_is_what_citeproc_js_prints(entries, style_name):
    ours = render(entries, style_name, "text").entries
    theirs = _node(entries, style_name, "text")["bibliography"]["entries"]
    assert [_flat(t) for t in ours] == [_flat(t) for t in theirs]


@pytest.mark.parametrize("style_name", STYLES)
def test_html_is_what_citeproc_js_prints(entries, style_name):
    ours = render(entries, style_name, "html").entries
    theirs = _node(entries, style_name, "html")["bibliography"]["entries"]
    assert len(ours) == len(theirs)
    for mine, zotero in zip(ours, theirs):
        assert _markup(mine) == _markup(zotero), (mine, zotero)


@pytest.mark.parametrize("style_name", ["apa", "ieee", "chicago-author-date"])
def test_citations_are_what_citeproc_js_prints(seed, style_name):
    keys = [e.key for e in seed]
    clusters = [[keys[0]], [keys[1], keys[0]], [keys[2]], keys[3:6]]
    ours = cite(seed, style_name, clusters, "text")
    ids = {e.key: item["id"] for e, item in zip(seed, csl_items(seed))}
    theirs = _node(seed, style_name, "text", [[{"id": ids[k]} for k in cluster] for cluster in clusters])
    # node registers only the cited items, as a document does; so does refkit when the whole set is cited
    assert len(ours) == len(theirs["citations"])
    assert ours[0] == _flat(theirs["citations"][0])
