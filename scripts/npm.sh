# Sourced by demo.sh and test.sh: refkit's build fetches citeproc-js (its CSL engine) from the npm
# registry with npm, so npm must be there; node also runs the tests' reference citeproc-js.
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  if command -v apt-get >/dev/null && { [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null; }; then
    echo "refkit: installing node and npm with apt (the build fetches citeproc-js from the npm registry)" >&2
    _refkit_sudo apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive _refkit_sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    echo "refkit: npm is missing: install Node.js and npm (the build fetches citeproc-js from the npm registry)" >&2
    exit 1
  fi
fi
