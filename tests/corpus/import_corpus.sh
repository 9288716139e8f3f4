#!/usr/bin/env bash
# `salvage import` over every WARC/ARC file of the shared corpus: valid files import pages with
# no problem reported, broken ones are reported (exit 5) and still import what they can, and
# nothing crashes. Usage: import_corpus.sh SALVAGE CORPUS_DIR. Exit 77 (skipped) when absent.
set -u
salvage="$1"
corpus="$2/warc"
[ -d "$corpus" ] || { echo "corpus not found at $corpus: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0 files=0 clean=0 reported=0
while IFS= read -r -d '' file; do
  case "$file" in *.warc|*.arc|*.warc.gz|*.arc.gz) ;; *) continue ;; esac
  files=$((files + 1))
  db="$work/$files.db"
  "$salvage" import "$file" --db "$db" -q 2>"$work/err"
  rc=$?
  name=$(basename "$file")
  case "$rc" in
    0) clean=$((clean + 1)) ;;
    5) reported=$((reported + 1)) ;;
    *) echo "FAIL $file: exit $rc"; cat "$work/err"; status=1 ;;
  esac
  # Files meant to be valid must import without a problem.
  case "$file" in
    */valid/*|*/warcio/example.warc|*/warcio/example.warc.gz|*/warcio/example.arc|*/warcio/example.arc.gz)
      if [ "$rc" -ne 0 ]; then echo "FAIL valid file reported problems: $file"; cat "$work/err"; status=1; fi ;;
  esac
done < <(find "$corpus" -type f -print0 | sort -z)
echo "$files archive files: $clean imported cleanly, $reported with problems reported"
exit $status
