#include "store/schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "core/error.hpp"
#include "store/store.hpp"

namespace salvage::store {

namespace {

// Version 1: the whole schema of issue 4 (frontier, pages, records, links).
constexpr const char* k_v1 = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE frontier (
  url        TEXT PRIMARY KEY,
  depth      INTEGER NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('queued', 'active', 'done')),
  found_on   TEXT,
  outcome    TEXT,
  reason     TEXT
);
CREATE INDEX frontier_by_state ON frontier (state, depth);
CREATE TABLE pages (
  id             INTEGER PRIMARY KEY,
  url            TEXT NOT NULL UNIQUE,
  final_url      TEXT NOT NULL,
  redirects      TEXT NOT NULL DEFAULT '[]',
  status         INTEGER NOT NULL DEFAULT 0,
  outcome        TEXT NOT NULL,
  error          TEXT NOT NULL DEFAULT '',
  headers        TEXT NOT NULL DEFAULT '',
  content_type   TEXT NOT NULL DEFAULT '',
  fetched_at     INTEGER NOT NULL,
  body           BLOB,
  body_size      INTEGER NOT NULL DEFAULT 0,
  body_sha256    TEXT NOT NULL DEFAULT '',
  source         TEXT NOT NULL,
  source_path    TEXT NOT NULL DEFAULT '',
  source_offset  INTEGER NOT NULL DEFAULT -1,
  warc_record_id TEXT NOT NULL DEFAULT '',
  extracted_at   INTEGER
);
CREATE INDEX pages_by_final_url ON pages (final_url);
CREATE INDEX pages_to_extract ON pages (outcome, extracted_at);
CREATE TABLE records (
  page_id      INTEGER PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
  json         TEXT NOT NULL,
  extracted_at INTEGER NOT NULL
);
CREATE TABLE links (
  page_id  INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  url      TEXT NOT NULL,
  text     TEXT NOT NULL,
  section  TEXT NOT NULL,
  internal INTEGER NOT NULL,
  PRIMARY KEY (page_id, position)
);
CREATE INDEX links_by_url ON links (url);
)sql";

// Version 2: link health (issue 5), one row per distinct link URL, with its history.
constexpr const char* k_v2 = R"sql(
CREATE TABLE link_health (
  url             TEXT PRIMARY KEY,
  verdict         TEXT NOT NULL,
  class           TEXT NOT NULL,
  http_status     INTEGER NOT NULL DEFAULT 0,
  final_url       TEXT NOT NULL DEFAULT '',
  redirects       TEXT NOT NULL DEFAULT '[]',
  error           TEXT NOT NULL DEFAULT '',
  attempts        INTEGER NOT NULL DEFAULT 0,
  elapsed         REAL NOT NULL DEFAULT 0,
  checked_at      INTEGER NOT NULL,
  first_seen_dead INTEGER,
  last_seen_alive INTEGER,
  suggestion      TEXT
);
)sql";

// Version 3: exports (issue 6). Records know their own URL (the export order and the stable id)
// and when their content last changed (export --since).
constexpr const char* k_v3 = R"sql(
ALTER TABLE records ADD COLUMN url TEXT NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
UPDATE records SET url = coalesce(json_extract(json, '$.url'), ''), changed_at = extracted_at;
CREATE INDEX records_by_url ON records (url);
)sql";

// Migrations in order: k_migrations[i] takes version i to i + 1.
constexpr const char* k_migrations[] = {k_v1, k_v2, k_v3};
static_assert(std::size(k_migrations) == k_schema_version);

}  // namespace

void migrate(SQLite::Database& db) {
  int version = db.execAndGet("PRAGMA user_version").getInt();
  if (version > k_schema_version)
    throw core::Error(core::ExitCode::input,
                      db.getFilename() + ": store schema version " + std::to_string(version) +
                          " is newer than this salvage knows (" + std::to_string(k_schema_version) + ")");
  // A version-0 file must be empty: a database of something else is not ours to change.
  if (version == 0 && db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0)
    throw core::Error(core::ExitCode::input, db.getFilename() + " is an SQLite file but not a salvage store");
  for (int v = version; v < k_schema_version; ++v) {
    SQLite::Transaction transaction(db);
    db.exec(k_migrations[v]);
    db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    transaction.commit();
  }
}

}  // namespace salvage::store
