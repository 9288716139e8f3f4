#!/usr/bin/env python3
"""Loopback servers for the link-check benchmark (bench/link_bench.sh). Standard library only.

    python3 link_bench_server.py --work DIR [--urls N] [--hosts 127.0.0.2,...] [--slow S]

Binds one ThreadingHTTPServer (HTTP/1.1, keep-alive, every answer with a Content-Length) per
loopback address of --hosts, all on the same free port; holds a bound but never listening socket
on two of those addresses (closed ports: a connection is refused, and no other program can take
the port while the benchmark runs); and serves the "site" page /site.html from one more server
on 127.0.0.1 (reached as http://localhost:PORT/, so every link of the page is outbound).

It writes DIR/truth.tsv (url, class, verdict: the answer the servers are scripted to give, with
the meaning core/link_health.hpp gives it), DIR/site.html, DIR/urls.txt (the site page's URL)
and, last, DIR/ready ("port P site S closed C1 C2"); then serves until SIGTERM or SIGINT, or
until the process that started it is gone. DIR/access.log gets one line per request:
"unix-time host method path status". Paths and what they answer (N: any number):

  /                          200, the host's home page
  /a/TOPIC/N.html            200, an article (each one different)               ok
  /r/N  /r301/N              302 / 301 to an article on the same host           redirected
  /rx/N                      302 to an article on the next host (absolute)      redirected
  anything else              404, a plain "404 Not Found" page                  not_found
  /removed/N                 410                                                gone
  /teapot/N  /legal/N        418 / 451                                          client_error
  /members/N                 403                                                blocked
  /account/N                 401 with WWW-Authenticate                          blocked
  /in/N                      999 (LinkedIn's answer to robots)                  blocked
  /wall/N                    503, a captcha page ("Attention Required! | Cloudflare")   blocked
  /challenge/N               200, a "Just a moment..." JavaScript challenge     blocked
  /busy/N                    429 + "Retry-After: 1", every time                 rate_limited
  /broken/N  /badgw/N        500 / 502, every time                              server_error
  /slow/N                    answers 200 only after --slow seconds (default 8)  timeout
  /loop/N                    302 -> /loop/N/b -> 302 -> /loop/N                 redirect_loop
  /chain/N/K                 302 -> /chain/N/K+1 ... 200 at K = 25              too_many_redirects
  /moved/N  /moved410/N      302 to a 404 / 301 to a 410                        redirect_to_dead
  /soft/N.html               200, <title>Page not found</title>                 soft_404
  /oops/N.html               200, a neutral title, <h1>Oops! That page can't be found.</h1>
                                                                                soft_404
  /deep/TOPIC/N.html         302 -> / (a deep URL sent to the home page)        soft_404
  /forum/ANYTHING            200, the same forum welcome page for any path      soft_404

Plus http://HOST:CLOSED/N (connection_refused) and http://NAME-N.invalid/ (dns_failure). HEAD
is answered as GET would be, without the body. Every answer carries a "LinkChecker" header:
linkchecker then lifts its own per-host throttle (at most 10 requests a second otherwise), as
salvage's --delay 0 does, so the two are compared at the same politeness.
"""

import argparse
import os
import random
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOPICS = ["knee", "shoulder", "back", "ankle", "wrist", "hip", "neck", "elbow"]
WORDS = ("cartilage tendon ligament stretch posture walking cycling swimming warm gentle pressure "
         "morning evening exercise routine physician therapist massage ice heat swelling muscle "
         "strength balance cushion shoe insole mattress pillow desk chair keyboard running garden "
         "stairs weather winter summer diet water vitamin calcium sleep weight yoga breathing "
         "recovery week month daily slowly carefully improved stiffness comfort movement joint "
         "hamstring calf quadriceps spine rotation bending lifting carrying habit patience "
         "reader letter reply advice practice clinic session appointment result progress").split()

