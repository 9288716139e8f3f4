#!/usr/bin/env python3
"""Loopback HTTP/1.1 test server for salvage's fetch and crawl tests (standard library only).

    python3 test_server.py --port 0 --root DIR [--robots FILE] [--robots-status CODE]
                           [--tls CERT KEY]

Prints "PORT <n>" as its first stdout line, then serves until killed. When stdin is a pipe it
also exits as soon as the pipe closes, so a test that dies does not leave it behind. Keep-alive
connections (HTTP/1.1, every answer carries Content-Length or is chunked).

Static files come from --root (Content-Type by extension; a sidecar "<file>.headers" holds raw
"Name: value" lines that are added or override, e.g. a charset). Scripted paths take precedence:

  /ok                     200, a small HTML page            /page/ANYTHING    the same, any path
  /redirect/N             a chain of N 302s (relative Locations) ending at /ok
  /redirect-abs/N         the same with absolute Locations
  /redirect-loop          302 -> /redirect-loop/b -> 302 -> /redirect-loop
  /redirect-to?url=U      302 to U (any scheme)
  /status/CODE            that status, a small body (no Location, even for 3xx)
  /retry-after/N          429 + "Retry-After: N" on the first request to this exact path, then 200
  /retry-after-date/N     the same with an HTTP-date N seconds ahead
  /flaky/K                500 for the first K requests to this exact path, then 200
  /slow/SECONDS           headers, then a trickle of a few bytes a second for SECONDS, then the rest
  /sleep/SECONDS          waits SECONDS, then 200 (for concurrency tests)
  /hang                   reads the request and never answers
  /reset                  headers announcing 100000 bytes, 1000 bytes, then a TCP reset
  /gzip  /deflate  /deflate-raw  /bad-gzip     encoded HTML (deflate: zlib-wrapped or raw)
  /big/BYTES[?chunked]    a body of that many bytes (with Content-Length, or chunked)
  /big-gzip/BYTES         a small gzip body expanding to BYTES
  /charset/LABEL          HTML in that charset, "Content-Type: text/html; charset=LABEL"
                          (/charset/ : no charset parameter)
  /conditional            ETag "v1" and a Last-Modified; 304 when the request matches either
  /echo                   the request head as JSON {"path":..., "headers": {...}}
  /wayback/available      a mock Wayback availability API: ?url=U&timestamp=T -> a snapshot of U at T
  /trap/A/B/...           endless distinct pages, each linking one level deeper
  /garbage                bytes that are not HTTP at all, then a close
  /robots.txt             --robots FILE (default: allow all) with --robots-status (default 200)
  /                       200, a home page (without --root; with it, the root's index.html)
  /count                  JSON: {"requests": {path: n}, "connections": n, "max_active": n,
                          "log": [{"path", "t", "conn", "method"}]}; /count?reset=1 clears.
                          /count itself is not counted, nor are connections that only asked for
                          /count.

Link-check paths (issue 5), one per class of core/link_health.hpp:

  /link/ok  /link/other   200, an article (two different ones)
  /link/file.pdf          200, application/pdf (no GET needed after a HEAD)
  /link/redirect-ok       301 -> /link/ok
  /link/404 /link/410 /link/418 /link/401 /link/403 /link/999     that status
  /link/botwall           503, a captcha page ("Attention Required! | Cloudflare")
  /link/botwall-200       200, a "Just a moment..." challenge page
  /link/botwall-cf        503, "Server: cloudflare" and "cf-mitigated: challenge", a bland body
  /link/429-always        429 + "Retry-After: 1", every time
  /link/500-always        500, every time
  /link/head-405          HEAD 405, GET 200 (an article)
  /link/head-404          HEAD 404, GET 200 (an article)
  /link/soft404-text      200, <title>Page not found</title>
  /link/soft404-heading   200, a neutral title and <h1>Oops! That page can’t be found.</h1>
  /link/soft404-de        200, <title>Seite nicht gefunden</title>
  /link/deep/redirect-root        302 -> /
  /link/redirect-to-404   302 -> /link/404
  /link/redirect-to-dns   302 -> http://no-such-host.invalid/x
  /link/redirect-loop     302 -> /link/redirect-loop/b -> 302 -> /link/redirect-loop
  /link/redirect-many[/N] a chain of N (default 20) 302s ending at /link/ok
  /soft/real              200, an article
  /soft/ANYTHING-ELSE     200, the same "Welcome" page (a host that answers unknown paths so)

HEAD is answered as GET would be, without the body.

With --tls CERT KEY it speaks HTTPS instead (a self-signed certificate makes clients fail).
"""

