"""Where citeproc-py 0.11 spends its time, and the narrow fixes refkit applies (profiled with cProfile
on 1,000 ACL entries in APA: 7.7 s -> about 1.5 s, identical output).

1. ``CitationStylesElement.xpath_search`` re-runs an lxml XPath query on every macro call, every
   ``cs:names``/``cs:date`` lookup and every layout lookup: ~40 % of the time. The style tree never
   changes while rendering, so the result per (element, expression) is memoised.
2. ``calls_variable()`` (used by ``cs:group`` to decide whether to print) walks the whole macro
   subtree every time: memoised per element for the same reason.
3. ``CitationItem.reference`` goes item -> citation -> bibliography -> source dict on each of
   ~120 variable reads per entry: ``FastCitationItem`` resolves it once.
4. ``CitationItem.number`` is ``keys.index(key)``, O(n) per call, O(n^2) for a numeric style's
   bibliography: ``FastBibliography`` keeps a key -> position map.
5. ``Sort.sort`` compares with a Python ``cmp`` function that re-lowercases and re-parses every
   key on each of the n log n comparisons: keys are normalised once per item. One item whose key
   cannot be computed (a broken date) no longer aborts the sort: it gets no key and goes last.

Every patch is a pure cache or an equivalent computation; they are installed once, on first use
of the CSL engine (``install()``), never at import time of refkit.
"""
from __future__ import annotations

import re
from functools import cmp_to_key

from citeproc import CitationStylesBibliography, model
from citeproc.source import CitationItem, Reference, VariableError
from citeproc.string import String

_installed = False
# keys are lxml element proxies; holding them keeps each proxy (and its Python attributes) alive
_XPATH: dict = {}
_CALLS_VARIABLE: dict = {}


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    original_xpath = model.CitationStylesElement.xpath_search

    def xpath_search(self, expression):
        key = (self, expression)
        try:
            return _XPATH[key]
        except KeyError:
            result = _XPATH[key] = original_xpath(self, expression)
            return result

    model.CitationStylesElement.xpath_search = xpath_search
    for cls in (model.Parent, model.Text, model.Date, model.Number, model.Names, model.Label,
                model.Group):
        if "calls_variable" in cls.__dict__:
            cls.calls_variable = _memoised_calls_variable(cls.__dict__["calls_variable"])
    model.Sort.sort = _sort
    _install_static_lookups()


_ROOT: dict = {}
_STATIC: dict = {}  # (element, what, name) -> value, for lookups that only read the style tree
_MISSING = object()
_NAME_OPTIONS: dict = {}


def _install_static_lookups() -> None:
    """6. Per-call reads of the (immutable) style tree, ~1 million per 1,000 entries: the root
    element, locale options, ``cs:if`` type and variable lists. Each is computed once."""
    original_locale_option = model.Locale.get_option
    original_get_locale_option = model.CitationStylesElement.get_locale_option

    def get_root(self):
        try:
            return _ROOT[self]
        except KeyError:
            root = _ROOT[self] = self.getroottree().getroot()
            return root

    def locale_get_option(self, name):
        key = (self, "locale-option", name)
        value = _STATIC.get(key, _MISSING)
        if value is _MISSING:
            try:
                value = original_locale_option(self, name)
            except IndexError as exc:
                value = exc
            _STATIC[key] = value
        if isinstance(value, IndexError):
            raise value
        return value

    def get_locale_option(self, name):
        key = (self.get_root(), "get-locale-option", name)
        value = _STATIC.get(key, _MISSING)
        if value is _MISSING:
            value = _STATIC[key] = original_get_locale_option(self, name)
        return value

    def if_type(self, item):
        key = (self, "types", None)
        types = _STATIC.get(key)
        if types is None:
            types = _STATIC[key] = [typ.lower() for typ in self.get("type").split()]
        reference_type = item.reference.type
        return [typ == reference_type for typ in types]

    def if_variable(self, item):
        key = (self, "variables", None)
        names = _STATIC.get(key)
        if names is None:
            names = _STATIC[key] = [v.replace("-", "_") for v in self.get("variable").split()]
        reference = item.reference
        return [("locator" in item) if v == "locator" else (v in reference) for v in names]

    def get_formatter(self):
        root = get_root(self)
        return root.style.formatter if isinstance(root, model.Locale) else root.formatter

    _skip_absent_attributes()
    model.CitationStylesElement.get_root = get_root
    model.CitationStylesElement.get_formatter = get_formatter
    model.Locale.get_formatter = lambda self: self.style.formatter
    model.Locale.get_option = locale_get_option
    model.CitationStylesElement.get_locale_option = get_locale_option
    model.If._type = if_type
    model.If._variable = if_variable
    model.If.render = _if_render
    model.Text.process = _text_process
    original_name_option = model.Name.get_option
    original_child = model.SomewhatObjectifiedElement.__getattr__

    def name_get_option(self, name, context=None, sort_options=None):
        if sort_options and name in sort_options:
            return original_name_option(self, name, context, sort_options)
        key = (self, name, context)
        value = _NAME_OPTIONS.get(key, _MISSING)
        if value is _MISSING:
            value = _NAME_OPTIONS[key] = original_name_option(self, name, context, sort_options)
        return value

    def child(self, name):  # element.layout, root.bibliography...: the first such child, fixed
        key = (self, "child", name)
        value = _STATIC.get(key, _MISSING)
        if value is _MISSING:
            value = _STATIC[key] = original_child(self, name)
        return value

    model.Name.get_option = name_get_option
    model.SomewhatObjectifiedElement.__getattr__ = child


