#!/usr/bin/env python3
"""Scores the link-check benchmark (bench/link_bench.sh): each tool's verdicts against the truth
the loopback servers were scripted with (bench/link_bench_server.py). Standard library only.

    python3 link_bench_compare.py --work DIR --salvage-seconds S --salvage-rc RC
                                  --linkchecker-seconds L --linkchecker-rc RC [--limit SECONDS]
                                  [--salvage-args TEXT] [--timeout SECONDS]

Reads DIR/truth.tsv, DIR/ready, DIR/salvage.db (its link_health table), DIR/linkchecker.csv
and DIR/access.log. linkchecker knows only valid and invalid: valid counts as alive and invalid
as dead, so it can never be right about an unverifiable URL. A URL a tool did not report (it was
stopped at the time limit, or left the URL out) is wrong as well ("not reported"). Every wrong
verdict of salvage is listed with what salvage stored and what the servers answered to it.
"""

import argparse
import collections
import csv
import os
import sqlite3
import sys
import urllib.parse

CLASS_ORDER = ["ok", "redirected", "not_found", "gone", "client_error", "blocked", "rate_limited",
               "server_error", "timeout", "dns_failure", "connection_refused", "redirect_loop",
               "too_many_redirects", "redirect_to_dead", "soft_404"]


def read_truth(work):
    truth = {}
    with open(os.path.join(work, "truth.tsv")) as f:
        for line in f:
            url, cls, verdict, kind = line.rstrip("\n").split("\t")
            truth[url] = (cls, verdict, kind)
    return truth


def read_salvage(work):
    path = os.path.join(work, "salvage.db")
    if not os.path.exists(path):
        return {}
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT url, verdict, class, http_status, final_url, redirects, error, "
                          "attempts, elapsed FROM link_health").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        db.close()
    return {r[0]: {"verdict": r[1], "class": r[2], "status": r[3], "final_url": r[4],
                   "redirects": r[5], "error": r[6], "attempts": r[7], "elapsed": r[8]}
            for r in rows}


def read_linkchecker(work):
    path = os.path.join(work, "linkchecker.csv")
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        lines = [line for line in f if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter=";")
    for row in reader:
        if not row.get("urlname") or row.get("valid") not in ("True", "False"):
            continue
        parent = row.get("parentname") or ""
        url = urllib.parse.urljoin(parent, row["urlname"]) if parent else row["urlname"]
        out[url] = {"verdict": "alive" if row["valid"] == "True" else "dead",
                    "result": row.get("result", ""), "warning": row.get("warningstring", "")}
    return out


def read_access(work):
    """{(host:port, path): [(time, method, status)]} of every request the servers saw."""
    log = collections.defaultdict(list)
    path = os.path.join(work, "access.log")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 5:
                    log[(parts[1], parts[3])].append((float(parts[0]), parts[2], parts[4]))
    return log


def score(truth, got):
    """[(url, truth class, truth verdict, what the tool said or None)] of the wrong ones."""
    wrong = []
    for url, (cls, verdict, _) in truth.items():
        said = got.get(url)
        if said is None or said["verdict"] != verdict:
            wrong.append((url, cls, verdict, said))
    return wrong


def summary(name, wrong):
    if not wrong:
        return f"{name}: 0 wrong"
    by_class = collections.defaultdict(collections.Counter)
    for _, cls, _, said in wrong:
        by_class[cls]["not reported" if said is None else "called " + said["verdict"]] += 1
    parts = []
    for cls in CLASS_ORDER + sorted(set(by_class) - set(CLASS_ORDER)):
        if cls not in by_class:
            continue
        calls = by_class[cls]
        total = sum(calls.values())
        if len(calls) == 1:
            parts.append(f"{cls} {total} ({next(iter(calls))})")
        else:
            parts.append(f"{cls} {total} (" +
                         ", ".join(f"{n} {what}" for what, n in calls.most_common()) + ")")
    return f"{name}: {len(wrong)} wrong: " + ", ".join(parts)


