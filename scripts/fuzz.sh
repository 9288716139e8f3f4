#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for its share of a
# bounded time: fuzz_extract (pages) and fuzz_archive (WARC/ARC files, HTTP messages, sitemaps).
# Usage: scripts/fuzz.sh [SECONDS]   (default 60, split evenly between the targets).
# Seeds: the fixture pages; for fuzz_archive tests/fuzz/seeds/archive/ and the small files of
# $SALVAGE_SHARED_DIR/corpus/warc (default /work/shared) when present. The build goes to
# $SALVAGE_FUZZ_BUILD (default build-fuzz); crashes are written to its crashes/ folder, their
# paths printed, and make the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build="${SALVAGE_FUZZ_BUILD:-build-fuzz}"
shared="${SALVAGE_SHARED_DIR:-/work/shared}"
targets=(fuzz_extract fuzz_archive)
share=$((seconds / ${#targets[@]}))
[ "$share" -ge 1 ] || share=1
max_len=65536

CC=clang CXX=clang++ scripts/build.sh "$build" -DSALVAGE_FUZZ=ON -DSALVAGE_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
mkdir -p "$build/corpus" "$build/corpus-archive" "$build/crashes"
# fuzz_extract seeds: each fixture page, prefixed with the charset-selector byte.
find fixtures/site -type f -name '*.htm*' | while read -r f; do
  name=$(echo "$f" | tr '/' '_')
  { printf '\x00'; cat "$f"; } > "$build/corpus/$name"
done
# fuzz_archive seeds: our tiny WARC/ARC files, and the shared corpus's files up to max_len.
cp tests/fuzz/seeds/archive/* "$build/corpus-archive/"
if [ -d "$shared/corpus/warc" ]; then
  find "$shared/corpus/warc" -type f -size -$((max_len + 1))c | while read -r f; do
    cp "$f" "$build/corpus-archive/shared_$(echo "${f#"$shared"/corpus/warc/}" | tr '/' '_')"
  done
fi

export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for target in "${targets[@]}"; do
  corpus="$build/corpus"
  [ "$target" = fuzz_archive ] && corpus="$build/corpus-archive"
  log="$build/$target.log"
  echo "== $target: ${share}s"
  rc=0
  "$build/tests/fuzz/$target" "$corpus" -max_total_time="$share" -max_len="$max_len" \
    -timeout=60 -rss_limit_mb=4096 -artifact_prefix="$build/crashes/$target-" \
    -print_final_stats=1 > "$log" 2>&1 || rc=$?
  grep -E "^(Done|stat::|==[0-9]+==ERROR|SUMMARY)" "$log" || true
  if [ "$rc" -ne 0 ]; then
    tail -n 60 "$log"
    artifact=$(grep -oE "(Test unit|artifact) written to [^ ]+" "$log" | tail -n 1 | awk '{print $NF}')
    echo "fuzz: $target failed (exit $rc); the input is ${artifact:-in $build/crashes/}" >&2
    status=$rc
  fi
done
exit "$status"
