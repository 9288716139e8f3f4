#include "store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <unordered_map>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "store/blob.hpp"
#include "store/schema.hpp"

namespace salvage::store {

namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string headers_text(const core::Headers& headers) {
  std::string out;
  for (const auto& [k, v] : headers) out += k + ": " + v + "\n";
  return out;
}

core::Headers parse_headers_text(std::string_view text) {
  core::Headers out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    std::size_t colon = line.find(": ");
    if (colon != std::string_view::npos) out.emplace_back(line.substr(0, colon), line.substr(colon + 2));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

std::string_view column_text(const SQLite::Column& c) {
  return c.isNull() ? std::string_view() : std::string_view(static_cast<const char*>(c.getBlob()), c.getBytes());
}

}  // namespace

// A statement kept prepared for the store's life (preparing them was a quarter of a crawl's CPU),
// reset and unbound when this use of it ends. One use of a given SQL text at a time.
class Prepared {
 public:
  explicit Prepared(SQLite::Statement& statement) : m_statement(statement) {}
  ~Prepared() {
    m_statement.tryReset();
    try {
      m_statement.clearBindings();
    } catch (...) {  // a destructor never throws; the next bind replaces them anyway
    }
  }
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;
  SQLite::Statement& operator*() { return m_statement; }

 private:
  SQLite::Statement& m_statement;
};

struct Store::Impl {
  explicit Impl(const std::string& path)
      : db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, 5000) {}
  // The statements of the per-page paths (fetch, queue, extract), prepared on first use.
  SQLite::Statement& prepared(const char* sql) {
    auto& slot = statements[sql];
    if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
    return *slot;
  }
  SQLite::Database db;
  int batch_depth = 0;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements;  // by SQL text
};

Store::Store(const std::string& path) {
  try {
    m_impl = std::make_unique<Impl>(path);
  } catch (const SQLite::Exception& e) {
    throw core::Error(core::ExitCode::output, "cannot open store " + path + ": " + e.what());
  }
  try {
    SQLite::Database& db = m_impl->db;
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");  // WAL + NORMAL: a crash loses no committed batch
    db.exec("PRAGMA foreign_keys = ON");
    // Statement journals and sorts in memory: a temporary file per frontier refill is wasted work.
    db.exec("PRAGMA temp_store = MEMORY");
    migrate(db);
    // Entries handed out when the last run stopped were never stored: queue them again.
    db.exec("UPDATE frontier SET state = 'queued' WHERE state = 'active'");
  } catch (const SQLite::Exception& e) {
    throw core::Error(core::ExitCode::input, path + " is not a usable salvage store: " + e.what());
  }
}

Store::~Store() = default;

int Store::schema_version() const { return m_impl->db.execAndGet("PRAGMA user_version").getInt(); }

StoreCounts Store::counts() const {
  SQLite::Database& db = m_impl->db;
  StoreCounts c;
  c.pages = static_cast<std::size_t>(db.execAndGet("SELECT count(*) FROM pages").getInt64());
  c.queued = queued_count();
  c.records = static_cast<std::size_t>(db.execAndGet("SELECT count(*) FROM records").getInt64());
  c.unextracted = static_cast<std::size_t>(
      db.execAndGet("SELECT count(*) FROM pages WHERE outcome = 'fetched' AND extracted_at IS NULL").getInt64());
  return c;
}

bool Store::has_page(std::string_view url) const {
  Prepared use(m_impl->prepared("SELECT 1 FROM pages WHERE url = ?1 OR final_url = ?1 LIMIT 1"));
  SQLite::Statement& q = *use;
  q.bind(1, std::string(url));
  return q.executeStep();
}

Store::PreparedBody Store::prepare_body(std::string_view raw) {
  if (raw.empty()) return {};
  return {compress(raw), core::sha256_hex(raw), raw.size()};
}

