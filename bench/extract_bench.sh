#!/usr/bin/env bash
# Extraction benchmark: `salvage extract` on all cores against Gumbo's parse-only rate on one
# core, over the same folder of generated legacy pages, in the same run.
# Usage: bench/extract_bench.sh [PAGES] [BUILD_DIR]   (default 2400 pages, build/)
# Target (issue 3): extract (all cores) / parse-only (one core) >= 0.6.
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-2400}"
build="${2:-build}"
work="$build/bench-extract"
rm -rf "$work" && mkdir -p "$work"
python3 bench/make_site.py "$work/site" "$pages" >/dev/null
find "$work/site" -type f | sort > "$work/files.txt"
bytes=$(cat "$work/files.txt" | xargs cat | wc -c)

# Warm the page cache so both runs read from memory.
cat "$work/files.txt" | xargs cat > /dev/null

best_parse=999999; best_extract=999999
for round in 1 2 3; do
  read -r _ _ parse_s < <("$build/bench/gumbo_parse_only" < "$work/files.txt")
  start=$(date +%s%N)
  "$build/salvage" extract "$work/site" --base-url http://www.orthopaedics.win/ -q -o "$work/records.jsonl"
  end=$(date +%s%N)
  extract_s=$(awk -v a="$start" -v b="$end" 'BEGIN { print (b - a) / 1e9 }')
  best_parse=$(awk -v a="$parse_s" -v b="$best_parse" 'BEGIN { print (a < b) ? a : b }')
  best_extract=$(awk -v a="$extract_s" -v b="$best_extract" 'BEGIN { print (a < b) ? a : b }')
done
records=$(wc -l < "$work/records.jsonl")
cores=$(nproc)
awk -v n="$pages" -v b="$bytes" -v p="$best_parse" -v e="$best_extract" -v r="$records" -v c="$cores" 'BEGIN {
  printf "pages: %d (%.1f MB), records: %d, cores: %d (best of 3 rounds)\n", n, b / 1e6, r, c
  printf "gumbo parse only, 1 core : %8.0f pages/s %7.1f MB/s\n", n / p, b / 1e6 / p
  printf "salvage extract, %d cores : %8.0f pages/s %7.1f MB/s\n", c, n / e, b / 1e6 / e
  printf "ratio extract/parse-only : %.2f  (target >= 0.60)\n", p / e
}'
