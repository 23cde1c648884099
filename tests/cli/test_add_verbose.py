"""``refkit add --verbose`` names every merge it made and the evidence for it."""

from __future__ import annotations

_COLUMNS = """\
@article{Beeton:TB9-1-5, author = "Barbara Beeton", title = "Editorial comments", journal = "TUGboat",
  volume = "9", number = "1", pages = "5--5", year = "1988"}
@article{Beeton:TB9-2-121, author = "Barbara Beeton", title = "Editorial comments", journal = "TUGboat",
  volume = "9", number = "2", pages = "121--121", year = "1988", doi = "10.1234/tb9-2-121"}
"""
_MINE = """\
@article{beeton88, author = "Beeton, B.", title = "Editorial Comments", journal = "tugboat",
  volume = "9", number = "1", pages = "5", year = "1988"}
@article{comments, author = "Beeton, Barbara", title = "Comments", journal = "TUGboat", year = "1988",
  doi = "10.1234/TB9-2-121"}
"""


def test_add_verbose_lists_each_merge_with_its_reason(run, tmp_path):
    (tmp_path / "tugboat.bib").write_text(_COLUMNS, encoding="utf-8")
    (tmp_path / "mine.bib").write_text(_MINE, encoding="utf-8")
    assert run("add", "-v", str(tmp_path / "tugboat.bib")) == (
        0,
        "added 2, merged 0, unchanged 0, problems 0\n",
        "",
    )
    assert run("add", "--verbose", str(tmp_path / "mine.bib")) == (
        0,
        ("merged beeton88 into Beeton:TB9-1-5: same title, first author and year\n"
        "merged comments into Beeton:TB9-2-121: same DOI 10.1234/tb9-2-121\n"
        "added 0, merged 1, unchanged 1, problems 0\n"),
        "",
    )


def test_add_lists_no_merge_without_verbose(run, tmp_path):
    (tmp_path / "a.bib").write_text(_COLUMNS, encoding="utf-8")
    (tmp_path / "b.bib").write_text(_MINE, encoding="utf-8")
    run("add", str(tmp_path / "a.bib"))
    assert run("add", str(tmp_path / "b.bib"))[1] == "added 0, merged 1, unchanged 1, problems 0\n"
