"""The key pattern in config.toml: one that cannot make keys is refused when the configuration is read."""

from __future__ import annotations

import pytest

from refkit.cli import main
from refkit.cli.opening import open_library
from refkit.errors import UsageError
from refkit.keys import base_key
from refkit.model import Entry, PartialDate, Person
from refkit.store import Library


def _config(home, text: str):
    (home / "config").mkdir(parents=True, exist_ok=True)
    path = home / "config" / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ('""', "'' is empty"),
        ('"   "', "'   ' is empty"),
        ('"paper"', "'paper' has no field, so every entry would get the same key"),
        ('"{autor}{year}"', "'{autor}{year}' has unknown fields ['autor']"),
        ("5", "5 is not a text"),
    ],
    ids=["empty", "blank", "no-field", "unknown-field", "number"],
)
def test_an_unusable_pattern_exits_2_naming_the_file_and_setting(refkit_home, capsys, pattern, problem):
    path = _config(refkit_home, f"[keys]\npattern = {pattern}\n")
    with pytest.raises(SystemExit) as done:
        main(["list"])
    assert done.value.code == 2
    assert capsys.readouterr().err == (
        f"refkit: {path}: [keys] pattern {problem} "
        "(fields: {author}, {Author}, {year}, {title}, {title2}, {arxiv}; default '{author}{year}{title}')\n"
    )
    assert not (refkit_home / "data" / "library.sqlite").exists()  # refused before the library opened


def test_a_keys_table_without_a_pattern_uses_the_default(refkit_home):
    _config(refkit_home, "[keys]\n")
    with open_library() as lib:
        assert lib.key_pattern == "{author}{year}{title}"


def test_keys_that_is_not_a_table_is_a_usage_error(refkit_home):
    path = _config(refkit_home, 'keys = "{author}"\n')
    with pytest.raises(UsageError, match=f"^{path}: \\[keys\\] must be a table"):
        open_library()


def test_an_empty_pattern_passed_directly_is_refused(tmp_path):
    with pytest.raises(UsageError, match="key pattern '' is empty"):
        Library.open(tmp_path / "lib.sqlite", key_pattern="")


def test_a_pattern_that_fills_nothing_for_an_entry_falls_back_to_the_default():
    entry = Entry(title="BEATs", author=(Person("Chen"),), issued=PartialDate(2022))  # no arXiv id
    assert base_key(entry, "{arxiv}") == "chen2022beats"
