#!/usr/bin/env python3
"""The bundled fixture site and the hosts its pages link to, served on 127.0.0.1 for the quick
start (scripts/quickstart.sh) and the run end-to-end test. Standard library only.

    fixture_site_server.py [--port N] [--root fixtures/site]

Prints "port P closed C" on stdout once listening (P: the server, C: a port where nothing
listens), then serves until stdin closes or SIGTERM. Every request arrives at the one server
(salvage is given --connect-to ::127.0.0.1:P) and is answered by its Host header:

  www.orthopaedics.win       the fixture site: /  an index of every page (a 2001-style listing),
                             /FOLDER/PAGE.html the fixture files (.htm, .shtml, .php, .asp,
                             .cfm ... pages as text/html too), anything else 404
  orthopaedics.win           301 to the same path on www.orthopaedics.win       (redirected)
  www.somatics.com           pages, except /page7.htm 404 (not_found) and
                             /startle.htm 301 to /startle-reflex.htm            (redirected)
  www.nof.org                /prevention/exercise.htm 410                       (gone)
  www.spine-health.com       404 for everything                                 (not_found)
  www.scoliosis.org          /resources/adults.php: 200 "Page not found"        (soft_404)
  www.mayoclinic.com         deep paths 302 to /                                (soft_404)
  www.amazon.com             503 robot check page                               (blocked)
  kidshealth.org             403                                                (blocked)
  www.ergo-chairs.com        500                                                (server_error)
  any other host             a page of its own for every path                   (ok)

Two hosts are sent elsewhere by the quick start's --connect-to entries, not by this server:
www.kneeguru.co.uk to the closed port (connection_refused) and www.tmj.org to a .invalid name
(dns_failure).
"""

import argparse
import hashlib
import os
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SITE_HOST = "www.orthopaedics.win"
WORDS = ("posture stretch gentle movement muscle spine knee shoulder hip walking balance exercise "
         "lesson practice release tension habit comfort breathing awareness reflex somatic slow "
         "control sensory motor learning recovery daily routine morning evening floor lying").split()


def article(host, path):
    """A page of its own for every host and path: different words, so no two look alike."""
    digest = hashlib.sha256((host + path).encode()).digest()
    words = [WORDS[b % len(WORDS)] for b in digest] * 3
    title = f"{host}{path}"
    body = " ".join(words)
    return (f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            f"<p>{body}</p><p>Articles on {host} since 1998.</p></body></html>")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FixtureSite/1.0"
    root = None
    pages = []
    charsets = {}

    def log_message(self, *args):
        pass

    def send(self, status, body="", content_type="text/html; charset=utf-8", headers=()):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        path = self.path.split("?")[0]
        if host == SITE_HOST:
            # A saved page has no query variants (print versions, comment orders): with a query it
            # is not found, or the site would hold a copy of each page per query its links add.
            if "?" in self.path:
                return self.send(404, "<html><body><h1>Not found</h1></body></html>")
            return self.site(path)
        if host == "orthopaedics.win":
            return self.send(301, "", headers=[("Location", f"http://{SITE_HOST}{self.path}")])
        if host == "www.somatics.com" and path == "/page7.htm":
            return self.send(404, "<h1>Not Found</h1>")
        if host == "www.somatics.com" and path == "/startle.htm":
            return self.send(301, "", headers=[("Location", "/startle-reflex.htm")])
        if host == "www.nof.org" and path == "/prevention/exercise.htm":
            return self.send(410, "<h1>Gone</h1>")
        if host == "www.spine-health.com":
            return self.send(404, "<h1>Not Found</h1>")
        if host == "www.scoliosis.org" and path == "/resources/adults.php":
            return self.send(200, "<html><head><title>Page not found</title></head><body>"
                                  "<h1>Page not found</h1><p>Sorry, the page you requested "
                                  "could not be found.</p></body></html>")
        if host == "www.mayoclinic.com" and path.count("/") > 1:
            return self.send(302, "", headers=[("Location", "/")])
        if host == "www.amazon.com":
            return self.send(503, "<html><head><title>Robot Check</title></head><body><p>Enter the "
                                  "characters you see below. Sorry, we just need to make sure "
                                  "you're not a robot.</p><form>captcha</form></body></html>")
        if host == "kidshealth.org":
            return self.send(403, "<h1>Forbidden</h1>")
        if host == "www.ergo-chairs.com":
            return self.send(500, "<h1>Internal Server Error</h1>")
        return self.send(200, article(host, path))

    def site(self, path):
        if path in ("/", "/index.html"):
            links = "".join(f'<li><a href="/{p}">{p}</a></li>\n' for p in self.pages)
            return self.send(200, "<html><head><title>Bone Health: all questions</title></head>"
                                  f"<body><h1>Bone Health archive</h1><ul>\n{links}</ul></body></html>")
        relative = os.path.normpath(path.lstrip("/"))
        if relative in self.pages:
            with open(os.path.join(self.root, relative), "rb") as f:
                # Sent with the charset its server gave it (fixtures/expected/*/http-charsets.tsv),
                # else as plain text/html: the page's <meta> or its bytes tell.
                charset = self.charsets.get(relative)
                return self.send(200, f.read(),
                                 content_type="text/html" + (f"; charset={charset}" if charset else ""))
        return self.send(404, "<h1>Not Found</h1>")


# What salvage reads as pages in a folder (fetch/mirror.cpp): static and script page names.
PAGE_EXTENSIONS = (".htm", ".html", ".shtml", ".xhtml", ".php", ".php3", ".asp", ".aspx", ".jsp", ".cfm",
                   ".cgi", ".pl")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", "fixtures", "site"))
    args = parser.parse_args()
    Handler.root = os.path.abspath(args.root)
    Handler.pages = sorted(os.path.relpath(os.path.join(d, f), Handler.root)
                           for d, _, files in os.walk(Handler.root) for f in files
                           if f.lower().endswith(PAGE_EXTENSIONS))
    expected = os.path.join(Handler.root, "..", "expected")
    for folder in sorted(os.listdir(expected)) if os.path.isdir(expected) else []:
        tsv = os.path.join(expected, folder, "http-charsets.tsv")
        if os.path.exists(tsv):
            for line in open(tsv):
                if "\t" in line and not line.startswith("#"):
                    name, charset = line.rstrip("\n").split("\t", 1)
                    Handler.charsets[f"{folder}/{name}"] = charset
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    closed = socket.socket()  # bound, never listening: connections to it are refused
    closed.bind(("127.0.0.1", 0))
    print(f"port {server.server_address[1]} closed {closed.getsockname()[1]}", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sys.stdin.read()  # until the starter closes our stdin or goes away
    except KeyboardInterrupt:
        pass
    server.shutdown()


if __name__ == "__main__":
    main()
