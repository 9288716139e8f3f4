#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <unistd.h>

#include "core/error.hpp"
#include "store/store.hpp"
#include "tests/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace salvage;

namespace {

core::FetchedPage sample_page(const std::string& url, const std::string& body) {
  core::FetchedPage p;
  p.requested_url = url;
  p.final_url = url + "?final";
  p.redirects = {url + "?final"};
  p.status = 200;
  p.headers = {{"Content-Type", "text/html; charset=windows-1252"}, {"ETag", "\"abc\""}};
  p.body = body;
  p.fetched_at = 1100000000;
  p.provenance = {"warc", "/data/crawl.warc.gz", 1234, "<urn:uuid:1>"};
  return p;
}

}  // namespace

TEST_CASE("a store round-trips pages and keeps them across reopening", "[store]") {
  testing::TempDir tmp;
  std::string body(100000, 'x');
  body += "<p>caf\xE9</p>";
  {
    store::Store s(tmp.at("salvage.db"));
    CHECK(s.schema_version() == store::k_schema_version);
    s.put_page(sample_page("http://a.example/q/1", body), core::FetchOutcome::fetched);
  }
  store::Store s(tmp.at("salvage.db"));
  CHECK(s.has_page("http://a.example/q/1"));
  CHECK(s.has_page("http://a.example/q/1?final"));
  auto stored = s.page("http://a.example/q/1");
  REQUIRE(stored.has_value());
  CHECK(stored->page.body == body);
  CHECK(stored->page.status == 200);
  CHECK(stored->page.redirects == std::vector<std::string>{"http://a.example/q/1?final"});
  CHECK(core::header_value(stored->page.headers, "content-type") == std::optional<std::string>("text/html; charset=windows-1252"));
  CHECK(stored->page.provenance.offset == 1234);
  CHECK(stored->page.provenance.record_id == "<urn:uuid:1>");
  CHECK(stored->outcome == core::FetchOutcome::fetched);
  CHECK(s.validators("http://a.example/q/1").first == std::optional<std::string>("\"abc\""));
}

TEST_CASE("the frontier is breadth-first, hands an entry out once, and requeues after a crash", "[store]") {
  testing::TempDir tmp;
  {
    store::Store s(tmp.at("salvage.db"));
    CHECK(s.enqueue("http://a/deep", 2));
    CHECK(s.enqueue("http://a/", 0));
    CHECK(s.enqueue("http://a/one", 1));
    CHECK_FALSE(s.enqueue("http://a/one", 1));  // already queued
    auto first = s.take_queued(2);
    REQUIRE(first.size() == 2);
    CHECK(first[0].url == "http://a/");
    CHECK(first[1].url == "http://a/one");
    CHECK(s.take_queued(10).size() == 1);  // only the deep one is left to hand out
    s.put_page(sample_page("http://a/", "x"), core::FetchOutcome::fetched);
    CHECK_FALSE(s.enqueue("http://a/", 0));  // stored pages are never queued again
    // No put_page for the other two: as if the process died with them in flight.
  }
  store::Store reopened(tmp.at("salvage.db"));
  auto again = reopened.take_queued(10);
  REQUIRE(again.size() == 2);
  CHECK(again[0].url == "http://a/one");
  CHECK(again[1].url == "http://a/deep");
}

TEST_CASE("a batch that is not committed leaves nothing behind", "[store]") {
  testing::TempDir tmp;
  store::Store s(tmp.at("salvage.db"));
  {
    store::Store::Batch batch(s);
    s.put_page(sample_page("http://a/x", "x"), core::FetchOutcome::fetched);
  }
  CHECK_FALSE(s.has_page("http://a/x"));
  {
    store::Store::Batch batch(s);
    s.put_page(sample_page("http://a/y", "y"), core::FetchOutcome::fetched);
    batch.commit();
  }
  CHECK(s.has_page("http://a/y"));
}

