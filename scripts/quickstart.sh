#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs the main job on the
# bundled fixture site. The site and every host its pages link to are served on 127.0.0.1
# (scripts/fixture_site_server.py: some of those links are dead, blocked, moved or soft 404s);
# `salvage run` crawls the site, extracts the records, checks their links and writes the store,
# every export and the link report into out/fixture-run/ (printed at the end). Nothing leaves
# this machine: --connect-to sends every host name to the local server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh build
out="${1:-out/fixture-run}"

# The server lives as long as its stdin: a pipe this script holds open until it exits.
coproc server { exec python3 scripts/fixture_site_server.py; }
trap 'exec {server[1]}>&-; wait "$server_PID" 2>/dev/null || true' EXIT
read -r _ port _ closed <&"${server[0]}"

build/salvage run http://www.orthopaedics.win/ --out "$out" \
  --connect-to "www.kneeguru.co.uk:80:127.0.0.1:$closed" \
  --connect-to "www.tmj.org:80:tmj.invalid:80" \
  --connect-to "::127.0.0.1:$port" \
  --ignore-robots --delay 0 --check-delay 0.1 --check-timeout 5
echo
echo "open $(pwd)/$out/report.html for the link report; records: $(pwd)/$out/records.jsonl"
