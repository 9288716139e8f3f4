#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test (ctest).
# Options: --werror (warnings are errors), --sanitize (AddressSanitizer + UBSan build in
# build-asan/, unit and corpus tests).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build
opts=()
for arg in "$@"; do
  case "$arg" in
    --werror) opts+=(-DSALVAGE_WERROR=ON) ;;
    --sanitize) dir=build-asan; opts+=(-DSALVAGE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug) ;;
    *) echo "test.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
scripts/setup.sh
scripts/build.sh "$dir" "${opts[@]}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$dir" --output-on-failure --parallel "$(nproc)"
