"""Standard output that never loses bytes without saying so.

CPython's own stdout can: unbuffered (``PYTHONUNBUFFERED``, ``python -u``) its text layer ignores
a short write, so a full disk keeps the first 3 MB of 5 and the command exits 0; buffered, a
failure surfaces as a bare ``OSError``, or only in the flush at exit as "Exception ignored" and
exit 120. ``guard_stdout`` puts a writer on file descriptor 1 that writes everything or raises
``StdoutFailed`` (a ``RefkitError`` saying how much got through); ``flush_stdout`` does the last
flush while a failure can still be reported.
"""
from __future__ import annotations

import errno
import io
import os
import sys

from ..errors import OutputError, RefkitError

__all__ = ["StdoutFailed", "detach_stdout", "flush_stdout", "guard_stdout", "stdout_written"]


class StdoutFailed(OutputError, OSError):
    """A write to standard output failed; also an ``OSError`` so the io layers pass it through."""

    def __init__(self, cause: OSError, written: int):
        lost = f"the output is incomplete (only {written:,} bytes reached it)" if written else "nothing was written"
        super().__init__("standard output", f"{cause.strerror or cause}; {lost}")
        self.errno, self.strerror, self.written = cause.errno, cause.strerror, written

    def __str__(self) -> str:  # the message, not OSError's "[Errno 28] ..."
        return RefkitError.__str__(self)


class _WholeWrites(io.RawIOBase):
    """File descriptor 1, each write made whole or raised (closing it leaves the descriptor open)."""

    def __init__(self, fd: int):
        super().__init__()
        self._fd, self.written = fd, 0

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            try:
                done += os.write(self._fd, view[done:])
            except InterruptedError:
                continue
            except OSError as exc:
                self.written += done
                if exc.errno == errno.EPIPE:  # the reader left (`| head`): not a failure to report
                    raise
                raise StdoutFailed(exc, self.written) from exc
        self.written += done
        return done


_guard: _WholeWrites | None = None


def guard_stdout() -> None:
    """Replace ``sys.stdout`` (when it is the process's real one) by a text stream over ``_WholeWrites``."""
    global _guard
    original = sys.stdout
    if original is None or original is not sys.__stdout__:
        return  # already redirected (a test's capture): leave it alone
    try:
        fd = original.fileno()
        original.flush()
    except (AttributeError, ValueError, OSError):
        return
    _guard = _WholeWrites(fd)
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(_guard), encoding=original.encoding, errors=original.errors,
                                  line_buffering=original.line_buffering)


def stdout_written() -> int:
    """Bytes that reached standard output through the guard so far."""
    return _guard.written if _guard else 0


def flush_stdout() -> None:
    """The final flush, done while the command can still report it (raises like any write)."""
    if sys.stdout is not None:
        sys.stdout.flush()


def detach_stdout() -> None:
    """Point file descriptor 1 at /dev/null so the interpreter's final flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass
