"""The library as every command opens it: at its usual place, keyed by config.toml's pattern."""

from __future__ import annotations

from ..config import load_config
from ..store import Library

__all__ = ["open_library"]


def open_library() -> Library:
    """``Library.open`` with the configured key pattern; a bad config.toml fails before the library opens."""
    return Library.open(key_pattern=load_config().key_pattern)
