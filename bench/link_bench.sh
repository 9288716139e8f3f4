#!/usr/bin/env bash
# Link-check benchmark (issue 5): URLS distinct outbound links (default 600) on five loopback
# hosts (127.0.0.2 .. 127.0.0.6, one port), two closed ports and .invalid host names, with every
# class of core/link_health.hpp and more ok links than broken ones, as in a real site
# (bench/link_bench_server.py scripts each answer, so the verdict of every URL is known). One Q&A
# page served as http://localhost:PORT/site.html links them all. In the same run, with the same
# timeout and concurrency:
#   salvage: fetch the page into a store, extract it, then `salvage check` (only the check is
#            timed); verdicts read from the store's link_health table;
#   linkchecker (Debian): `linkchecker -r1 --check-extern` on the page (timed), CSV output;
#            valid counts as alive, invalid as dead (it has no "unverifiable").
# Prints both wall times, the ratio and each tool's wrong verdicts by class; every wrong verdict
# of salvage is listed with what it stored and what the servers sent.
# Usage: bench/link_bench.sh [URLS] [BUILD_DIR]   (default 600 URLs, build/)
# Environment: LINK_BENCH_TIMEOUT (seconds per request, default 5), LINK_BENCH_LIMIT (seconds a
# tool may take before it is stopped and its unreported URLs count as wrong, default 600),
# SALVAGE_CHECK_ARGS (extra options for salvage check, e.g. "--retries 1").
# Target: salvage check faster than linkchecker, with no wrong verdict on any class.
set -euo pipefail
cd "$(dirname "$0")/.."
urls="${1:-600}"
build="${2:-build}"
timeout_s="${LINK_BENCH_TIMEOUT:-5}"
limit="${LINK_BENCH_LIMIT:-600}"
extra="${SALVAGE_CHECK_ARGS:-}"
salvage="$build/salvage"
[ -x "$salvage" ] || { echo "link_bench: $salvage not found: build it first (cmake --build $build)" >&2; exit 2; }
scripts/setup.sh linkchecker >/dev/null

work="$(cd "$build" && pwd)/bench-links"
rm -rf "$work" && mkdir -p "$work"
chmod 755 "$work"  # linkchecker run as root drops to "nobody", which must read its config

server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The servers answer "/slow/" paths only after twice the timeout (at least 8 s).
slow=$(awk -v t="$timeout_s" 'BEGIN { s = 2 * t; if (s < 8) s = 8; print s }')
python3 bench/link_bench_server.py --work "$work" --urls "$urls" --slow "$slow" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do
  [ -f "$work/ready" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; exit 1; }
  sleep 0.1
done
[ -f "$work/ready" ] || { echo "link_bench: the servers did not start" >&2; exit 1; }
site="$(cat "$work/urls.txt")"

now() { date +%s.%N; }
# Runs "$@" under the time limit (SIGINT first: salvage stops after committing what it has;
# --foreground keeps it in our process group, so a Ctrl-C reaches it at once); sets rc, seconds
# and window (start and end, Unix time).
timed() {
  local start end
  start=$(now)
  set +e
  timeout --foreground --signal=INT --kill-after=30 "$limit" "$@"
  rc=$?
  set -e
  end=$(now)
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
  window="$start $end"
}

# salvage: the page into a store, its record and links, then the check (timed).
"$salvage" fetch --urls "$work/urls.txt" --db "$work/salvage.db" --delay 0 --ignore-robots -q
"$salvage" extract --db "$work/salvage.db" -q >/dev/null
salvage_args="--timeout $timeout_s --delay 0 --per-host 8 --concurrency 32${extra:+ $extra}"
# shellcheck disable=SC2086  # salvage_args is a list of options
timed "$salvage" check --db "$work/salvage.db" $salvage_args -q
salvage_rc=$rc salvage_s=$seconds salvage_window=$window

# linkchecker: the same page, its links checked once, the same timeout. Its own per-host
# throttle (10 requests a second at most) is lifted, as salvage's is by --delay 0: the servers
# send the "LinkChecker" header that allows it, and the config raises the rate.
printf '[checking]\nmaxrequestspersecond=1000\n' > "$work/linkcheckerrc"
chmod 644 "$work/linkcheckerrc"
lc_args="--timeout $timeout_s --threads 32 -r1 --check-extern --no-robots"
# shellcheck disable=SC2086
timed linkchecker -f "$work/linkcheckerrc" --no-status $lc_args -v -o csv "$site" \
  > "$work/linkchecker.csv" 2> "$work/linkchecker.err"
linkchecker_rc=$rc linkchecker_s=$seconds

python3 bench/link_bench_compare.py --work "$work" --timeout "$timeout_s" --limit "$limit" \
  --salvage-seconds "$salvage_s" --salvage-rc "$salvage_rc" --salvage-window "$salvage_window" \
  --salvage-args "$salvage_args" \
  --linkchecker-seconds "$linkchecker_s" --linkchecker-rc "$linkchecker_rc" \
  --linkchecker-args "$lc_args (maxrequestspersecond=1000)"
