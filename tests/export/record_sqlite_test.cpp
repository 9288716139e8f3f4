#include "export/record_sqlite.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

#include "core/error.hpp"
#include "tests/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace salvage;
using exporter::ExportLink;
using exporter::ExportRecord;
using exporter::LinkCheck;
using exporter::LinkHealthRow;
using exporter::SqliteWriter;

namespace {

constexpr std::int64_t k_changed_at = 1100000000;
constexpr std::int64_t k_checked_at = 1714564800;
constexpr const char* k_archived = "http://web.archive.org/web/2004/http://dead.example/b";

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

ExportLink make_link(int position, const std::string& url, const std::string& text, const std::string& section,
                     bool internal, std::optional<LinkCheck> check) {
  ExportLink l;
  l.link = core::Link{url, text, section};
  l.internal = internal;
  l.position = position;
  l.check = std::move(check);
  return l;
}

LinkCheck dead_check() { return LinkCheck{"dead", "not_found", 404, k_checked_at}; }

ExportRecord make_record(const std::string& id, const std::string& url) {
  ExportRecord r;
  r.id = id;
  r.record.url = url;
  r.changed_at = k_changed_at;
  return r;
}

// Every field set, a three-level trail, two dead links (the second sorts first by URL), one alive,
// one internal link never checked.
ExportRecord full_record() {
  ExportRecord r = make_record("0a1b2c3d4e5f6071", "http://qa.example/knees/stairs.html");
  core::Record& c = r.record;
  c.breadcrumb = std::vector<std::string>{"Home", "Bone Health", "Knees"};
  c.title = "Knee pain on stairs";
  c.date_raw = "Sept. 23, 2004 5:33 PM";
  c.date = "2004-09-23T17:33:00";
  c.date_parts = core::DateParts{2004, 9, 23, "17:33:00"};
  c.question = "Dear Lawrence, my knee hurts when I climb stairs.";
  c.answer = "Hello, Jason,\n\nThis sounds like chondromalacia; see the exercises.";
  c.question_signature = "Regards,\nJason";
  c.answer_signature = "with regard,\nLawrence Gold";
  c.asker = "Jason";
  c.expert = "Lawrence Gold";
  c.links = {{"http://dead.example/b", "exercises", "answer"},
             {"http://alive.example/", "http://alive.example/", "answer"},
             {"http://a-dead.example/", "old page", "question"}};
  c.internal_links = {{"http://qa.example/hips.html", "hips", "answer"}};
  c.encoding = "windows-1252";
  c.encoding_source = "meta";
  c.warnings = {"sections_unlabelled", "charset_detected"};
  r.links = {make_link(0, "http://dead.example/b", "exercises", "answer", false, dead_check()),
             make_link(1, "http://alive.example/", "http://alive.example/", "answer", false,
                       LinkCheck{"alive", "ok", 200, k_checked_at}),
             make_link(2, "http://a-dead.example/", "old page", "question", false,
                       LinkCheck{"dead", "dns_failure", 0, k_checked_at}),
             make_link(3, "http://qa.example/hips.html", "hips", "answer", true, std::nullopt)};
  return r;
}

// rowid 2: nothing but the URL (and its id).
ExportRecord minimal_record() { return make_record("1111111111111111", "http://qa.example/bare.html"); }

// rowid 3: shares "Home" > "Bone Health" with the full record; a diacritic in the answer.
ExportRecord hips_record() {
  ExportRecord r = make_record("2222222222222222", "http://qa.example/hips.html");
  r.record.breadcrumb = std::vector<std::string>{"Home", "Bone Health", "Hips"};
  r.record.title = "Hip stiffness";
  r.record.answer = "Try the caf\xC3\xA9 stretch every morning.";
  r.record.encoding = "utf-8";
  r.record.encoding_source = "http";
  r.links = {make_link(0, "http://dead.example/b", "same dead page", "answer", false, dead_check())};
  return r;
}

// rowid 4: a root category with the same name as a second-level one.
ExportRecord root_record() {
  ExportRecord r = make_record("3333333333333333", "http://qa.example/bone.html");
  r.record.breadcrumb = std::vector<std::string>{"Bone Health"};
  r.record.encoding = "utf-8";
  r.record.encoding_source = "default";
  return r;
}

// rowid 5: sits on "Home" itself.
ExportRecord home_record() {
  ExportRecord r = make_record("4444444444444444", "http://qa.example/");
  r.record.breadcrumb = std::vector<std::string>{"Home"};
  r.record.encoding = "utf-8";
  r.record.encoding_source = "bom";
  return r;
}

std::vector<LinkHealthRow> health_rows() {
  LinkHealthRow dead;
  dead.health.url = "http://dead.example/b";
  dead.health.link_class = core::LinkClass::not_found;
  dead.health.http_status = 404;
  dead.health.final_url = "http://dead.example/b";
  dead.health.error = "HTTP 404";
  dead.health.attempts = 1;
  dead.health.elapsed_seconds = 0.25;
  dead.health.checked_at = k_checked_at;
  dead.first_seen_dead = k_checked_at - 86400;
  dead.suggestion = k_archived;

  LinkHealthRow alive;
  alive.health.url = "http://alive.example/";
  alive.health.link_class = core::LinkClass::redirected;
  alive.health.http_status = 200;
  alive.health.final_url = "http://alive.example/home";
  alive.health.redirects = {"http://alive.example/home"};
  alive.health.attempts = 1;
  alive.health.checked_at = k_checked_at;
  alive.last_seen_alive = k_checked_at;

  LinkHealthRow slow;
  slow.health.url = "http://slow.example/";
  slow.health.link_class = core::LinkClass::timeout;
  slow.health.error = "no answer in 20 s";
  slow.health.attempts = 3;
  slow.health.checked_at = k_checked_at;
  return {dead, alive, slow};
}

void export_sample(const std::string& path) {
  SqliteWriter writer(path);
  for (const ExportRecord& r : {full_record(), minimal_record(), hips_record(), root_record(), home_record()})
    writer.write(r);
  for (const LinkHealthRow& row : health_rows()) writer.write_link_health(row);
  writer.finish();
  CHECK(writer.counts().records == 5);
  CHECK(writer.counts().links == 5);
}

// Every row of a query, each column as text ("NULL" for NULL), columns joined by '|'.
std::vector<std::string> rows(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement q(db, sql);
  std::vector<std::string> out;
  while (q.executeStep()) {
    std::string line;
    for (int i = 0; i < q.getColumnCount(); ++i) {
      if (i) line += '|';
      line += q.getColumn(i).isNull() ? std::string("NULL") : q.getColumn(i).getString();
    }
    out.push_back(line);
  }
  return out;
}

using Rows = std::vector<std::string>;

}  // namespace

