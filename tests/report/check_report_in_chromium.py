#!/usr/bin/env python3
"""Opens a `salvage report --format html` page in headless Chromium and checks the numbers it shows.

    check_report_in_chromium.py REPORT.html EXPECTED.json

EXPECTED.json is {"by_verdict": {"alive": N, "dead": N, "unverifiable": N, "unchecked": N},
"by_class": {"not_found": N, ...}, "total": N}, or a whole `salvage report --format json` document
(its "summary" is used). A verdict or class left out of EXPECTED must be shown as 0.

The page is loaded from file:// by Debian's chromium (or $CHROMIUM), headless, without sandbox,
with a fresh profile and every host name unresolvable, so nothing can reach the network. The DOM
is dumped after the page's script has run, then checked: the script finished (data-ready="1" on
<body>), every data-count element shows its own number and equals EXPECTED, the totals add up, and
the all-links table holds one row per link.

Exit status: 0 pass, 1 mismatch or Chromium failure, 2 usage, 77 skip (no Chromium here).
Python 3 standard library only.
"""

import html.parser
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
VERDICTS = ("alive", "dead", "unverifiable", "unchecked")


def chromium_command(chromium, profile, url):
    return [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--user-data-dir=" + profile,
        "--virtual-time-budget=2000",
        "--dump-dom",
        url,
    ]


class ReportDom(html.parser.HTMLParser):
    """Collects <body data-ready>, the data-count elements and the rows of the all-links table."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ready = None
        self.counts = []  # (kind, name, data-count, shown text)
        self.rows = 0
        self._open = None  # [tag, kind, name, count, text pieces] while inside a data-count element

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.ready = a.get("data-ready")
        if tag == "tr" and "data-v" in a:
            self.rows += 1
        if "data-count" in a:
            for kind in ("verdict", "class", "total"):
                if "data-" + kind in a:
                    self._open = [tag, kind, a["data-" + kind], a["data-count"], []]

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            tag_, kind, name, count, text = self._open
            self.counts.append((kind, name, count, "".join(text).strip()))
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._open[4].append(data)


def load_expected(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if "summary" in data:  # a JSON report: verdicts count checked links, "unchecked" stands apart
        s = data["summary"]
        return {
            "by_verdict": dict(s["by_verdict"], unchecked=s["unchecked"]),
            "by_class": dict(s["by_class"]),
            "total": s["links"],
        }
    return {"by_verdict": data["by_verdict"], "by_class": data["by_class"], "total": data["total"]}


def render(chromium, report):
    profile = tempfile.mkdtemp(prefix="salvage-chromium-")
    try:
        command = chromium_command(chromium, profile, pathlib.Path(report).resolve().as_uri())
        timeout = float(os.environ.get("CHROMIUM_TIMEOUT", "180"))
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if done.returncode != 0 or not done.stdout:
        tail = done.stderr.decode("utf-8", "replace")[-2000:]
        raise RuntimeError("chromium exited with %d and %d bytes of DOM:\n%s" % (done.returncode, len(done.stdout), tail))
    return done.stdout.decode("utf-8")


def compare(dom, expected):
    errors = []
    if dom.ready != "1":
        errors.append("the page's script did not finish: <body data-ready=%r>" % dom.ready)
    shown = {"verdict": {}, "class": {}, "total": {}}
    for kind, name, count, text in dom.counts:
        if name in shown[kind]:
            errors.append("data-%s=%r appears more than once" % (kind, name))
        if not count.isdigit():
            errors.append("data-%s=%r has data-count=%r, not a number" % (kind, name, count))
            continue
        if text != count:
            errors.append("data-%s=%r shows %r but its data-count is %s" % (kind, name, text, count))
        shown[kind][name] = int(count)

    def check(kind, wanted):
        for name, n in sorted(wanted.items()):
            if name not in shown[kind]:
                errors.append("no data-%s=%r element (expected %d)" % (kind, name, n))
            elif shown[kind][name] != n:
                errors.append("data-%s=%r: page shows %d, expected %d" % (kind, name, shown[kind][name], n))
        for name, n in sorted(shown[kind].items()):
            if name not in wanted and n != 0:
                errors.append("data-%s=%r: page shows %d, expected 0 (not in EXPECTED)" % (kind, name, n))

    check("verdict", expected["by_verdict"])
    check("class", expected["by_class"])
    for verdict in VERDICTS:
        if verdict not in shown["verdict"]:
            errors.append("the summary has no data-verdict=%r element" % verdict)
    total = shown["total"].get("links")
    if total is None:
        errors.append('no data-total="links" element')
    else:
        if total != expected["total"]:
            errors.append("total: page shows %d, expected %d" % (total, expected["total"]))
        if sum(shown["verdict"].values()) != total:
            errors.append("the verdicts shown add up to %d, not %d" % (sum(shown["verdict"].values()), total))
        checked = total - shown["verdict"].get("unchecked", 0)
        if sum(shown["class"].values()) != checked:
            errors.append("the classes shown add up to %d, not %d" % (sum(shown["class"].values()), checked))
    if dom.rows != expected["total"]:
        errors.append("the all-links table has %d rows, expected %d" % (dom.rows, expected["total"]))
    return errors


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    report, expected_path = argv[1], argv[2]
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not (os.path.isfile(chromium) and os.access(chromium, os.X_OK)):
        print("SKIP: %s not found (Debian: apt-get install chromium)" % chromium)
        return SKIP
    expected = load_expected(expected_path)
    try:
        dumped = render(chromium, report)
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
        print("FAIL: %s" % e, file=sys.stderr)
        return 1
    dom = ReportDom()
    dom.feed(dumped)
    dom.close()
    errors = compare(dom, expected)
    for e in errors:
        print("FAIL: %s" % e, file=sys.stderr)
    if errors:
        return 1
    print("OK: %d links; %s" % (expected["total"],
                               ", ".join("%s %d" % (v, expected["by_verdict"].get(v, 0)) for v in VERDICTS)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
