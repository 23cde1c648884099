"""``-o PATH`` writes to what PATH is: through symlinks, into devices and FIFOs, never over read-only files.

The commands run in this process (``convert``: no library needed); the cases that need this
process's real standard output run ``refkit`` in a child process.
"""
from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from refkit.cli import main

BIB = """@article{smith2020,
  title = {A paper},
  author = {Smith, Ann},
  journal = {Journal},
  year = {2020},
}
"""


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "in.bib"
    path.write_text(BIB, encoding="utf-8")
    return path


@pytest.fixture
def convert_to(refkit_home, source, capsys):
    """``refkit convert in.bib --to bibtex -o PATH``: (exit code, stderr)."""

    def invoke(path: Path | str) -> tuple[int, str]:
        with pytest.raises(SystemExit) as done:
            main(["convert", str(source), "--to", "bibtex", "-o", str(path)])
        return done.value.code, capsys.readouterr().err

    return invoke


def _expected(convert_to, tmp_path) -> str:
    plain = tmp_path / "plain.bib"
    assert convert_to(plain)[0] == 0
    return plain.read_text(encoding="utf-8")


def test_a_symlink_stays_and_its_target_is_written(convert_to, tmp_path):
    synced = tmp_path / "synced"
    synced.mkdir()
    (synced / "refs.bib").write_text("old\n", encoding="utf-8")
    link = tmp_path / "paper" / "refs.bib"
    link.parent.mkdir()
    link.symlink_to(Path("..") / "synced" / "refs.bib")
    assert convert_to(link) == (0, "")
    assert link.is_symlink(), "the symlink was replaced by a plain file"
    assert (synced / "refs.bib").read_text(encoding="utf-8") == _expected(convert_to, tmp_path)
    assert sorted(p.name for p in synced.iterdir()) == ["refs.bib"], "a temp file was left next to the target"


def test_a_dangling_symlink_gets_its_target_created(convert_to, tmp_path):
    link = tmp_path / "refs.bib"
    link.symlink_to("target.bib")
    assert convert_to(link) == (0, "")
    assert link.is_symlink()
    assert (tmp_path / "target.bib").read_text(encoding="utf-8") == _expected(convert_to, tmp_path)


def test_a_character_device_stays_a_device(convert_to, tmp_path):
    null = tmp_path / "null"
    try:  # our own /dev/null (1, 3): a broken refkit must not replace the system's
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here: {exc}")
    assert convert_to(null) == (0, "")
    assert stat.S_ISCHR(null.lstat().st_mode), "the device became a regular file"


def test_a_fifo_is_streamed_to(convert_to, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert convert_to(fifo) == (0, "")
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO became a regular file"
    assert received == [_expected(convert_to, tmp_path).encode("utf-8")]


def test_a_unix_socket_is_streamed_to(convert_to, tmp_path):
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    received = bytearray()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            while chunk := conn.recv(65536):
                received.extend(chunk)

    listener = threading.Thread(target=serve, daemon=True)
    listener.start()
    try:
        assert convert_to(path) == (0, "")
        listener.join(timeout=30)
    finally:
        server.close()
    assert bytes(received) == _expected(convert_to, tmp_path).encode("utf-8")


def test_a_read_only_file_is_refused_and_kept(convert_to, tmp_path):
    out = tmp_path / "refs.bib"
    out.write_text("mine\n", encoding="utf-8")
    out.chmod(0o444)  # root ignores the bits when writing; refkit still reads them as the owner's wish
    assert convert_to(out) == (1, f"refkit: cannot write {out}: file is read-only\n")
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "a temp file was left"


def test_a_directory_is_refused(convert_to, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    assert convert_to(folder) == (1, f"refkit: cannot write {folder}: it is a directory\n")
    assert list(folder.iterdir()) == []


def test_an_error_names_the_users_path_not_a_temp_file(convert_to, tmp_path):
    out = tmp_path / "no-such-folder" / "refs.bib"
    assert convert_to(out) == (1, f"refkit: cannot write {out}: No such file or directory\n")


def test_a_symlink_loop_is_an_error_naming_the_path(convert_to, tmp_path):
    (tmp_path / "a.bib").symlink_to("b.bib")
    (tmp_path / "b.bib").symlink_to("a.bib")
    code, err = convert_to(tmp_path / "a.bib")
    assert (code, err) == (1, f"refkit: cannot write {tmp_path / 'a.bib'}: Too many levels of symbolic links\n")
    assert (tmp_path / "a.bib").is_symlink()


def test_a_replaced_file_keeps_its_mode(convert_to, tmp_path):
    out = tmp_path / "refs.bib"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert convert_to(out) == (0, "")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_text(encoding="utf-8") != "old\n"


def test_a_path_to_our_own_stdout_appends_as_the_shell_opened_it(tmp_path, source):
    # `refkit convert ... -o /dev/stdout >> log`: the log keeps its first line, the symlink stays
    link = tmp_path / "stdout-link"
    link.symlink_to("/proc/self/fd/1")
    log = tmp_path / "log.txt"
    log.write_text("first line\n", encoding="utf-8")
    env = {**os.environ, "REFKIT_HOME": str(tmp_path / "home")}
    with open(log, "ab") as appended:
        done = subprocess.run([sys.executable, "-m", "refkit", "convert", str(source), "--to", "bibtex",
                               "-o", str(link)], stdout=appended, stderr=subprocess.PIPE, env=env,
                              check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    text = log.read_text(encoding="utf-8")
    assert text.startswith("first line\n@article{smith2020,")
