#!/usr/bin/env python3
"""End-to-end tests of the working store: the built `salvage` against the loopback test server.

Usage: store_e2e.py SALVAGE TEST     (TEST: one of the functions named test_*, without "test_")
Each test starts tests/server/test_server.py on 127.0.0.1, serving a copy of fixtures/site with
an index page and a sitemap, and stops it. Exit 0 pass, 1 fail, 77 skipped.
"""
import glob
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SERVER = os.path.join(ROOT, "tests", "server", "test_server.py")
SITE = os.path.join(ROOT, "fixtures", "site")
SALVAGE = None
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from fixture_site_server import PAGE_EXTENSIONS  # noqa: E402  (what salvage reads as pages)


class Server:
    """test_server.py over a copy of the fixture site, with /index.html and /sitemap.xml."""

    def __init__(self, work):
        self.root = os.path.join(work, "www")
        shutil.copytree(SITE, self.root)
        pages = sorted(os.path.relpath(os.path.join(d, f), self.root)
                       for d, _, fs in os.walk(self.root) for f in fs
                       if f.lower().endswith(PAGE_EXTENSIONS))
        self.pages = pages
        # The site's .php, .asp, .cfm and .shtml pages were served as HTML.
        for p in pages:
            if not p.endswith((".html", ".htm")):
                with open(os.path.join(self.root, p + ".headers"), "w") as h:
                    h.write("Content-Type: text/html\n")
        # Pages a server sent with a charset (fixtures/expected/*/http-charsets.tsv) get it here too.
        self.http_charsets = {}
        for tsv in sorted(glob.glob(os.path.join(ROOT, "fixtures", "expected", "*", "http-charsets.tsv"))):
            folder = os.path.basename(os.path.dirname(tsv))
            for line in open(tsv):
                if "\t" in line and not line.startswith("#"):
                    name, charset = line.rstrip("\n").split("\t", 1)
                    self.http_charsets[f"{folder}/{name}"] = charset
                    with open(os.path.join(self.root, folder, name + ".headers"), "w") as h:
                        h.write(f"Content-Type: text/html; charset={charset}\n")
        with open(os.path.join(self.root, "index.html"), "w") as index:
            index.write("<html><body><h1>Bone Health archive</h1>\n")
            for p in pages:
                index.write(f'<a href="/{p}">{p}</a><br>\n')
            index.write('<a href="mailto:webmaster@orthopaedics.win">mail</a></body></html>\n')
        self.proc = subprocess.Popen([sys.executable, SERVER, "--port", "0", "--root", self.root],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        self.port = int(line.split()[1])
        self.base = f"http://127.0.0.1:{self.port}"
        with open(os.path.join(self.root, "sitemap.xml"), "w") as sm:
            sm.write('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
            for p in pages[:10]:
                sm.write(f"<url><loc>{self.base}/{p}</loc></url>")
            sm.write("</urlset>")

    def counts(self):
        with urllib.request.urlopen(self.base + "/count") as r:
            return json.load(r)["requests"]

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def salvage(*args, check=True, **kw):
    result = subprocess.run([SALVAGE, *args], capture_output=True, text=True, **kw)
    if check and result.returncode != 0:
        raise AssertionError(f"salvage {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


def fast(db):
    return ["--db", db, "--delay", "0", "--per-host", "4", "--timeout", "10", "-q"]


def store_rows(db, sql):
    with sqlite3.connect(db) as c:
        return c.execute(sql).fetchall()


def expect(cond, message):
    if not cond:
        raise AssertionError(message)


def test_crawl_and_extract(server, work):
    db = os.path.join(work, "salvage.db")
    salvage("crawl", server.base + "/index.html", *fast(db))
    fetched = {u for (u,) in store_rows(db, "SELECT url FROM pages WHERE outcome = 'fetched'")}
    for p in server.pages:
        expect(f"{server.base}/{p}" in fetched, f"{p} was not fetched")
    mail = store_rows(db, "SELECT outcome FROM frontier WHERE url = 'mailto:webmaster@orthopaedics.win'")
    expect(mail == [("skipped",)], f"the mailto: link was not recorded as skipped: {mail}")
    counts = server.counts()
    expect(all(n == 1 for path, n in counts.items() if path != "/robots.txt"),
           f"a URL was requested twice: { {k: v for k, v in counts.items() if v > 1} }")
    out = os.path.join(work, "records.jsonl")
    salvage("extract", "--db", db, "-o", out, "-q")
    records = [json.loads(l) for l in open(out)]
    expected = 0
    for p in server.pages:
        e = json.load(open(os.path.join(ROOT, "fixtures", "expected", os.path.splitext(p)[0] + ".json")))
        expected += e is not None
    expect(len(records) == expected, f"{len(records)} records, expected {expected}")
    by_url = {r["url"]: r for r in records}
    for page in server.http_charsets:
        if json.load(open(os.path.join(ROOT, "fixtures", "expected", os.path.splitext(page)[0] + ".json"))) is None:
            continue  # no Q&A page, no record
        r = by_url.get(f"{server.base}/{page}")
        expect(r and r["encoding_source"] == "http", f"{page}: the HTTP charset was not used ({r and r['encoding_source']})")
    # A second extract has nothing left to do; --force redoes all.
    again = salvage("extract", "--db", db, "-o", out)
    expect(open(out).read() == "", "a second extract wrote records again")
    salvage("extract", "--db", db, "--force", "-o", out, "-q")
    expect(len(open(out).readlines()) == expected, "--force did not extract everything again")


def test_resume_after_kill(server, work):
    db = os.path.join(work, "salvage.db")
    args = [SALVAGE, "crawl", server.base + "/index.html", "--db", db, "--delay", "0.05",
            "--per-host", "1", "-q"]
    first = subprocess.Popen(args)
    time.sleep(2.0)
    first.send_signal(signal.SIGKILL)
    first.wait()
    stored_before = {u for (u,) in store_rows(db, "SELECT url FROM pages")}
    expect(0 < len(stored_before) < len(server.pages) + 1, f"{len(stored_before)} pages stored before the kill")
    salvage("crawl", server.base + "/index.html", *fast(db))
    counts = server.counts()
    for url in stored_before:
        path = url[len(server.base):]
        expect(counts.get(path, 0) == 1, f"{path} was stored before the kill and fetched again")
    fetched = {u for (u,) in store_rows(db, "SELECT url FROM pages WHERE outcome = 'fetched'")}
    missing = [p for p in server.pages if f"{server.base}/{p}" not in fetched]
    expect(not missing, f"pages missing after the resumed crawl: {missing}")
    expect(store_rows(db, "PRAGMA integrity_check")[0][0] == "ok", "the store is damaged")


def test_fetch_sitemap_and_list(server, work):
    db = os.path.join(work, "salvage.db")
    salvage("fetch", "--sitemap", server.base + "/sitemap.xml", *fast(db))
    expect(len(store_rows(db, "SELECT url FROM pages WHERE outcome = 'fetched'")) == 10, "sitemap pages not stored")
    urls = os.path.join(work, "urls.txt")
    with open(urls, "w") as f:
        f.write(f"# a comment\n{server.base}/status/404\n{server.base}/{server.pages[20]}\n")
    salvage("fetch", "--urls", urls, *fast(db))
    rows = dict(store_rows(db, "SELECT url, outcome FROM pages"))
    mail = store_rows(db, "SELECT outcome FROM frontier WHERE url LIKE 'mailto:%'")
    expect(mail == [], "fetch --urls does not follow links, so it records none")
    expect(rows.get(f"{server.base}/status/404") == "http_4xx", f"404 outcome: {rows.get(server.base + '/status/404')}")
    expect(rows.get(f"{server.base}/{server.pages[20]}") == "fetched", "listed page not fetched")
    expect(len(rows) == 12, f"fetch --urls followed links: {len(rows)} pages")


def test_refresh_is_conditional(server, work):
    db = os.path.join(work, "salvage.db")
    urls = os.path.join(work, "urls.txt")
    with open(urls, "w") as f:
        f.write(f"{server.base}/conditional\n")
    salvage("fetch", "--urls", urls, *fast(db))
    salvage("fetch", "--urls", urls, *fast(db))  # stored: not fetched again
    expect(server.counts().get("/conditional") == 1, "a stored page was fetched again without --refresh")
    salvage("fetch", "--urls", urls, *fast(db), "--refresh")
    expect(server.counts().get("/conditional") == 2, "--refresh did not fetch again")
    rows = store_rows(db, "SELECT outcome FROM frontier WHERE url LIKE '%/conditional'")
    expect(rows == [("not_modified",)], f"refresh outcome: {rows}")
    expect(store_rows(db, "SELECT body_size > 0 FROM pages")[0][0] == 1, "the stored copy was lost on a 304")


def test_crawl_trap_is_bounded(server, work):
    db = os.path.join(work, "salvage.db")
    salvage("crawl", server.base + "/trap/", *fast(db), "--max-depth", "4")
    n = store_rows(db, "SELECT count(*) FROM pages")[0][0]
    expect(0 < n <= 6, f"{n} trap pages for depth 4")
    db2 = os.path.join(work, "two.db")
    salvage("crawl", server.base + "/index.html", *fast(db2), "--max-pages", "7")
    expect(store_rows(db2, "SELECT count(*) FROM pages")[0][0] == 7, "--max-pages not honoured")


def test_warc_roundtrip(server, work):
    db = os.path.join(work, "salvage.db")
    warc = os.path.join(work, "crawl.warc.gz")
    salvage("crawl", server.base + "/index.html", *fast(db), "--warc", warc)
    check = subprocess.run([os.path.join(ROOT, "tests", "warcio", "run_check.sh"), warc, "--strict"],
                           capture_output=True, text=True)
    if check.returncode == 77:
        print("warcio check skipped (no node/npm)")
    else:
        expect(check.returncode == 0, "warcio rejects the WARC:\n" + check.stdout[-2000:] + check.stderr[-2000:])
    db2 = os.path.join(work, "imported.db")
    salvage("import", warc, "--db", db2, "-q")
    live, imported = os.path.join(work, "live.jsonl"), os.path.join(work, "imported.jsonl")
    salvage("extract", "--db", db, "-o", live, "-q")
    salvage("extract", "--db", db2, "-o", imported, "-q")
    a = sorted(open(live).readlines())
    b = sorted(open(imported).readlines())
    expect(a == b and a, f"records from the WARC differ from the crawl's ({len(a)} vs {len(b)})")


def test_wget_warc_matches_crawl(server, work):
    if not shutil.which("wget"):
        print("wget not installed: skipped")
        sys.exit(77)
    db = os.path.join(work, "salvage.db")
    salvage("crawl", server.base + "/index.html", *fast(db))
    prefix = os.path.join(work, "wget")
    subprocess.run(["wget", "-q", "-r", "-l", "2", "-np", "--no-host-directories", "-P", os.path.join(work, "mirror"),
                    f"--warc-file={prefix}", "--warc-cdx=off", server.base + "/index.html"], check=False)
    db2 = os.path.join(work, "wget.db")
    salvage("import", prefix + ".warc.gz", "--db", db2, "-q", check=False)
    live, from_wget = os.path.join(work, "live.jsonl"), os.path.join(work, "wget.jsonl")
    salvage("extract", "--db", db, "-o", live, "-q")
    salvage("extract", "--db", db2, "-o", from_wget, "-q")
    a, b = sorted(open(live).readlines()), sorted(open(from_wget).readlines())
    expect(a == b and a, f"records from wget's WARC differ from the crawl's ({len(a)} vs {len(b)})")


def test_import_mirror_folder(server, work):
    db = os.path.join(work, "salvage.db")
    salvage("import", server.root, "--db", db, "--base-url", "http://www.orthopaedics.win/", "-q")
    n = store_rows(db, "SELECT count(*) FROM pages WHERE source = 'mirror'")[0][0]
    expect(n == len(server.pages) + 1, f"{n} mirror pages imported, expected {len(server.pages) + 1}")  # + index
    salvage("import", server.root, "--db", db, "--base-url", "http://www.orthopaedics.win/", "-q")
    expect(store_rows(db, "SELECT count(*) FROM pages")[0][0] == n, "a second import stored pages twice")
    out = os.path.join(work, "r.jsonl")
    salvage("extract", "--db", db, "-o", out, "-q")
    direct = salvage("extract", SITE, "--base-url", "http://www.orthopaedics.win/", "-q").stdout
    expect(sorted(open(out).read().splitlines()) == sorted(direct.splitlines()),
           "records of the imported mirror differ from extracting the folder")


# Outbound links of a Q&A page, one per class, all on the loopback server (host 127.0.0.1) while
# the page itself is served as "localhost", so that they count as outbound. No other host is
# ever contacted: the ".invalid" name never resolves (RFC 6761) and port 9 is closed.
LINK_CLASSES = {
    "/link/ok": "ok", "/link/redirect-ok": "redirected", "/link/404": "not_found", "/link/410": "gone",
    "/link/418": "client_error", "/link/403": "blocked", "/link/429-always": "rate_limited",
    "/link/500-always": "server_error", "/link/soft404-text": "soft_404", "/link/redirect-to-404": "redirect_to_dead",
    "/link/redirect-loop": "redirect_loop", "/link/head-405": "ok",
}


def link_site(server, work):
    page = os.path.join(server.root, "links.html")
    links = "".join(f'<p>See <a href="http://127.0.0.1:{server.port}{path}">{path}</a>.</p>' for path in LINK_CLASSES)
    with open(page, "w") as f:
        f.write("<html><body><h1>Knee pain</h1><p>Posted: 9/23/2004</p><h2>Question</h2><p>Dear Lawrence, my knee."
                "</p><p>Regards,<br>Jason</p><h2>Answer</h2><p>Hello, Jason,</p>" + links +
                '<p>Also <a href="http://nowhere.invalid/page">this</a> and '
                '<a href="http://127.0.0.1:9/closed">that</a> and <a href="mailto:x@y.org">mail</a>.</p>'
                "<p>with regard,<br>Lawrence Gold</p></body></html>")
    db = os.path.join(work, "salvage.db")
    urls = os.path.join(work, "urls.txt")
    with open(urls, "w") as f:
        f.write(f"http://localhost:{server.port}/links.html\n")
    salvage("fetch", "--urls", urls, *fast(db))
    salvage("extract", "--db", db, "-q")
    return db


def check_args(db):
    return ["--db", db, "--delay", "0", "--per-host", "8", "--timeout", "5", "--retries", "1", "-q"]


def test_check_classes_and_cache(server, work):
    db = link_site(server, work)
    salvage("check", *check_args(db))
    got = dict(store_rows(db, "SELECT url, class FROM link_health"))
    for path, cls in LINK_CLASSES.items():
        url = f"http://127.0.0.1:{server.port}{path}"
        expect(got.get(url) == cls, f"{path}: class {got.get(url)}, expected {cls}")
    expect(got.get("http://nowhere.invalid/page") == "dns_failure", "the .invalid host")
    expect(got.get("http://127.0.0.1:9/closed") == "connection_refused", "the closed port")
    before = sum(server.counts().values())
    salvage("check", *check_args(db))  # cached: nothing to do
    expect(sum(server.counts().values()) == before, "a cached check made requests")
    salvage("check", *check_args(db), "--recheck")
    expect(sum(server.counts().values()) > before, "--recheck made no request")


def test_check_suggests_replacements(server, work):
    db = link_site(server, work)
    wayback = f"http://127.0.0.1:{server.port}/wayback/available"
    salvage("check", *check_args(db), "--suggest", "--wayback-url", wayback)
    rows = dict(store_rows(db, "SELECT url, suggestion FROM link_health WHERE verdict = 'dead'"))
    dead = f"http://127.0.0.1:{server.port}/link/404"
    expect(rows.get(dead) == f"http://web.archive.org/web/20040923/{dead}",
           f"suggestion for the 404 (closest to the record's date 2004-09-23): {rows.get(dead)}")
    alive = store_rows(db, "SELECT count(*) FROM link_health WHERE verdict = 'alive' AND suggestion IS NOT NULL")
    expect(alive[0][0] == 0, "an alive link got a suggestion")


def test_report_matches_store(server, work):
    db = link_site(server, work)
    salvage("check", *check_args(db))
    out = os.path.join(work, "report.json")
    salvage("report", "--db", db, "--format", "json", "-o", out)
    report = json.load(open(out))
    rows = store_rows(db, "SELECT verdict, count(*) FROM link_health GROUP BY verdict")
    expect(report["summary"]["by_verdict"] == {**{"alive": 0, "dead": 0, "unverifiable": 0}, **dict(rows)}
           or all(report["summary"]["by_verdict"].get(v) == n for v, n in rows),
           f"report {report['summary']} differs from the store {rows}")
    csv_out = os.path.join(work, "report.csv")
    salvage("report", "--db", db, "--format", "csv", "-o", csv_out)
    expect(len(open(csv_out).read().strip().splitlines()) == len(report["links"]) + 1, "CSV rows")
    html = os.path.join(work, "report.html")
    salvage("report", "--db", db, "--format", "html", "-o", html)
    expected = os.path.join(work, "expected.json")
    by_class = dict(store_rows(db, "SELECT class, count(*) FROM link_health GROUP BY class"))
    with open(expected, "w") as f:
        json.dump({"by_verdict": dict(rows), "by_class": by_class, "total": len(report["links"])}, f)
    browser = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "report", "check_report_in_chromium.py"),
                              html, expected], capture_output=True, text=True)
    if browser.returncode == 77:
        print("chromium not installed: the in-browser check was skipped")
    else:
        expect(browser.returncode == 0, "the report in Chromium:\n" + browser.stdout + browser.stderr)


def main():
    global SALVAGE
    SALVAGE, name = os.path.abspath(sys.argv[1]), sys.argv[2]
    test = globals().get("test_" + name)
    if not test:
        print(f"no test named {name}")
        return 2
    work = tempfile.mkdtemp(prefix="salvage-e2e-")
    server = Server(work)
    try:
        test(server, work)
        print(f"{name}: passed")
        return 0
    except AssertionError as e:
        print(f"{name}: FAILED: {e}")
        return 1
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