def served(access, url, start, end):
    """What the servers answered to `url` while a tool ran (`start`, `end`: Unix times)."""
    parts = urllib.parse.urlsplit(url)
    hits = [h for h in access.get((parts.netloc, parts.path or "/"), [])
            if start - 1 <= h[0] <= end + 1]
    if not hits:
        return "no request reached the servers"
    answers = collections.Counter(f"{m} {s}" for _, m, s in hits)
    return ", ".join(f"{a} x{n}" if n > 1 else a for a, n in answers.items())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--salvage-seconds", type=float, required=True)
    ap.add_argument("--salvage-rc", type=int, default=0)
    ap.add_argument("--salvage-window", default="0 0")
    ap.add_argument("--salvage-args", default="")
    ap.add_argument("--linkchecker-seconds", type=float, required=True)
    ap.add_argument("--linkchecker-rc", type=int, default=0)
    ap.add_argument("--linkchecker-args", default="")
    ap.add_argument("--limit", type=float, default=0)
    ap.add_argument("--timeout", default="5")
    args = ap.parse_args()

    truth = read_truth(args.work)
    ready = open(os.path.join(args.work, "ready")).read().split()
    port, closed = ready[1], ready[5:7]
    hosts = sorted({urllib.parse.urlsplit(u).hostname for u in truth
                    if urllib.parse.urlsplit(u).port == int(port)})
    invalid = sum(1 for u in truth if urllib.parse.urlsplit(u).hostname.endswith(".invalid"))
    classes = collections.Counter(c for c, _, _ in truth.values())
    verdicts = collections.Counter(v for _, v, _ in truth.values())

    salvage = read_salvage(args.work)
    linkchecker = read_linkchecker(args.work)
    s_wrong = score(truth, salvage)
    l_wrong = score(truth, linkchecker)

    print(f"link-check benchmark: {len(truth)} distinct URLs on {len(hosts)} loopback hosts "
          f"({hosts[0]}..{hosts[-1]} port {port}), closed ports {closed[0]} and {closed[1]}, "
          f"{invalid} .invalid host names")
    print("truth: " + ", ".join(f"{verdicts[v]} {v}" for v in ("alive", "dead", "unverifiable")) +
          " | " + ", ".join(f"{c} {classes[c]}" for c in CLASS_ORDER if classes[c]))
    print(f"same timeout {args.timeout} s; salvage check {args.salvage_args}; "
          f"linkchecker {args.linkchecker_args}")

    def took(name, seconds, rc, tool_rc_ok):
        note = ""
        if args.limit and seconds >= args.limit - 1:
            note = f"  (stopped at the {args.limit:.0f} s limit: not finished)"
        elif rc not in tool_rc_ok:
            note = f"  (exit status {rc})"
        return f"{name:<26}: {seconds:8.2f} s{note}"

    print(took("salvage check", args.salvage_seconds, args.salvage_rc, (0,)))
    print(took("linkchecker", args.linkchecker_seconds, args.linkchecker_rc, (0, 1)))
    ratio = args.salvage_seconds / args.linkchecker_seconds if args.linkchecker_seconds else 0
    print(f"ratio salvage/linkchecker : {ratio:8.2f}  (target < 1)")
    print(summary("salvage", s_wrong))
    print(summary("linkchecker", l_wrong))

    # Where salvage's time went: per class, the slowest URL and the most attempts.
    per_class = collections.defaultdict(lambda: [0.0, 0])
    for url, said in salvage.items():
        if url in truth:
            slot = per_class[truth[url][0]]
            slot[0] = max(slot[0], said["elapsed"])
            slot[1] = max(slot[1], said["attempts"])
    slow = sorted(per_class.items(), key=lambda kv: -kv[1][0])
    print("salvage, slowest URL per class (seconds, attempts): " +
          ", ".join(f"{c} {e:.1f} s/{a}" for c, (e, a) in slow[:8]))

    mismatched = [(u, truth[u][0], s["class"]) for u, s in salvage.items()
                  if u in truth and s["verdict"] == truth[u][1] and s["class"] != truth[u][0]]
    if mismatched:
        counts = collections.Counter((t, g) for _, t, g in mismatched)
        print(f"salvage: {len(mismatched)} right verdicts under another class: " +
              ", ".join(f"{t} called {g} {n}" for (t, g), n in counts.most_common()))

    if s_wrong:
        access = read_access(args.work)
        start, end = (float(x) for x in args.salvage_window.split())
        print("salvage's wrong verdicts:")
        for url, cls, verdict, said in sorted(s_wrong, key=lambda w: (w[1], w[0])):
            if said is None:
                what = "not reported (no row in link_health)"
            else:
                what = (f"{said['verdict']}/{said['class']} HTTP {said['status']}, "
                        f"{said['attempts']} attempts, {said['elapsed']:.1f} s, "
                        f"error \"{said['error']}\"")
            print(f"  {url}  truth {verdict}/{cls} ({truth[url][2]}); salvage: {what}; "
                  f"server sent: {served(access, url, start, end)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
