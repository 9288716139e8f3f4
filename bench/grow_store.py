#!/usr/bin/env python3
"""Copies a working store and multiplies its records for the export memory benchmark.

    grow_store.py SOURCE.db TARGET.db COPIES

Every record (and its links) is stored COPIES times in all, each copy under its own URL
("...?copy=K"), as if the site had COPIES times as many pages. Standard library only.
"""
import json
import shutil
import sqlite3
import sys


def main():
    source, target, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
    shutil.copy(source, target)
    db = sqlite3.connect(target)
    rows = db.execute("SELECT page_id, json, extracted_at FROM records").fetchall()
    links = {}
    for page_id, *link in db.execute(
            "SELECT page_id, position, url, text, section, internal FROM links"):
        links.setdefault(page_id, []).append(tuple(link))
    for k in range(1, copies):
        for page_id, text, extracted_at in rows:
            record = json.loads(text)
            record["url"] = f"{record['url']}?copy={k}"
            new_id = db.execute(
                "INSERT INTO pages (url, final_url, outcome, fetched_at, source, extracted_at) "
                "VALUES (?, ?, 'fetched', 0, 'live', ?)",
                (record["url"], record["url"], extracted_at)).lastrowid
            db.execute("INSERT INTO records (page_id, json, extracted_at, url, changed_at) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (new_id, json.dumps(record), extracted_at, record["url"], extracted_at))
            db.executemany("INSERT INTO links (page_id, position, url, text, section, internal) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           [(new_id, *link) for link in links.get(page_id, [])])
    db.commit()
    print(db.execute("SELECT count(*) FROM records").fetchone()[0])


if __name__ == "__main__":
    main()