# Per 100 URLs: how many of each kind (the rest are plain articles). Kind -> (class, verdict).
MIX = [
    ("redirect302", 3), ("redirect301", 1), ("redirect_cross", 1),
    ("missing", 5), ("removed", 1), ("teapot", 1), ("legal", 0.5),
    ("forbidden", 1), ("auth", 1), ("li999", 1), ("wall", 1), ("challenge", 1),
    ("busy", 1), ("broken", 1), ("badgw", 0.5), ("slow", 1),
    ("refused", 1), ("dns", 1), ("loop", 1), ("chain", 1), ("moved", 1), ("moved410", 0.5),
    ("soft_title", 1), ("soft_heading", 0.5), ("deep_root", 1), ("forum", 1),
]
CLASS = {
    "article": "ok", "redirect302": "redirected", "redirect301": "redirected",
    "redirect_cross": "redirected", "missing": "not_found", "removed": "gone",
    "teapot": "client_error", "legal": "client_error", "forbidden": "blocked", "auth": "blocked",
    "li999": "blocked", "wall": "blocked", "challenge": "blocked", "busy": "rate_limited",
    "broken": "server_error", "badgw": "server_error", "slow": "timeout",
    "refused": "connection_refused", "dns": "dns_failure", "loop": "redirect_loop",
    "chain": "too_many_redirects", "moved": "redirect_to_dead", "moved410": "redirect_to_dead",
    "soft_title": "soft_404", "soft_heading": "soft_404", "deep_root": "soft_404",
    "forum": "soft_404",
}
VERDICT = {"ok": "alive", "redirected": "alive", "blocked": "unverifiable",
           "rate_limited": "unverifiable", "timeout": "unverifiable", "tls_error": "unverifiable",
           "unsupported_scheme": "unverifiable"}  # every other class: dead
CHAIN_END = 25


def verdict_of(cls):
    return VERDICT.get(cls, "dead")


def plan(n, hosts, port, closed):
    """[(url, kind)] of n distinct URLs: every kind at least once, articles for the rest."""
    counts = {kind: max(1, round(per * n / 100)) for kind, per in MIX}
    counts["article"] = n - sum(counts.values())
    if counts["article"] < sum(counts.values()) - counts["article"]:
        raise SystemExit("link_bench_server: --urls too small for the mix (at least 100)")
    out, seq = [], 0
    for kind, count in [("article", counts["article"])] + [(k, counts[k]) for k, _ in MIX]:
        for i in range(count):
            seq += 1
            h = hosts[seq % len(hosts)]
            base = f"http://{h}:{port}"
            topic = TOPICS[seq % len(TOPICS)]
            path = {
                "article": f"/a/{topic}/{seq}.html", "redirect302": f"/r/{seq}",
                "redirect301": f"/r301/{seq}", "redirect_cross": f"/rx/{seq}",
                "missing": f"/a/{topic}/old-{seq}.html", "removed": f"/removed/{seq}",
                "teapot": f"/teapot/{seq}", "legal": f"/legal/{seq}",
                "forbidden": f"/members/{seq}", "auth": f"/account/{seq}", "li999": f"/in/{seq}",
                "wall": f"/wall/{seq}", "challenge": f"/challenge/{seq}", "busy": f"/busy/{seq}",
                "broken": f"/broken/{seq}", "badgw": f"/badgw/{seq}", "slow": f"/slow/{seq}",
                "loop": f"/loop/{seq}", "chain": f"/chain/{seq}/0", "moved": f"/moved/{seq}",
                "moved410": f"/moved410/{seq}", "soft_title": f"/soft/{seq}.html",
                "soft_heading": f"/oops/{seq}.html", "deep_root": f"/deep/{topic}/{seq}.html",
                "forum": f"/forum/thread-{seq}.html",
            }.get(kind)
            if kind == "refused":
                c = closed[i % len(closed)]
                url = f"http://{c[0]}:{c[1]}/a/{topic}/{seq}.html"
            elif kind == "dns":
                url = f"http://www.{topic}-clinic-{seq}.invalid/a/{seq}.html"
            else:
                url = base + path
            out.append((url, kind))
    random.Random(5).shuffle(out)  # a page mixes them
    return out


def article(seq, title_prefix="Notes on"):
    rng = random.Random(seq)
    topic = TOPICS[seq % len(TOPICS)]
    paras = "".join("<p>" + " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + ".</p>"
                    for _ in range(3))
    title = f"{title_prefix} {topic} care, part {seq}"
    return title, f"<h1>{title}</h1>{paras}"


def html(title, body):
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body>{body}</body></html>\n").encode()


NOT_FOUND = html("404 Not Found", "<h1>Not Found</h1><p>The requested URL was not found on this "
                 "server.</p><hr><address>Apache/2.2.22 Server</address>")
WALL = html("Attention Required! | Cloudflare",
            "<h1>Sorry, you have been blocked</h1><h2>You are unable to access this site</h2>"
            "<p>Please complete the security check to access this site.</p>"
            "<div class=\"g-recaptcha\" data-sitekey=\"6LfBixYUAAAAABhdHynFUIMA\"></div>"
            "<script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/captcha/v1\"></script>")
