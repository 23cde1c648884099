"""The whole road a user takes, as commands: ``refkit add seeds/msr-reading-list.txt``, ``refkit
enrich`` (against the project's fake arXiv on 127.0.0.1), ``refkit export --format bibtex|biblatex``,
then tools/latex_check.sh: 0 warnings and 0 errors in every path, biber's datamodel check included,
and all 50 papers typeset."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.latex, pytest.mark.slow]  # an import, an enrichment and two latex_check runs

TESTS = Path(__file__).resolve().parents[1]
SEED_LIST = TESTS.parent / "seeds" / "msr-reading-list.txt"


def _cli(*args: str) -> int:
    from refkit.cli import main

    try:
        main(list(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


@pytest.fixture
def enriched_library(refkit_home, monkeypatch, latex_check):
    if str(TESTS) not in sys.path:  # importlib mode does not put tests/ on sys.path
        sys.path.insert(0, str(TESTS))
    from fakearxiv import TEST_DELAY, FakeArxiv

    with FakeArxiv() as server:
        monkeypatch.setenv("REFKIT_ARXIV_URL", server.url)
        monkeypatch.setenv("REFKIT_ARXIV_DELAY", str(TEST_DELAY))
        assert _cli("add", str(SEED_LIST), "--project", "msr") == 0
        assert _cli("enrich", "--project", "msr") == 0
    return refkit_home


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_exported_seed_list_compiles_cleanly_everywhere(fmt, enriched_library, latex_check, tmp_path, capsys):
    bib = tmp_path / f"msr-{fmt}.bib"
    assert _cli("export", "--format", fmt, "--project", "msr", "-o", str(bib)) == 0
    assert capsys.readouterr().err.endswith(f"refkit: wrote 50 entries ({fmt}) to {bib}\n")
    report = latex_check(bib, tmp_path / "build")
    summaries = {path: {name: report.summaries[path].get(name) for name in ("items", "warnings", "errors")}
                 for path in ("bibtex:plainnat", "bibtex:plain", "biber", "biber-validate")}
    expected = {"items": "50", "warnings": "0", "errors": "0"}
    assert summaries == {path: expected | ({"items": None} if path == "biber-validate" else {})
                         for path in summaries}, report.output
    assert report.returncode == 0, report.output
