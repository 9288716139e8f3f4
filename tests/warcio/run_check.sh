#!/usr/bin/env bash
# Cross-checks a WARC file with an independent reader (webrecorder's warcio.js).
#
#   tests/warcio/run_check.sh WARC_FILE [--strict]
#
# --strict adds the checks every salvage-written file must pass (see check_warc.mjs).
# Installs the pinned warcio from package-lock.json into tests/warcio/node_modules (git-ignored)
# when it is missing, from npm's cache first. Exit status: 0 pass, 1 fail, 2 usage,
# 77 skip (ctest's SKIP_RETURN_CODE) when node/npm are missing or too old, or when the install
# fails for lack of network.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 WARC_FILE [--strict]" >&2
  exit 2
fi
warc=$1
shift
if [[ ! -f $warc ]]; then
  echo "run_check: no such file: $warc" >&2
  exit 2
fi
warc=$(cd "$(dirname "$warc")" && pwd)/$(basename "$warc")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run_check: SKIP: $tool is not installed" >&2
    exit 77
  fi
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
if (( node_major < 18 )); then
  echo "run_check: SKIP: node $(node --version) is older than warcio's minimum, 18" >&2
  exit 77
fi

if [[ ! -f $here/node_modules/warcio/package.json ]]; then
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  if ! (cd "$here" && { npm ci --offline --no-audit --no-fund || npm ci --no-audit --no-fund; }) \
      >"$log" 2>&1; then
    if grep -Eq 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network' "$log"; then
      echo "run_check: SKIP: npm ci could not reach the registry" >&2
      tail -n 5 "$log" >&2
      exit 77
    fi
    echo "run_check: npm ci failed" >&2
    cat "$log" >&2
    exit 1
  fi
fi

exec node "$here/check_warc.mjs" "$@" "$warc"
