"""No TeX leaks into text, HTML or Markdown, and LaTeX output compiles, on the TeX-heaviest corpora
(biblatex-examples.bib, tugboat.bib), every field handed over *undecoded* (see conftest.raw_tex):
the renderer's own guarantee, whatever an importer leaves behind."""
from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from refkit.render import find_style
from refkit.render.engine import load_engine
from refkit.render.targets import writer

_URL = re.compile(r"https?://\S+")
# what must never reach a reader: TeX commands, braces, math dollars, "--", TeX's "~", our markers
_LEAK = re.compile(r"\\[A-Za-z]+|\\[^A-Za-z\s]|[{}$~]|--|[\ue000-\uf8ff]")


_RENDERED: dict = {}


def _engine_items(entries, style_name, label=None):
    """Encoded items (target-independent) for ``entries``; memoised by ``label`` across tests."""
    if label and (label, style_name) in _RENDERED:
        return _RENDERED[label, style_name]
    style = find_style(style_name)
    engine = load_engine(style.engine)
    formatted = engine.format(engine.prepare(entries, style, None))
    result = formatted.items, formatted.diagnostics
    if label:
        _RENDERED[label, style_name] = result
    return result


def _leaks(text: str) -> list[str]:
    return _LEAK.findall(_URL.sub("", text))


class _Balanced(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data):
        self.text.append(data)


def _check_items(items, markdown_check: bool) -> None:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    for item in items:
        text = writer("text").convert(item.encoded)
        assert not _leaks(text), (item.key, text)
        html = writer("html").convert(item.encoded)
        assert not re.search(r"&(?!amp;|lt;|gt;|quot;)", html), (item.key, html)
        parser = _Balanced()
        parser.feed(html)
        parser.close()
        assert parser.stack == [], (item.key, html)
        assert "".join(parser.text).replace("\u00a0", " ") == text, (item.key, html)
        latex = writer("latex").convert(item.encoded)
        assert not re.search("[\ue000-\uf8ff]", latex)
        unescaped = re.sub(r"\\[{}]", "", latex)
        assert unescaped.count("{") == unescaped.count("}"), (item.key, latex)
        if markdown_check:
            source = writer("markdown").convert(item.encoded)
            shown = htmllib.unescape(re.sub(r"<[^>]+>", "", md.renderInline(source)))
            assert unquote(shown) == unquote(text), (item.key, source)


@pytest.mark.parametrize("style", ["apa", "pybtex:plain", "ieee"])
def test_biblatex_examples(raw_tex, style):
    entries = raw_tex("biblatex-examples.bib")
    items, diagnostics = _engine_items(entries, style, "biblatex-examples")
    assert [d for d in diagnostics if d.severity == "error"] == []
    assert len(items) == len(entries) == 92
    _check_items(items, markdown_check=True)


@pytest.mark.parametrize("style", ["apa", "pybtex:plain"])
def test_tugboat_sample(raw_tex, style):
    entries = raw_tex("tugboat.bib")[::10]  # 484 entries, every tenth: fast, and all kinds of markup
    items, _ = _engine_items(entries, style, "tugboat-sample")
    assert len(items) == len(entries)
    _check_items(items, markdown_check=True)


@pytest.mark.slow
@pytest.mark.parametrize("style", ["apa", "pybtex:plain"])
def test_tugboat_whole(raw_tex, style):
    entries = raw_tex("tugboat.bib")
    items, _ = _engine_items(entries, style)
    assert len(items) == len(entries) == 4839
    _check_items(items, markdown_check=False)


# characters pdflatex (T1, UTF-8 input) typesets without extra fonts; Greek, Cyrillic and CJK need
# xelatex/lualatex and are left out of this compile (they are still checked above)
_PDFLATEX_SAFE = re.compile(r"^[\u0000-\u017f\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2026\u2022\u20ac]*$")


@pytest.mark.latex
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_latex_output_compiles(raw_tex, tmp_path, seed, tricky):
    parts = []
    left_out = 0
    for label, entries, styles in (
            ("biblatex-examples", raw_tex("biblatex-examples.bib"), ("apa", "ieee", "pybtex:plain")),
            ("tugboat-sample", raw_tex("tugboat.bib")[::10], ("apa", "pybtex:plain")),
            ("seed", seed, ("apa", "ieee", "pybtex:plain")), ("tricky", tricky, ("apa", "ieee", "pybtex:plain"))):
        for style in styles:
            items, _ = _engine_items(entries, style, label)
            latex = [writer("latex").convert(i.encoded) for i in items]
            safe = [t for t in latex if _PDFLATEX_SAFE.match(t)]
            left_out += len(latex) - len(safe)
            parts.append(writer("latex").document(safe))
    assert left_out < 30  # only entries in Cyrillic, CJK and the like
    assert sum(p.count("\\item{}") for p in parts) > 1200
    doc = tmp_path / "bib.tex"
    doc.write_text("\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{hyperref}\n"
                   "\\begin{document}\n" + "\n".join(parts) + "\\end{document}\n", encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", doc.name],
                         cwd=tmp_path, capture_output=True, timeout=300, check=False)
    log = (tmp_path / "bib.log").read_text(errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert run.returncode == 0 and errors == [], errors[:5]


@pytest.mark.parametrize("corpus,step", [("biblatex-examples.bib", 1), ("tugboat.bib", 10)])
def test_through_refkit_bibtex_importer(shared, corpus, step):
    """The path users take (``refkit bib refs.bib``): refkit's own reader, then the styles."""
    from refkit import plugins
    from refkit.importers import read_source

    if "bibtex" not in plugins.names(plugins.IMPORTERS):
        pytest.skip("no BibTeX importer registered")
    entries = read_source(str(shared / "corpora" / corpus)).entries[::step]
    assert len(entries) > 90
    for style in ("apa", "pybtex:plain"):
        items, _ = _engine_items(entries, style)
        assert len(items) == len(entries)
        _check_items(items, markdown_check=False)
