#include "export/record_sqlite.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace salvage::exporter {

namespace {

constexpr int k_page_size = 4096;

// Tables and views; indexes come in finish(), after the bulk insert (k_indexes). Every table and
// column is documented in docs/exports-sqlite.md. Foreign keys are declared for consumers; the
// writer keeps them true by construction.
constexpr const char* k_schema = R"sql(
CREATE TABLE records (
  rowid              INTEGER PRIMARY KEY,
  id                 TEXT NOT NULL UNIQUE,
  url                TEXT NOT NULL,
  title              TEXT,
  date_raw           TEXT,
  date               TEXT,
  year               INTEGER,
  month              INTEGER,
  day                INTEGER,
  time               TEXT,
  question           TEXT,
  answer             TEXT,
  question_signature TEXT,
  answer_signature   TEXT,
  asker              TEXT,
  expert             TEXT,
  category_id        INTEGER REFERENCES categories (id),
  encoding           TEXT NOT NULL,
  encoding_source    TEXT NOT NULL,
  warnings           TEXT,
  changed_at         INTEGER NOT NULL
);
CREATE TABLE categories (
  id        INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES categories (id),
  depth     INTEGER NOT NULL,
  name      TEXT NOT NULL,
  path      TEXT NOT NULL
);
CREATE TABLE record_categories (
  record_rowid INTEGER NOT NULL REFERENCES records (rowid),
  depth        INTEGER NOT NULL,
  category_id  INTEGER NOT NULL REFERENCES categories (id)
);
CREATE TABLE links (
  record_rowid INTEGER NOT NULL REFERENCES records (rowid),
  position     INTEGER NOT NULL,
  url          TEXT NOT NULL,
  text         TEXT NOT NULL,
  section      TEXT NOT NULL,
  internal     INTEGER NOT NULL,
  verdict      TEXT,
  class        TEXT,
  http_status  INTEGER,
  checked_at   INTEGER
);
CREATE TABLE link_health (
  url             TEXT PRIMARY KEY,
  verdict         TEXT NOT NULL,
  class           TEXT NOT NULL,
  http_status     INTEGER NOT NULL,
  final_url       TEXT NOT NULL,
  redirects       TEXT NOT NULL,
  error           TEXT NOT NULL,
  attempts        INTEGER NOT NULL,
  elapsed         REAL NOT NULL,
  checked_at      INTEGER NOT NULL,
  first_seen_dead INTEGER,
  last_seen_alive INTEGER,
  suggestion      TEXT
);
CREATE VIRTUAL TABLE records_fts USING fts5 (
  title, question, answer,
  content = 'records', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIEW dead_links AS
  SELECT l.record_rowid, r.id AS record_id, r.url AS record_url, r.title,
         l.position, l.url, l.text, l.section, l.internal, l.class, l.http_status, l.checked_at,
         h.suggestion
  FROM links l
  JOIN records r ON r.rowid = l.record_rowid
  LEFT JOIN link_health h ON h.url = l.url
  WHERE l.verdict = 'dead'
  ORDER BY l.record_rowid, l.position;
CREATE VIEW dead_links_per_record AS
  SELECT r.rowid AS record_rowid, r.id AS record_id, r.url, r.title, count(*) AS dead_links,
         (SELECT json_group_array(url)
          FROM (SELECT url FROM links WHERE record_rowid = r.rowid AND verdict = 'dead'
                ORDER BY position)) AS dead_urls
  FROM records r
  JOIN links l ON l.record_rowid = r.rowid
  WHERE l.verdict = 'dead'
  GROUP BY r.rowid
  ORDER BY r.rowid;
CREATE VIEW records_per_category AS
  SELECT c.id AS category_id, c.parent_id, c.depth, c.name, c.path,
         (SELECT count(*) FROM records r WHERE r.category_id = c.id) AS records,
         (SELECT count(*) FROM record_categories rc WHERE rc.category_id = c.id) AS records_total
  FROM categories c
  ORDER BY c.id;
)sql";

constexpr const char* k_indexes = R"sql(
CREATE INDEX records_by_url ON records (url);
CREATE INDEX records_by_category ON records (category_id);
CREATE UNIQUE INDEX categories_by_parent ON categories (parent_id, name);
CREATE UNIQUE INDEX categories_roots ON categories (name) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX record_categories_by_record ON record_categories (record_rowid, depth);
CREATE INDEX record_categories_by_category ON record_categories (category_id);
CREATE UNIQUE INDEX links_by_record ON links (record_rowid, position);
CREATE INDEX links_by_url ON links (url);
)sql";

std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Removes a leftover of an interrupted export at `path`, with SQLite's side files.
void remove_leftovers(const std::string& path) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    std::error_code ec;
    std::filesystem::remove(path + suffix, ec);
    if (ec) throw core::Error(core::ExitCode::output, "cannot replace " + path + suffix + ": " + ec.message());
  }
}

