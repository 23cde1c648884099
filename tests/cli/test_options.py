"""Options every command shares (issue 12, point 16): ``-p`` for ``--project``, keys after ``--``."""
from __future__ import annotations

import pytest

WEIRD = "@article{-weird,\n title={Weird key paper},\n author={Doe, Jane},\n year={2020},\n journal={J}}\n"


@pytest.fixture
def weird(tmp_path):
    path = tmp_path / "weird.bib"
    path.write_text(WEIRD, encoding="utf-8")
    return path


def test_short_project_option_everywhere(run, weird, tmp_path):
    assert run("add", str(weird), "-p", "thesis")[0] == 0
    code, out, _ = run("list", "-p", "thesis", "--json")
    assert code == 0 and '"-weird"' in out
    assert run("list", "-p", "other")[1] == ""
    assert run("export", "--format", "bibtex", "-p", "thesis")[1].startswith("@article{-weird,")
    assert "Weird key paper" in run("bib", "--style", "apa", "-p", "thesis")[1]
    aux = tmp_path / "paper.aux"
    aux.write_text("\\citation{-weird}\n", encoding="utf-8")
    assert run("cite", str(aux), "-p", "cited", "-o", str(tmp_path / "refs.bib"))[0] == 0
    assert '"-weird"' in run("list", "-p", "cited", "--json")[1]


def test_key_starting_with_dash_after_double_dash(run, weird):
    run("add", str(weird))
    code, out, _ = run("show", "--", "-weird")
    assert code == 0 and "Weird key paper" in out
    assert run("tag", "-t", "odd", "--", "-weird")[0] == 0
    assert '"odd"' in run("show", "--json", "--", "-weird")[1]


def test_key_starting_with_dash_without_double_dash_says_how(run, weird):
    run("add", str(weird))
    code, out, err = run("show", "-weird")
    assert code == 2 and out == ""
    assert "No such option '-w'" in err
    assert err.endswith("refkit: a key or file name that starts with '-' goes after '--': refkit show -- -weird\n")
