"""refkit leaves bibtexparser's logging to the user: only refkit's own parse calls are quiet.

refkit turns bibtexparser's failed blocks into diagnostics, so the warnings bibtexparser logs for
them would say the same thing twice. Importing refkit used to raise bibtexparser's logger to
CRITICAL for the whole process; a user's own bibtexparser calls then logged nothing.
"""
from __future__ import annotations

import logging
import subprocess
import sys
import threading

import bibtexparser
import pytest

import refkit  # noqa: F401  (the import is what used to silence bibtexparser)
from refkit.importers.bibtex import _own_records_dropped, parse_bibtex

BROKEN = "@article{broken, title = {no closing brace\n\n@article{good, title = {Fine}}\n"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def user_handler():
    """The user's own logging config: a handler on bibtexparser's logger."""
    handler = _Collect()
    logger = logging.getLogger("bibtexparser")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def _user_parse() -> None:
    bibtexparser.parse_string(BROKEN)


def test_importing_refkit_leaves_bibtexparser_level_alone():
    assert logging.getLogger("bibtexparser").level == logging.NOTSET


def test_user_sees_own_bibtexparser_warnings_after_import_and_after_a_refkit_parse(user_handler):
    _user_parse()
    before = list(user_handler.messages)
    assert any("aborted" in m for m in before)

    result = parse_bibtex(BROKEN, "refs.bib")
    assert [d.code for d in result.diagnostics] == ["syntax-error"]
    assert user_handler.messages == before  # refkit's parse said it as a diagnostic, not a log record

    _user_parse()
    assert user_handler.messages == before + before
    assert all(not logger.filters for name, logger in logging.Logger.manager.loggerDict.items()
               if name.startswith("bibtexparser") and isinstance(logger, logging.Logger))


def test_a_user_call_in_another_thread_logs_while_refkit_parses(user_handler):
    with _own_records_dropped():
        worker = threading.Thread(target=_user_parse)
        worker.start()
        worker.join()
        bibtexparser.parse_string(BROKEN)  # this thread is inside refkit's call: dropped
    assert len([m for m in user_handler.messages if "aborted" in m]) == 1


def test_fresh_interpreter_with_basic_config_shows_bibtexparser_warnings():
    code = ("import logging, bibtexparser, refkit\n"
            "from refkit.importers.bibtex import parse_bibtex\n"
            f"text = {BROKEN!r}\n"
            "logging.basicConfig(level=logging.WARNING)\n"
            "parse_bibtex(text)\n"
            "bibtexparser.parse_string(text)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert "WARNING:bibtexparser.splitter:Parsing of `@article` block (line 0) aborted" in run.stderr
    assert run.stderr.count("aborted") == 1
