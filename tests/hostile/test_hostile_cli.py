"""Every hostile file through the command line, as a user meets it: ``refkit convert`` and ``refkit add``
in a fresh process. A failed command exits non-zero and names the file and the problem on stderr,
never with a traceback; a failed ``add`` leaves the library exactly as it was.
"""
from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor

import hostile_corpus as corpus
import pytest

CASES = corpus.CASES


def _stderr(done) -> str:
    return done.stderr.decode("utf-8", errors="replace")


def _check_outcome(case, path, done) -> None:
    err = _stderr(done)
    assert "Traceback" not in err, err[-2000:]
    assert "\x1b" not in err and "\x07" not in err, "a message copied terminal escapes from the file"
    if done.returncode != 0:
        assert str(path) in err, f"exit {done.returncode} without naming {path}: {err[-500:]}"
        assert done.returncode in (1, 2), f"exit {done.returncode}: {err[-500:]}"
    if case.expect == "ok":
        assert done.returncode == 0, err[-500:]
    elif case.expect == "fail":
        assert done.returncode != 0, "refkit accepted a file with nothing usable in it"
        if case.says:
            assert case.says.lower() in err.lower(), err[-500:]
    elif case.expect == "damaged":
        assert str(path) in err, f"a damaged file was read without a word: {err[-500:]}"


@pytest.fixture(scope="module")
def converted(hostile_files, tmp_path_factory, refkit_cli):
    """``refkit convert`` of every case, run a few at a time (2 cores, mostly start-up time)."""
    work = tmp_path_factory.mktemp("convert")

    def one(case):
        out = work / f"{case.name}.json"
        done = refkit_cli("convert", str(hostile_files[case.name]), "--to", "csljson", "-o", str(out),
                          home=work / "home")
        return case.name, (done, out)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(one, CASES))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_convert(case, hostile_files, converted):
    done, out = converted[case.name]
    _check_outcome(case, hostile_files[case.name], done)
    records = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    if out.exists():
        assert isinstance(records, list)
    if case.expect == "ok":
        assert records, "a readable file converted to nothing"
    if case.expect == "fail":
        assert not out.exists(), "a failed conversion left an output file"


@pytest.fixture(scope="module")
def formatted(hostile_files, tmp_path_factory, refkit_cli):
    """``refkit bib FILE`` of every case, each with another style and target (all four targets, both engines)."""
    work = tmp_path_factory.mktemp("bib")
    styles = [("apa", "html"), ("pybtex:plain", "latex"), ("ieee", "markdown"), ("chicago", "text")]

    def one(numbered):
        number, case = numbered
        style, target = styles[number % len(styles)]
        done = refkit_cli("bib", str(hostile_files[case.name]), "--style", style, "--to", target,
                          home=work / case.name)
        return case.name, done

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(one, enumerate(CASES)))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bib(case, hostile_files, formatted):
    done = formatted[case.name]
    _check_outcome(case, hostile_files[case.name], done)
    if case.expect == "ok":
        assert b"Doe" in done.stdout


@pytest.mark.parametrize("name", ["bib-truncated", "random-bytes", "pdf-named-bib", "empty-bib", "csl-numbers"])
def test_convert_from_stdin_names_stdin(name, hostile_files, tmp_path, refkit_cli):
    done = refkit_cli("convert", "-", "--to", "bibtex", home=tmp_path / "home",
                      stdin=hostile_files[name].read_bytes())
    err = _stderr(done)
    assert "Traceback" not in err
    assert done.returncode != 0 or "<stdin>" in err
    assert "<stdin>" in err, err[-500:]


@pytest.fixture(scope="module")
def seeded_home(tmp_path_factory, refkit_cli, read_library):
    """A library holding the three good entries, and its ``list --json`` before any hostile add."""
    home = tmp_path_factory.mktemp("seeded") / "home"
    good = home.parent / "good.bib"
    good.write_text(corpus.GOOD_BIB, encoding="utf-8")
    done = refkit_cli("add", str(good), home=home)
    assert done.returncode == 0, _stderr(done)
    before = read_library(home)
    assert len(before) == 3, before
    return home, before


@pytest.fixture(scope="module")
def added(hostile_files, seeded_home, tmp_path_factory, refkit_cli, read_library):
    """``refkit add`` of every case into its own copy of the seeded library, and the library after."""
    seed, _ = seeded_home
    work = tmp_path_factory.mktemp("add")

    def one(case):
        home = work / case.name
        shutil.copytree(seed, home)
        done = refkit_cli("add", str(hostile_files[case.name]), home=home)
        return case.name, (done, read_library(home))

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(one, CASES))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_add(case, hostile_files, seeded_home, added):
    _, before = seeded_home
    done, after = added[case.name]
    _check_outcome(case, hostile_files[case.name], done)
    if done.returncode != 0:
        assert after == before, "a failed add changed the library"
    else:  # re-adding merges (sources grow), but nothing that was there may vanish
        assert {item["key"] for item in before} <= {item["key"] for item in after}, \
            "a successful add lost entries that were there before"


def test_terminal_escapes_never_reach_the_terminal(tmp_path, refkit_cli):
    # ESC/BEL sequences in a title could retitle, recolour or clear the user's terminal
    source = tmp_path / "escapes.bib"
    source.write_bytes(b"@article{esc1,\n title = {Evil \x1b]0;pwned\x07 title \x1b[2J clear \x1b[31mred},\n"
                       b" author = {Doe\x1b[31m, Jane},\n year = {2020}}\n")
    home = tmp_path / "home"
    assert refkit_cli("add", str(source), home=home).returncode == 0
    for command in (["list"], ["list", "--json"], ["show", "esc1"], ["bib", "--style", "apa"], ["export", "--format", "ris"]):
        done = refkit_cli(*command, home=home)
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        assert b"Evil" in done.stdout, command
        assert b"\x1b" not in done.stdout and b"\x07" not in done.stdout, (command, done.stdout)
