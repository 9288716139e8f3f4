#!/usr/bin/env python3
"""End-to-end tests of `salvage run` and `salvage export`: the built binary against the fixture
site and its outbound-link hosts served on 127.0.0.1 (scripts/fixture_site_server.py), exports
validated against their published schemas (docs/schema/).

Usage: run_e2e.py SALVAGE TEST     (TEST: one of the functions named test_*, without "test_")
Exit 0 pass, 1 fail, 77 skipped (a validator is not installed).
"""
import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SERVER = os.path.join(ROOT, "scripts", "fixture_site_server.py")
SALVAGE = None
START = "http://www.orthopaedics.win/"


def expected_records():
    """The Q&A pages of the fixture site: expected records that are not `null` (fixtures/AUTHORING.md)."""
    expected = os.path.join(ROOT, "fixtures", "expected")
    return sum(1 for folder, _, files in os.walk(expected) for f in files
               if f.endswith(".json") and open(os.path.join(folder, f)).read().strip() != "null")

# What the fixture server scripts for some of the outbound links (its docstring has them all).
EXPECTED_CLASSES = {
    "http://www.somatics.com/page7.htm": "not_found",
    "http://www.nof.org/prevention/exercise.htm": "gone",
    "http://www.spine-health.com/conditions/neck-pain/text-neck": "not_found",
    "http://www.scoliosis.org/resources/adults.php": "soft_404",
    "http://www.mayoclinic.com/health/frozen-shoulder/DS00416": "soft_404",
    "http://www.amazon.com/exec/obidos/ASIN/0201079798/": "blocked",
    "http://kidshealth.org/parent/medical/bones/osgood.html": "blocked",
    "http://www.ergo-chairs.com/models/executive.html": "server_error",
    "http://www.kneeguru.co.uk/KNEEnotes/": "connection_refused",
    "http://www.tmj.org/exercises.htm": "dns_failure",
    "http://www.somatics.com/back_pain.htm": "ok",
    "ftp://ftp.somatics.com/pub/shoulder.txt": "unsupported_scheme",
}


class FixtureServer:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, SERVER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        _, port, _, closed = self.proc.stdout.readline().split()
        self.port, self.closed = int(port), int(closed)

    def run_args(self, out, *extra):
        return ["run", START, "--out", out,
                "--connect-to", f"www.kneeguru.co.uk:80:127.0.0.1:{self.closed}",
                "--connect-to", "www.tmj.org:80:tmj.invalid:80",
                "--connect-to", f"::127.0.0.1:{self.port}",
                "--ignore-robots", "--delay", "0", "--check-delay", "0", "--check-timeout", "5", *extra]

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def salvage(*args, check=True):
    r = subprocess.run([SALVAGE, *args], capture_output=True, text=True, timeout=600)
    if check and r.returncode != 0:
        raise AssertionError(f"salvage {' '.join(args)} exited {r.returncode}:\n{r.stderr}")
    return r


def records_without_times(path):
    """The JSON Lines records with changed_at left out (it is when each store saw them)."""
    out = []
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        r.pop("changed_at")
        out.append(r)
    return out


def validate_json(out):
    try:
        import jsonschema
    except ImportError:
        print("python3-jsonschema not installed: skipped")
        sys.exit(77)
    schema = json.load(open(os.path.join(ROOT, "docs", "schema", "record.schema.json")))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    n = 0
    for line in open(os.path.join(out, "records.jsonl"), encoding="utf-8"):
        errors = list(validator.iter_errors(json.loads(line)))
        assert not errors, [e.message for e in errors]
        n += 1
    array = json.load(open(os.path.join(out, "records.json"), encoding="utf-8"))
    for r in array:
        assert not list(validator.iter_errors(r))
    return n, len(array)


