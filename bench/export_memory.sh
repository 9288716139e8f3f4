#!/usr/bin/env bash
# Export memory benchmark (issue 6: "memory stays flat with the number of records"): the generated
# site (bench/make_site.py, PAGES pages) imported and extracted into a store, then that store grown
# to COPIES times as many records (bench/grow_store.py). Every export format is written from both
# stores in the same run; prints each one's peak memory (max RSS) and the ratio big/small, which
# stays near 1 when memory does not grow with the number of records.
# Usage: bench/export_memory.sh [PAGES] [COPIES] [BUILD_DIR]   (default 2400 pages, 40 copies)
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-2400}"
copies="${2:-40}"
build="${3:-build}"
salvage="$build/salvage"
[ -x "$salvage" ] || { echo "export_memory: $salvage not found: build it first" >&2; exit 2; }
scripts/setup.sh time >/dev/null  # /usr/bin/time measures the peak memory
work="$(pwd)/$build/bench-export"
rm -rf "$work" && mkdir -p "$work"
python3 bench/make_site.py "$work/site" "$pages" >/dev/null
"$salvage" import "$work/site" --base-url http://www.orthopaedics.win/ --db "$work/small.db" -q
"$salvage" extract --db "$work/small.db" -o /dev/null -q
small=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM records').fetchone()[0])" "$work/small.db")
big=$(python3 bench/grow_store.py "$work/small.db" "$work/big.db" "$copies")

rss() {  # peak KB of one export
  /usr/bin/time -f "%M" -o "$work/rss" "$salvage" export --db "$1" --format "$2" -o "$work/out.$2" -q
  cat "$work/rss"
}
printf "records: %d (small) and %d (big)\n" "$small" "$big"
printf "%-7s %14s %14s %7s %10s\n" format "small max RSS" "big max RSS" ratio "big file"
for format in jsonl json xml csv sqlite; do
  a=$(rss "$work/small.db" "$format")
  b=$(rss "$work/big.db" "$format")
  size=$(du -m "$work/out.$format" | cut -f1)
  awk -v f="$format" -v a="$a" -v b="$b" -v s="$size" \
    'BEGIN { printf "%-7s %11.1f MB %11.1f MB %7.2f %7d MB\n", f, a / 1024, b / 1024, b / a, s }'
done