std::int64_t Store::put_page(const core::FetchedPage& page, core::FetchOutcome outcome, std::string_view error,
                             const PreparedBody* prepared) {
  Prepared use(m_impl->prepared(R"sql(
    INSERT INTO pages (url, final_url, redirects, status, outcome, error, headers, content_type,
                       fetched_at, body, body_size, body_sha256, source, source_path, source_offset,
                       warc_record_id, extracted_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, NULL)
    ON CONFLICT (url) DO UPDATE SET
      final_url = excluded.final_url, redirects = excluded.redirects, status = excluded.status,
      outcome = excluded.outcome, error = excluded.error, headers = excluded.headers,
      content_type = excluded.content_type, fetched_at = excluded.fetched_at, body = excluded.body,
      body_size = excluded.body_size, body_sha256 = excluded.body_sha256, source = excluded.source,
      source_path = excluded.source_path, source_offset = excluded.source_offset,
      warc_record_id = excluded.warc_record_id, extracted_at = NULL
    RETURNING id)sql"));
  SQLite::Statement& q = *use;
  q.bind(1, page.requested_url);
  q.bind(2, page.final_url.empty() ? page.requested_url : page.final_url);
  q.bind(3, nlohmann::json(page.redirects).dump());
  q.bind(4, page.status);
  q.bind(5, std::string(core::outcome_name(outcome)));
  q.bind(6, std::string(error));
  q.bind(7, headers_text(page.headers));
  q.bind(8, core::header_value(page.headers, "Content-Type").value_or(""));
  q.bind(9, static_cast<std::int64_t>(page.fetched_at ? page.fetched_at : unix_now()));
  PreparedBody here;
  if (!prepared) here = prepare_body(page.body);
  const PreparedBody& body = prepared ? *prepared : here;
  if (body.size == 0) q.bind(10);
  else q.bind(10, body.compressed.data(), static_cast<int>(body.compressed.size()));
  q.bind(11, static_cast<std::int64_t>(body.size));
  q.bind(12, body.sha256);
  q.bind(13, page.provenance.kind.empty() ? std::string("live") : page.provenance.kind);
  q.bind(14, page.provenance.path);
  q.bind(15, static_cast<std::int64_t>(page.provenance.offset));
  q.bind(16, page.provenance.record_id);
  q.executeStep();
  std::int64_t id = q.getColumn(0).getInt64();
  mark_done(page.requested_url, outcome);
  return id;
}

std::optional<StoredPage> Store::page(std::string_view url) const {
  SQLite::Statement q(m_impl->db, R"sql(
    SELECT id, url, final_url, redirects, status, outcome, error, headers, fetched_at, body,
           source, source_path, source_offset, warc_record_id
    FROM pages WHERE url = ?1 OR final_url = ?1 ORDER BY url = ?1 DESC LIMIT 1)sql");
  q.bind(1, std::string(url));
  if (!q.executeStep()) return std::nullopt;
  StoredPage s;
  s.id = q.getColumn(0).getInt64();
  s.page.requested_url = q.getColumn(1).getString();
  s.page.final_url = q.getColumn(2).getString();
  for (const auto& hop : nlohmann::json::parse(q.getColumn(3).getString(), nullptr, false))
    if (hop.is_string()) s.page.redirects.push_back(hop.get<std::string>());
  s.page.status = q.getColumn(4).getInt();
  s.outcome = core::outcome_from_name(q.getColumn(5).getString()).value_or(core::FetchOutcome::failed);
  s.error = q.getColumn(6).getString();
  s.page.headers = parse_headers_text(q.getColumn(7).getString());
  s.page.fetched_at = q.getColumn(8).getInt64();
  s.page.body = decompress(column_text(q.getColumn(9))).value_or("");
  s.page.provenance = {q.getColumn(10).getString(), q.getColumn(11).getString(), q.getColumn(12).getInt64(),
                       q.getColumn(13).getString()};
  return s;
}

std::pair<std::optional<std::string>, std::optional<std::string>> Store::validators(std::string_view url) const {
  auto stored = page(url);
  if (!stored) return {};
  return {core::header_value(stored->page.headers, "ETag"), core::header_value(stored->page.headers, "Last-Modified")};
}

void Store::for_each_page_to_extract(bool include_extracted, const std::function<void(StoredPage&&)>& visit) const {
  // Paged by id so that writes between pages (put_record) never disturb an open cursor.
  std::int64_t after = 0;
  for (;;) {
    SQLite::Statement q(m_impl->db, std::string(R"sql(
      SELECT id, url FROM pages WHERE outcome = 'fetched' AND id > ?1)sql") +
                                        (include_extracted ? "" : " AND extracted_at IS NULL") +
                                        " ORDER BY id LIMIT 256");
    q.bind(1, static_cast<std::int64_t>(after));
    std::vector<std::pair<std::int64_t, std::string>> ids;
    while (q.executeStep()) ids.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getString());
    if (ids.empty()) return;
    for (auto& [id, url] : ids) {
      after = id;
      if (auto stored = page(url)) visit(std::move(*stored));
    }
  }
}