TEST_CASE("records and links replace earlier ones and mark the page extracted", "[store]") {
  testing::TempDir tmp;
  store::Store s(tmp.at("salvage.db"));
  auto id = s.put_page(sample_page("http://a/q", "<p>q</p>"), core::FetchOutcome::fetched);
  CHECK(s.counts().unextracted == 1);
  core::Record r;
  r.url = "http://a/q";
  r.links = {{"http://b/", "b", "answer"}};
  r.internal_links = {{"http://a/other", "other", "question"}};
  s.put_record(id, r, R"({"url":"http://a/q"})");
  s.put_record(id, r, R"({"url":"http://a/q","again":1})");
  CHECK(s.counts().unextracted == 0);
  CHECK(s.counts().records == 1);
  std::vector<std::string> lines;
  s.for_each_record([&](std::string_view json) { lines.emplace_back(json); });
  CHECK(lines == std::vector<std::string>{R"({"url":"http://a/q","again":1})"});
  std::size_t visited = 0;
  s.for_each_page_to_extract(false, [&](store::StoredPage&&) { ++visited; });
  CHECK(visited == 0);
  s.for_each_page_to_extract(true, [&](store::StoredPage&& p) { visited += p.page.body == "<p>q</p>"; });
  CHECK(visited == 1);
}

TEST_CASE("a file that is not a salvage store is refused, not changed", "[store]") {
  testing::TempDir tmp;
  {
    SQLite::Database other(tmp.at("salvage.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE customers (id INTEGER)");
  }
  CHECK_THROWS_AS(store::Store(tmp.at("salvage.db")), core::Error);
  SQLite::Database check(tmp.at("salvage.db"));
  CHECK(check.tableExists("customers"));
  CHECK_FALSE(check.tableExists("pages"));
}

TEST_CASE("link health keeps its history and drives what needs a check", "[store]") {
  testing::TempDir tmp;
  store::Store s(tmp.at("salvage.db"));
  auto id = s.put_page(sample_page("http://a/q", "<p>q</p>"), core::FetchOutcome::fetched);
  core::Record r;
  r.url = "http://a/q";
  r.links = {{"http://b/dead", "dead one", "answer"}, {"http://c/ok", "ok", "question"}};
  r.internal_links = {{"http://a/other", "other", "answer"}};
  s.put_record(id, r, R"({"url":"http://a/q","title":"T"})");

  auto to_check = [&](std::int64_t before, bool internal) {
    std::vector<std::string> urls;
    s.for_each_link_to_check(before, internal, [&](const std::string& u) { urls.push_back(u); });
    CHECK(s.count_links_to_check(before, internal) == urls.size());
    return urls;
  };
  CHECK(to_check(1000, false) == std::vector<std::string>{"http://b/dead", "http://c/ok"});
  CHECK(to_check(1000, true).size() == 3);

  core::LinkHealth dead{"http://b/dead", core::LinkClass::not_found, 404, "http://b/dead", {}, "404", 1, 0.1, 500};
  s.put_link_health(dead);
  dead.checked_at = 600;
  s.put_link_health(dead);
  CHECK(s.link_health("http://b/dead")->first_seen_dead == std::optional<std::int64_t>(500));
  CHECK(to_check(550, false) == std::vector<std::string>{"http://c/ok"});  // checked at 600: fresh

  core::LinkHealth alive = dead;
  alive.link_class = core::LinkClass::ok;
  alive.checked_at = 700;
  s.put_link_health(alive);
  auto row = s.link_health("http://b/dead");
  CHECK_FALSE(row->first_seen_dead.has_value());
  CHECK(row->last_seen_alive == std::optional<std::int64_t>(700));
  CHECK(row->health.verdict() == core::LinkVerdict::alive);

  std::size_t urls = 0, uses = 0;
  s.for_each_link_use(false, [&](const std::string&, const auto& health, const auto& u) {
    ++urls;
    uses += u.size();
    if (health) CHECK(health->health.url == "http://b/dead");
  });
  CHECK(urls == 2);
  CHECK(uses == 2);
}

TEST_CASE("a re-extraction replaces the links, and one that finds no record removes them", "[store]") {
  testing::TempDir tmp;
  store::Store s(tmp.at("salvage.db"));
  auto id = s.put_page(sample_page("http://a/q", "<p>q</p>"), core::FetchOutcome::fetched);
  auto outbound = [&] {
    std::vector<std::string> urls;
    s.for_each_link_to_check(1000, false, [&](const std::string& u) { urls.push_back(u); });
    return urls;
  };
  core::Record r;
  r.url = "http://a/q";
  r.links = {{"http://b/1", "one", "answer"}, {"http://b/2", "two", "answer"}};
  s.put_record(id, r, R"({"url":"http://a/q","n":2})");
  CHECK(outbound() == std::vector<std::string>{"http://b/1", "http://b/2"});
  r.links = {{"http://b/3", "three", "question"}};
  s.put_record(id, r, R"({"url":"http://a/q","n":1})");
  CHECK(outbound() == std::vector<std::string>{"http://b/3"});
  s.put_record(id, std::nullopt, "");
  CHECK(outbound().empty());
  CHECK(s.counts().records == 0);
  CHECK(s.counts().unextracted == 0);  // extracted: it is no Q&A page
  s.put_record(id, r, R"({"url":"http://a/q","n":1})");
  CHECK(outbound() == std::vector<std::string>{"http://b/3"});
  CHECK(s.counts().records == 1);
}
