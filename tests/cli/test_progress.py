"""The progress bar commands share: drawn only for a person at a terminal, never into piped output."""
from __future__ import annotations

import io
import sys

from refkit.cli.progress import progress_reporter


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_stderr_is_piped_or_not_wanted(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress_reporter("adding", 10) as progress:
        assert progress is None
    monkeypatch.setattr(sys, "stderr", _Terminal())
    with progress_reporter("adding", 10, show=False) as progress:
        assert progress is None


def test_a_terminal_gets_a_callback_for_both_library_calls(monkeypatch):
    monkeypatch.setattr(sys, "stderr", _Terminal())
    with progress_reporter("arXiv") as progress:
        progress(3, 10)  # enrich_library: done and total
        progress(5)  # Library.add: done of the total given up front