bool Store::enqueue(std::string_view url, int depth, std::string_view found_on) {
  // One statement per linked URL (a crawl asks for every new one): not when stored already, under
  // its own name or as where a redirect ended.
  Prepared use(m_impl->prepared(
      "INSERT INTO frontier (url, depth, state, found_on) SELECT ?1, ?2, 'queued', ?3 "
      "WHERE NOT EXISTS (SELECT 1 FROM pages WHERE url = ?1 OR final_url = ?1) "
      "ON CONFLICT (url) DO NOTHING"));
  SQLite::Statement& q = *use;
  q.bind(1, std::string(url));
  q.bind(2, depth);
  q.bind(3, std::string(found_on));
  return q.exec() > 0;
}

bool Store::requeue(std::string_view url, int depth) {
  SQLite::Statement q(m_impl->db,
                      "INSERT INTO frontier (url, depth, state) VALUES (?1, ?2, 'queued') "
                      "ON CONFLICT (url) DO UPDATE SET state = 'queued', depth = min(depth, ?2) "
                      "WHERE state = 'done'");
  q.bind(1, std::string(url));
  q.bind(2, depth);
  return q.exec() > 0;
}

std::vector<FrontierEntry> Store::take_queued(std::size_t limit) {
  SQLite::Statement q(m_impl->db,
                      "UPDATE frontier SET state = 'active' WHERE rowid IN (SELECT rowid FROM frontier "
                      "WHERE state = 'queued' ORDER BY depth, rowid LIMIT ?1) RETURNING url, depth, rowid");
  q.bind(1, static_cast<std::int64_t>(limit));
  std::vector<std::pair<std::int64_t, FrontierEntry>> rows;
  while (q.executeStep())
    rows.push_back({q.getColumn(2).getInt64(), {q.getColumn(0).getString(), q.getColumn(1).getInt()}});
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.second.depth != b.second.depth ? a.second.depth < b.second.depth : a.first < b.first;
  });
  std::vector<FrontierEntry> out;
  for (auto& r : rows) out.push_back(std::move(r.second));
  return out;
}

void Store::mark_done(std::string_view url, core::FetchOutcome outcome, std::string_view reason) {
  // A fetched URL has its frontier row already: one UPDATE, cheaper than an upsert's failed INSERT.
  Prepared use_update(m_impl->prepared("UPDATE frontier SET state = 'done', outcome = ?2, reason = ?3 WHERE url = ?1"));
  SQLite::Statement& update = *use_update;
  update.bind(1, std::string(url));
  update.bind(2, std::string(core::outcome_name(outcome)));
  update.bind(3, std::string(reason));
  if (update.exec() > 0) return;
  Prepared use_insert(m_impl->prepared(
      "INSERT INTO frontier (url, depth, state, outcome, reason) VALUES (?1, 0, 'done', ?2, ?3) "
      "ON CONFLICT (url) DO UPDATE SET state = 'done', outcome = ?2, reason = ?3"));
  SQLite::Statement& insert = *use_insert;
  insert.bind(1, std::string(url));
  insert.bind(2, std::string(core::outcome_name(outcome)));
  insert.bind(3, std::string(reason));
  insert.exec();
}

std::size_t Store::queued_count() const {
  Prepared use(m_impl->prepared("SELECT count(*) FROM frontier WHERE state IN ('queued', 'active')"));
  (*use).executeStep();
  return static_cast<std::size_t>((*use).getColumn(0).getInt64());
}

