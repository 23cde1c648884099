"""``refkit.cite`` (which keys a LaTeX document cites) and the ``refkit cite`` command.

The .aux files produced by real pdflatex+bibtex and pdflatex+biber runs are in tests/latex/.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from refkit.cite import collect_citations, parse_aux, parse_tex, uses_biblatex
from refkit.model import Entry, PartialDate, Person


def run_cli(*args: str) -> int:
    from refkit.cli import main

    try:
        main(list(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


# ------------------------------------------------------------------------------------------ .tex

@pytest.mark.parametrize("source, keys", [
    (r"\cite{a}", ["a"]),
    (r"\cite{a, b ,c}", ["a", "b", "c"]),
    (r"\citet[p.~3]{a}", ["a"]),
    (r"\citep[see][chap.~2]{a,b}", ["a", "b"]),
    (r"\citet*{a} \Citet{b} \citealp{c} \citeauthor{d} \citeyearpar{e} \citenum{f}", list("abcdef")),
    (r"\parencite[12]{a} \textcite{b} \Textcite{c} \footcite{d} \autocite*{e} \smartcite{f}", list("abcdef")),
    (r"\cites[see][1]{a}[2]{b,c}{d} and more", ["a", "b", "c", "d"]),
    (r"\parencites(multi pre)(multi post)[p][q]{a}{b}", ["a", "b"]),
    (r"\cites{a}{b} {\em emphasised text}", ["a", "b"]),
    (r"\volcite{3}[12]{a} \pvolcite[see]{2}{b}", ["a", "b"]),
    (r"\nocite{*}", ["*"]),
    (r"\cite {a}", ["a"]),
    ("\\cite{a}% \\cite{commented}\n\\cite{b}", ["a", "b"]),
    (r"100\% sure \cite{a}", ["a"]),
    ("\\begin{verbatim}\n\\cite{shown}\n\\end{verbatim}\\cite{real}", ["real"]),
    (r"\newcommand{\mycite}[1]{\cite{#1}} \mycite{a}", []),
    (r"\citestyle{plainnat} \bibliographystyle{plain} \citetext{text}", []),
    (r"\textcite[{[}brackets{]}]{a}", ["a"]),
], ids=["one", "several", "postnote", "pre-post", "natbib-family", "biblatex-family", "multicite",
        "multicite-parens", "multicite-then-text", "volcite", "nocite-all", "space-before-brace", "comment", "escaped-percent",
        "verbatim", "newcommand-body", "not-citations", "braces-in-note"])
def test_parse_tex_finds_every_cite_command(source, keys):
    found, _, _ = parse_tex(source)
    assert found == keys


def test_parse_tex_reports_a_cite_without_keys_with_its_line():
    _, _, diagnostics = parse_tex("first line\n\\cite without braces\n")
    assert [(d.code, d.line) for d in diagnostics] == [("cite-no-keys", 2)]


def test_parse_tex_lists_included_files():
    _, includes, _ = parse_tex(r"\input{intro} \include{chapters/two} % \input{commented}")
    assert includes == ["intro", "chapters/two"]


def test_uses_biblatex():
    assert uses_biblatex(r"\usepackage[backend=biber,style=authoryear]{biblatex}")
    assert uses_biblatex(r"\abx@aux@cite{0}{a}")
    assert not uses_biblatex(r"\usepackage{natbib} % \usepackage{biblatex}")


# ------------------------------------------------------------------------------------------ .aux

def test_parse_aux_reads_bibtex_and_biblatex_lines():
    # \abx@aux@cite{d}: the one-argument form of biblatex before 3.8
    text = r"""\relax
