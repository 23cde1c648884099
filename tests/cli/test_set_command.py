"""`refkit set`: impossible dates are refused (exit 2, library unchanged); a set never moves the key."""

from __future__ import annotations

import json

import pytest

BIB = "@article{x,\n  title={BEATs: Audio Pre-Training with Acoustic Tokenizers},\n  author={Chen, Sanyuan},\n  year={2022}\n}\n"


@pytest.fixture
def beats(run, tmp_path):
    path = tmp_path / "beats.bib"
    path.write_text(BIB, encoding="utf-8")
    assert run("add", "--new-keys", str(path))[0] == 0
    return "chen2022beats"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2023-02-30", "February 2023 has 28 days"),
        ("2023-04-31", "April 2023 has 30 days"),
        ("1900-02-29", "February 1900 has 28 days"),
        ("2023-13", "there is no month 13"),
        ("2023-00-10", "there is no month 0"),
        ("2023-01-00", "there is no day 0"),
        ("yesterday", "not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ],
    ids=lambda v: v if v[:1].isdigit() or v == "yesterday" else None,
)
def test_an_impossible_date_is_refused_and_nothing_changes(run, beats, value, why):
    before = run("list", "--json")[1]
    assert run("set", beats, "date", value) == (2, "", f"refkit set: invalid date {value!r} for {beats}: {why}\n")
    assert run("list", "--json")[1] == before


@pytest.mark.parametrize("value", ["2023", "2023-02", "2024-02-29", "2023-02-28"])
def test_possible_and_partial_dates_are_set_and_the_key_stays(run, beats, value):
    assert run("set", beats, "date", value) == (0, f"set date of {beats}\n", "")
    (item,) = json.loads(run("list", "--json")[1])
    assert (item["key"], item["date"]) == (beats, value)
    assert run("show", beats)[0] == 0  # the key shown before still finds the entry


def test_setting_the_title_keeps_the_key(run, beats):
    assert run("set", beats, "title", "Audio tokenizers") == (0, f"set title of {beats}\n", "")
    assert json.loads(run("show", beats, "--json")[1])["key"] == beats
