"""The CSL locale files citeproc-js is given, taken offline from the citeproc-py package
(``citeproc/data/locales/locales-xx-XX.xml``), and the choice of locale for a request."""
from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

from .errors import UnknownLocale

FALLBACK = "en-US"  # what CSL and citeproc-js use when neither caller nor style says


def _folder():
    return resources.files("citeproc") / "data" / "locales"


@lru_cache(maxsize=1)
def available_locales() -> tuple[str, ...]:
    """Every locale tag there is a file for, sorted: ``('af-ZA', 'ar', ..., 'zh-TW')``."""
    names = (p.name for p in _folder().iterdir())
    return tuple(sorted(n[len("locales-"):-len(".xml")] for n in names
                        if n.startswith("locales-") and n.endswith(".xml")))


def resolve_locale(requested: str | None, style_default: str | None) -> str:
    """The tag to hand citeproc-js: ``requested`` (a tag or a bare language with a file, in any
    case) or else the style's ``default-locale``, or else en-US. An unknown request raises
    ``UnknownLocale`` (a ValueError) listing the available ones."""
    if not requested:
        return style_default or FALLBACK
    known = available_locales()
    by_lower = {tag.lower(): tag for tag in known}
    tag = by_lower.get(requested.replace("_", "-").lower())
    if tag is not None:
        return tag
    if "-" not in requested and any(t.split("-")[0] == requested.lower() for t in known):
        return requested.lower()  # "de": citeproc-js picks the main dialect (de-DE)
    raise UnknownLocale(requested, known)


def locale_files(languages) -> dict[str, str]:
    """The XML of every locale of these languages (``{'de', 'en'}``): citeproc-js asks for a
    dialect, then the language's main one, then en-US, so a whole language is enough."""
    wanted = {lang.split("-")[0].lower() for lang in languages}
    return {tag: _xml(tag) for tag in available_locales() if tag.split("-")[0].lower() in wanted}


@cache
def _xml(tag: str) -> str:
    return (_folder() / f"locales-{tag}.xml").read_text(encoding="utf-8")
