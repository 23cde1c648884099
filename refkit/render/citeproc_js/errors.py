"""The errors of the citeproc-js engine, in refkit's tree (``refkit.errors``)::

    RefkitError
     +-- EngineUnavailable      the vendored citeproc-js is missing or the JS context is closed
     +-- EngineFailed           citeproc-js threw while rendering (its message is kept)
     +-- UsageError
          +-- StyleError         (refkit.errors) style.csl:LINE: problem, from XML or citeproc-js
          +-- UnknownLocale      also a ValueError; lists the locales there are
          +-- UnknownOutput      also a ValueError; lists citeproc-js's output formats
          +-- UnknownItem        also a KeyError; a cluster cites an id that is not among the items
          +-- InvalidItems       also a ValueError; items without a string id, or two with one id
"""
from __future__ import annotations

from collections.abc import Iterable

from ...errors import RefkitError, UsageError


class EngineUnavailable(RefkitError):
    pass


class EngineFailed(RefkitError):
    pass


class InvalidItems(UsageError, ValueError):
    pass


class UnknownLocale(UsageError, ValueError):
    def __init__(self, locale: str, known: Iterable[str]):
        self.locale, self.known = locale, sorted(known)
        super().__init__(f"unknown locale {locale!r} (known: {', '.join(self.known)})")


class UnknownOutput(UsageError, ValueError):
    def __init__(self, output: str, known: Iterable[str]):
        self.output, self.known = output, sorted(known)
        super().__init__(f"unknown citeproc-js output format {output!r} (known: {', '.join(self.known)})")


class UnknownItem(UsageError, KeyError):
    def __init__(self, ids: Iterable[str]):
        self.ids = list(ids)
        UsageError.__init__(self, f"cited but not among the items: {', '.join(map(repr, self.ids))}")

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]