CHALLENGE = html("Just a moment...",
                 "<noscript>Enable JavaScript and cookies to continue</noscript>"
                 "<script>window._cf_chl_opt={cvId: '3', cType: 'managed'};</script>")
SOFT_TITLE = html("Page not found | Health Answers",
                  "<div id=\"nav\"><a href=\"/\">Home</a></div><h2>Sorry</h2>"
                  "<p>The page you requested could not be found. It may have been moved or "
                  "deleted. Try the search box or start again from the home page.</p>")
SOFT_HEADING = html("Health Answers",
                    "<h1>Oops! That page can\u2019t be found.</h1><p>It looks like nothing was "
                    "found at this location. Maybe try one of the links below or a search?</p>")
FORUM = html("Community Forum",
             "<h1>Welcome to the Community Forum</h1><p>Join thousands of readers who share "
             "their experience with joint pain, exercise and recovery. Register for free to "
             "post a question, or browse the most popular discussions of the week.</p>"
             "<p>Forum rules: be kind, stay on topic, and ask a professional for medical "
             "advice.</p>")


def home(host):
    return html("Health Answers", f"<h1>Health Answers</h1><p>Welcome to the archive of "
                f"questions and answers about joints, muscles and everyday movement, kept at "
                f"{host}. Browse the latest letters, read the advice of our therapists, or "
                f"search by topic.</p>")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "link-bench/1"
    slow = 8.0
    log = None
    log_lock = threading.Lock()
    site = b""

    def log_message(self, format, *args):
        pass

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def send(self, status, body=b"", headers=(), head=False):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("LinkChecker", "bench")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        if self.log:
            with self.log_lock:
                self.log.write(f"{time.time():.3f} {self.headers.get('Host', '?')} "
                               f"{self.command} {self.path} {status}\n")

    def redirect(self, status, location, head):
        self.send(status, html("Moved", f"<p>Moved to <a href=\"{location}\">here</a>.</p>"),
                  [("Location", location)], head)

    def answer(self, head):
        path = self.path.split("?", 1)[0]
        parts = [p for p in path.split("/") if p]
        first = parts[0] if parts else ""
        host = self.server.server_address[0]
        port = self.server.server_address[1]
        num = "".join(ch for ch in (parts[1] if len(parts) > 1 else "") if ch.isdigit())
        if path == "/site.html" and self.site:
            return self.send(200, self.site, head=head)
        if path == "/":
            return self.send(200, home(host), head=head)
        if first == "a" and len(parts) == 3 and parts[2].split(".")[0].isdigit():
            title, body = article(int(parts[2].split(".")[0]))
            return self.send(200, html(title, body), head=head)
        if first in ("r", "r301") and num:
            target = f"/a/{TOPICS[int(num) % len(TOPICS)]}/{num}.html"
            return self.redirect(302 if first == "r" else 301, target, head)
        if first == "rx" and num:
            hosts = self.server.hosts
            nxt = hosts[(hosts.index(host) + 1) % len(hosts)]
            return self.redirect(302, f"http://{nxt}:{port}/a/{TOPICS[int(num) % len(TOPICS)]}/"
                                 f"{num}.html", head)
        if first == "removed":
            return self.send(410, html("410 Gone", "<h1>Gone</h1><p>This resource was removed "
                                       "on purpose.</p>"), head=head)
        if first == "teapot":
            return self.send(418, html("418 I'm a teapot", "<h1>I'm a teapot</h1>"), head=head)
        if first == "legal":
            return self.send(451, html("451 Unavailable For Legal Reasons",
                                       "<h1>Unavailable For Legal Reasons</h1>"), head=head)
        if first == "members":
            return self.send(403, html("403 Forbidden", "<h1>Forbidden</h1><p>You don't have "
                                       "permission to access this resource.</p>"), head=head)
        if first == "account":
            return self.send(401, html("401 Unauthorized", "<h1>Unauthorized</h1>"),
                             [("WWW-Authenticate", 'Basic realm="members"')], head)
        if first == "in":
            return self.send(999, html("", "<script>window.location='/authwall'</script>"),
                             head=head)
        if first == "wall":
            return self.send(503, WALL, [("Cache-Control", "no-store")], head)
        if first == "challenge":
            return self.send(200, CHALLENGE, [("Cache-Control", "no-store")], head)
        if first == "busy":
            return self.send(429, html("429 Too Many Requests", "<h1>Too Many Requests</h1>"),
                             [("Retry-After", "1")], head)
        if first == "broken":
            return self.send(500, html("500 Internal Server Error",
                                       "<h1>Internal Server Error</h1>"), head=head)
        if first == "badgw":
            return self.send(502, html("502 Bad Gateway", "<h1>Bad Gateway</h1>"), head=head)
        if first == "slow":
            time.sleep(self.slow)
            title, body = article(int(num or 0))
            return self.send(200, html(title, body), head=head)
        if first == "loop" and num:
            target = f"/loop/{num}" if len(parts) > 2 else f"/loop/{num}/b"
            return self.redirect(302, target, head)
        if first == "chain" and num and len(parts) == 3 and parts[2].isdigit():
            k = int(parts[2])
            if k >= CHAIN_END:
                title, body = article(int(num))
                return self.send(200, html(title, body), head=head)
            return self.redirect(302, f"/chain/{num}/{k + 1}", head)
        if first == "moved" and num:
            return self.redirect(302, f"/a/knee/gone-{num}.html", head)
        if first == "moved410" and num:
            return self.redirect(301, f"/removed/{num}", head)
        if first == "soft":
            return self.send(200, SOFT_TITLE, head=head)
        if first == "oops":
            return self.send(200, SOFT_HEADING, head=head)
        if first == "deep":
            return self.redirect(302, "/", head)
        if first == "forum":
            return self.send(200, FORUM, head=head)
        return self.send(404, NOT_FOUND, head=head)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # a client that gave up (a timeout) closed the connection: nothing to report


