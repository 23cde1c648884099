#!/usr/bin/env bash
# The main job on a fresh machine: install refkit, convert the sample reading list.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q -e .
mkdir -p out
refkit convert seeds/msr-reading-list.txt --to csljson -o out/msr.json
echo "wrote out/msr.json"