def validate_xml(path):
    if not shutil.which("xmllint"):
        print("xmllint not installed: skipped")
        sys.exit(77)
    xsd = os.path.join(ROOT, "docs", "schema", "records.xsd")
    r = subprocess.run(["xmllint", "--noout", "--schema", xsd, path], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_run_fixture_site(work):
    server = FixtureServer()
    try:
        out = os.path.join(work, "out")
        r = salvage(*server.run_args(out, "--formats", "jsonl,json,xml,sqlite,csv,report"))
    finally:
        server.stop()
    for name in ["salvage.db", "records.jsonl", "records.json", "records.xml", "records.sqlite",
                 "records.csv", "links.csv", "report.html"]:
        assert os.path.exists(os.path.join(out, name)), name
    assert not [f for f in os.listdir(out) if f.endswith(".partial")]
    assert "salvage run: finished" in r.stderr, r.stderr
    for stage in ["salvage crawl:", "salvage extract:", "salvage check:", "salvage export:"]:
        assert stage in r.stderr.split("salvage run: finished")[1], stage

    n_jsonl, n_json = validate_json(out)
    assert n_jsonl == n_json == expected_records(), (n_jsonl, n_json)  # every Q&A page of the site
    validate_xml(os.path.join(out, "records.xml"))

    # Each scripted dead-link class arrives in the exports with the right verdict.
    links = {row["url"]: row for row in csv.DictReader(open(os.path.join(out, "links.csv"), newline=""))}
    for url, cls in EXPECTED_CLASSES.items():
        assert url in links, url
        assert links[url]["class"] == cls, (url, links[url]["class"], cls)
    db = sqlite3.connect(os.path.join(out, "records.sqlite"))
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 1
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == expected_records()
    hits = db.execute("SELECT count(*) FROM records_fts WHERE records_fts MATCH 'hamstring'").fetchone()[0]
    assert hits >= 1, hits
    records = list(csv.DictReader(open(os.path.join(out, "records.csv"), newline="", encoding="utf-8")))
    assert len(records) == expected_records()

    # The crawl extracted each page on the way, from the parse that found its links: the same
    # records as extracting the stored pages afterwards.
    again = os.path.join(work, "again.jsonl")
    salvage("extract", "--db", os.path.join(out, "salvage.db"), "--force", "-o", again, "-q")
    afterwards = {r["url"]: r for r in map(json.loads, open(again, encoding="utf-8"))}
    on_the_way = {}
    for line in open(os.path.join(out, "records.jsonl"), encoding="utf-8"):
        r = json.loads(line)
        del r["id"], r["changed_at"]
        for link in r["links"] + r["internal_links"]:
            del link["verdict"], link["class"], link["http_status"]
        on_the_way[r["url"]] = r
    assert on_the_way == afterwards


def test_run_resumes_after_interrupt(work):
    server = FixtureServer()
    try:
        whole = os.path.join(work, "whole")
        salvage(*server.run_args(whole, "--no-check", "--formats", "jsonl", "-q"))
        part = os.path.join(work, "part")
        proc = subprocess.Popen([SALVAGE, *server.run_args(part, "--no-check", "--formats", "jsonl",
                                                          "--per-host", "1")],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 130, (proc.returncode, err)
        assert "run the same command again" in err, err
        assert not os.path.exists(os.path.join(part, "records.jsonl"))  # no export of half a crawl
        salvage(*server.run_args(part, "--no-check", "--formats", "jsonl", "-q"))
    finally:
        server.stop()
    assert records_without_times(os.path.join(part, "records.jsonl")) == \
        records_without_times(os.path.join(whole, "records.jsonl"))
    db = sqlite3.connect(os.path.join(part, "salvage.db"))
    fetched_twice = db.execute("SELECT count(*) FROM pages GROUP BY url HAVING count(*) > 1").fetchall()
    assert not fetched_twice


def test_run_reads_a_config_file(work):
    server = FixtureServer()
    try:
        out = os.path.join(work, "out")
        config = os.path.join(work, "salvage.ini")
        args = server.run_args(out)
        with open(config, "w") as f:
            f.write("# every option of the command line, by its long name\n[run]\n")
            f.write(f'out = "{out}"\nformats = "jsonl,csv"\nno-check = true\nquiet = true\n')
            f.write("ignore-robots = true\ndelay = 0\n")
            connect = [args[i + 1] for i, a in enumerate(args) if a == "--connect-to"]
            f.write("connect-to = [" + ", ".join(f'"{c}"' for c in connect) + "]\n")
        r = salvage("--config", config, "run", START)
    finally:
        server.stop()
    assert r.stderr == "", r.stderr  # quiet came from the file
    assert sorted(os.listdir(out)) == ["links.csv", "records.csv", "records.jsonl", "salvage.db"], os.listdir(out)
    assert len(open(os.path.join(out, "records.jsonl")).readlines()) == expected_records()


def test_export_is_deterministic_and_valid(work):
    db = os.path.join(work, "salvage.db")
    salvage("import", os.path.join(ROOT, "fixtures", "site"), "--db", db,
            "--base-url", "http://www.orthopaedics.win/", "-q")
    salvage("extract", "--db", db, "-q", "-o", os.devnull)
    outputs = {}
    for round_ in (1, 2):
        folder = os.path.join(work, f"round{round_}")
        os.makedirs(folder)
        for fmt in ["jsonl", "json", "xml", "csv", "sqlite"]:
            salvage("export", "--db", db, "--format", fmt, "-o", os.path.join(folder, "records." + fmt), "-q")
        outputs[round_] = {name: open(os.path.join(folder, name), "rb").read()
                           for name in sorted(os.listdir(folder))}
    assert outputs[1].keys() == outputs[2].keys()
    for name in outputs[1]:
        assert outputs[1][name] == outputs[2][name], name
    validate_xml(os.path.join(work, "round1", "records.xml"))
    validate_json(os.path.join(work, "round1"))
    # --since in the future: an empty but valid export.
    empty = os.path.join(work, "empty.xml")
    salvage("export", "--db", db, "--format", "xml", "-o", empty, "--since", "2999-01-01", "-q")
    validate_xml(empty)
    r = salvage("export", "--db", db, "--format", "xml", "--since", "yesterday", check=False)
    assert r.returncode == 2 and "--since" in r.stderr, r.stderr
    r = salvage("export", "--db", os.path.join(work, "typo.db"), "--format", "xml", check=False)
    assert r.returncode == 3 and "no working store" in r.stderr, r.stderr
    assert not os.path.exists(os.path.join(work, "typo.db"))


def main():
    global SALVAGE
    SALVAGE, name = os.path.abspath(sys.argv[1]), sys.argv[2]
    test = globals().get("test_" + name)
    if not test:
        print(f"no test {name}")
        return 2
    work = tempfile.mkdtemp(prefix="salvage-run-e2e-")
    try:
        test(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{name}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
