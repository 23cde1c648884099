"""``refkit cite`` on .aux files written by real pdflatex runs (natbib + bibtex, biblatex + biber),
with an \\include'd chapter (nested \\@input aux), then the written .bib compiled by bibtex/biber:
the document ends with every citation resolved except the one key the library does not have."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.latex

NATBIB_MAIN = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{natbib}
\begin{document}
As \citet{%(a)s} show, and others agree \citep[see][p.~3]{%(b)s,%(c)s}.
%% \cite{commented_out_key}
\include{chapter}
\bibliographystyle{plainnat}
\bibliography{refs}
\end{document}
"""
BIBLATEX_MAIN = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[backend=biber,style=authoryear]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\textcite{%(a)s} and \parencites[see][3]{%(b)s}{%(c)s}.
\include{chapter}
\printbibliography
\end{document}
"""
CHAPTER = r"""Chapter text \cite{%(d)s} and \cite{%(missing)s}."""


def _latex(folder: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), cwd=folder, capture_output=True, text=True, timeout=300, check=False)


def _pdflatex(folder: Path) -> None:
    _latex(folder, "pdflatex", "-interaction=nonstopmode", "main.tex")


def _run_cite(*args: str) -> int:
    from refkit.cli import main

    try:
        main(["cite", *args])
    except SystemExit as exc:
        return exc.code
    return 0


@pytest.fixture
def library(refkit_home, seed_entries, latex_check):
    from refkit.store import Library

    with Library.open() as lib:
        lib.add(seed_entries[:8])
    keys = {name: seed_entries[i].key for i, name in enumerate("abcd")}
    typo = seed_entries[5].key[:-1] + "x"  # one letter off a real key
    return keys | {"missing": typo, "near": seed_entries[5].key}


@pytest.mark.parametrize("engine", ["bibtex", "biber"])
def test_cite_on_a_real_aux_then_compile(engine, library, tmp_path, capsys):
    keys = library
    (tmp_path / "main.tex").write_text((NATBIB_MAIN if engine == "bibtex" else BIBLATEX_MAIN) % keys)
    (tmp_path / "chapter.tex").write_text(CHAPTER % keys)
    _pdflatex(tmp_path)
    aux = (tmp_path / "main.aux").read_text()
    assert "\\@input{chapter.aux}" in aux  # the nested aux this test is about
    assert ("\\abx@aux@cite" in aux) == (engine == "biber")

    code = _run_cite(str(tmp_path / "main.aux"), "-o", str(tmp_path / "refs.bib"), "--project", "paper")
    err = capsys.readouterr().err
    fmt = "bibtex" if engine == "bibtex" else "biblatex"
    assert code == 1
    assert err.splitlines() == [
        (f"refkit: {tmp_path / 'main.aux'}: {keys['missing']!r} is cited but not in the library "
         f"(did you mean {keys['near']!r}?)"),
        f"refkit: wrote 4 of 5 cited entries ({fmt}) to {tmp_path / 'refs.bib'}",
    ]
    written = re.findall(r"^@\w+\{([^,]+),", (tmp_path / "refs.bib").read_text(), re.MULTILINE)
    assert written == [keys["a"], keys["b"], keys["c"], keys["d"]]

    # the written .bib resolves every citation the library could answer
    tool = _latex(tmp_path, engine, "main")
    assert tool.returncode in (0, 1), tool.stdout + tool.stderr  # bibtex warns about the missing key
    _pdflatex(tmp_path)
    _pdflatex(tmp_path)
    log = (tmp_path / "main.log").read_text(errors="replace")
    undefined = set(re.findall(r"Citation [`'](\S+?)' (?:on page \d+ )?undefined", log))
    assert undefined == {keys["missing"]}
    bbl = (tmp_path / "main.bbl").read_text()
    assert len(re.findall(r"\\bibitem|\\entry\{", bbl)) == 4

    from refkit.store import Library

    with Library.open() as lib:
        records = {r.key: r for r in lib.select()}
    cited = [keys[name] for name in "abcd"]
    assert all(records[k].key_frozen and "paper" in records[k].annotations.projects for k in cited)
    assert not any(r.key_frozen for k, r in records.items() if k not in cited)


def test_cite_from_tex_sources_finds_the_same_keys_as_the_aux(library, tmp_path, capsys):
    keys = library
    (tmp_path / "main.tex").write_text(NATBIB_MAIN % keys)
    (tmp_path / "chapter.tex").write_text(CHAPTER % keys)
    _pdflatex(tmp_path)
    outputs = {}
    for source in ("main.aux", "main.tex"):
        assert _run_cite(str(tmp_path / source)) == 1
        outputs[source] = capsys.readouterr().out
    assert outputs["main.aux"] == outputs["main.tex"]
    assert "commented_out_key" not in outputs["main.tex"]


@pytest.mark.parametrize("engine", ["bibtex", "biber"])
def test_nocite_star_in_a_real_aux_writes_the_whole_library(engine, library, tmp_path, capsys):
    preamble = (r"\usepackage[backend=biber]{biblatex}\addbibresource{refs.bib}" if engine == "biber"
                else r"\bibliographystyle{plain}")
    ending = r"\printbibliography" if engine == "biber" else r"\bibliography{refs}"
    (tmp_path / "main.tex").write_text(
        f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n\\nocite{{*}}\n{ending}\n\\end{{document}}\n")
    _pdflatex(tmp_path)
    assert _run_cite(str(tmp_path / "main.aux"), "-o", str(tmp_path / "refs.bib")) == 0
    assert capsys.readouterr().err.startswith("refkit: wrote 8 of 8 cited entries")
    _latex(tmp_path, engine, "main")
    bbl = (tmp_path / "main.bbl").read_text()
    assert len(re.findall(r"\\bibitem|\\entry\{", bbl)) == 8
