#!/usr/bin/env bash
# Pipeline benchmark: the crawl benchmark's generated site of legacy pages, served by nginx on
# 127.0.0.1, taken from start URL to JSON Lines records by `salvage run --no-check` (crawl,
# extract, export) and by a Scrapy spider (python3-scrapy from Debian,
# bench/scrapy_site_spider.py: crawls the site, extracts the same fields with selectors written
# for its templates, writes JSON Lines with a feed export), in the same run. Both crawl with 8
# connections to the host, no delay, robots.txt ignored. Prints both wall times and the ratio,
# then checks both outputs: record counts against the Q&A pages generated, and field agreement.
# Usage: bench/pipeline_bench.sh [PAGES] [BUILD_DIR]   (default 2400 pages, build/)
# ROUNDS=N sets the rounds (best of N for each tool, default 3); PROFILE=1 also times the
# spider with extraction switched off (crawl and link following only).
# Until `salvage run` exists, `salvage crawl` followed by `salvage extract --db` is timed.
# Target: salvage at least 10x faster than Scrapy.
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-2400}"
build="${2:-build}"
rounds="${ROUNDS:-3}"
scripts/setup.sh nginx python3-scrapy >/dev/null
# Debian's scrapy is importable only from Debian's python3 (a pyenv python3 may come first).
scrapy=(env PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m scrapy)
work="$(pwd)/$build/bench-pipeline"
# shellcheck source=bench/serve_generated_site.sh
source bench/serve_generated_site.sh

# `salvage run` is the whole pipeline; CLI11 answers `salvage run --help` with the main help
# (exit 0) while `run` is unknown, so it counts only when the main help lists it.
if "$build/salvage" run --help >/dev/null 2>&1 && "$build/salvage" --help 2>&1 | grep -qE '^ +run( |$)'; then
  mode=run
else
  mode=crawl+extract
fi

now() { date +%s%N; }
best() { if [ -z "$2" ] || [ "$1" -lt "$2" ]; then echo "$1"; else echo "$2"; fi; }
salvage_best=""; crawl_best=""; extract_best=""; scrapy_best=""; nox_best=""
for _ in $(seq "$rounds"); do
  rm -rf "$work/salvage-out" "$work/salvage.db"* && mkdir -p "$work/salvage-out"
  if [ "$mode" = run ]; then
    start=$(now)
    "$build/salvage" run "$url" --out "$work/salvage-out" --no-check --formats jsonl \
      --delay 0 --per-host 8 --ignore-robots -q
    salvage_ns=$(( $(now) - start ))
  else
    start=$(now)
    "$build/salvage" crawl "$url" --db "$work/salvage.db" --delay 0 --per-host 8 --ignore-robots -q
    mid=$(now)
    "$build/salvage" extract --db "$work/salvage.db" -o "$work/salvage-out/records.jsonl" -q
    end=$(now)
    salvage_ns=$(( end - start ))
    crawl_best=$(best $(( mid - start )) "$crawl_best")
    extract_best=$(best $(( end - mid )) "$extract_best")
  fi
  salvage_best=$(best "$salvage_ns" "$salvage_best")

  start=$(now)
  "${scrapy[@]}" runspider bench/scrapy_site_spider.py -a start="$url" -a stats="$work/scrapy-stats.json" \
    -O "$work/scrapy.jsonl" 2> "$work/scrapy.log"
  scrapy_best=$(best $(( $(now) - start )) "$scrapy_best")

  if [ "${PROFILE:-0}" = 1 ]; then
    start=$(now)
    "${scrapy[@]}" runspider bench/scrapy_site_spider.py -a start="$url" -a extract=0 \
      -O "$work/scrapy-noextract.jsonl" 2> "$work/scrapy-noextract.log"
    nox_best=$(best $(( $(now) - start )) "$nox_best")
  fi
done

salvage_jsonl=$(find "$work/salvage-out" -name '*.jsonl' -size +0 | sort | head -n 1)
python3 - "$work/site" "$(pwd)/fixtures/expected" "$salvage_jsonl" "$work/scrapy.jsonl" \
  "$work/scrapy-stats.json" "$work/disagreements.txt" > "$work/check.txt" <<'PY'
