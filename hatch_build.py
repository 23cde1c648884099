"""Hatch build hook: put citeproc-js (an npm package, never committed) into wheels and editable
installs. The pin lives in refkit/render/citeproc_js/pin.py, the fetching in .../vendor.py; both are
loaded by path because refkit itself is not importable in the isolated build environment."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE_DIR = Path("refkit") / "render" / "citeproc_js"


def _load(root: Path, name: str):
    spec = importlib.util.spec_from_file_location(f"_refkit_build_{name}", root / PACKAGE_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CiteprocJsHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":  # the sdist stays source only: its wheel build fetches again
            return
        root = Path(self.root)
        pin, vendor = _load(root, "pin"), _load(root, "vendor")
        dest = root / PACKAGE_DIR / "vendor"
        try:
            fetched = vendor.ensure(dest, pin.PACKAGE, pin.VERSION, pin.INTEGRITY, pin.FILES)
        except vendor.VendorError as exc:
            raise RuntimeError(f"refkit build: {exc}") from None
        self.app.display_info(f"citeproc-js {pin.PACKAGE}@{pin.VERSION}: "
                              f"{'fetched from the npm registry' if fetched else 'already vendored'}")
        if version == "editable":  # an editable install reads the files from this checkout
            return
        # vendor/ is git-ignored, which hatch honours; force-include puts the files back in the wheel
        for name in (*pin.FILES, vendor.STAMP):
            build_data["force_include"][str(dest / name)] = str(PACKAGE_DIR / "vendor" / name)
