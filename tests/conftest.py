"""Fixtures every test area shares."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI must not fail on an example nobody has seen before: the property tests run derandomized (the same
# examples every run); HYPOTHESIS_PROFILE=explore searches afresh, as a developer hunting for bugs would.
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent


def _find_shared() -> Path:
    # CI may clone main anywhere; the shared data stays at /work/shared on this kind of machine
    for candidate in (os.environ.get("REFKIT_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if candidate and (Path(candidate) / "corpora").is_dir():
            return Path(candidate)
    return ROOT.parent / "shared"


SHARED = _find_shared()
CORPORA = SHARED / "corpora"
SEED_LIST = ROOT / "seeds" / "msr-reading-list.txt"


@pytest.fixture
def refkit_home(tmp_path, monkeypatch) -> Path:
    """An empty REFKIT_HOME: library, cache and config of this test only."""
    home = tmp_path / "refkit-home"
    monkeypatch.setenv("REFKIT_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture
def run(refkit_home, capsys, monkeypatch):
    """``refkit ARGS`` in this process, in an empty REFKIT_HOME: (exit code, stdout, stderr)."""
    from refkit.cli import main

    monkeypatch.setenv("COLUMNS", "200")  # help wraps at the CLI's own width, not the test runner's terminal

    def invoke(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as done:
            main(list(args))
        out, err = capsys.readouterr()
        return done.value.code, out, err

    return invoke


@pytest.fixture(scope="session")
def pybtex_convert() -> str:
    """The ``pybtex-convert`` of the interpreter running the tests (it sees refkit's entry points),
    even when that environment's bin/ is not on PATH."""
    beside = Path(sys.executable).with_name("pybtex-convert")
    found = str(beside) if beside.exists() else shutil.which("pybtex-convert")
    if not found:
        pytest.skip("pybtex-convert is not installed")
    return found
