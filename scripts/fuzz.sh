#!/usr/bin/env bash
# Builds the libFuzzer target with clang (ASan + UBSan) and runs it for a bounded time.
# Usage: scripts/fuzz.sh [SECONDS]   (default 60). Seeds: the fixture pages; crashes are
# written to build-fuzz/crashes/ and make the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
CC=clang CXX=clang++ scripts/build.sh build-fuzz -DSALVAGE_FUZZ=ON -DSALVAGE_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
mkdir -p build-fuzz/corpus build-fuzz/crashes
# Seeds: each fixture page, prefixed with the charset-selector byte.
find fixtures/site -type f -name '*.htm*' | while read -r f; do
  name=$(echo "$f" | tr '/' '_')
  { printf '\x00'; cat "$f"; } > "build-fuzz/corpus/$name"
done
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
build-fuzz/tests/fuzz/fuzz_extract build-fuzz/corpus -max_total_time="$seconds" -max_len=65536 \
  -rss_limit_mb=4096 -artifact_prefix=build-fuzz/crashes/ -print_final_stats=1 \
  > build-fuzz/fuzz.log 2>&1 || status=$?
grep -E "^(Done|stat::|==[0-9]+==ERROR|SUMMARY)" build-fuzz/fuzz.log || true
if [ "$status" -ne 0 ]; then
  tail -n 60 build-fuzz/fuzz.log
  echo "fuzz: the fuzzer failed (exit $status); the input is in build-fuzz/crashes/" >&2
fi
exit "$status"
