"""Installing refkit does not make pybtex read every ``.json`` file as CSL-JSON.

pybtex picks a reader by the file's last suffix only, so refkit registers CSL-JSON under the named
format ``csljson`` and the suffix ``.csljson``, never under ``.json``. ``.ris`` stays: RIS is one format.
"""
from __future__ import annotations

import json
import subprocess

import pybtex.database
import pytest
from pybtex.plugin import PluginNotFound

CSL = [{"id": "vaswani2017", "type": "paper-conference", "title": "Attention Is All You Need",
        "author": [{"family": "Vaswani", "given": "Ashish"}], "issued": {"date-parts": [[2017]]}}]
OTHER_JSON = {"name": "my-package", "version": "1.0.0", "dependencies": {"left-pad": "^1.3.0"}}


@pytest.fixture
def convert(pybtex_convert, tmp_path):
    """``pybtex-convert ARGS`` in tmp_path."""
    def invoke(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([pybtex_convert, *args], cwd=tmp_path, capture_output=True, text=True,
                              check=False, timeout=60)
    return invoke


def test_parse_file_does_not_take_any_json_for_csl_json(tmp_path):
    path = tmp_path / "package.json"
    path.write_text(json.dumps(OTHER_JSON), encoding="utf-8")
    with pytest.raises(PluginNotFound, match="suffix .json not found"):
        pybtex.database.parse_file(str(path))


def test_named_format_and_csljson_suffix_still_read_csl_json(tmp_path):
    for name in ("refs.json", "refs.csl.json", "refs.csljson"):
        (tmp_path / name).write_text(json.dumps(CSL), encoding="utf-8")
    assert list(pybtex.database.parse_file(str(tmp_path / "refs.json"), bib_format="csljson").entries) \
        == ["vaswani2017"]
    assert list(pybtex.database.parse_file(str(tmp_path / "refs.csljson")).entries) == ["vaswani2017"]
    with pytest.raises(PluginNotFound):  # pybtex sees only the last suffix: ".json"
        pybtex.database.parse_file(str(tmp_path / "refs.csl.json"))


def test_pybtex_convert_leaves_other_json_alone(convert, tmp_path):
    (tmp_path / "package.json").write_text(json.dumps(OTHER_JSON), encoding="utf-8")
    run = convert("package.json", "out.bib")
    assert run.returncode != 0
    assert "plugin pybtex.database.input.suffixes for suffix .json not found" in run.stderr
    assert not (tmp_path / "out.bib").exists()


def test_pybtex_convert_csl_json_by_name_and_by_csljson_suffix(convert, tmp_path):
    (tmp_path / "refs.json").write_text(json.dumps(CSL), encoding="utf-8")
    by_name = convert("--from", "csljson", "refs.json", "a.bib")
    assert (by_name.returncode, by_name.stderr) == (0, "")
    assert list(pybtex.database.parse_file(str(tmp_path / "a.bib")).entries) == ["vaswani2017"]

    to_suffix = convert("a.bib", "b.csljson")
    assert (to_suffix.returncode, to_suffix.stderr) == (0, "")
    assert [item["id"] for item in json.loads((tmp_path / "b.csljson").read_text(encoding="utf-8"))] \
        == ["vaswani2017"]
    from_suffix = convert("b.csljson", "c.bib")
    assert (from_suffix.returncode, from_suffix.stderr) == (0, "")
    assert list(pybtex.database.parse_file(str(tmp_path / "c.bib")).entries) == ["vaswani2017"]


def test_pybtex_convert_bib_to_json_needs_the_format_named(convert, tmp_path):
    (tmp_path / "refs.csljson").write_text(json.dumps(CSL), encoding="utf-8")
    assert convert("refs.csljson", "a.bib").returncode == 0
    unnamed = convert("a.bib", "out.json")
    assert "suffix .json not found" in unnamed.stderr
    named = convert("--to", "csljson", "a.bib", "out.json")
    assert (named.returncode, named.stderr) == (0, "")
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))[0]["id"] == "vaswani2017"