import json, os, re, sys
site, expected, salvage_path, scrapy_path, stats_path, diff_path = sys.argv[1:]
# Q&A pages generated: copies of fixture pages whose expected record is not null (make_site.py
# copies fixtures/site/<section>/<page> to <section>/batchNNN/<page>; index.html is replaced).
qa = 0
for dirpath, _, files in os.walk(site):
    for f in files:
        rel = os.path.relpath(os.path.join(dirpath, f), site).split(os.sep)
        if len(rel) != 3 or f == "index.html":
            continue
        exp = os.path.join(expected, rel[0], os.path.splitext(f)[0] + ".json")
        if os.path.exists(exp) and open(exp).read().strip() != "null":
            qa += 1
def load(path):
    records = {}
    for line in open(path, encoding="utf-8") if path else []:
        if line.strip():
            r = json.loads(line)
            records[r["url"]] = r
    return records
s, c = load(salvage_path), load(scrapy_path)
ws = lambda v: re.sub(r"\s+", " ", v).strip() if isinstance(v, str) else v
def value(r, f):
    v = r.get(f)
    if f == "links":
        return sorted(l["url"] for l in v or [])
    if f == "breadcrumb":
        return [ws(x) for x in v] if v else None
    return ws(v) or None
fields = ["title", "date_raw", "question", "answer", "question_signature", "answer_signature",
          "asker", "expert", "breadcrumb", "links"]
common = sorted(set(s) & set(c))
bad = {f: [] for f in fields}
for u in common:
    for f in fields:
        a, b = value(s[u], f), value(c[u], f)
        if a != b:
            bad[f].append((u, a, b))
with open(diff_path, "w") as out:
    for f in fields:
        for u, a, b in bad[f]:
            out.write(f"{f}\t{u}\n  salvage: {a!r}\n  scrapy:  {b!r}\n")
    for u in sorted(set(s) - set(c)):
        out.write(f"only salvage\t{u}\n")
    for u in sorted(set(c) - set(s)):
        out.write(f"only scrapy\t{u}\n")
stats = json.load(open(stats_path)) if os.path.exists(stats_path) else {}
print(qa, len(s), len(c), len(common), len(set(s) - set(c)), len(set(c) - set(s)),
      stats.get("downloader/request_count", 0))
print(", ".join(f"{f} {len(bad[f])}" for f in fields))
PY
read -r qa n_salvage n_scrapy n_common only_salvage only_scrapy scrapy_requests < <(head -n 1 "$work/check.txt")
disagree=$(sed -n 2p "$work/check.txt")

if [ "$mode" = run ]; then
  salvage_label="salvage run --no-check"; salvage_what="crawl, extract, export JSON Lines"
else
  salvage_label="salvage crawl+extract"; salvage_what="\`salvage run\` missing: crawl, then extract --db to JSON Lines"
fi
awk -v n="$pages" -v r="$rounds" -v q="$qa" -v ns="$n_salvage" -v nc="$n_scrapy" -v nm="$n_common" \
    -v os="$only_salvage" -v oc="$only_scrapy" -v rq="$scrapy_requests" -v d="$disagree" \
    -v s="$salvage_best" -v c="$scrapy_best" -v cr="$crawl_best" -v ex="$extract_best" -v nx="$nox_best" \
    -v sl="$salvage_label" -v sw="$salvage_what" -v dp="$work/disagreements.txt" 'BEGIN {
  printf "site: %d pages (+ index pages), %d of them Q&A pages; best of %d rounds\n", n, q, r
  printf "records: salvage %d, scrapy %d (%d requests); %d URLs in both, %d only salvage, %d only scrapy\n", ns, nc, rq, nm, os, oc
  printf "fields that disagree (whitespace-normalised, of %d records): %s\n", nm, d
  printf "  (each disagreement: %s)\n", dp
  printf "%-24s: %7.2f s  (%s)\n", sl, s / 1e9, sw
  if (cr != "") printf "  of which crawl        : %7.2f s, extract: %.2f s\n", cr / 1e9, ex / 1e9
  printf "%-24s: %7.2f s  (crawl, extract with selectors, feed export JSON Lines)\n", "scrapy runspider", c / 1e9
  if (nx != "") printf "  scrapy, no extraction : %7.2f s  (crawl and follow links only)\n", nx / 1e9
  printf "ratio scrapy/salvage    : %.1f  (salvage is %.1fx faster; target >= 10x)\n", c / s, c / s
}'