SQLite::Database open_database(const std::string& path) {
  remove_leftovers(path);
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  // No rollback journal and no syncs: the file is renamed into place only after finish(), so a
  // crash costs nothing but a file to discard. Never WAL: the file must stand alone.
  db.exec("PRAGMA page_size = " + std::to_string(k_page_size));
  db.exec("PRAGMA encoding = 'UTF-8'");
  db.exec("PRAGMA journal_mode = OFF");
  db.exec("PRAGMA synchronous = OFF");
  db.exec("PRAGMA locking_mode = EXCLUSIVE");
  return db;
}

// bindNoCopy: the record outlives the statement's exec(), which is all SQLite needs.
void bind_text(SQLite::Statement& s, int index, const std::optional<std::string>& value) {
  if (value) s.bindNoCopy(index, *value);
  else s.bind(index);
}

void bind_int(SQLite::Statement& s, int index, const std::optional<int>& value) {
  if (value) s.bind(index, *value);
  else s.bind(index);
}

void bind_int64(SQLite::Statement& s, int index, const std::optional<std::int64_t>& value) {
  if (value) s.bind(index, *value);
  else s.bind(index);
}

void run(SQLite::Statement& s) {
  s.exec();
  s.reset();
}

}  // namespace

struct SqliteWriter::Impl {
  explicit Impl(const std::string& path) : db(open_database(path)), transaction(db), schema(create_schema(db)) {}

  static bool create_schema(SQLite::Database& database) {
    database.exec(k_schema);
    return true;
  }

  // Members in order of construction: the statements need the schema, which needs the open
  // transaction. Destruction in reverse finalizes the statements before the transaction rolls
  // back (when finish() never ran) and the file closes.
  SQLite::Database db;
  SQLite::Transaction transaction;
  bool schema;
  SQLite::Statement insert_record{db, R"sql(
    INSERT INTO records (rowid, id, url, title, date_raw, date, year, month, day, time, question,
                         answer, question_signature, answer_signature, asker, expert, category_id,
                         encoding, encoding_source, warnings, changed_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
            ?20, ?21))sql"};
  SQLite::Statement insert_fts{db, "INSERT INTO records_fts (rowid, title, question, answer) VALUES (?1, ?2, ?3, ?4)"};
  SQLite::Statement insert_category{
      db, "INSERT INTO categories (id, parent_id, depth, name, path) VALUES (?1, ?2, ?3, ?4, ?5)"};
  SQLite::Statement insert_record_category{
      db, "INSERT INTO record_categories (record_rowid, depth, category_id) VALUES (?1, ?2, ?3)"};
  SQLite::Statement insert_link{db, R"sql(
    INSERT INTO links (record_rowid, position, url, text, section, internal, verdict, class,
                       http_status, checked_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10))sql"};
  SQLite::Statement insert_health{db, R"sql(
    INSERT INTO link_health (url, verdict, class, http_status, final_url, redirects, error,
                             attempts, elapsed, checked_at, first_seen_dead, last_seen_alive,
                             suggestion)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13))sql"};

  // (parent id or 0 at the root, name) -> category id; ids are 1, 2, ... in order of first sight.
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> categories;

  // The ids of the record's breadcrumb path, root first, adding the categories not seen before.
  std::vector<std::int64_t> category_path(const std::vector<std::string>& trail) {
    std::vector<std::int64_t> ids;
    nlohmann::json path = nlohmann::json::array();
    std::int64_t parent = 0;
    for (std::size_t depth = 0; depth < trail.size(); ++depth) {
      path.push_back(trail[depth]);
      auto next_id = static_cast<std::int64_t>(categories.size() + 1);
      auto [it, added] = categories.try_emplace({parent, trail[depth]}, next_id);
      if (added) {
        insert_category.reset();
        insert_category.bind(1, next_id);
        bind_int64(insert_category, 2, parent ? std::optional(parent) : std::nullopt);
        insert_category.bind(3, static_cast<std::int64_t>(depth));
        insert_category.bindNoCopy(4, trail[depth]);
        insert_category.bind(5, json_text(path));
        run(insert_category);
      }
      ids.push_back(it->second);
      parent = it->second;
    }
    return ids;
  }

  void write(const ExportRecord& er, std::int64_t rowid) {
    const core::Record& r = er.record;
    std::vector<std::int64_t> path = r.breadcrumb ? category_path(*r.breadcrumb) : std::vector<std::int64_t>();
    static const core::DateParts k_no_date;
    const core::DateParts& d = r.date_parts ? *r.date_parts : k_no_date;

    SQLite::Statement& s = insert_record;
    s.reset();
    s.bind(1, rowid);
    s.bindNoCopy(2, er.id);
    s.bindNoCopy(3, r.url);
    bind_text(s, 4, r.title);
    bind_text(s, 5, r.date_raw);
    bind_text(s, 6, r.date);
    bind_int(s, 7, d.year);
    bind_int(s, 8, d.month);
    bind_int(s, 9, d.day);
    bind_text(s, 10, d.time);
    bind_text(s, 11, r.question);
    bind_text(s, 12, r.answer);
    bind_text(s, 13, r.question_signature);
    bind_text(s, 14, r.answer_signature);
    bind_text(s, 15, r.asker);
    bind_text(s, 16, r.expert);
    bind_int64(s, 17, path.empty() ? std::nullopt : std::optional(path.back()));
    s.bindNoCopy(18, r.encoding);
    s.bindNoCopy(19, r.encoding_source);
    if (r.warnings.empty()) s.bind(20);
    else s.bind(20, json_text(r.warnings));
    s.bind(21, er.changed_at);
    run(s);

    for (std::size_t depth = 0; depth < path.size(); ++depth) {
      insert_record_category.reset();
      insert_record_category.bind(1, rowid);
      insert_record_category.bind(2, static_cast<std::int64_t>(depth));
      insert_record_category.bind(3, path[depth]);
      run(insert_record_category);
    }

    for (const ExportLink& l : er.links) {
      SQLite::Statement& q = insert_link;
      q.reset();
      q.bind(1, rowid);
      q.bind(2, l.position);
      q.bindNoCopy(3, l.link.url);
      q.bindNoCopy(4, l.link.text);
      q.bindNoCopy(5, l.link.section);
      q.bind(6, l.internal ? 1 : 0);
      if (l.check) {
        q.bindNoCopy(7, l.check->verdict);
        q.bindNoCopy(8, l.check->link_class);
        q.bind(9, l.check->http_status);
        q.bind(10, l.check->checked_at);
      } else {
        for (int i = 7; i <= 10; ++i) q.bind(i);
      }
      run(q);
    }

    insert_fts.reset();
    insert_fts.bind(1, rowid);
    bind_text(insert_fts, 2, r.title);
    bind_text(insert_fts, 3, r.question);
    bind_text(insert_fts, 4, r.answer);
    run(insert_fts);
  }

  void write_link_health(const LinkHealthRow& row) {
    const core::LinkHealth& h = row.health;
    SQLite::Statement& s = insert_health;
    s.reset();
    s.bindNoCopy(1, h.url);
    s.bind(2, std::string(core::verdict_name(h.verdict())));
    s.bind(3, std::string(core::link_class_name(h.link_class)));
    s.bind(4, h.http_status);
    s.bindNoCopy(5, h.final_url);
    s.bind(6, json_text(h.redirects));
    s.bindNoCopy(7, h.error);
    s.bind(8, h.attempts);
    s.bind(9, h.elapsed_seconds);
    s.bind(10, h.checked_at);
    bind_int64(s, 11, row.first_seen_dead);
    bind_int64(s, 12, row.last_seen_alive);
    if (row.suggestion.empty()) s.bind(13);
    else s.bindNoCopy(13, row.suggestion);
    run(s);
  }

  void finish() {
    db.exec(k_indexes);
    // One b-tree for the whole full-text index: smaller and faster to query than the segments
    // the incremental inserts left.
    db.exec("INSERT INTO records_fts (records_fts) VALUES ('optimize')");
    db.exec("PRAGMA application_id = " + std::to_string(k_sqlite_export_application_id));
    db.exec("PRAGMA user_version = " + std::to_string(k_sqlite_export_version));
    transaction.commit();
  }
};

