"""A killed import leaves the library as it was; two refkit processes at once both land.

Real subprocesses, real SQLite files, real signals.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from refkit.errors import LibraryError
from refkit.store import Library

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _ris(path: Path, count: int, prefix: str) -> Path:
    lines = []
    for i in range(count):
        lines += [
            "TY  - JOUR",
            f"TI  - {prefix} study number {i} of many things",
            f"AU  - Author{i % 97}, Jane",
            f"PY  - {2000 + i % 20}",
            f"DO  - 10.9999/{prefix}.{i}",
            "ER  - ",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _refkit(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "refkit", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


def _snapshot(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return (
            conn.execute("SELECT key, data FROM entries ORDER BY key").fetchall()
            + conn.execute("SELECT 'fts', count(*) FROM entries_fts").fetchall()
            + conn.execute("SELECT 'sources', count(*) FROM sources").fetchall()
        )
    finally:
        conn.close()


def _write_locked(path: Path) -> bool:
    """True while another process holds the library's write transaction."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


_MID_IMPORT = textwrap.dedent("""
    import sys, time
    from refkit.model import Entry, PartialDate, Person
    from refkit.store import Library

    def entries():
        for i in range(400):
            if i == 300:
                print("MID", flush=True)  # 300 entries written inside the open transaction
                time.sleep(120)
            yield Entry(title=f"Killed import paper {i}", author=(Person("Doe", "Jane"),), issued=PartialDate(2020))

    with Library.open(sys.argv[1]) as lib:
        lib.add(entries(), tags=["doomed"])
""")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_an_import_killed_mid_transaction_leaves_the_library_as_it_was(tmp_path, seed_list_entries, sig):
    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        lib.add(seed_list_entries[:10], tags=["kept"])
    before = _snapshot(path)
    proc = subprocess.Popen([sys.executable, "-c", _MID_IMPORT, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "MID"
        assert _write_locked(path)
        proc.send_signal(sig)
        proc.wait(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode != 0
    assert _snapshot(path) == before
    with Library.open(path) as lib:  # and the library still takes writes
        assert lib.add(seed_list_entries[10:12]).added == 2
        assert lib.tags() == [("kept", 10)]


def test_refkit_add_killed_while_it_writes_leaves_the_library_as_it_was(refkit_home, tmp_path):
    first = _ris(tmp_path / "first.ris", 20, "first")
    assert _refkit("add", str(first)).wait(timeout=60) == 0
    path = refkit_home / "data" / "library.sqlite"
    before = _snapshot(path)
    big = _ris(tmp_path / "big.ris", 6000, "big")
    proc = _refkit("add", str(big))
    deadline = time.monotonic() + 60
    try:
        while not _write_locked(path):  # wait until it is inside its write transaction
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.005)
        time.sleep(0.2)
        assert _write_locked(path) and proc.poll() is None  # still mid-import, not a passing lock
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert _snapshot(path) == before


def test_two_concurrent_adds_both_land(refkit_home, tmp_path):
    a = _ris(tmp_path / "a.ris", 1500, "alpha")
    b = _ris(tmp_path / "b.ris", 1500, "beta")
    procs = [_refkit("add", str(a), "--tag", "a"), _refkit("add", str(b), "--tag", "b")]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert [out for out, _ in outputs] == ["added 1500, merged 0, unchanged 0, problems 0\n"] * 2
    with Library.open() as lib:
        assert lib.count() == 3000
        assert lib.tags() == [("a", 1500), ("b", 1500)]


def test_the_same_file_added_twice_at_once_lands_once(refkit_home, tmp_path):
    a = _ris(tmp_path / "a.ris", 800, "same")
    procs = [_refkit("add", str(a)), _refkit("add", str(a))]
    outputs = sorted(p.communicate(timeout=120)[0] for p in procs)
    assert outputs == [
        "added 0, merged 0, unchanged 800, problems 0\n",
        "added 800, merged 0, unchanged 0, problems 0\n",
    ]
    with Library.open() as lib:
        assert lib.count() == 800


def test_readers_do_not_wait_for_a_writer(tmp_path, seed_list_entries, monkeypatch):
    from refkit.store.sqlite import connection as connection_module

    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        lib.add(seed_list_entries)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process in the middle of a long import
    writer.execute("DELETE FROM tags")
    monkeypatch.setattr(connection_module, "BUSY_TIMEOUT_MS", 0)  # any wait for the lock would fail at once
    try:
        with Library.open(path) as lib:
            assert len(lib.select(query="memory")) > 0
            assert lib.count() == 50
            with pytest.raises(LibraryError, match="busy"):  # while writing does need the lock
                lib.tag(["ding2023longnet"], ["x"])
    finally:
        writer.execute("ROLLBACK")
        writer.close()
