#!/usr/bin/env python3
"""Writes a folder of legacy Q&A pages for benchmarks: the fixture pages, each copied under
many names with its text varied (so no two pages are byte-identical).

Usage: bench/make_site.py OUT_DIR [PAGES]   (default 2400 pages)
"""
import os, random, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2400
site = os.path.join(root, "fixtures", "site")
sources = []
for dirpath, _, files in os.walk(site):
    for f in sorted(files):
        if f.endswith((".html", ".htm")):
            sources.append(os.path.join(dirpath, f))
sources.sort()
rng = random.Random(7)
words = [b"stiffness", b"posture", b"hamstring", b"relaxation", b"movement", b"sciatica"]
os.makedirs(out, exist_ok=True)
for i in range(count):
    src = sources[i % len(sources)]
    data = open(src, "rb").read()
    # Vary the text a little: swap one common word for another, add a comment with the index.
    data = data.replace(b"muscles", rng.choice(words), 1) + b"<!-- page %d -->" % i
    rel = os.path.relpath(src, site)
    folder = os.path.join(out, os.path.dirname(rel), "batch%03d" % (i // len(sources)))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, os.path.basename(rel)), "wb") as f:
        f.write(data)
print(f"{count} pages in {out}")
