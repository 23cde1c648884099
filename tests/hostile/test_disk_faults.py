"""Disk faults: a full disk, a read-only library directory, a corrupt or misplaced library file.

Each must give a clear message and a non-zero exit, never a traceback, and leave the library as it
was. The full disk is a real 1 MB tmpfs (mounting needs root; skipped with the reason otherwise) and,
everywhere, SQLite's ``max_page_count`` through the API.
"""
from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from pathlib import Path

import hostile_corpus as corpus
import pytest

from refkit.errors import LibraryError
from refkit.model import Entry, Person
from refkit.store import Library


def _entries(count: int, prefix: str, abstract_words: int = 0) -> list[Entry]:
    return [Entry(type="article-journal", key=f"{prefix}{i}", title=f"Paper {prefix} number {i} on things",
                  author=(Person(family=f"Author{i}", given="Ann"),), container_title="Journal",
                  abstract=" ".join(f"w{i}x{j}" for j in range(abstract_words))) for i in range(count)]


def _snapshot(lib: Library) -> list[tuple[str, Entry]]:
    return [(r.key, r.entry) for r in lib.select()]


# --- API: SQLite says the database is full -------------------------------------------------------

def test_full_database_is_a_library_error_and_changes_nothing(tmp_path):
    path = tmp_path / "library.sqlite"
    with Library.open(path) as lib:
        lib.add(_entries(3, "seed"))
        before = _snapshot(lib)
        pages = lib._storage.conn.execute("PRAGMA page_count").fetchone()[0]
        lib._storage.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # as if the disk filled up now
        with pytest.raises(LibraryError) as caught:
            lib.add(_entries(500, "big", abstract_words=200))
        assert "full" in str(caught.value).lower()
        assert _snapshot(lib) == before
    with Library.open(path) as lib:
        assert _snapshot(lib) == before


# --- CLI helpers ---------------------------------------------------------------------------------

def _stderr(done) -> str:
    return done.stderr.decode("utf-8", errors="replace")


def _assert_clean_failure(done, *words: str) -> str:
    err = _stderr(done)
    assert done.returncode != 0, f"exit 0 despite the fault: {err[-500:]}"
    assert "Traceback" not in err, err[-2000:]
    assert err.startswith("refkit: ") or "\nrefkit: " in err, err[-500:]
    low = err.lower()
    assert any(w in low for w in words), f"none of {words} in: {err[-500:]}"
    return err


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@contextlib.contextmanager
def _tmpfs(where: Path, size: str):
    where.mkdir(parents=True, exist_ok=True)
    try:
        _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where))
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a small tmpfs to fill up (needs root and mount rights): {exc}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


@contextlib.contextmanager
def _read_only(directory: Path):
    """``directory`` read-only for refkit: a read-only bind mount as root (root ignores modes), else chmod."""
    if os.geteuid() != 0:
        directory.chmod(0o555)
        try:
            yield
        finally:
            directory.chmod(0o755)
        return
    try:
        _mount("--bind", str(directory), str(directory))
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"running as root and cannot bind-mount read-only: {exc}")
    try:
        _mount("-o", "remount,bind,ro", str(directory))
        yield
    finally:
        subprocess.run(["umount", "-l", str(directory)], check=False, capture_output=True)


def _fill(directory: Path) -> Path:
    """Write until the file system says it is full; the filler's path."""
    filler = directory / "filler"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


@pytest.fixture
def good_bib(tmp_path) -> Path:
    path = tmp_path / "good.bib"
    path.write_text(corpus.GOOD_BIB, encoding="utf-8")
    return path


@pytest.fixture
def big_bib(tmp_path) -> Path:
    # 200 entries with long abstracts: far more than a full disk has left
    path = tmp_path / "big.bib"
    words = " ".join(f"word{j}" for j in range(300))
    path.write_text("".join(f"@article{{big{i},\n  title = {{Big paper {i}}},\n  author = {{Doe{i}, Jane}},\n"
                            f"  journal = {{J}},\n  year = {{2020}},\n  abstract = {{{words} {i}}},\n}}\n\n"
                            for i in range(200)), encoding="utf-8")
    return path


# --- a full disk ----------------------------------------------------------------------------------

