"""The one place that says which citeproc-js refkit runs: npm package, version and the registry's
integrity hash. The build hook (``hatch_build.py``) reads this file by path, so it imports nothing."""

PACKAGE = "citeproc"  # the CommonJS build of citeproc-js on npm (github.com/juris-m/citeproc-js)
VERSION = "2.4.63"  # ships processor 1.4.61 (CSL.PROCESSOR_VERSION)
# `npm view citeproc@2.4.63 dist.integrity`
INTEGRITY = "sha512-68F95Bp4UbgZU/DBUGQn0qV3HDZLCdI9+Bb2ByrTaNJDL5VEm9LqaiNaxljsvoaExSLEXe1/r6n2Z06SCzW3/Q=="
# taken from the tarball's package/ folder; LICENSE is the CPAL-1.0 / AGPL-3.0 dual-licence notice
# (package.json says "AGPL-1.0", but LICENSE and the file header say AGPL version 3 or later)
FILES = ("citeproc_commonjs.js", "LICENSE")
