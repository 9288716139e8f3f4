#!/usr/bin/env bash
# `salvage extract` over every real page of the shared corpus (html/, linkcases/, encodings/):
# it must finish without a crash or sanitizer report, and write valid JSON Lines. The html/
# pages are news, blogs, shops and docs, none of them a Q&A page: a record from one of them is
# a heuristic gone too far (a blog's comments read as a question and its answer).
# Usage: extract_corpus.sh SALVAGE CORPUS_DIR. Exits 77 (skipped) when the corpus is absent.
set -u
salvage="$1"
corpus="$2"
[ -d "$corpus/html" ] || { echo "corpus not found at $corpus: skipped"; exit 77; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
for folder in html linkcases encodings; do
  # Every file is named explicitly, so extension-less and .txt/.xml inputs are read too.
  mapfile -d '' files < <(find "$corpus/$folder" -type f -print0 | sort -z)
  "$salvage" extract -q -o "$out" "${files[@]}"
  rc=$?
  # 0: all read; 5: some unreadable (counted). Anything else is a failure (crash = 128+).
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; then
    echo "extract over $folder exited with $rc"; status=1
  fi
  /usr/bin/python3 -c 'import json,sys
n=0
urls=[]
for line in open(sys.argv[1], encoding="utf-8"):
    urls.append(json.loads(line)["url"]); n+=1
print(sys.argv[2] + ": %d records, all valid JSON" % n)
if sys.argv[2] == "html" and urls:
    sys.exit("records from pages that are no Q&A pages: " + ", ".join(urls))' "$out" "$folder" || status=1
done
exit $status
