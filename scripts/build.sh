#!/usr/bin/env bash
# Configures and builds salvage. Usage: scripts/build.sh [BUILD_DIR] [extra cmake -D options]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build}"
shift || true
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" --parallel