import argparse
import email.utils
import gzip
import json
import mimetypes
import os
import socket
import stat
import struct
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.requests = {}
        self.log = []
        self.connections = 0
        self.active = 0
        self.max_active = 0

    def snapshot(self):
        with self.lock:
            return {"requests": dict(self.requests), "connections": self.connections,
                    "max_active": self.max_active, "log": list(self.log)}


STATS = Stats()
CONFIG = {"root": None, "robots": b"User-agent: *\nAllow: /\n", "robots_status": 200}
PAGE = b"<!DOCTYPE html><html><head><title>ok</title></head><body><p>ok</p></body></html>\n"
ARTICLE = ("<h1>%s</h1><p>Dear reader, the %s question was about mending a leaking tap in an old "
           "house. The answer explains how to shut off the water, take the handle apart, replace "
           "the worn washer and put everything back together without scratching the chrome.</p>")
WELCOME = ("<h1>Welcome</h1><p>Welcome to the soft example site. Browse our latest articles, news "
           "and answers from readers, or search the archive of questions by topic.</p>"
           "<p>Page generated in %d ms.</p>")
BOTWALL = ("<h1>Sorry, you have been blocked</h1><p>Please complete the security check to access "
           "this site.</p><div class=\"g-recaptcha\" data-sitekey=\"x\"></div>"
           "<script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/captcha/v1\"></script>")
CHALLENGE = ("<noscript>Enable JavaScript and cookies to continue</noscript>"
             "<script>window._cf_chl_opt={cvId: '3'};</script>")


class _Discard:
    """What a HEAD's body is written to."""

    def write(self, data):
        return len(data)

    def flush(self):
        pass


