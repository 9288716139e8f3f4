#!/usr/bin/env python3
"""Writes a folder of legacy Q&A pages for benchmarks: the fixture pages, each copied under
many names with its text varied (so no two pages are byte-identical).

Usage: bench/make_site.py OUT_DIR [PAGES] [--linked]   (default 2400 pages)
With --linked, OUT_DIR/index.html links to an index.html in every folder, which links to the
folder's pages, so that a crawler starting at / reaches every page.
"""
import os, random, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = [a for a in sys.argv[1:] if not a.startswith("--")]
linked = "--linked" in sys.argv
out, count = args[0], int(args[1]) if len(args) > 1 else 2400
site = os.path.join(root, "fixtures", "site")
# The templates bench/scrapy_site_spider.py has selectors for: templates added to fixtures/ later
# stay out, so that both tools take the same pages and the figures compare from run to run.
TEMPLATES = ("aspnet", "classic-table", "cms-blog", "div-css", "expert-forum", "frontpage", "mirror",
             "newsletter", "print", "word")
sources = []
for template in TEMPLATES:
    for dirpath, _, files in os.walk(os.path.join(site, template)):
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
if linked:
    folders = {}
    for dirpath, _, files in os.walk(out):
        pages = sorted(f for f in files if f.endswith((".html", ".htm")) and f != "index.html")
        if pages:
            folders[os.path.relpath(dirpath, out)] = pages
    with open(os.path.join(out, "index.html"), "w") as root_index:
        root_index.write("<html><head><title>Bone Health archive</title></head><body>\n")
        for folder, pages in sorted(folders.items()):
            root_index.write(f'<a href="{folder}/index.html">{folder}</a><br>\n')
            with open(os.path.join(out, folder, "index.html"), "w") as index:
                index.write("<html><body>\n" + "".join(f'<a href="{p}">{p}</a><br>\n' for p in pages) + "</body></html>\n")
        root_index.write("</body></html>\n")
print(f"{count} pages in {out}")