TEST_CASE("SQLite export: file settings, records and their columns", "[sqlite-export]") {
  testing::TempDir tmp;
  std::string path = tmp.at("records.sqlite");
  export_sample(path);
  CHECK_FALSE(fs::exists(path + "-journal"));
  CHECK_FALSE(fs::exists(path + "-wal"));

  std::string bytes = file_bytes(path);
  REQUIRE(bytes.size() > 100);
  CHECK(bytes.substr(0, 16) == std::string("SQLite format 3\0", 16));
  CHECK(bytes[18] == 1);  // file format write version: 1 is a rollback journal, 2 would be WAL
  CHECK(bytes[19] == 1);

  SQLite::Database db(path);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == exporter::k_sqlite_export_version);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == 1);
  CHECK(db.execAndGet("PRAGMA application_id").getInt() == exporter::k_sqlite_export_application_id);
  CHECK(db.execAndGet("PRAGMA page_size").getInt() == 4096);
  CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "delete");
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  CHECK(rows(db, "PRAGMA foreign_key_check").empty());

  CHECK(rows(db, "SELECT rowid, id, url FROM records ORDER BY rowid") ==
        Rows{"1|0a1b2c3d4e5f6071|http://qa.example/knees/stairs.html", "2|1111111111111111|http://qa.example/bare.html",
             "3|2222222222222222|http://qa.example/hips.html", "4|3333333333333333|http://qa.example/bone.html",
             "5|4444444444444444|http://qa.example/"});

  CHECK(rows(db, "SELECT title, date_raw, date, year, month, day, time, question, answer, question_signature, "
                 "answer_signature, asker, expert, category_id, encoding, encoding_source, warnings, changed_at "
                 "FROM records WHERE id = '0a1b2c3d4e5f6071'") ==
        Rows{"Knee pain on stairs|Sept. 23, 2004 5:33 PM|2004-09-23T17:33:00|2004|9|23|17:33:00|"
             "Dear Lawrence, my knee hurts when I climb stairs.|"
             "Hello, Jason,\n\nThis sounds like chondromalacia; see the exercises.|Regards,\nJason|"
             "with regard,\nLawrence Gold|Jason|Lawrence Gold|3|windows-1252|meta|"
             "[\"sections_unlabelled\",\"charset_detected\"]|1100000000"});
  CHECK(db.execAndGet("SELECT typeof(year) || typeof(changed_at) FROM records WHERE rowid = 1").getString() ==
        "integerinteger");

  // Only the URL: every optional column is NULL, no warnings is NULL, encoding is ''.
  CHECK(rows(db, "SELECT title, date_raw, date, year, month, day, time, question, answer, question_signature, "
                 "answer_signature, asker, expert, category_id, quote(encoding), quote(encoding_source), warnings "
                 "FROM records WHERE rowid = 2") ==
        Rows{"NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|''|''|NULL"});
}

