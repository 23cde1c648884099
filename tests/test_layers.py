"""The import graph follows the pipeline's layers: a module never imports from a higher layer.

Lower layers are the shared vocabulary (model, text, ids), then TeX and names, the mappings, key
generation, the readers and writers, the library/enrichment/rendering stages, and the CLI on top.
A cycle between packages (store -> config -> store, as once) makes one of them unusable alone.
"""
from __future__ import annotations

import ast
from pathlib import Path

import refkit

LAYERS = [
    {"errors", "paths", "model", "text", "ids", "http_limits", "bulk"},
    {"refkit", "diagnostics", "latex", "plugins"},
    {"names", "normalize", "cite", "http"},
    {"mapping"},
    {"keys"},
    {"importers", "exporters", "config"},
    {"store", "enrich", "render", "integrations"},
    {"cli"},
    {"__main__"},
]
RANK = {unit: n for n, layer in enumerate(LAYERS) for unit in layer}
PACKAGE = Path(refkit.__file__).parent


def _unit(module: str) -> str:
    """``refkit.store.sqlite.keys`` -> ``store``; ``refkit`` itself (``__version__``) -> ``refkit``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] not in ("__init__", "__version__") else "refkit"


def _imports(path: Path) -> set[str]:
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module.removesuffix(".__init__") if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, node.module] if node.module else base)
            if target.startswith("refkit"):
                found |= {target} if node.module else {f"{target}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("refkit")}
    return found


def test_every_package_has_a_layer():
    units = {_unit(".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)) for p in PACKAGE.rglob("*.py")}
    assert units - RANK.keys() == set(), "add new packages to LAYERS"


def test_no_module_imports_from_a_higher_layer():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _unit(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        for target in sorted(_imports(path)):
            unit = _unit(target)
            if unit != source and RANK[unit] >= RANK[source]:
                upward.append(f"{path.relative_to(PACKAGE.parent)} imports {target}")
    assert upward == []


def test_store_above_its_storage_interface_speaks_no_sql():
    sql = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ", "sqlite3", ".execute(")
    offenders = [
        f"{path.name}: {word.strip()}"
        for path in sorted((PACKAGE / "store").glob("*.py"))
        for word in sql
        if word in "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith(("#", '"', "``")))
    ]
    assert offenders == []
