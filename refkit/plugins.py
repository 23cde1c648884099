"""Entry-point plugins: refkit's own importers, exporters and style sources are found exactly
like a third party's, through ``importlib.metadata`` entry points.

Groups (the contract for plugin authors):

- ``refkit.importers``: an object with ``name``, ``suffixes``, ``detect(text) -> float`` (0..1,
  how sure it is that ``text`` is its format) and ``parse(text, file) -> ReadResult``.
- ``refkit.exporters``: an object with ``name``, ``suffix`` and
  ``dumps(entries, annotations=None) -> str``.
- ``refkit.styles``: an object with ``name``, ``names() -> list[str]`` and ``load(name)``
  (see ``refkit.render``).
- ``refkit.engines``: a formatting engine, ``format(entries, style, locale)`` (see
  ``refkit.render.engine``); a style names the engine that formats it.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from .errors import UnknownPlugin

IMPORTERS = "refkit.importers"
EXPORTERS = "refkit.exporters"
STYLES = "refkit.styles"
ENGINES = "refkit.engines"

_KIND = {IMPORTERS: "format", EXPORTERS: "format", STYLES: "style source", ENGINES: "formatting engine"}


@cache
def _entry_points(group: str) -> dict[str, Any]:
    from importlib.metadata import entry_points  # 10 ms: only commands that load plugins pay it

    # first registration of a name wins, so a plugin cannot silently shadow a built-in twice over
    found: dict[str, Any] = {}
    for ep in entry_points(group=group):
        found.setdefault(ep.name, ep)
    return found


def names(group: str) -> list[str]:
    return sorted(_entry_points(group))


@cache
def load(group: str, name: str) -> Any:
    """The plugin object registered as ``name`` in ``group``; ``UnknownPlugin`` lists the known ones."""
    eps = _entry_points(group)
    if name not in eps:
        raise UnknownPlugin(_KIND.get(group, "plugin"), name, eps)
    return eps[name].load()


def load_all(group: str) -> dict[str, Any]:
    return {name: load(group, name) for name in names(group)}