TEST_CASE("SQLite export: the category tree shares prefixes and gives each record its path", "[sqlite-export]") {
  testing::TempDir tmp;
  std::string path = tmp.at("records.sqlite");
  export_sample(path);
  SQLite::Database db(path);

  CHECK(rows(db, "SELECT id, parent_id, depth, name, path FROM categories ORDER BY id") ==
        Rows{"1|NULL|0|Home|[\"Home\"]", "2|1|1|Bone Health|[\"Home\",\"Bone Health\"]",
             "3|2|2|Knees|[\"Home\",\"Bone Health\",\"Knees\"]", "4|2|2|Hips|[\"Home\",\"Bone Health\",\"Hips\"]",
             "5|NULL|0|Bone Health|[\"Bone Health\"]"});
  CHECK(rows(db, "SELECT record_rowid, depth, category_id FROM record_categories ORDER BY record_rowid, depth") ==
        Rows{"1|0|1", "1|1|2", "1|2|3", "3|0|1", "3|1|2", "3|2|4", "4|0|5", "5|0|1"});
  CHECK(rows(db, "SELECT rowid, category_id FROM records ORDER BY rowid") ==
        Rows{"1|3", "2|NULL", "3|4", "4|5", "5|1"});

  // The path of a record by joining, root first.
  CHECK(rows(db, "SELECT c.name FROM record_categories rc JOIN categories c ON c.id = rc.category_id "
                 "JOIN records r ON r.rowid = rc.record_rowid WHERE r.id = '2222222222222222' ORDER BY rc.depth") ==
        Rows{"Home", "Bone Health", "Hips"});

  // records: sitting on the category itself; records_total: the category or below it.
  CHECK(rows(db, "SELECT category_id, name, records, records_total FROM records_per_category") ==
        Rows{"1|Home|1|3", "2|Bone Health|0|2", "3|Knees|1|1", "4|Hips|1|1", "5|Bone Health|1|1"});

  // The tree's uniqueness holds at the root too (NULL parent_id).
  CHECK_THROWS_AS(db.exec("INSERT INTO categories (parent_id, depth, name, path) VALUES (NULL, 0, 'Home', '[]')"),
                  SQLite::Exception);
}

