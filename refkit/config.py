"""User configuration: ``config.toml`` in ``refkit.paths.config_dir()``. Read once, passed down as values.

[keys]
pattern = "{author}{year}{title}"   # fields: author, Author, year, title, title2, arxiv
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .keys import DEFAULT_PATTERN, FIELDS, pattern_problem
from .paths import config_dir

__all__ = ["Config", "load_config"]


@dataclass(frozen=True, slots=True)
class Config:
    key_pattern: str = DEFAULT_PATTERN


def load_config(path: Path | None = None) -> Config:
    path = path or config_dir() / "config.toml"
    if not path.exists():
        return Config()
    import tomllib  # Python 3.11+; only needed when a configuration file exists

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read configuration: {exc}") from exc
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise UsageError(f"{path}: [keys] must be a table, e.g. [keys] pattern = \"{DEFAULT_PATTERN}\"")
    pattern = keys.get("pattern", DEFAULT_PATTERN)
    problem = pattern_problem(pattern)
    if problem:
        raise UsageError(
            f"{path}: [keys] pattern {pattern!r} {problem} (fields: {', '.join('{' + f + '}' for f in FIELDS)}; "
            f"default {DEFAULT_PATTERN!r})"
        )
    return Config(key_pattern=pattern)
