#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs the main job on the
# bundled fixture site. Output: out/records.jsonl (one JSON record per Q&A page).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh build
mkdir -p out
build/salvage extract fixtures/site --base-url http://www.orthopaedics.win/ -o out/records.jsonl
echo "records written to $(pwd)/out/records.jsonl"
