"""User configuration: ``config.toml`` in ``refkit.paths.config_dir()``. Read once, passed down as values.

[keys]
pattern = "{author}{year}{title}"   # fields: author, Author, year, title, title2, arxiv
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .paths import config_dir

__all__ = ["Config", "load_config"]


@dataclass(frozen=True, slots=True)
class Config:
    key_pattern: str = "{author}{year}{title}"


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
    pattern = data.get("keys", {}).get("pattern", Config.key_pattern)
    from .store.keys import check_pattern  # the pattern's vocabulary lives with key generation

    unknown = check_pattern(pattern) if isinstance(pattern, str) else ["(not a string)"]
    if unknown:
        raise UsageError(
            f"{path}: key pattern {pattern!r} has unknown fields {unknown} "
            "(known: author, Author, year, title, title2, arxiv)"
        )
    return Config(key_pattern=pattern)
