"""Hostile content in exports: a title with ``\\input{/etc/passwd}``, ``%``, ``#``, unbalanced braces or
``\\end{document}`` must not break or inject into the LaTeX document that uses the .bib; HTML and
Markdown output escape everything.

The .bib files are compiled for real (pdflatex + bibtex with ``plain``, pdflatex + biber with biblatex)
in a document that ``\\nocite{*}``s them. Every hostile string is followed by a number (digits never
kern, so they stay whole in the PDF's text): all of them must reach the PDF, nothing may be read from
disk, and TeX must reach the line after the bibliography.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from refkit import plugins
from refkit.model import Entry, PartialDate, Person

TEX_TOOLS = ("pdflatex", "bibtex", "biber")
needs_tex = pytest.mark.skipif(not all(shutil.which(t) for t in TEX_TOOLS),
                               reason="needs pdflatex, bibtex and biber (texlive-latex-base, texlive-bibtex-extra, biber)")

HOSTILE_TITLES = [
    r"\input{/etc/passwd} 31337001 read a file",
    "100% 31337002 sure the rest is kept",
    "Issue #1 31337003 and ## double hash",
    "Unbalanced { open brace 31337004",
    "Stray } closing brace 31337005",
    r"\end{document} 31337006 and after it",
    "<script>alert(1)</script> & 31337007 *star* _under_ [link](x) `tick`",
    r"\immediate\write18{touch pwned} 31337008",
    r"Tilde ~ caret ^ lone dollar $ 31337009 backslash \ end",
    r"\gdef {x} \catcode`\%=12 \csname relax\endcsname \let 31337010",
]
MARKERS = [re.search(r"3133700\d|313370\d\d", t).group() for t in HOSTILE_TITLES]


def hostile_entries() -> list[Entry]:
    entries = [
        Entry(type="article-journal", key=f"hostile{i}", title=title,
              author=(Person(family="Doe", given="Jane"),), container_title="Journal of Tests",
              issued=PartialDate(2020), volume="1", page="1-2")
        for i, title in enumerate(HOSTILE_TITLES)
    ]
    entries.append(Entry(
        type="article-journal", key="people", title="Hostile people 31337011",
        author=(Person(family="O'Brien} \\input{/etc/passwd}", given="%Evil #1"),
                Person(literal="{Org & Co} \\end{document} $x"),
                Person(family="{{{", given="}}}")),
        container_title="Journal of \\input{/etc/passwd} 50% #2", issued=PartialDate(2021), volume="2",
        page="3-4", abstract="\\end{document} % \\input{/etc/passwd} {{{ unbalanced",
        note="note with \\input{/etc/passwd} and % and # and }", url="https://example.org/a%20b#frag{x}",
    ))
    entries.append(Entry(type="article-journal", key="evil}, title={x", title="Hostile key 31337012",
                         author=(Person(family="Roe", given="Rick"),), container_title="J",
                         issued=PartialDate(2022), volume="3", page="5"))
    return entries


ALL_MARKERS = MARKERS + ["31337011", "31337012"]

BIBTEX_DOC = r"""\pdfcompresslevel=0 \pdfobjcompresslevel=0
\documentclass{article}
\begin{document}
Before the bibliography.
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\typeout{REFKIT-REACHED-END}
After the bibliography 99999001.
\end{document}
"""

BIBLATEX_DOC = r"""\pdfcompresslevel=0 \pdfobjcompresslevel=0
\documentclass{article}
\usepackage[backend=biber,style=authoryear]{biblatex}
\addbibresource{refs.bib}
\begin{document}
Before the bibliography.
\nocite{*}
\printbibliography
\typeout{REFKIT-REACHED-END}
After the bibliography 99999001.
\end{document}
"""


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=False, cwd=cwd, capture_output=True, timeout=300,
                          stdin=subprocess.DEVNULL, text=True, errors="replace")


def _compile(tmp_path: Path, exporter: str, document: str, backend: str) -> tuple[str, bytes, str, str]:
    """Export, compile; (log, pdf bytes, bbl, blg). Fails the test on any tool error."""
    (tmp_path / "refs.bib").write_text(plugins.load(plugins.EXPORTERS, exporter).dumps(hostile_entries()),
                                       encoding="utf-8")
    (tmp_path / "doc.tex").write_text(document, encoding="utf-8")
    latex = ["pdflatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    steps = [latex, [backend, "doc"], latex, latex]
    for step in steps:
        done = _run(step, tmp_path)
        # bibtex exits 1 for warnings only; 2 and above is an error
        limit = 1 if step[0] == "bibtex" else 0
        assert done.returncode <= limit, (f"{' '.join(step)} exit {done.returncode}:\n{done.stdout[-3000:]}\n"
                                          f"--- refs.bib ---\n{(tmp_path / 'refs.bib').read_text()[:4000]}")
    read = lambda name: (tmp_path / name).read_text(errors="replace") if (tmp_path / name).exists() else ""
    return read("doc.log"), (tmp_path / "doc.pdf").read_bytes(), read("doc.bbl"), read("doc.blg")


def _check_document(log: str, pdf: bytes, items: int) -> None:
    assert "REFKIT-REACHED-END" in log, "TeX stopped before the end of the document"
    assert not re.search(r"^! ", log, re.MULTILINE), re.findall(r"^! .*", log, re.MULTILINE)
    assert "(/etc/passwd" not in log, "/etc/passwd was \\input"
    assert "runsystem" not in log, "\\write18 reached the shell escape"
    assert b"99999001" in pdf
    missing = [m for m in ALL_MARKERS if m.encode() not in pdf]
    assert not missing, f"text after a hostile string never reached the PDF: {missing}"
    assert items == len(hostile_entries())


@needs_tex
@pytest.mark.latex
def test_bibtex_export_compiles_safely(tmp_path):
    log, pdf, bbl, blg = _compile(tmp_path, "bibtex", BIBTEX_DOC, "bibtex")
    assert "error message" not in blg, blg
    _check_document(log, pdf, bbl.count("\\bibitem"))


@needs_tex
@pytest.mark.latex
def test_biblatex_export_compiles_safely(tmp_path):
    log, pdf, bbl, blg = _compile(tmp_path, "biblatex", BIBLATEX_DOC, "biber")
    assert not re.search(r"\bERROR\b", blg), re.findall(r".*ERROR.*", blg)
    _check_document(log, pdf, bbl.count("\\entry{"))


@pytest.mark.parametrize("exporter", ["bibtex", "biblatex"])
def test_exported_bib_reads_back_whole(exporter):
    # the .bib must itself be well-formed: refkit's own reader gets every entry back, titles intact
    from refkit.importers import read_text

    text = plugins.load(plugins.EXPORTERS, exporter).dumps(hostile_entries())
    result = read_text(text, "refs.bib", format="bibtex")
    assert not result.errors, [str(d) for d in result.errors]
    titles = {e.title for e in result.entries}
    for title in HOSTILE_TITLES:
        assert title in titles, f"{title!r} did not survive the round trip: {sorted(titles)}"


# --- HTML and Markdown ---------------------------------------------------------------------------

class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def _bib_cli(tmp_path, refkit_cli, target: str) -> str:
    source = tmp_path / "hostile.json"
    csl = plugins.load(plugins.EXPORTERS, "csljson").dumps(hostile_entries())
    source.write_text(csl, encoding="utf-8")
    done = refkit_cli("bib", str(source), "--style", "apa", "--to", target, home=tmp_path / "home")
    err = done.stderr.decode(errors="replace")
    assert done.returncode == 0 and "Traceback" not in err, err[-2000:]
    return done.stdout.decode("utf-8")


def test_html_output_escapes_everything(tmp_path, refkit_cli):
    page = _bib_cli(tmp_path, refkit_cli, "html")
    parsed = _Elements()
    parsed.feed(page)
    assert "script" not in parsed.tags
    assert set(parsed.tags) <= {"div", "p", "i", "b", "sup", "sub", "span", "a", "em", "strong", "ul", "ol",
                                "li", "html", "head", "body", "meta", "title", "section"}, set(parsed.tags)
    assert all(not (value or "").lower().startswith("javascript:") for _, value in parsed.attrs)
    text = "".join(parsed.text)
    assert "<script>alert(1)</script>" in text, "the title's text must survive, escaped"
    for marker in ALL_MARKERS:
        assert marker in text


def test_markdown_output_escapes_markup(tmp_path, refkit_cli):
    page = _bib_cli(tmp_path, refkit_cli, "markdown")
    assert "<script>" not in page
    line = next(line for line in page.splitlines() if "31337007" in line)
    # *star* _under_ [link](x) `tick` must not turn into emphasis, a link or code
    for raw in ("*star*", "_under_", "[link](x)", "`tick`"):
        assert raw not in line, f"{raw!r} left unescaped in {line!r}"
    for marker in ALL_MARKERS:
        assert marker in page


# --- RIS and Zotero RDF: line- and XML-based formats ---------------------------------------------

INJECTING = Entry(type="article-journal", key="inject", title="Line one\r\nER  - \r\nTY  - BOOK\r\nTI  - Forged",
                  author=(Person(family="Doe\nAU  - Forged", given="Jane"),), container_title="J <b>&amp; x",
                  issued=PartialDate(2020), abstract="]]><evil/><![CDATA[ & < > \" '")


def test_ris_export_cannot_forge_records():
    from refkit.importers import read_text

    entries = hostile_entries() + [INJECTING]
    text = plugins.load(plugins.EXPORTERS, "ris").dumps(entries)
    result = read_text(text, "refs.ris", format="ris")
    assert len(result.entries) == len(entries), "a field's line break started a new RIS record"
    forged = [e for e in result.entries if e.title == "Forged" or any(p.family == "Forged" for p in e.author)]
    assert not forged
    assert any(e.title.startswith("Line one") for e in result.entries)


def test_zotero_rdf_export_is_well_formed_xml():
    from defusedxml import ElementTree

    text = plugins.load(plugins.EXPORTERS, "zotero-rdf").dumps(hostile_entries() + [INJECTING])
    root = ElementTree.fromstring(text.encode("utf-8"))  # raises on broken or entity-laden XML
    assert not root.findall(".//evil")
    every_text = " ".join(node.text or "" for node in root.iter())
    for marker in ALL_MARKERS:
        assert marker in every_text


@needs_tex
@pytest.mark.latex
def test_bib_latex_output_compiles_safely(tmp_path, refkit_cli):
    (tmp_path / "items.tex").write_text(_bib_cli(tmp_path, refkit_cli, "latex"), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\pdfcompresslevel=0 \\pdfobjcompresslevel=0\n\\documentclass{article}\n\\usepackage{hyperref}\n"
        "\\begin{document}\n\\input{items}\n\\typeout{REFKIT-REACHED-END}\nAfter 99999001.\n\\end{document}\n",
        encoding="utf-8")
    done = _run(["pdflatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], tmp_path)
    assert done.returncode == 0, done.stdout[-3000:]
    log = (tmp_path / "doc.log").read_text(errors="replace")
    _check_document(log, (tmp_path / "doc.pdf").read_bytes(), len(hostile_entries()))
