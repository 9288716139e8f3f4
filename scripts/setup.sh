#!/usr/bin/env bash
# Installs every Debian package that building, testing and fuzzing salvage needs, when missing.
# Idempotent; run as root or with sudo available. Debian 12 (bookworm).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git
  libcurl4-openssl-dev libgumbo-dev libpugixml-dev libsqlitecpp-dev libsqlite3-dev libcli11-dev
  catch2 nlohmann-json3-dev libuchardet-dev zlib1g-dev libzstd-dev libssl-dev
  libmimalloc-dev                   # the salvage executable's allocator
  clang libclang-rt-14-dev          # the libFuzzer target
  python3 python3-html5lib          # the corpus link test's independent HTML5 parser
  wget                              # the end-to-end test that imports wget's WARC
  chromium                          # the link report is checked in headless Chromium
  python3-jsonschema libxml2-utils  # exports are validated against their JSON Schema and XSD
)
# Extra packages a caller needs (benchmarks: nginx), e.g. scripts/setup.sh nginx
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

# warcio (npm) reads back the WARC files salvage writes in an end-to-end test; that test skips
# when node or npm are missing or the registry cannot be reached.
warcio="$(dirname "$0")/../tests/warcio"
if command -v npm >/dev/null 2>&1 && [ ! -d "$warcio/node_modules/warcio" ]; then
  (cd "$warcio" && (npm ci --offline --no-audit --no-fund >/dev/null 2>&1 || npm ci --no-audit --no-fund >/dev/null 2>&1)) ||
    echo "setup: could not install warcio from npm; the WARC cross-check will be skipped" >&2
fi
exit 0