TEST_CASE("SQLite export: links, link health and the dead-link views", "[sqlite-export]") {
  testing::TempDir tmp;
  std::string path = tmp.at("records.sqlite");
  export_sample(path);
  SQLite::Database db(path);

  CHECK(rows(db, "SELECT record_rowid, position, url, text, section, internal, verdict, class, http_status, "
                 "checked_at FROM links ORDER BY record_rowid, position") ==
        Rows{"1|0|http://dead.example/b|exercises|answer|0|dead|not_found|404|1714564800",
             "1|1|http://alive.example/|http://alive.example/|answer|0|alive|ok|200|1714564800",
             "1|2|http://a-dead.example/|old page|question|0|dead|dns_failure|0|1714564800",
             "1|3|http://qa.example/hips.html|hips|answer|1|NULL|NULL|NULL|NULL",
             "3|0|http://dead.example/b|same dead page|answer|0|dead|not_found|404|1714564800"});

  CHECK(rows(db, "SELECT url, verdict, class, http_status, final_url, redirects, error, attempts, elapsed, "
                 "checked_at, first_seen_dead, last_seen_alive, suggestion FROM link_health ORDER BY url") ==
        Rows{"http://alive.example/|alive|redirected|200|http://alive.example/home|[\"http://alive.example/home\"]||1|"
             "0.0|1714564800|NULL|1714564800|NULL",
             std::string("http://dead.example/b|dead|not_found|404|http://dead.example/b|[]|HTTP 404|1|0.25|"
                         "1714564800|1714478400|NULL|") + k_archived,
             "http://slow.example/|unverifiable|timeout|0||[]|no answer in 20 s|3|0.0|1714564800|NULL|NULL|NULL"});

  // Dead URLs in link order, not in URL order.
  CHECK(rows(db, "SELECT record_rowid, record_id, url, title, dead_links, dead_urls FROM dead_links_per_record") ==
        Rows{"1|0a1b2c3d4e5f6071|http://qa.example/knees/stairs.html|Knee pain on stairs|2|"
             "[\"http://dead.example/b\",\"http://a-dead.example/\"]",
             "3|2222222222222222|http://qa.example/hips.html|Hip stiffness|1|[\"http://dead.example/b\"]"});

  CHECK(rows(db, "SELECT record_rowid, record_id, record_url, position, url, text, section, class, http_status, "
                 "suggestion FROM dead_links") ==
        Rows{std::string("1|0a1b2c3d4e5f6071|http://qa.example/knees/stairs.html|0|http://dead.example/b|exercises|"
                         "answer|not_found|404|") + k_archived,
             "1|0a1b2c3d4e5f6071|http://qa.example/knees/stairs.html|2|http://a-dead.example/|old page|question|"
             "dns_failure|0|NULL",
             std::string("3|2222222222222222|http://qa.example/hips.html|0|http://dead.example/b|same dead page|"
                         "answer|not_found|404|") + k_archived});
}

TEST_CASE("SQLite export: the full-text index finds records by title, question and answer", "[sqlite-export]") {
  testing::TempDir tmp;
  std::string path = tmp.at("records.sqlite");
  export_sample(path);
  SQLite::Database db(path);

  auto match = [&](const std::string& query) {
    SQLite::Statement q(db, "SELECT r.id FROM records_fts JOIN records r ON r.rowid = records_fts.rowid "
                            "WHERE records_fts MATCH ?1 ORDER BY r.rowid");
    q.bind(1, query);
    std::vector<std::string> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
    return ids;
  };
  CHECK(match("chondromalacia") == Rows{"0a1b2c3d4e5f6071"});            // a word of the answer
  CHECK(match("stairs") == Rows{"0a1b2c3d4e5f6071"});                    // title and question
  CHECK(match("question: stairs AND title: knee") == Rows{"0a1b2c3d4e5f6071"});
  CHECK(match("cafe") == Rows{"2222222222222222"});                      // diacritics folded
  CHECK(match("stretch OR exercises") == Rows{"0a1b2c3d4e5f6071", "2222222222222222"});
  CHECK(match("answer: jason") == Rows{"0a1b2c3d4e5f6071"});
  CHECK(match("title: jason").empty());
  CHECK(match("nowhere").empty());

  // The example of docs/exports-sqlite.md.
  CHECK(rows(db, "SELECT r.id, snippet(records_fts, 2, '[', ']', '...', 3) FROM records_fts "
                 "JOIN records r ON r.rowid = records_fts.rowid "
                 "WHERE records_fts MATCH 'answer: chondromalacia' ORDER BY rank") ==
        Rows{"0a1b2c3d4e5f6071|...like [chondromalacia]; see..."});

  // The external-content index agrees with the records table.
  SQLite::Database writable(path, SQLite::OPEN_READWRITE);
  CHECK_NOTHROW(writable.exec("INSERT INTO records_fts (records_fts, rank) VALUES ('integrity-check', 1)"));
}

