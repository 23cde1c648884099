"""``CiteprocJs``: citeproc-js running in one embedded V8 context (mini-racer).

    with CiteprocJs() as cp:
        bib = cp.bibliography(items, style_xml, locale="en-GB", output="html")
        texts = cp.citations(items, style_xml, [["smith2020"], ["smith2020", "doe2021"]])

The context is built once (citeproc-js is ~1 MB of JS: ~0.13 s) and reused; each call makes a
fresh ``CSL.Engine``, so documents never share state. That costs ~0.7-1 s for APA (citeproc-js
builds the style by searching the whole style tree for every macro: CSL.XmlJSON.getNodesByName),
the same under node; keeping engines per style would remove it, at the price of resetting them. Close it, or leave the ``with``: an open mini-racer
context keeps the process from exiting, so any still open are closed at interpreter exit.
"""
from __future__ import annotations

import atexit
import json
import re
import threading
import weakref
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import StyleError
from . import locales, pin
from .errors import EngineFailed, EngineUnavailable, InvalidItems, UnknownItem, UnknownOutput
from .result import Document, Rendered
from .style_xml import check_style, line_of

if TYPE_CHECKING:
    from typing_extensions import Self

HERE = Path(__file__).resolve().parent
VENDORED = HERE / "vendor" / "citeproc_commonjs.js"
# citeproc_commonjs.js ends with `module.exports = CSL`: give it a CommonJS module to fill
_SHIM = "var module = {exports: {}}; var exports = module.exports;"

_OPEN: weakref.WeakSet[CiteprocJs] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for engine in list(_OPEN):
        engine.close()


class CiteprocJs:
    """One JS context holding citeproc-js; safe to reuse for many documents and from several
    threads (calls are serialised). ``close()`` it, or use it as a context manager."""

    def __init__(self, *, script: Path | None = None):
        from py_mini_racer import MiniRacer  # imported here: importing refkit.render stays cheap

        source = _read_script(script or VENDORED)
        self._lock = threading.Lock()
        self._ctx = MiniRacer()
        try:
            self._ctx.eval(_SHIM)
            self._ctx.eval(source)
            self._ctx.eval(resources.files(__package__).joinpath("bridge.js").read_text(encoding="utf-8"))
            self.formats = frozenset(self._ctx.call("refkitCiteproc.formats"))
            self.processor_version = self._ctx.call("refkitCiteproc.version")
        except Exception:
            self.close()
            raise
        self._languages: set[str] = set()  # languages whose locale files the context already has
        _OPEN.add(self)

    # -- lifetime -------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._ctx is None

    def close(self) -> None:
        """Free the V8 context; later calls raise ``EngineUnavailable``. Closing twice is fine."""
        ctx, self._ctx = getattr(self, "_ctx", None), None
        if ctx is not None:
            ctx.close()
        _OPEN.discard(self)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- rendering ------------------------------------------------------------------------------

    def bibliography(self, items: Sequence[dict], style_xml: str, *, locale: str | None = None,
                     output: str = "html", style_source: str = "<style>") -> Rendered | None:
        """All ``items`` (CSL-JSON, string ids) as a bibliography; None if the style has none."""
        answer = self._render(items, style_xml, None, locale, output, style_source)
        return _bibliography(answer, output)

    def citations(self, items: Sequence[dict], style_xml: str, clusters: Sequence[Sequence],
                  *, locale: str | None = None, output: str = "html",
                  style_source: str = "<style>", uncited: Sequence[str] = ()) -> list[str]:
        """One string per cluster, clusters in document order (each its own footnote, for "ibid").
        A cite is an item id or a citeproc-js cite dict (``{"id", "locator", "label", "prefix",
        "suffix", "suppress-author"}``); only cited items and the ``uncited`` ids (the rest of the
        set, as in the set's bibliography) count for disambiguation."""
        return list(self.document(items, style_xml, clusters, locale=locale, output=output,
                                  style_source=style_source, bibliography=False, uncited=uncited).citations)

    def document(self, items: Sequence[dict], style_xml: str, clusters: Sequence[Sequence], *,
                 locale: str | None = None, output: str = "html", style_source: str = "<style>",
                 bibliography: bool = True, uncited: Sequence[str] = ()) -> Document:
        """Citations and the bibliography of the cited (and ``uncited``) items from one run, so both agree."""
        answer = self._render(items, style_xml, clusters, locale, output, style_source, bibliography, uncited)
        return Document(tuple(answer["citations"]), _bibliography(answer, output) if bibliography else None,
                        tuple(answer["warnings"]))

    def _render(self, items, style_xml, clusters, locale, output, style_source, want_bib=True, uncited=()) -> dict:
        facts = check_style(style_xml, style_source)
        tag = locales.resolve_locale(locale, facts.default_locale)
        if output not in self.formats:
            raise UnknownOutput(output, self.formats)
        items = _checked(items)
        request = {"items": items, "style": style_xml, "locale": tag, "forceLocale": bool(locale),
                   "output": output, "bibliography": want_bib, "uncited": list(uncited),
                   "clusters": _clusters(clusters, {i["id"] for i in items}) if clusters is not None else None}
        with self._lock:
            if self._ctx is None:
                raise EngineUnavailable("the citeproc-js context is closed")
            self._add_locales({tag, locales.FALLBACK, *facts.languages})
            try:
                answer = json.loads(self._ctx.call("refkitCiteproc.render", json.dumps(request)))
            except Exception as exc:  # mini-racer's JSEvalException: what citeproc-js threw
                raise EngineFailed(f"citeproc-js failed: {_js_message(exc)}") from exc
        if "styleError" in answer:
            problem = answer["styleError"].removeprefix("citeproc-js error: ")
            node = re.search(r'node name "([^"]+)"', problem)  # citeproc-js names no line: find the element
            line = line_of(style_xml, "<" + re.escape(node.group(1)) + r"\b") if node else None
            raise StyleError(style_source, line, f"citeproc-js cannot use this style: {problem}")
        return answer

    def _add_locales(self, tags) -> None:
        new = {t.split("-")[0].lower() for t in tags} - self._languages
        if new:
            self._ctx.call("refkitCiteproc.addLocales", locales.locale_files(new))
            self._languages |= new


def _read_script(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EngineUnavailable(
            f"citeproc-js ({pin.PACKAGE}@{pin.VERSION}) is not installed at {path}: it is fetched from "
            f"the npm registry when refkit is built; reinstall refkit (pip install -e .) or run "
            f"`python -m refkit.render.citeproc_js.vendor` in the checkout") from None


def _checked(items: Sequence[dict]) -> list[dict]:
    seen: set[str] = set()
    for n, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str) or not ident:
            raise InvalidItems(f"item {n} has no string id: CSL-JSON items need one (got {ident!r})")
        if ident in seen:
            raise InvalidItems(f"two items have the id {ident!r}")
        seen.add(ident)
    return list(items)


def _clusters(clusters, known: set[str]) -> list[list[dict]]:
    out = [[{"id": c} if isinstance(c, str) else dict(c) for c in cluster] for cluster in clusters]
    missing = sorted({c.get("id") for cluster in out for c in cluster} - known, key=str)
    if missing:
        raise UnknownItem(missing)
    return out


def _bibliography(answer: dict, output: str) -> Rendered | None:
    bib = answer["bibliography"]
    return None if bib is None else Rendered.from_js(bib, answer["warnings"], output)


def _js_message(exc: Exception) -> str:
    # mini-racer's message is the JS stack; its first line is what was thrown
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
