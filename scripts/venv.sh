# Sourced by demo.sh and test.sh: create (once) and activate the project's virtual environment in
# .venv, so the README commands work with Debian's own python3 (PEP 668 refuses `pip install` outside
# a venv), a pyenv Python or any other, as root or not.
REFKIT_VENV=${REFKIT_VENV:-.venv}
_refkit_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ! -x "$REFKIT_VENV/bin/python" ]; then
  PY=${PYTHON:-python3}
  command -v "$PY" >/dev/null || { echo "refkit: $PY not found; install Python >= 3.10" >&2; exit 1; }
  if ! "$PY" -m venv "$REFKIT_VENV" >/dev/null 2>&1; then
    rm -rf "$REFKIT_VENV"
    # Debian ships venv (and ensurepip) separately: python3-venv / python3.X-venv
    if command -v apt-get >/dev/null; then
      ver=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      echo "refkit: installing python3-venv with apt" >&2
      _refkit_sudo apt-get update -qq >/dev/null || true
      DEBIAN_FRONTEND=noninteractive _refkit_sudo apt-get install -y -qq --no-install-recommends \
        python3-venv "python$ver-venv" >/dev/null 2>&1 \
        || DEBIAN_FRONTEND=noninteractive _refkit_sudo apt-get install -y -qq python3-venv >/dev/null
    fi
    "$PY" -m venv "$REFKIT_VENV" || { echo "refkit: could not create a virtual environment in $REFKIT_VENV" >&2; exit 1; }
  fi
  "$REFKIT_VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
fi
# shellcheck disable=SC1091
. "$REFKIT_VENV/bin/activate"
