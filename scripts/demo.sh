#!/usr/bin/env bash
# The main job on a fresh machine: install refkit, import the sample reading list into the library
# (platformdirs data dir, or $REFKIT_HOME), complete it from arXiv, and export it.
#
# Offline, `refkit enrich` says what it could not fetch and exits non-zero; the demo goes on and
# exports what the library has. With REFKIT_DEMO_FAKE_ARXIV=1 the demo talks to the project's own
# fake arXiv server on 127.0.0.1 instead (for machines that cannot reach arxiv.org).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
. scripts/npm.sh
python -m pip install -q -e .
OUT=${OUT:-out}
mkdir -p "$OUT"

if [ "${REFKIT_DEMO_FAKE_ARXIV:-0}" = 1 ]; then
  PORT=${REFKIT_DEMO_PORT:-8765}
  (cd tests && exec python -m fakearxiv --port "$PORT") >"$OUT/fake-arxiv.log" 2>&1 &
  FAKE_PID=$!
  trap 'kill $FAKE_PID 2>/dev/null || true' EXIT
  export REFKIT_ARXIV_URL="http://127.0.0.1:$PORT/api/query" REFKIT_ARXIV_DELAY=${REFKIT_ARXIV_DELAY:-0.5}
  for _ in $(seq 50); do grep -q "fake arXiv" "$OUT/fake-arxiv.log" 2>/dev/null && break; sleep 0.1; done
fi

refkit add seeds/msr-reading-list.txt --project msr
refkit enrich --project msr || echo "refkit: enrichment incomplete (see above); exporting what the library has" >&2
refkit export --format bibtex     --project msr -o "$OUT/msr.bib"
refkit export --format biblatex   --project msr -o "$OUT/msr-biblatex.bib"
refkit export --format csljson    --project msr -o "$OUT/msr.json"
refkit export --format ris        --project msr -o "$OUT/msr.ris"
refkit export --format zotero-rdf --project msr -o "$OUT/msr.rdf"
refkit bib --style apa  --to markdown --project msr -o "$OUT/msr-apa.md"
refkit bib --style ieee --to html     --project msr -o "$OUT/msr-ieee.html"
refkit list --project msr | head -n 10
echo "exports written to $OUT/"
