"""One hand-damaged row: commands name it, do the rest, exit 1; writes to it are refused."""

from __future__ import annotations

import json
import sqlite3

import pytest

BIB = """@article{a, title={Attention}, author={Ashish, A.}, year={2022}, doi={10.1/a}}
@article{b, title={BEATs}, author={Chen, S.}, year={2022}, doi={10.1/b}}
@article{z, title={Zero shot}, author={Zhou, Z.}, year={2022}, doi={10.1/z}}
"""
WARNING = (
    "warning: entry 'chen2022beats' (row 2) is damaged in the library and was skipped: "
    "the data is not valid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))\n"
)
REFUSED = (
    "refkit: entry 'chen2022beats' (row 2) is damaged in the library (the data is not valid JSON "
    "(Expecting property name enclosed in double quotes: line 1 column 2 (char 1))); refkit skips it and "
    "writes nothing over it: repair the row or remove the entry (refkit remove chen2022beats)\n"
)


@pytest.fixture
def damaged(run, refkit_home, tmp_path):
    path = tmp_path / "three.bib"
    path.write_text(BIB, encoding="utf-8")
    assert run("add", "--new-keys", str(path))[0] == 0
    library = refkit_home / "data" / "library.sqlite"
    with sqlite3.connect(library) as conn:
        conn.execute("UPDATE entries SET data = '{not json' WHERE key = 'chen2022beats'")
    conn.close()
    return library


def _rows(library) -> list:
    conn = sqlite3.connect(library)
    try:
        return [conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("entries", "tags", "notes")]
    finally:
        conn.close()


def test_list_prints_the_rest_and_exits_1(run, damaged):
    assert run("list") == (
        1,
        "ashish2022attention  2022  Ashish  Attention\nzhou2022zero         2022  Zhou  Zero shot\n",
        WARNING,
    )


def test_list_json_and_export_leave_it_out_and_exit_1(run, damaged):
    code, out, err = run("list", "--json")
    assert (code, [d["key"] for d in json.loads(out)], err) == (1, ["ashish2022attention", "zhou2022zero"], WARNING)
    code, out, err = run("export", "--format", "bibtex")
    assert (code, err) == (1, WARNING)
    assert "{ashish2022attention," in out and "{zhou2022zero," in out and "chen2022beats" not in out


def test_show_of_the_damaged_entry_says_what_is_wrong(run, damaged):
    assert run("show", "chen2022beats") == (1, "", REFUSED)
    assert run("show", "zhou2022zero")[0] == 0  # the others are untouched


@pytest.mark.parametrize(
    "args",
    [
        ("set", "chen2022beats", "title", "BEATs"),
        ("tag", "chen2022beats", "-t", "audio"),
        ("status", "read", "chen2022beats"),
        ("note", "chen2022beats", "hm"),
        ("project", "add", "thesis", "chen2022beats"),
        ("rename-key", "chen2022beats", "beats"),
    ],
    ids=lambda a: a[0],
)
def test_writes_to_it_are_refused_and_change_nothing(run, damaged, args):
    before = _rows(damaged)
    assert run(*args) == (1, "", REFUSED)
    assert _rows(damaged) == before


def test_add_that_would_merge_into_it_is_refused(run, damaged, tmp_path):
    again = tmp_path / "again.bib"
    again.write_text("@article{b2, title={BEATs}, author={Chen, S.}, year={2022}, doi={10.1/b}}\n", encoding="utf-8")
    before = _rows(damaged)
    assert run("add", str(again)) == (1, "", REFUSED)
    assert _rows(damaged) == before


def test_remove_clears_it(run, damaged):
    assert run("remove", "chen2022beats") == (0, "removed chen2022beats\n", "")
    assert run("list")[0] == 0