\citation{a,b}
\abx@aux@cite{0}{c}
\abx@aux@segm{0}{0}{c}
\abx@aux@cite{d}
\@input{chap1.aux}
\bibstyle{plainnat}
"""
    assert parse_aux(text) == (["a", "b", "c", "d"], ["chap1.aux"])


def test_parse_aux_reads_nocite_all_of_both_backends():
    assert parse_aux("\\citation{*}\n\\bibstyle{plain}\n") == (["*"], [])
    assert parse_aux("\\abx@aux@refcontext{nty/global//global/global}\n\\abx@aux@nociteall\n") == (["*"], [])


def test_collect_citations_follows_nested_inputs_once(tmp_path):
    (tmp_path / "main.aux").write_text("\\citation{a}\n\\@input{ch1.aux}\n\\@input{ch2.aux}\n\\citation{z}\n")
    (tmp_path / "ch1.aux").write_text("\\citation{b,a}\n\\@input{ch1.aux}\n")  # a cycle must not loop
    (tmp_path / "ch2.aux").write_text("\\@input{deeper.aux}\n")
    (tmp_path / "deeper.aux").write_text("\\citation{c}\n")
    result = collect_citations(tmp_path / "main.aux")
    assert result.keys == ["a", "z", "b", "c"]
    assert [Path(f).name for f in result.files] == ["main.aux", "ch1.aux", "ch2.aux", "deeper.aux"]
    assert result.diagnostics == []


def test_collect_citations_warns_about_a_missing_input_and_keeps_going(tmp_path):
    (tmp_path / "main.aux").write_text("\\citation{a}\n\\@input{gone.aux}\n")
    result = collect_citations(tmp_path / "main.aux")
    assert result.keys == ["a"]
    assert [d.code for d in result.diagnostics] == ["cite-missing-input"]
    assert "gone.aux" in result.diagnostics[0].message


def test_collect_citations_follows_tex_inputs(tmp_path):
    (tmp_path / "paper.tex").write_text("\\usepackage{biblatex}\n\\input{sections/intro}\n\\textcite{b}\n")
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "intro.tex").write_text("\\parencite{a}")
    result = collect_citations(tmp_path / "paper.tex")
    assert set(result.keys) == {"a", "b"} and result.biblatex


# ------------------------------------------------------------------------------------------ CLI

def _entry(key: str, title: str, arxiv_id: str) -> Entry:
    return Entry(type="article", key=key, title=title, author=(Person("Wang", "Zhenhailong"),),
                 issued=PartialDate(2023, 7, 11), arxiv_id=arxiv_id, primary_category="cs.AI",
                 url=f"https://arxiv.org/abs/{arxiv_id}", doi=f"10.48550/arxiv.{arxiv_id}")


@pytest.fixture
def library(refkit_home):
    from refkit.store import Library

    with Library.open() as lib:
        lib.add([_entry("wang2023unleashing", "Unleashing Cognitive Synergy", "2307.05300"),
                 _entry("dai2022gpt", "Why Can GPT Learn In-Context?", "2212.10559"),
                 _entry("zhong2023memory", "Augmenting Language Models with Long-Term Memory", "2306.07174")])
    return refkit_home


def _library_records():
    from refkit.store import Library

    with Library.open() as lib:
        return {r.key: r for r in lib.select()}


def test_cite_writes_only_cited_entries_and_freezes_their_keys(library, tmp_path, capsys):
    aux = tmp_path / "paper.aux"
    aux.write_text("\\citation{dai2022gpt}\n\\citation{wang2023unleashing,dai2022gpt}\n")
    out = tmp_path / "refs.bib"
    code = run_cli("cite", str(aux), "-o", str(out), "--project", "paper")
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out == ""
    assert captured.err == f"refkit: wrote 2 of 2 cited entries (bibtex) to {out}\n"
    text = out.read_text()
    assert "dai2022gpt" in text and "wang2023unleashing" in text and "zhong2023memory" not in text
    assert text.index("dai2022gpt") < text.index("wang2023unleashing")  # citation order
    records = _library_records()
    assert records["dai2022gpt"].key_frozen and records["wang2023unleashing"].key_frozen
    assert not records["zhong2023memory"].key_frozen
    assert records["dai2022gpt"].annotations.projects == ("paper",)
    assert records["zhong2023memory"].annotations.projects == ()


def test_cite_reports_missing_keys_with_near_matches_and_exits_1(library, tmp_path, capsys):
    tex = tmp_path / "paper.tex"
    tex.write_text("\\usepackage{natbib}\n\\citet{Wang2023unleashing} \\citep{nobody1999}\n\\citep{dai2022gpt}\n")
    code = run_cli("cite", str(tex))
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.splitlines() == [
        f"refkit: {tex}: 'Wang2023unleashing' is cited but not in the library (did you mean 'wang2023unleashing'?)",
        f"refkit: {tex}: 'nobody1999' is cited but not in the library",
        "refkit: wrote 1 of 3 cited entries (bibtex) to standard output",
    ]
    assert captured.out.count("@") == 1 and "dai2022gpt" in captured.out


def test_cite_picks_biblatex_for_a_biblatex_document(library, tmp_path, capsys):
    aux = tmp_path / "paper.aux"
    aux.write_text("\\abx@aux@cite{0}{zhong2023memory}\n")
    assert run_cli("cite", str(aux)) == 0
    captured = capsys.readouterr()
    assert "(biblatex)" in captured.err
    assert "eprinttype" in captured.out  # the biblatex writer's arXiv fields


def test_cite_nocite_star_writes_everything(library, tmp_path, capsys):
    aux = tmp_path / "all.aux"
    aux.write_text("\\citation{*}\n")
    assert run_cli("cite", str(aux), "--format", "bibtex") == 0
    assert capsys.readouterr().out.count("@") == 3


@pytest.mark.parametrize("name, content, message", [
    ("missing.aux", None, "refkit: {path}: no such file"),
    ("notes.txt", "x", "refkit: {path}: expected a .aux or .tex file"),
    ("empty.aux", "\\relax\n", "refkit: {path}: no citations found (no \\cite commands, or LaTeX has not been run yet)"),
], ids=["missing-file", "wrong-suffix", "no-citations"])
def test_cite_input_errors(library, tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    code = run_cli("cite", str(path))
    assert code in (1, 2)
    assert capsys.readouterr().err == message.format(path=path) + "\n"


def test_cite_writes_an_old_key_under_the_name_the_document_uses(library, tmp_path, capsys):
    from refkit.store import Library

    with Library.open() as lib:
        lib.rename_key("zhong2023memory", "longmem")
    aux = tmp_path / "paper.aux"
    aux.write_text("\\citation{zhong2023memory}\n")
    assert run_cli("cite", str(aux)) == 0
    out = capsys.readouterr().out
    assert "zhong2023memory" in out and "longmem" not in out


# keys BibTeX and biber accept (measured: refkit/mapping/bibtex_keys.py); refkit cite must write them unchanged
LEGAL_KEYS = ["DBLP:conf/acl/X", "averroes/bland", "a+b", "Müller2020"]


@pytest.fixture
def legal_key_library(refkit_home):
    from refkit.store import Library

    with Library.open() as lib:
        lib.add([Entry(type="article-journal", key=key, title=f"Paper {i}", container_title="Journal",
                       author=(Person("Müller", "Jörg"),), issued=PartialDate(2020 + i))
                 for i, key in enumerate(LEGAL_KEYS)])
    return refkit_home


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_cite_writes_legal_keys_unchanged(legal_key_library, tmp_path, capsys, fmt):
    aux = tmp_path / "paper.aux"
    aux.write_text("".join(f"\\citation{{{key}}}\n" for key in LEGAL_KEYS), encoding="utf-8")
    out = tmp_path / "refs.bib"
    assert run_cli("cite", str(aux), "--format", fmt, "-o", str(out)) == 0
    assert capsys.readouterr().err == f"refkit: wrote 4 of 4 cited entries ({fmt}) to {out}\n"
    assert re.findall(r"^@\w+\{([^,]+),", out.read_text(encoding="utf-8"), re.MULTILINE) == LEGAL_KEYS


def test_cite_counts_an_entry_written_under_another_key_as_not_found(legal_key_library, tmp_path, capsys):
    from refkit.store import Library

    with Library.open() as lib:  # a second entry whose key differs only in case: BibTeX cannot tell them apart
        lib.add([Entry(type="book", key="A+B", title="Another book", author=(Person("Other", "Anne"),))])
    aux = tmp_path / "paper.aux"
    aux.write_text("\\citation{a+b}\n\\citation{A+B}\n")
    code = run_cli("cite", str(aux))
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert err == [
        "warning: entry 'A+B': key written as 'A+Ba': an earlier entry is written as 'a+b' (BibTeX keys ignore case)",
        "refkit: wrote 1 of 2 cited entries (bibtex) to standard output; 1 more under a changed key",
    ]


@pytest.mark.latex
@pytest.mark.skipif(not all(shutil.which(t) for t in ("pdflatex", "bibtex", "biber")),
                    reason="needs pdflatex, bibtex and biber")
@pytest.mark.parametrize("engine", ["bibtex", "biber"])
def test_legal_keys_are_found_by_bibtex_and_biber(legal_key_library, tmp_path, capsys, engine):
    cites = ",".join(LEGAL_KEYS)
    setup = (r"\usepackage[backend=biber]{biblatex}\addbibresource{refs.bib}" if engine == "biber" else "")
    ending = r"\printbibliography" if engine == "biber" else r"\bibliographystyle{plain}\bibliography{refs}"
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n" + setup + "\n\\begin{document}\n"
        f"\\cite{{{cites}}}\n{ending}\n\\end{{document}}\n", encoding="utf-8")

    def run(*command: str) -> subprocess.CompletedProcess:
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)

    run("pdflatex", "-interaction=nonstopmode", "main.tex")
    assert run_cli("cite", str(tmp_path / "main.aux"), "-o", str(tmp_path / "refs.bib")) == 0
    assert "wrote 4 of 4 cited entries" in capsys.readouterr().err
    tool = run(engine, "main")
    assert tool.returncode == 0, tool.stdout + tool.stderr
    assert not re.search(r"WARN|ERROR|Warning--", tool.stdout), tool.stdout
    run("pdflatex", "-interaction=nonstopmode", "main.tex")
    run("pdflatex", "-interaction=nonstopmode", "main.tex")
    log = (tmp_path / "main.log").read_text(errors="replace")
    assert "undefined" not in log, re.findall(r".*undefined.*", log)
    bbl = (tmp_path / "main.bbl").read_text(encoding="utf-8")
    assert sorted(re.findall(r"\\(?:bibitem|entry)\{([^}]+)\}", bbl)) == sorted(LEGAL_KEYS)


# ------------------------------------------------------------------------------------------ export

def test_export_selects_by_project_and_tag_and_freezes_keys(library, tmp_path, capsys):
    from refkit.store import Library

    with Library.open() as lib:
        lib.add_to_project(["wang2023unleashing", "dai2022gpt"], "thesis")
        lib.tag(["dai2022gpt"], ["icl"])
    out = tmp_path / "thesis.ris"
    assert run_cli("export", "--format", "ris", "--project", "thesis", "--tag", "icl", "-o", str(out)) == 0
    assert capsys.readouterr().err == f"refkit: wrote 1 entry (ris) to {out}\n"
    text = out.read_bytes().decode()
    assert text.startswith("TY  - GEN\r\nID  - dai2022gpt\r\n")
    assert "KW  - icl\r\n" in text and "KW  - project:thesis\r\n" in text
    records = _library_records()
    assert records["dai2022gpt"].key_frozen and not records["wang2023unleashing"].key_frozen


def test_export_to_stdout(library, capsys):
    assert run_cli("export", "--format", "zotero-rdf") == 0
    captured = capsys.readouterr()
    assert captured.out.count("<z:itemType>preprint</z:itemType>") == 3
    assert captured.err == ""


@pytest.mark.parametrize("args, message", [
    (["--format", "bibtx"], "unknown format 'bibtx' (known: "),
    (["--project", "nope"], "refkit: no project 'nope' in the library (projects: none yet)"),
    (["--tag", "nope"], "refkit: no tag 'nope' in the library (tags: none yet)"),
], ids=["unknown-format", "unknown-project", "unknown-tag"])
def test_export_usage_errors(library, capsys, args, message):
    assert run_cli("export", *args) == 2
    err = capsys.readouterr().err
    assert message in err
    if "bibtx" in message:
        for name in ("bibtex", "biblatex", "csljson", "ris", "zotero-rdf"):
            assert name in err


def test_export_of_an_empty_library_says_so(refkit_home, capsys):
    assert run_cli("export") == 2
    assert capsys.readouterr().err == "refkit: the library is empty: add entries first (refkit add FILE)\n"


def test_export_carries_library_notes_into_ris(library, capsys):
    from refkit.store import Library

    with Library.open() as lib:
        lib.add_note("wang2023unleashing", "Read section 3.\nGood baseline.")
        lib.set_status(["wang2023unleashing"], "read")
    assert run_cli("export", "--format", "ris") == 0
    out = capsys.readouterr().out
    assert "N1  - Read section 3.\r\nGood baseline.\r\n" in out
    assert "KW  - status:read\r\n" in out