_CONDITIONS = (("type", "_type", False), ("variable", "_variable", False), ("is-numeric", "_is_numeric", False),
               ("is-uncertain-date", "_is_uncertain_date", False), ("locator", "_locator", False),
               ("position", "_position", True))


def _if_render(self, item, context=None, delimiter="", **kwargs):
    """``cs:if``/``cs:else-if`` (~50 per entry in APA): which tests it has and its ``match`` are
    read from the tree once, not with six attribute lookups per call."""
    key = (self, "if-plan", None)
    plan = _STATIC.get(key)
    if plan is None:
        attrib = self.attrib
        tests = tuple((getattr(type(self), method), needs_context)
                      for name, method, needs_context in _CONDITIONS if name in attrib)
        plan = _STATIC[key] = (tests, self.get("match"))
    tests, match = plan
    results = []
    for test, needs_context in tests:
        results += test(self, item, context) if needs_context else test(self, item)
    if match == "any":
        passed = any(results)
    elif match == "none":
        passed = not any(results)
    else:
        passed = all(results)
    if not passed:
        raise model.ConditionFailed
    return self.render_children(item, context=context, delimiter=delimiter, **kwargs)


def _text_process(self, item, context=None, **kwargs):
    """``cs:text`` (~50 per entry): what it prints (variable, macro, term, value), the macro
    element and the style's default language are looked up once; a missing ``language`` is a
    dict miss instead of a raised and caught ``VariableError``."""
    if context is None:
        context = self
    key = (self, "text-plan", None)
    plan = _STATIC.get(key)
    if plan is None:
        attrib = self.attrib
        kind = next((k for k in ("variable", "macro", "term", "value") if k in attrib), None)
        macro = self.get_macro(self.get("macro")) if kind == "macro" else None
        plan = _STATIC[key] = (kind, macro, self.get_root().get("default-locale", "en")[:2])
    kind, macro, default_language = plan
    language = dict.get(item.reference, "language")
    language = language[:2] if language is not None else default_language
    if kind == "variable":
        text = self._variable(item, context)
    elif kind == "macro":
        text = macro.render(item, context)
    elif kind == "term":
        text = self._term(item)
    elif kind == "value":
        text = String(self.preformat(self.get("value")))
    else:
        text = None
    return text, language


def _skip_absent_attributes() -> None:
    """7. Every rendered node runs format (5 attribute reads), wrap, quote, strip-periods and
    case, although most nodes carry none of those attributes: with none, each returns its input
    unchanged, so that is decided once per element."""
    def unless_attributes(original, names):
        def method(self, text, *args):
            key = (self, original, None)
            needed = _STATIC.get(key)
            if needed is None:
                needed = _STATIC[key] = any(name in self.attrib for name in names)
            if needed:
                return original(self, text, *args)
            return str(text) if isinstance(text, (int, float)) else text
        return method

    model.Formatted.format = unless_attributes(model.Formatted.format, (
        "font-style", "font-variant", "font-weight", "text-decoration", "vertical-align"))
    model.Affixed.wrap = unless_attributes(model.Affixed.wrap, ("prefix", "suffix"))
    model.Quoted.quote = unless_attributes(model.Quoted.quote, ("quotes",))
    model.StrippedPeriods.strip_periods = unless_attributes(model.StrippedPeriods.strip_periods,
                                                            ("strip-periods",))
    model.TextCased.case = unless_attributes(model.TextCased.case, ("text-case",))