void Store::put_record(std::int64_t page_id, const std::optional<core::Record>& record, std::string_view json) {
  // A record re-extracted to the same content keeps its changed_at (export --since).
  std::int64_t now = unix_now();
  std::int64_t changed_at = now;
  bool had_record = false;
  {
    Prepared use(m_impl->prepared("SELECT json, changed_at FROM records WHERE page_id = ?1"));
    SQLite::Statement& old = *use;
    old.bind(1, static_cast<std::int64_t>(page_id));
    had_record = old.executeStep();
    if (had_record && record && column_text(old.getColumn(0)) == json) changed_at = old.getColumn(1).getInt64();
  }
  // A page's links are stored with its record only: a page without a record has none to delete
  // (a newly fetched page, nearly every page of a crawl).
  if (had_record) {
    Prepared use_del_links(m_impl->prepared("DELETE FROM links WHERE page_id = ?1"));
    SQLite::Statement& del_links = *use_del_links;
    del_links.bind(1, static_cast<std::int64_t>(page_id));
    del_links.exec();
    Prepared use_del_record(m_impl->prepared("DELETE FROM records WHERE page_id = ?1"));
    SQLite::Statement& del_record = *use_del_record;
    del_record.bind(1, static_cast<std::int64_t>(page_id));
    del_record.exec();
  }
  if (record) {
    Prepared use_ins(m_impl->prepared("INSERT INTO records (page_id, json, extracted_at, url, changed_at) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5)"));
    SQLite::Statement& ins = *use_ins;
    ins.bind(1, static_cast<std::int64_t>(page_id));
    ins.bind(2, std::string(json));
    ins.bind(3, static_cast<std::int64_t>(now));
    ins.bind(4, record->url);
    ins.bind(5, static_cast<std::int64_t>(changed_at));
    ins.exec();
    Prepared use_link(m_impl->prepared("INSERT INTO links (page_id, position, url, text, section, internal) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    SQLite::Statement& link = *use_link;
    int position = 0;
    for (const auto* list : {&record->links, &record->internal_links}) {
      for (const core::Link& l : *list) {
        link.bind(1, static_cast<std::int64_t>(page_id));
        link.bind(2, position++);
        link.bind(3, l.url);
        link.bind(4, l.text);
        link.bind(5, l.section);
        link.bind(6, list == &record->internal_links ? 1 : 0);
        link.exec();
        link.reset();
      }
    }
  }
  Prepared use_mark(m_impl->prepared("UPDATE pages SET extracted_at = ?2 WHERE id = ?1"));
  SQLite::Statement& mark = *use_mark;
  mark.bind(1, static_cast<std::int64_t>(page_id));
  mark.bind(2, static_cast<std::int64_t>(now));
  mark.exec();
}

void Store::for_each_record(const std::function<void(std::string_view json)>& visit) const {
  SQLite::Statement q(m_impl->db, "SELECT json FROM records ORDER BY page_id");
  while (q.executeStep()) visit(column_text(q.getColumn(0)));
}

void Store::for_each_export_row(std::int64_t since, const std::function<void(ExportRow&&)>& visit) const {
  SQLite::Database& db = m_impl->db;
  // Latest page first within a URL, so that the first row of each URL is the one exported.
  SQLite::Statement q(db,
                      "SELECT page_id, url, json, changed_at FROM records WHERE changed_at >= ?1 "
                      "ORDER BY url, page_id DESC");
  q.bind(1, static_cast<std::int64_t>(since));
  SQLite::Statement links(db,
                          "SELECT l.position, l.url, l.text, l.section, l.internal, h.verdict, h.class, "
                          "h.http_status, h.checked_at FROM links l LEFT JOIN link_health h ON h.url = l.url "
                          "WHERE l.page_id = ?1 ORDER BY l.position");
  std::string previous;
  bool first = true;
  while (q.executeStep()) {
    std::string url = q.getColumn(1).getString();
    if (!first && url == previous) continue;
    first = false;
    previous = url;
    ExportRow row;
    row.json = q.getColumn(2).getString();
    row.changed_at = q.getColumn(3).getInt64();
    links.reset();
    links.bind(1, q.getColumn(0).getInt64());
    while (links.executeStep()) {
      ExportRow::Link& l = row.links.emplace_back();
      l.position = links.getColumn(0).getInt();
      l.url = links.getColumn(1).getString();
      l.text = links.getColumn(2).getString();
      l.section = links.getColumn(3).getString();
      l.internal = links.getColumn(4).getInt() != 0;
      if (!links.getColumn(5).isNull()) {
        l.verdict = links.getColumn(5).getString();
        l.link_class = links.getColumn(6).getString();
        l.http_status = links.getColumn(7).getInt();
        l.checked_at = links.getColumn(8).getInt64();
      }
    }
    visit(std::move(row));
  }
}

Store::Batch::Batch(Store& store) : m_store(store) {
  if (m_store.m_impl->batch_depth++ == 0) m_store.m_impl->db.exec("BEGIN IMMEDIATE");
}

Store::Batch::~Batch() {
  if (m_done) return;
  if (--m_store.m_impl->batch_depth == 0) {
    try {
      m_store.m_impl->db.exec("ROLLBACK");
    } catch (...) {  // a destructor never throws
    }
  }
}

void Store::Batch::commit() {
  if (m_done) return;
  m_done = true;
  if (--m_store.m_impl->batch_depth == 0) m_store.m_impl->db.exec("COMMIT");
}

}  // namespace salvage::store

namespace salvage::store {

namespace {
std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Store::Committer::Committer(Store& store, std::size_t every_writes, long every_ms)
    : m_store(store), m_every(every_writes), m_every_ms(every_ms) {
  open();
}

Store::Committer::~Committer() = default;

void Store::Committer::open() {
  m_batch.reset();
  m_batch = std::make_unique<Batch>(m_store);
  m_pending = 0;
  m_opened_ms = steady_ms();
}

void Store::Committer::wrote() {
  if (++m_pending >= m_every || steady_ms() - m_opened_ms >= m_every_ms) {
    m_batch->commit();
    open();
  }
}

void Store::Committer::finish() { m_batch->commit(); }

}  // namespace salvage::store

// ---- link health ----
namespace salvage::store {

std::vector<std::string> Store::links_to_check(const std::string& after, std::int64_t checked_before,
                                               bool include_internal, std::size_t limit) const {
  SQLite::Statement q(m_impl->db, std::string(R"sql(
    SELECT DISTINCT l.url FROM links l LEFT JOIN link_health h ON h.url = l.url
    WHERE l.url > ?1 AND (h.url IS NULL OR h.checked_at < ?2))sql") +
                                      (include_internal ? "" : " AND l.internal = 0") + " ORDER BY l.url LIMIT ?3");
  q.bind(1, after);
  q.bind(2, checked_before);
  q.bind(3, static_cast<std::int64_t>(limit));
  std::vector<std::string> urls;
  while (q.executeStep()) urls.push_back(q.getColumn(0).getString());
  return urls;
}

std::size_t Store::count_links_to_check(std::int64_t checked_before, bool include_internal) const {
  SQLite::Statement q(m_impl->db, std::string(R"sql(
    SELECT count(DISTINCT l.url) FROM links l LEFT JOIN link_health h ON h.url = l.url
    WHERE (h.url IS NULL OR h.checked_at < ?1))sql") + (include_internal ? "" : " AND l.internal = 0"));
  q.bind(1, checked_before);
  q.executeStep();
  return static_cast<std::size_t>(q.getColumn(0).getInt64());
}

void Store::for_each_link_to_check(std::int64_t checked_before, bool include_internal,
                                   const std::function<void(const std::string& url)>& visit) const {
  // Paged so that writes between pages never disturb an open cursor.
  std::string after;
  for (;;) {
    std::vector<std::string> urls = links_to_check(after, checked_before, include_internal, 512);
    if (urls.empty()) return;
    for (const std::string& url : urls) visit(url);
    after = urls.back();
  }
}

std::string Store::linking_record_date(const std::string& url) const {
  SQLite::Statement q(m_impl->db, R"sql(
    SELECT coalesce(json_extract(r.json, '$.date'), json_extract(r.json, '$.date_raw'), '')
    FROM links l JOIN records r ON r.page_id = l.page_id WHERE l.url = ?1
    ORDER BY json_extract(r.json, '$.date') IS NULL LIMIT 1)sql");
  q.bind(1, url);
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

void Store::put_link_health(const core::LinkHealth& h) {
  SQLite::Statement q(m_impl->db, R"sql(
    INSERT INTO link_health (url, verdict, class, http_status, final_url, redirects, error, attempts, elapsed,
                             checked_at, first_seen_dead, last_seen_alive)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
            CASE WHEN ?2 = 'dead' THEN ?10 END, CASE WHEN ?2 = 'alive' THEN ?10 END)
    ON CONFLICT (url) DO UPDATE SET
      verdict = excluded.verdict, class = excluded.class, http_status = excluded.http_status,
      final_url = excluded.final_url, redirects = excluded.redirects, error = excluded.error,
      attempts = excluded.attempts, elapsed = excluded.elapsed, checked_at = excluded.checked_at,
      first_seen_dead = CASE WHEN excluded.verdict = 'dead' THEN coalesce(first_seen_dead, excluded.checked_at)
                             WHEN excluded.verdict = 'alive' THEN NULL ELSE first_seen_dead END,
      last_seen_alive = CASE WHEN excluded.verdict = 'alive' THEN excluded.checked_at ELSE last_seen_alive END)sql");
  q.bind(1, h.url);
  q.bind(2, std::string(core::verdict_name(h.verdict())));
  q.bind(3, std::string(core::link_class_name(h.link_class)));
  q.bind(4, h.http_status);
  q.bind(5, h.final_url);
  q.bind(6, nlohmann::json(h.redirects).dump());
  q.bind(7, h.error);
  q.bind(8, h.attempts);
  q.bind(9, h.elapsed_seconds);
  q.bind(10, static_cast<std::int64_t>(h.checked_at ? h.checked_at : unix_now()));
  q.exec();
}

void Store::put_link_suggestion(const std::string& url, const std::string& suggestion) {
  SQLite::Statement q(m_impl->db, "UPDATE link_health SET suggestion = ?2 WHERE url = ?1");
  q.bind(1, url);
  q.bind(2, suggestion);
  q.exec();
}

namespace {

Store::LinkHealthRow read_health_row(SQLite::Statement& q, int first) {
  Store::LinkHealthRow row;
  core::LinkHealth& h = row.health;
  h.url = q.getColumn(first).getString();
  h.link_class = core::link_class_from_name(q.getColumn(first + 1).getString()).value_or(core::LinkClass::invalid_url);
  h.http_status = q.getColumn(first + 2).getInt();
  h.final_url = q.getColumn(first + 3).getString();
  for (const auto& hop : nlohmann::json::parse(q.getColumn(first + 4).getString(), nullptr, false))
    if (hop.is_string()) h.redirects.push_back(hop.get<std::string>());
  h.error = q.getColumn(first + 5).getString();
  h.attempts = q.getColumn(first + 6).getInt();
  h.elapsed_seconds = q.getColumn(first + 7).getDouble();
  h.checked_at = q.getColumn(first + 8).getInt64();
  if (!q.getColumn(first + 9).isNull()) row.first_seen_dead = q.getColumn(first + 9).getInt64();
  if (!q.getColumn(first + 10).isNull()) row.last_seen_alive = q.getColumn(first + 10).getInt64();
  if (!q.getColumn(first + 11).isNull()) row.suggestion = q.getColumn(first + 11).getString();
  return row;
}

constexpr const char* k_health_columns =
    "h.url, h.class, h.http_status, h.final_url, h.redirects, h.error, h.attempts, h.elapsed, h.checked_at, "
    "h.first_seen_dead, h.last_seen_alive, h.suggestion";

}  // namespace

std::optional<Store::LinkHealthRow> Store::link_health(std::string_view url) const {
  SQLite::Statement q(m_impl->db, std::string("SELECT ") + k_health_columns + " FROM link_health h WHERE h.url = ?1");
  q.bind(1, std::string(url));
  if (!q.executeStep()) return std::nullopt;
  return read_health_row(q, 0);
}

void Store::for_each_link_health(const std::function<void(LinkHealthRow&&)>& visit) const {
  SQLite::Statement q(m_impl->db, std::string("SELECT ") + k_health_columns + " FROM link_health h ORDER BY h.url");
  while (q.executeStep()) visit(read_health_row(q, 0));
}

void Store::for_each_link_use(
    bool include_internal,
    const std::function<void(const std::string&, const std::optional<LinkHealthRow>&, const std::vector<LinkUse>&)>&
        visit) const {
  // Ordered by URL so that each URL's uses arrive together; one pass, one URL in memory at a time.
  SQLite::Statement q(m_impl->db, std::string("SELECT l.url, p.final_url, coalesce(r.json, ''), l.section, l.text, ") +
                                      k_health_columns +
                                      " FROM links l JOIN pages p ON p.id = l.page_id "
                                      "LEFT JOIN records r ON r.page_id = l.page_id "
                                      "LEFT JOIN link_health h ON h.url = l.url" +
                                      (include_internal ? "" : " WHERE l.internal = 0") +
                                      " ORDER BY l.url, l.page_id, l.position");
  std::string current;
  std::optional<LinkHealthRow> health;
  std::vector<LinkUse> uses;
  auto emit = [&] {
    if (!current.empty()) visit(current, health, uses);
    uses.clear();
  };
  while (q.executeStep()) {
    std::string url = q.getColumn(0).getString();
    if (url != current) {
      emit();
      current = url;
      health.reset();
      if (!q.getColumn(5).isNull()) health = read_health_row(q, 5);
    }
    uses.push_back({q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                    q.getColumn(4).getString()});
  }
  emit();
}

}  // namespace salvage::store
