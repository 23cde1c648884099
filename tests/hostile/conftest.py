"""Fixtures of the hostile-input suite; ``corpus.py`` is importable as ``hostile_corpus``."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent


def _load(module: str, as_name: str):
    # tests run with --import-mode=importlib: sibling modules are not on sys.path, so load by path
    if as_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(as_name, _HERE / f"{module}.py")
        loaded = importlib.util.module_from_spec(spec)
        sys.modules[as_name] = loaded
        spec.loader.exec_module(loaded)
    return sys.modules[as_name]


corpus = _load("corpus", "hostile_corpus")


def run_refkit(*args: str, home: Path, stdin: bytes | None = None, timeout: float = 120,
               cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``refkit ARGS`` in a fresh process with its own REFKIT_HOME, as a user runs it."""
    env = {**os.environ, "REFKIT_HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1",
           "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "refkit", *args], check=False, input=stdin, capture_output=True,
                          env=env, timeout=timeout, cwd=cwd)


def library_json(home: Path) -> object:
    """The whole library as ``refkit list --json`` shows it (what "unchanged" is measured by)."""
    done = run_refkit("list", "--json", home=home)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return json.loads(done.stdout or b"[]")


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    """Every hostile case written once per session: case name -> path."""
    directory = tmp_path_factory.mktemp("hostile")
    return {case.name: corpus.write(case, directory) for case in corpus.CASES}


@pytest.fixture(scope="session")
def refkit_cli():
    return run_refkit


@pytest.fixture(scope="session")
def read_library():
    return library_json