class FastReference(Reference):
    """A ``Reference`` whose attribute reads are one dict lookup (CustomDict takes three calls)."""

    def __getattr__(self, name):
        try:
            return dict.__getitem__(self, name)
        except KeyError:
            raise VariableError from None

    def __getitem__(self, key):
        try:
            return dict.__getitem__(self, key)
        except KeyError:
            raise VariableError from None


def speed_up_source(source) -> None:
    """Swap the references of a ``CiteProcJSON`` source to ``FastReference`` (same data, same dict)."""
    for reference in source.values():
        reference.__class__ = FastReference


def forget_style() -> None:
    """Drop the memo for styles no longer used (a long-lived process formatting many styles)."""
    _XPATH.clear()
    _CALLS_VARIABLE.clear()
    _ROOT.clear()
    _STATIC.clear()
    _NAME_OPTIONS.clear()


def _memoised_calls_variable(original):
    def calls_variable(self):
        try:
            return _CALLS_VARIABLE[self]
        except KeyError:
            result = _CALLS_VARIABLE[self] = original(self)
            return result

    return calls_variable


class FastCitationItem(CitationItem):
    def __getattr__(self, name):
        try:
            return dict.__getitem__(self, name)
        except KeyError:
            raise VariableError from None

    @property
    def reference(self):
        try:
            return self.__dict__["_reference"]
        except KeyError:
            reference = self.citation.bibliography.source[self.key]
            object.__setattr__(self, "_reference", reference)  # CustomDict would store it as a field
            return reference

    @property
    def number(self):
        return self.citation.bibliography.position(self.key)


class FastBibliography(CitationStylesBibliography):
    """``register`` without the O(n) ``key not in list`` check, ``number`` without ``list.index``."""

    def __init__(self, style, source, formatter):
        super().__init__(style, source, formatter)
        self._positions: dict[str, int] = {}

    def register(self, citation, callback=None):
        citation.bibliography = self
        for item in citation.cites:
            if item.key in self.source and item.key not in self._positions:
                self._positions[item.key] = len(self.keys) + 1
                self.keys.append(item.key)
                self.items.append(item)

    def sort(self):
        super().sort()
        self._positions = {key: i for i, key in enumerate(self.keys, 1)}

    def position(self, key: str) -> int:
        return self._positions[key]


_MARKERS = re.compile("[\ue000-\uf8ff]")


def _normalise(key):
    """What citeproc's comparator did per comparison, done once: lower-case, numbers as ints.
    refkit's formatting markers (an italic title used as a sort key) are not part of the key."""
    if key is None:
        return None
    try:
        text = _MARKERS.sub("", str(key.lower()))
    except AttributeError:
        text = key
    try:
        return (0, int(str(text)), "")
    except ValueError:
        return (1, 0, str(text))


def _one_key(key, item, context):
    try:
        return key.sort_keys([item], context)[0]
    except Exception:  # noqa: BLE001
        return None


def _sort(self, items, context):
    """Sort by the first key; only items tied on it need the next key, and so on. Same order as
    comparing all keys of every pair (the sort is stable), but the expensive keys (APA's title
    macro is its fifth) are rendered for a few tied items instead of for all of them."""
    keys = [(key, key.get("sort", "ascending").lower() == "descending")
            for key in self.findall("cs:key", self.nsmap)]
    return _sort_from(keys, 0, list(items), context)


def _sort_from(keys, level, items, context):
    if level == len(keys) or len(items) < 2:
        return items
    key, descending = keys[level]
    try:
        column = key.sort_keys(items, context)
    except Exception:  # noqa: BLE001 - one item's key failed: compute item by item, None for it
        column = [_one_key(key, item, context) for item in items]
    values = [_normalise(k) for k in column]

    def compare(i, j):
        result = _compare(values[i], values[j])
        return -result if descending and values[i] is not None and values[j] is not None else result

    order = sorted(range(len(items)), key=cmp_to_key(compare))
    out, group = [], [order[0]]
    for index in order[1:]:
        if compare(group[0], index) == 0:
            group.append(index)
            continue
        out += _sort_from(keys, level + 1, [items[i] for i in group], context)
        group = [index]
    out += _sort_from(keys, level + 1, [items[i] for i in group], context)
    return out


def _compare(a, b) -> int:
    if a is None or b is None:  # missing keys go last, whatever the direction
        return 0 if a is b else (1 if a is None else -1)
    if a[0] != b[0]:  # a number and a word: compare as text, as citeproc-py did
        a = (1, 0, str(a[1]) if a[0] == 0 else a[2])
        b = (1, 0, str(b[1]) if b[0] == 0 else b[2])
    return (a > b) - (a < b)