TEST_CASE("SQLite export: the same input gives byte-identical files", "[sqlite-export]") {
  testing::TempDir tmp;
  std::string first = tmp.at("first.sqlite");
  std::string second = tmp.at("second.sqlite");
  export_sample(first);
  // A leftover of an interrupted export at the second path is replaced, not appended to.
  {
    std::ofstream leftover(second, std::ios::binary);
    leftover << "not a database";
    std::ofstream journal(second + "-journal", std::ios::binary);
    journal << "stale";
  }
  export_sample(second);
  CHECK_FALSE(fs::exists(second + "-journal"));
  std::string a = file_bytes(first);
  std::string b = file_bytes(second);
  REQUIRE(a.size() == b.size());
  CHECK(a.size() % 4096 == 0);
  CHECK(a == b);

  // Many records (several thousand pages, FTS segments merged): still identical.
  auto many = [](const std::string& path) {
    SqliteWriter writer(path);
    for (int i = 0; i < 3000; ++i) {
      char id[17];
      std::snprintf(id, sizeof id, "%016x", i);
      ExportRecord r = make_record(id, "http://qa.example/q/" + std::to_string(i));
      r.record.breadcrumb = std::vector<std::string>{"Home", "Topic " + std::to_string(i % 7)};
      r.record.title = "Question number " + std::to_string(i);
      r.record.answer = "Answer text " + std::to_string(i * 7919) + " with words repeated for the index.";
      r.links = {make_link(0, "http://x.example/" + std::to_string(i % 50), "x", "answer", false, dead_check())};
      writer.write(r);
    }
    writer.finish();
  };
  many(first);
  many(second);
  CHECK(file_bytes(first) == file_bytes(second));
}

TEST_CASE("SQLite export: errors and abandoned writers", "[sqlite-export]") {
  testing::TempDir tmp;

  SECTION("a writer destroyed without finish() does not throw") {
    std::string path = tmp.at("abandoned.sqlite");
    CHECK_NOTHROW([&] {
      SqliteWriter writer(path);
      writer.write(full_record());
      writer.write_link_health(health_rows().front());
    }());
    CHECK_NOTHROW([&] { SqliteWriter writer(tmp.at("empty.sqlite")); }());
  }

  SECTION("a duplicate record id is an output error") {
    SqliteWriter writer(tmp.at("dup.sqlite"));
    writer.write(full_record());
    try {
      writer.write(full_record());
      FAIL("no exception");
    } catch (const core::Error& e) {
      CHECK(e.code() == core::ExitCode::output);
      CHECK(std::string(e.what()).find("0a1b2c3d4e5f6071") != std::string::npos);
    }
    CHECK(writer.counts().records == 1);
  }

  SECTION("an uncreatable file is an output error") {
    try {
      SqliteWriter writer(tmp.at("no/such/dir/x.sqlite"));
      FAIL("no exception");
    } catch (const core::Error& e) {
      CHECK(e.code() == core::ExitCode::output);
    }
  }

  SECTION("an empty export is a valid database") {
    std::string path = tmp.at("none.sqlite");
    SqliteWriter writer(path);
    writer.finish();
    CHECK_THROWS_AS(writer.write(minimal_record()), core::Error);
    SQLite::Database db(path);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == 1);
    CHECK(db.execAndGet("SELECT count(*) FROM records").getInt() == 0);
    CHECK(rows(db, "SELECT * FROM records_per_category").empty());
  }
}