SqliteWriter::SqliteWriter(const std::string& path) : m_path(path) {
  try {
    m_impl = std::make_unique<Impl>(path);
  } catch (const SQLite::Exception& e) {
    throw core::Error(core::ExitCode::output, "cannot create " + path + ": " + e.what());
  }
}

SqliteWriter::~SqliteWriter() = default;

void SqliteWriter::write(const ExportRecord& record) {
  if (!m_impl) throw core::Error(core::ExitCode::output, m_path + ": record written after finish");
  try {
    m_impl->write(record, static_cast<std::int64_t>(m_counts.records + 1));
  } catch (const SQLite::Exception& e) {
    throw core::Error(core::ExitCode::output,
                      m_path + ": cannot write record " + record.id + " (" + record.record.url + "): " + e.what());
  }
  ++m_counts.records;
  m_counts.links += record.links.size();
}

void SqliteWriter::write_link_health(const LinkHealthRow& row) {
  if (!m_impl) throw core::Error(core::ExitCode::output, m_path + ": link health written after finish");
  try {
    m_impl->write_link_health(row);
  } catch (const SQLite::Exception& e) {
    throw core::Error(core::ExitCode::output,
                      m_path + ": cannot write the link health of " + row.health.url + ": " + e.what());
  }
}

void SqliteWriter::finish() {
  if (!m_impl) throw core::Error(core::ExitCode::output, m_path + ": finished twice");
  try {
    m_impl->finish();
    m_impl.reset();  // finalizes the statements and closes the file
  } catch (const SQLite::Exception& e) {
    throw core::Error(core::ExitCode::output, m_path + ": cannot finish: " + e.what());
  }
}

}  // namespace salvage::exporter
