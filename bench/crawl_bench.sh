#!/usr/bin/env bash
# Crawl benchmark (issue 4): a generated site of legacy pages served by nginx on 127.0.0.1,
# crawled by `salvage crawl --delay 0 --per-host 8` (which also parses every page and stores it)
# and mirrored by `wget -m`, in the same run. Prints both wall times and the ratio.
# Usage: bench/crawl_bench.sh [PAGES] [BUILD_DIR]   (default 2400 pages, build/)
# Target: salvage's crawl takes no more than 2x wget's mirror.
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-2400}"
build="${2:-build}"
scripts/setup.sh nginx wget >/dev/null
work="$(pwd)/$build/bench-crawl"
# shellcheck source=bench/serve_generated_site.sh
source bench/serve_generated_site.sh

now() { date +%s%N; }
start=$(now)
wget -m -q -nH -e robots=off -P "$work/wget" "$url" || true
wget_ns=$(( $(now) - start ))

start=$(now)
"$build/salvage" crawl "$url" --db "$work/salvage.db" --delay 0 --per-host 8 --concurrency 16 --ignore-robots -q
salvage_ns=$(( $(now) - start ))

stored=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from pages where outcome='fetched'\").fetchone()[0])" "$work/salvage.db")
mirrored=$(find "$work/wget" -type f | wc -l)
awk -v w="$wget_ns" -v s="$salvage_ns" -v n="$pages" -v st="$stored" -v m="$mirrored" 'BEGIN {
  printf "site: %d pages (+ index pages); wget mirrored %d files, salvage stored %d pages\n", n, m, st
  printf "wget -m           : %6.2f s\n", w / 1e9
  printf "salvage crawl     : %6.2f s  (fetch, parse, store compressed, queue links)\n", s / 1e9
  printf "ratio salvage/wget: %.2f  (target <= 2.00)\n", s / w
}'
