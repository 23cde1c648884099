"""Where refkit keeps its state: platformdirs by default, everything under ``REFKIT_HOME`` if set."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "refkit"


def _home() -> Path | None:
    home = os.environ.get("REFKIT_HOME", "").strip()
    return Path(home).expanduser() if home else None


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP))


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP))


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP))


def library_path() -> Path:
    return data_dir() / "library.sqlite"