def test_add_on_a_full_disk(tmp_path, good_bib, big_bib, refkit_cli, read_library):
    with _tmpfs(tmp_path / "disk", "1m") as disk:
        home = disk / "home"
        assert refkit_cli("add", str(good_bib), home=home).returncode == 0
        before = read_library(home)
        filler = _fill(disk)
        _assert_clean_failure(refkit_cli("add", str(big_bib), home=home), "full", "no space")
        filler.unlink()
        assert read_library(home) == before


def test_convert_output_on_a_full_disk_leaves_no_partial_file(tmp_path, big_bib, refkit_cli):
    with _tmpfs(tmp_path / "disk", "256k") as disk:
        _fill(disk)
        out = disk / "out.bib"
        done = refkit_cli("convert", str(big_bib), "--to", "bibtex", "-o", str(out), home=tmp_path / "home")
        _assert_clean_failure(done, "no space", "full")
        assert sorted(p.name for p in disk.iterdir()) == ["filler"], "a partial output file was left"


def test_stdout_on_a_full_device(tmp_path, good_bib):
    # `refkit convert ... > /dev/full`: every write fails with ENOSPC
    env = {**os.environ, "REFKIT_HOME": str(tmp_path / "home")}
    with open("/dev/full", "wb") as full:
        done = subprocess.run([os.sys.executable, "-m", "refkit", "convert", str(good_bib), "--to", "bibtex"],
                              check=False, stdout=full, stderr=subprocess.PIPE, env=env, timeout=120)
    _assert_clean_failure(done, "no space", "full")


# --- a read-only library directory ----------------------------------------------------------------

def test_add_to_a_read_only_library(tmp_path, good_bib, big_bib, refkit_cli, read_library):
    # big_bib: entries the library does not have yet, so the add must write
    home = tmp_path / "home"
    assert refkit_cli("add", str(good_bib), home=home).returncode == 0
    before = read_library(home)
    data = home / "data"
    with _read_only(data):
        _assert_clean_failure(refkit_cli("add", str(big_bib), home=home), "read-only", "readonly",
                              "permission")
    assert read_library(home) == before


def test_library_in_a_read_only_place_that_does_not_exist_yet(tmp_path, good_bib, refkit_cli):
    parent = tmp_path / "ro"
    parent.mkdir()
    with _read_only(parent):
        done = refkit_cli("add", str(good_bib), home=parent / "home")
        _assert_clean_failure(done, "read-only", "permission", "cannot create")


# --- a library file that is not a library ---------------------------------------------------------

def test_corrupt_library_file_is_reported_and_left_alone(tmp_path, refkit_cli):
    home = tmp_path / "home"
    library = home / "data" / "library.sqlite"
    library.parent.mkdir(parents=True)
    garbage = corpus.BY_NAME["random-bytes"].data()
    library.write_bytes(garbage)
    err = _assert_clean_failure(refkit_cli("list", "--json", home=home), "not a database", "corrupt")
    assert str(library) in err
    assert library.read_bytes() == garbage, "refkit overwrote a file it could not read"


def test_library_path_is_a_directory(tmp_path, refkit_cli):
    home = tmp_path / "home"
    (home / "data" / "library.sqlite").mkdir(parents=True)
    _assert_clean_failure(refkit_cli("list", "--json", home=home), "library", "directory")


def test_refkit_home_is_a_file(tmp_path, good_bib, refkit_cli):
    home = tmp_path / "home"
    home.write_text("not a directory")
    _assert_clean_failure(refkit_cli("add", str(good_bib), home=home), "not a directory", "cannot create")


# --- standard output on a full disk: never a silent short write, never a false "nothing was kept" ---

def _convert_to_stdout(source: Path, stdout_path: Path, home: Path, **env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "REFKIT_HOME": str(home), **env}
    with open(stdout_path, "wb") as out:
        return subprocess.run([os.sys.executable, "-m", "refkit", "convert", str(source), "--to", "bibtex"],
                              check=False, stdout=out, stderr=subprocess.PIPE, env=env, timeout=120)