def bind_all(hosts):
    """One server per host, all on one free port (tries again when a port is taken)."""
    for _ in range(100):
        servers = []
        try:
            first = Server((hosts[0], 0), Handler)
            servers.append(first)
            port = first.server_address[1]
            for h in hosts[1:]:
                servers.append(Server((h, port), Handler))
            return servers, port
        except OSError:
            for s in servers:
                s.server_close()
    raise SystemExit("link_bench_server: no port free on every host")


def closed_port(host):
    """A socket bound to host:port and never listening: connections are refused."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((host, 0))
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--urls", type=int, default=600)
    ap.add_argument("--hosts", default="127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6")
    ap.add_argument("--slow", type=float, default=8.0)
    args = ap.parse_args()
    hosts = args.hosts.split(",")
    parent = os.getppid()

    servers, port = bind_all(hosts)
    holders = [closed_port(hosts[1]), closed_port(hosts[3 % len(hosts)])]
    closed = [s.getsockname() for s in holders]
    site_server = Server(("127.0.0.1", 0), Handler)
    site_port = site_server.server_address[1]
    for s in servers + [site_server]:
        s.hosts = hosts

    links = plan(args.urls, hosts, port, closed)
    with open(os.path.join(args.work, "truth.tsv"), "w") as f:
        for url, kind in links:
            f.write(f"{url}\t{CLASS[kind]}\t{verdict_of(CLASS[kind])}\t{kind}\n")
    # The site: one Q&A page of a legacy health-advice site whose answer cites every URL.
    items = "".join(f"<li><a href=\"{url}\">Reference {i + 1}</a></li>\n"
                    for i, (url, _) in enumerate(links))
    Handler.site = html(
        "Knee pain after running - Health Answers",
        "<h1>Knee pain after running</h1><p>Posted: 9/23/2004</p><h2>Question</h2>"
        "<p>Dear Lawrence, my knee hurts after every run. What should I read?</p>"
        "<p>Regards,<br>Jason</p><h2>Answer</h2><p>Hello, Jason,</p>"
        "<p>Here is everything I have collected over the years:</p><ul>\n" + items + "</ul>"
        "<p>with regard,<br>Lawrence Gold</p>")
    with open(os.path.join(args.work, "site.html"), "wb") as f:
        f.write(Handler.site)
    with open(os.path.join(args.work, "urls.txt"), "w") as f:
        f.write(f"http://localhost:{site_port}/site.html\n")
    Handler.slow = args.slow
    Handler.log = open(os.path.join(args.work, "access.log"), "w", buffering=1)

    for s in servers + [site_server]:
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2},
                         daemon=True).start()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    ready = os.path.join(args.work, "ready")
    with open(ready + ".tmp", "w") as f:
        f.write(f"port {port} site {site_port} closed {closed[0][1]} {closed[1][1]}\n")
    os.replace(ready + ".tmp", ready)
    while not stop.wait(0.5):
        if os.getppid() != parent:  # the benchmark died without stopping us
            break
    Handler.log.flush()
    os._exit(0)  # daemon threads may sit in a slow answer: do not wait for them


if __name__ == "__main__":
    sys.exit(main())
