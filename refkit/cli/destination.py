"""Writing to the ``-o PATH`` a user named, whatever PATH turns out to be.

    a regular file, or a symlink to one    a temp file next to the final target, fsynced, renamed over
                                           it: the symlink stays a symlink, a crash leaves the old file
    a character device, a FIFO, a socket   opened and streamed to; no rename (/dev/null stays a device)
    this process's standard output         (/dev/stdout, /dev/fd/1) left to the caller to write to stdout
    a read-only file, a directory          refused

Every failure is an ``OutputError`` naming PATH as the user wrote it (never the temp file) with the
system's reason; a temp file is always removed.
"""
from __future__ import annotations

import contextlib
import os
import socket
import stat
import sys
import tempfile
from dataclasses import dataclass

from ..errors import OutputError

__all__ = ["Target", "resolve_target", "write_target"]


@dataclass(frozen=True)
class Target:
    kind: str  # "file", "stream", "socket" or "stdout"
    path: str  # for "file" the final target of any symlinks, else the path as given


def resolve_target(path: str) -> Target:
    """What PATH is, so it is written the way it can be; refuse what must not be written."""
    try:
        info = os.stat(path)  # follows symlinks: the type of what is finally there
    except FileNotFoundError:
        return Target("file", os.path.realpath(path))  # a new file, or the missing target of a symlink
    except OSError as exc:  # a symlink loop, a path through a file, no permission to look
        raise _failed(path, exc) from None
    if _is_standard_output(info):
        return Target("stdout", path)
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(path, "it is a directory")
    if stat.S_ISSOCK(info.st_mode):
        return Target("socket", path)
    if not stat.S_ISREG(info.st_mode):
        return Target("stream", path)
    if _is_read_only(path, info):
        raise OutputError(path, "file is read-only")
    return Target("file", os.path.realpath(path))


def write_target(target: Target, data: bytes, path: str) -> None:
    """Write ``data`` to a resolved ``target`` ("stdout" is the caller's); errors name ``path``."""
    try:
        if target.kind == "file":
            _replace_file(target.path, data)
        elif target.kind == "socket":
            _send(target.path, data)
        else:
            _stream(target.path, data)
    except _Incomplete as exc:
        lost = (f"the output is incomplete (only {exc.written:,} of {len(data):,} bytes were written)"
                if exc.written else "nothing was written")
        raise OutputError(path, f"{exc.cause.strerror or exc.cause}; {lost}") from None
    except OSError as exc:
        raise _failed(path, exc) from None


def _is_standard_output(info: os.stat_result) -> bool:
    # writing to our own stdout through a path must not truncate or replace what the shell opened
    try:
        return os.path.samestat(info, os.fstat(sys.stdout.fileno()))
    except (AttributeError, ValueError, OSError):  # no stdout, or one without a file (a test's capture)
        return False


def _is_read_only(path: str, info: os.stat_result) -> bool:
    if os.geteuid() == 0:  # root may write anything; the mode bits still say what the owner wants
        return not info.st_mode & 0o222
    return not os.access(path, os.W_OK)


def _replace_file(final: str, data: bytes) -> None:
    directory = os.path.dirname(final) or "."
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(final)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            _take_mode_and_owner(handle.fileno(), final)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_directory(directory)


def _take_mode_and_owner(fd: int, final: str) -> None:
    """mkstemp makes 0600 files: give the new file the old one's mode (and owner, as root), else the umask's."""
    try:
        old = os.stat(final)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        return
    os.fchmod(fd, stat.S_IMODE(old.st_mode))
    if os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.fchown(fd, old.st_uid, old.st_gid)


def _fsync_directory(directory: str) -> None:
    # the rename is durable once the directory is on disk; the file is already in place if this fails
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _Incomplete(Exception):
    def __init__(self, cause: OSError, written: int):
        super().__init__(cause)
        self.cause, self.written = cause, written


def _stream(path: str, data: bytes) -> None:
    # no O_CREAT or O_TRUNC: a device or FIFO is written to, never made into a file
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
    try:
        view, written = memoryview(data), 0
        while written < len(data):
            try:
                written += os.write(fd, view[written:])
            except OSError as exc:
                raise _Incomplete(exc, written) from exc
    finally:
        os.close(fd)


def _send(path: str, data: bytes) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        sock.sendall(data)


def _failed(path: str, exc: OSError) -> OutputError:
    return OutputError(path, exc.strerror or str(exc))
