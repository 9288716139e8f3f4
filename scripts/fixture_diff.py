#!/usr/bin/env python3
"""Compares `salvage extract` over fixtures/site with fixtures/expected, field by field.

Usage: scripts/fixture_diff.py [--pending] [BUILD_DIR] [PAGE_SUBSTRING]
A developer's view of what tests/cli/fixtures_test.cpp asserts: one line per differing field.
--pending compares fixtures/pending/ instead (blind templates not yet matched, see its README).
"""
import json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = [a for a in sys.argv[1:] if a != "--pending"]
fixtures = os.path.join(root, "fixtures", "pending") if "--pending" in sys.argv else os.path.join(root, "fixtures")
build = args[0] if len(args) > 0 else os.path.join(root, "build")
only = args[1] if len(args) > 1 else ""
site = os.path.join(fixtures, "site")
base = "http://www.orthopaedics.win/"
bad = total = 0
for dirpath, _, files in sorted(os.walk(site)):
    charsets = {}
    rel_dir = os.path.relpath(dirpath, site)
    tsv = os.path.join(fixtures, "expected", rel_dir, "http-charsets.tsv")
    if os.path.exists(tsv):
        for line in open(tsv):
            if "\t" in line and not line.startswith("#"):
                k, v = line.rstrip("\n").split("\t", 1)
                charsets[k] = v
    for f in sorted(files):
        if not f.lower().endswith((".html", ".htm", ".shtml", ".xhtml", ".asp", ".aspx", ".php", ".php3", ".jsp", ".cfm", ".cgi", ".pl")):
            continue
        rel = os.path.normpath(os.path.join(rel_dir, f))
        if only not in rel:
            continue
        total += 1
        expected_path = os.path.join(fixtures, "expected", os.path.splitext(rel)[0] + ".json")
        if not os.path.exists(expected_path):
            bad += 1
            print(f"{rel}: no expected record (fixtures/expected/{os.path.splitext(rel)[0]}.json)")
            continue
        expected = json.load(open(expected_path))
        cmd = [os.path.join(build, "salvage"), "extract", "-q", os.path.join(site, rel), "--url", base + rel]
        if f in charsets:
            cmd += ["--charset", charsets[f]]
        out = subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        actual = json.loads(out) if out else None
        if expected is None or actual is None:
            if expected != actual:
                bad += 1
                print(f"{rel}: expected {'no record' if expected is None else 'a record'}, got {'none' if actual is None else 'a record'}")
            continue
        diffs = [k for k in expected if expected[k] != actual.get(k)]
        if diffs:
            bad += 1
        for k in diffs:
            print(f"{rel}: {k}\n   expected {json.dumps(expected[k])[:600]}\n   actual   {json.dumps(actual.get(k))[:600]}")
print(f"{total - bad}/{total} pages match", file=sys.stderr)