def html_page(title, body):
    return ("<!DOCTYPE html><html><head><title>%s</title></head><body>%s</body></html>\n"
            % (title, body)).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "salvage-test-server/1"

    def setup(self):
        super().setup()
        self.conn_id = None  # numbered at its first counted request
        self.server_override = None  # a Server header value for the current answer
        self.real_wfile = None  # while a HEAD's body is discarded

    def version_string(self):
        return self.server_override or super().version_string()

    def end_headers(self):
        super().end_headers()
        if self.command == "HEAD" and self.real_wfile is None:
            self.real_wfile, self.wfile = self.wfile, _Discard()

    def do_HEAD(self):
        try:
            self.do_GET()
        finally:
            if self.real_wfile is not None:
                self.wfile, self.real_wfile = self.real_wfile, None
            self.server_override = None

    def log_message(self, format, *args):  # quiet
        pass

    # ---- helpers
    def send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        if content_type and status not in (204, 304):
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        if status not in (204, 304) and status >= 200:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and status not in (204, 304):
            self.wfile.write(body)

    def count(self):
        with STATS.lock:
            if self.conn_id is None:
                STATS.connections += 1
                self.conn_id = STATS.connections
            STATS.requests[self.path] = STATS.requests.get(self.path, 0) + 1
            STATS.log.append({"path": self.path, "t": time.time(), "conn": self.conn_id,
                              "method": self.command})
            STATS.active += 1
            STATS.max_active = max(STATS.max_active, STATS.active)
            return STATS.requests[self.path]

    # ---- dispatch
    def do_GET(self):
        parsed = urllib.parse.urlsplit(self.path)
        path, query = parsed.path, urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        if path == "/count":
            if "reset" in query:
                with STATS.lock:
                    STATS.reset()
            self.send(200, json.dumps(STATS.snapshot()).encode(), "application/json")
            return
        seen = self.count()
        try:
            self.route(path, query, seen)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with STATS.lock:
                STATS.active -= 1

    def route(self, path, query, seen):
        parts = [p for p in path.split("/") if p]
        head = parts[0] if parts else ""
        arg = parts[1] if len(parts) > 1 else ""
        number = int(arg) if arg.isdigit() else 0
        if path == "/robots.txt":
            return self.send(CONFIG["robots_status"], CONFIG["robots"], "text/plain")
        if path == "/ok" or head == "page":
            return self.send(200, PAGE)
        if path == "/" and not CONFIG["root"]:
            return self.send(200, html_page("Home", "<h1>Home</h1><p>The home page.</p>"))
        if head == "link":
            return self.link("/".join(parts[1:]))
        if head == "soft":
            return self.soft("/".join(parts[1:]))
        if head == "redirect" and len(parts) == 2:
            target = "/ok" if number <= 1 else str(number - 1)
            return self.send(302, b"moved", headers=[("Location", target)])
        if head == "redirect-abs" and len(parts) == 2:
            host = self.headers.get("Host", "127.0.0.1")
            target = "/ok" if number <= 1 else "/redirect-abs/%d" % (number - 1)
            return self.send(302, b"moved", headers=[("Location", "http://%s%s" % (host, target))])
        if path == "/redirect-loop":
            return self.send(302, b"loop", headers=[("Location", "/redirect-loop/b")])
        if path == "/redirect-loop/b":
            return self.send(302, b"loop", headers=[("Location", "/redirect-loop")])
        if path == "/redirect-to":
            return self.send(302, b"moved", headers=[("Location", query.get("url", ["/ok"])[0])])
        if head == "status" and number:
            return self.send(number, html_page(str(number), "status %d" % number))
        if head in ("retry-after", "retry-after-date"):
            if seen == 1:
                value = str(number) if head == "retry-after" else \
                    email.utils.formatdate(time.time() + number + 1, usegmt=True)
                return self.send(429, b"slow down", headers=[("Retry-After", value)])
            return self.send(200, PAGE)
        if head == "flaky":
            return self.send(500 if seen <= number else 200, PAGE)
        if head == "slow":
            return self.slow(float(arg or 1))
        if head == "sleep":
            time.sleep(float(arg or 1))
            return self.send(200, PAGE)
        if path == "/hang":
            self.close_connection = True
            time.sleep(60)
            return None
        if path == "/reset":
            return self.reset()
        if path == "/garbage":
            self.close_connection = True
            self.wfile.write(b"\x00\x01 not http at all\r\n\r\n\xff\xfe")
            return None
        if path in ("/gzip", "/deflate", "/deflate-raw", "/bad-gzip"):
            return self.encoded(path)
        if head == "big":
            return self.big(number, "chunked" in query)
        if head == "big-gzip":
            return self.big_gzip(number)
        if head == "charset":
            return self.charset(arg)
        if path == "/conditional":
            return self.conditional()
        if path == "/echo":
            body = {"path": self.path, "headers": {k: v for k, v in self.headers.items()}}
            return self.send(200, json.dumps(body).encode(), "application/json")
        if path == "/wayback/available":
            return self.wayback(query)
        if head == "trap":
            return self.trap(path)
        # A saved page has no query variants (print versions, comment orders): with a query it is
        # not found, or the site would hold a copy of each page per query its links add.
        if query:
            return self.send(404, html_page("404", "not found"))
        return self.static(path)

    # ---- behaviours
    def wayback(self, query):
        """A mock of the Wayback Machine's availability API: a snapshot for every URL, stamped
        with the requested timestamp (so tests can see which date was asked for)."""
        url = query.get("url", [""])[0]
        stamp = query.get("timestamp", ["20010101000000"])[0]
        closest = {"available": True, "url": f"http://web.archive.org/web/{stamp}/{url}",
                   "timestamp": stamp, "status": "200"}
        body = {"url": url, "archived_snapshots": {"closest": closest} if url else {}}
        return self.send(200, json.dumps(body).encode(), "application/json")

    def link(self, rest):
        article = lambda name: html_page(name, ARTICLE % (name, name))  # noqa: E731
        redirects = {
            "redirect-ok": (301, "/link/ok"),
            "deep/redirect-root": (302, "/"),
            "redirect-to-404": (302, "/link/404"),
            "redirect-to-dns": (302, "http://no-such-host.invalid/x"),
            "redirect-loop": (302, "/link/redirect-loop/b"),
            "redirect-loop/b": (302, "/link/redirect-loop"),
        }
        if rest in ("ok", "other"):
            return self.send(200, article(rest))
        if rest == "file.pdf":
            return self.send(200, b"%PDF-1.4\n% not much of a document\n", "application/pdf")
        if rest in redirects:
            status, target = redirects[rest]
            return self.send(status, b"moved", headers=[("Location", target)])
        if rest.startswith("redirect-many"):
            left = rest.split("/")[1] if "/" in rest else "20"
            left = int(left) if left.isdigit() else 20
            target = "/link/ok" if left <= 1 else "/link/redirect-many/%d" % (left - 1)
            return self.send(302, b"moved", headers=[("Location", target)])
        if rest in ("404", "410", "418", "401", "403", "999"):
            extra = [("WWW-Authenticate", 'Basic realm="x"')] if rest == "401" else []
            return self.send(int(rest), html_page(rest, "<h1>Error %s</h1>" % rest), headers=extra)
        if rest == "botwall":
            return self.send(503, html_page("Attention Required! | Cloudflare", BOTWALL))
        if rest == "botwall-200":
            return self.send(200, html_page("Just a moment...", CHALLENGE))
        if rest == "botwall-cf":
            self.server_override = "cloudflare"
            return self.send(503, html_page("503", "<p>Please wait.</p>"),
                             headers=[("cf-mitigated", "challenge")])
        if rest == "429-always":
            return self.send(429, b"slow down", headers=[("Retry-After", "1")])
        if rest == "500-always":
            return self.send(500, html_page("500", "<h1>Internal Server Error</h1>"))
        if rest in ("head-405", "head-404"):
            if self.command == "HEAD":
                return self.send(int(rest[5:]), html_page("no", "no HEAD here"))
            return self.send(200, article(rest))
        if rest == "soft404-text":
            return self.send(200, html_page("Page not found", "<p>Try the search box.</p>"))
        if rest == "soft404-heading":
            return self.send(200, html_page(
                "Example Answers", "<h1>Oops! That page can\u2019t be found.</h1><p>Nothing here."))
        if rest == "soft404-de":
            return self.send(200, html_page("Seite nicht gefunden", "<p>Leider nichts.</p>"))
        return self.send(404, html_page("404", "not found"))

    def soft(self, rest):
        if rest == "real":
            return self.send(200, html_page("real", ARTICLE % ("real", "real")))
        return self.send(200, html_page("Welcome", WELCOME % int(time.time() * 1000 % 997)))

    def slow(self, seconds):
        total = 2000
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(total))
        self.end_headers()
        if self.command == "HEAD":
            return
        sent, end = 0, time.time() + seconds
        while time.time() < end and sent < total:
            self.wfile.write(b"x" * 5)
            sent += 5
            time.sleep(0.25)
        self.wfile.write(b"x" * (total - sent))

    def reset(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"x" * 1000)
        self.wfile.flush()
        time.sleep(0.05)
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def encoded(self, path):
        html = html_page("encoded", "<p>%s</p>" % ("compressed text " * 50))
        if path == "/gzip":
            body, encoding = gzip.compress(html), "gzip"
        elif path == "/deflate":
            body, encoding = zlib.compress(html), "deflate"
        elif path == "/deflate-raw":
            c = zlib.compressobj(wbits=-15)
            body, encoding = c.compress(html) + c.flush(), "deflate"
        else:
            body, encoding = b"\x1f\x8b\x08\x00garbage, not gzip at all", "gzip"
        self.send(200, body, headers=[("Content-Encoding", encoding), ("Vary", "Accept-Encoding")])

    def big(self, size, chunked):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        block = b"a" * 65536
        left = size
        while left > 0:
            piece = block[:min(left, len(block))]
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
            left -= len(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def big_gzip(self, size):
        c = zlib.compressobj(9, zlib.DEFLATED, 31)
        block, left, out = b"a" * 65536, size, []
        while left > 0:
            out.append(c.compress(block[:min(left, len(block))]))
            left -= min(left, len(block))
        out.append(c.flush())
        self.send(200, b"".join(out), "text/html", headers=[("Content-Encoding", "gzip")])

    def charset(self, label):
        text = "<p>caf\u00e9 na\u00efve \u00fcber \u041f\u0440\u0438\u0432\u0435\u0442</p>"
        try:
            body = html_page("charset", text).decode().encode(label or "utf-8", "replace")
        except LookupError:
            body = html_page("charset", "<p>plain</p>")
        ctype = "text/html; charset=%s" % label if label else "text/html"
        self.send(200, body, ctype)

    def conditional(self):
        etag, modified = '"v1"', "Sat, 01 Jan 2000 00:00:00 GMT"
        headers = [("ETag", etag), ("Last-Modified", modified)]
        if self.headers.get("If-None-Match") == etag or \
                self.headers.get("If-Modified-Since") == modified:
            return self.send(304, headers=headers)
        return self.send(200, PAGE, headers=headers)

    def trap(self, path):
        parts = [p for p in path.split("/") if p]
        last = parts[-1] if len(parts) > 1 else "0"
        deeper = "%s/%d" % (path.rstrip("/"), (int(last) if last.isdigit() else 0) + 1)
        body = '<h1>Trap %s</h1><p><a href="%s">deeper</a> <a href="/trap/1">top</a></p>' % (
            path, deeper)
        self.send(200, html_page("trap", body))

    def static(self, path):
        root = CONFIG["root"]
        if not root:
            return self.send(404, html_page("404", "not found"))
        local = os.path.normpath(os.path.join(root, urllib.parse.unquote(path).lstrip("/")))
        if not local.startswith(os.path.abspath(root)):
            return self.send(404, html_page("404", "not found"))
        if os.path.isdir(local):
            local = os.path.join(local, "index.html")
        if not os.path.isfile(local) or local.endswith(".headers"):
            return self.send(404, html_page("404", "not found"))
        with open(local, "rb") as f:
            body = f.read()
        headers = {"Content-Type": mimetypes.guess_type(local)[0] or "application/octet-stream"}
        names = {"content-type": "Content-Type"}
        if os.path.isfile(local + ".headers"):
            with open(local + ".headers", encoding="latin-1") as f:
                for line in f:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        names[name.strip().lower()] = name.strip()
                        headers[names[name.strip().lower()]] = value.strip()
        status = int(headers.pop("Status", "200"))
        ctype = headers.pop("Content-Type", None)
        self.send(status, body, ctype, headers=list(headers.items()))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # Clients that time out or give up close their connections: not worth a traceback.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def watch_stdin():
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError):
        return
    if not stat.S_ISFIFO(mode):
        return

    def wait():
        while os.read(sys.stdin.fileno(), 4096):
            pass
        os._exit(0)

    threading.Thread(target=wait, daemon=True).start()


def main():
    parser = argparse.ArgumentParser(description="salvage's loopback HTTP test server")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--root", default=None)
    parser.add_argument("--robots", default=None, help="robots.txt body (file)")
    parser.add_argument("--robots-status", type=int, default=200)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), default=None)
    args = parser.parse_args()
    CONFIG["root"] = os.path.abspath(args.root) if args.root else None
    if args.robots:
        with open(args.robots, "rb") as f:
            CONFIG["robots"] = f.read()
    CONFIG["robots_status"] = args.robots_status

    server = Server(("127.0.0.1", args.port), Handler)
    if args.tls:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls[0], args.tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    watch_stdin()
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