@pytest.mark.parametrize("unbuffered", [True, False], ids=["PYTHONUNBUFFERED", "buffered"])
def test_stdout_filling_the_disk_is_reported_as_incomplete(tmp_path, big_bib, unbuffered):
    # Python's unbuffered stdout ignored the short write: 256 KB of ~480 KB kept, exit 0
    extra = {"PYTHONUNBUFFERED": "1"} if unbuffered else {}
    with _tmpfs(tmp_path / "disk", "256k") as disk:
        out = disk / "out.bib"
        done = _convert_to_stdout(big_bib, out, tmp_path / "home", **extra)
        kept = out.stat().st_size
        err = _assert_clean_failure(done, "no space")
    assert f"refkit: cannot write standard output: No space left on device; the output is incomplete " \
           f"(only {kept:,} bytes reached it)\n" == err
    assert "nothing half-written" not in err


def test_stdout_on_a_full_device_says_nothing_was_written(tmp_path, good_bib):
    done = _convert_to_stdout(good_bib, Path("/dev/full"), tmp_path / "home")
    assert _stderr(done) == "refkit: cannot write standard output: No space left on device; nothing was written\n"
    assert done.returncode == 1


def test_list_stdout_filling_the_disk_fails(tmp_path, big_bib, refkit_cli):
    home = tmp_path / "home"
    assert refkit_cli("add", str(big_bib), home=home).returncode == 0
    with _tmpfs(tmp_path / "disk", "4k") as disk:
        env = {**os.environ, "REFKIT_HOME": str(home), "PYTHONUNBUFFERED": "1"}
        with open(disk / "list.json", "wb") as out:
            done = subprocess.run([os.sys.executable, "-m", "refkit", "list", "--json"], check=False,
                                  stdout=out, stderr=subprocess.PIPE, env=env, timeout=120)
        _assert_clean_failure(done, "the output is incomplete")


def test_output_file_on_a_full_disk_names_the_users_path(tmp_path, big_bib, refkit_cli):
    with _tmpfs(tmp_path / "disk", "256k") as disk:
        out = disk / "out.bib"
        done = refkit_cli("convert", str(big_bib), "--to", "bibtex", "-o", str(out), home=tmp_path / "home")
        assert _stderr(done) == f"refkit: cannot write {out}: No space left on device\n"
        assert list(disk.iterdir()) == [], "the temp file was left"


def test_output_through_a_symlink_onto_a_full_disk_keeps_the_old_file(tmp_path, big_bib, refkit_cli):
    with _tmpfs(tmp_path / "disk", "256k") as disk:
        target = disk / "refs.bib"
        target.write_text("the old bibliography\n", encoding="utf-8")
        link = tmp_path / "refs.bib"
        link.symlink_to(target)
        done = refkit_cli("convert", str(big_bib), "--to", "bibtex", "-o", str(link), home=tmp_path / "home")
        assert _stderr(done) == f"refkit: cannot write {link}: No space left on device\n"
        assert target.read_text(encoding="utf-8") == "the old bibliography\n"
        assert sorted(p.name for p in disk.iterdir()) == ["refs.bib"]
    assert link.is_symlink()


# --- reading a library where nothing can be written -----------------------------------------------

def test_reading_commands_work_on_a_full_disk(tmp_path, good_bib, refkit_cli):
    with _tmpfs(tmp_path / "disk", "2m") as disk:
        home = disk / "home"
        assert refkit_cli("add", str(good_bib), home=home).returncode == 0
        assert refkit_cli("export", home=home).returncode == 0  # keys frozen now: a later export writes nothing
        listed = refkit_cli("list", "--json", home=home)
        exported = refkit_cli("export", home=home)
        _fill(disk)
        for args, before in ((("list", "--json"), listed), (("export",), exported)):
            done = refkit_cli(*args, home=home)
            assert (done.returncode, _stderr(done), done.stdout) == (0, "", before.stdout), args
        _assert_clean_failure(refkit_cli("tag", "-t", "late", "smith2020", home=home), "full")


def test_reading_commands_work_in_a_read_only_library_directory(tmp_path, good_bib, refkit_cli):
    home = tmp_path / "home"
    assert refkit_cli("add", str(good_bib), home=home).returncode == 0
    exported = refkit_cli("export", home=home)  # freezes the keys (a write) while it still can
    listed = refkit_cli("list", "--json", home=home)
    with _read_only(home / "data"):
        for args, before in ((("list", "--json"), listed), (("export",), exported)):
            done = refkit_cli(*args, home=home)
            assert (done.returncode, _stderr(done), done.stdout) == (0, "", before.stdout), args
        _assert_clean_failure(refkit_cli("tag", "-t", "late", "smith2020", home=home), "read-only", "readonly")
