#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine (Python packages, TeX for the
# LaTeX checks) and runs the whole test suite. CI (.ci/run) runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v apt-get >/dev/null && ! command -v biber >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if [ -z "$SUDO" ] || command -v sudo >/dev/null; then
    $SUDO apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      texlive-latex-base texlive-latex-recommended texlive-bibtex-extra biber >/dev/null
  else
    echo "refkit: TeX (pdflatex, bibtex, biber) is missing and cannot be installed without root or sudo;" \
         "the LaTeX checks will not run" >&2
  fi
fi
. scripts/venv.sh
. scripts/npm.sh
python -m pip install -q -e '.[test]'
python -m pytest -q "$@"
