"""Every error refkit raises on purpose derives from ``RefkitError``.

    RefkitError
     +-- UsageError               a bad option value from the user (CLI exit 2)
     |    +-- UnknownPlugin       no importer/exporter/style by that name (lists the known ones)
     |    |    +-- StyleNotFound
     |    +-- StyleError          a CSL style file that cannot be used (file:line: what is wrong)
     +-- InputError               a file that cannot be read at all (missing, binary, wrong shape)
     +-- OutputError              an output (-o PATH or standard output) could not be written whole
     +-- LibraryError             the SQLite library cannot be opened or written
     |    +-- EntryNotFound
     |    |    +-- DamagedEntry   a row that is not what refkit wrote: skipped by reads, refused by writes
     |    +-- KeyConflict
     +-- NetworkError             a service could not be reached / refused us (``url``, ``retryable``)
          +-- SourceUnreachable   refkit stopped asking a source for this run (down, blocking us, answers refused)
          +-- ServiceHTTPError    an HTTP status (carries url, status, service; 429/5xx are retryable)
          +-- ArxivFeedError      a response from arXiv that is not a usable Atom feed
          +-- AnswerRefused       an answer refkit will not take (carries url, service)
               +-- AnswerTooLarge      over the size cap once decoded
               +-- AnswerTooSlow       no complete answer within the total deadline (retryable)
               +-- RedirectRefused     sent to another host or scheme
    (``ArxivHTTPError``, ``ArxivAnswerRefused``, ``ArxivAnswerTooLarge``, ``ArxivTooSlow`` and
    ``ArxivRedirectRefused`` are the older names of the same classes.)

Per-record problems are *not* exceptions: readers return ``Diagnostic`` objects, and enrichment
keeps the ``NetworkError`` of an id or title it could not look up as data (``enrich.source.Failure``).
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable


class RefkitError(Exception):
    """Base of every error refkit raises on purpose; ``str()`` is a message for the user."""

    exit_code = 1


class UsageError(RefkitError):
    exit_code = 2


class UnknownPlugin(UsageError):
    """``unknown format 'bibtx' (known: bibtex, biblatex, csljson)``"""

    def __init__(self, kind: str, name: str, known: Iterable[str]):
        self.kind, self.name, self.known = kind, name, sorted(known)
        close = difflib.get_close_matches(name, self.known, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        listed = ", ".join(self.known) if len(self.known) <= 40 else ", ".join(self.known[:40]) + ", …"
        super().__init__(f"unknown {kind} {name!r} (known: {listed}){hint}")


class StyleNotFound(UnknownPlugin):
    def __init__(self, name: str, known: Iterable[str]):
        super().__init__("style", name, known)


class StyleError(UsageError):
    """A style file that no engine can use; the message is ``style.csl:LINE: what is wrong``."""

    def __init__(self, path, line: int | None, problem: str):
        self.path, self.line, self.problem = path, line or 1, problem
        super().__init__(f"{path}:{self.line}: {problem}")


class InputError(RefkitError):
    """A whole input could not be read; ``file`` and ``line`` say where."""

    def __init__(self, message: str, file: str = "", line: int = 0):
        self.file, self.line = file, line
        where = f"{file}:{line}: " if file and line else (f"{file}: " if file else "")
        super().__init__(where + message)


class OutputError(RefkitError):
    """``cannot write refs.bib: No space left on device``: ``path`` is the user's name, never a temp file."""

    def __init__(self, path: str, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"cannot write {path}: {reason}")


class LibraryError(RefkitError):
    pass


class EntryNotFound(LibraryError):
    def __init__(self, key: str, near: Iterable[str] = ()):
        self.key, self.near = key, list(near)
        hint = f" (did you mean {', '.join(self.near)}?)" if self.near else ""
        super().__init__(f"no entry with key {key!r} in the library{hint}")


class DamagedEntry(EntryNotFound):
    """A library row damaged by hand or another tool: for reading it is as good as absent, and
    refkit writes nothing over it. ``key`` is the key as stored (may be damaged itself)."""

    def __init__(self, key, rowid: int, problem: str):
        self.key, self.rowid, self.problem, self.near = key, rowid, problem, []
        LibraryError.__init__(
            self,
            f"{describe_row(key, rowid)} is damaged in the library ({problem}); refkit skips it and "
            f"writes nothing over it: repair the row or remove the entry"
            + (f" (refkit remove {key})" if isinstance(key, str) and key else ""),
        )


def describe_row(key, rowid: int) -> str:
    """``entry 'smith2020' (row 12)``, or ``row 12`` when the key itself is unusable."""
    return f"entry {key!r} (row {rowid})" if isinstance(key, str) and key else f"row {rowid}"


class KeyConflict(LibraryError):
    pass


class NetworkError(RefkitError):
    """``url``: what was asked ("" when unknown); ``retryable``: asking again later may succeed."""

    retryable = False

    def __init__(self, message: str, *, url: str = ""):
        self.url = url
        super().__init__(message)


class SourceUnreachable(NetworkError):
    """A source refkit gave up on for this run; ``source`` names it, ``cause`` is the error that decided it."""

    def __init__(self, source: str, message: str, *, url: str = "", cause: NetworkError | None = None):
        self.source, self.cause = source, cause
        super().__init__(message, url=url or (cause.url if cause is not None else ""))


class ServiceHTTPError(NetworkError):
    """An HTTP status from a service (``service``: "arXiv", in the message); 429 and 5xx are retryable."""

    def __init__(self, url: str, status: int, message: str = "", *, service: str = "arXiv"):
        self.status, self.service = status, service
        super().__init__(f"{service} answered HTTP {status} for {url}" + (f": {message}" if message else ""), url=url)

    @property
    def retryable(self) -> bool:  # throttled or a server fault: it may pass
        return self.status == 429 or self.status >= 500


class ArxivFeedError(NetworkError):
    def __init__(self, url: str, message: str):
        super().__init__(f"arXiv response from {url} is not a usable Atom feed: {message}", url=url)


class AnswerRefused(NetworkError):
    """An answer refkit will not take, whatever its status; nothing from it is read further or stored."""

    def __init__(self, url: str, message: str, *, service: str = "arXiv"):
        self.service = service
        super().__init__(message, url=url)


class AnswerTooLarge(AnswerRefused):
    def __init__(self, url: str, limit: int, *, service: str = "arXiv"):
        self.limit = limit
        super().__init__(url, f"{service} answer too large (over {limit / 2**20:g} MB) from {url}", service=service)


class AnswerTooSlow(AnswerRefused):
    retryable = True  # like a timeout: the next try may be quicker

    def __init__(self, url: str, seconds: float, *, service: str = "arXiv"):
        self.seconds = seconds
        super().__init__(url, f"{service} too slow: no complete answer within {seconds:g} s from {url}",
                         service=service)


class RedirectRefused(AnswerRefused):
    def __init__(self, url: str, target: str, why: str = "to another host", *, service: str = "arXiv"):
        self.target = target
        super().__init__(url, f"{service} redirected {why}: {url} → {target}; not followed", service=service)


# the names these errors had while arXiv was the only service; ``service`` now says which one it is
ArxivHTTPError = ServiceHTTPError
ArxivAnswerRefused = AnswerRefused
ArxivAnswerTooLarge = AnswerTooLarge
ArxivTooSlow = AnswerTooSlow
ArxivRedirectRefused = RedirectRefused
