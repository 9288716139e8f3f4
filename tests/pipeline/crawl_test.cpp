// pipeline::crawl end to end against tests/server/test_server.py serving a generated site from a
// folder on 127.0.0.1: what the crawl stores whatever its backlog bound.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "pipeline/crawl.hpp"
#include "store/store.hpp"
#include "tests/server/server_process.hpp"
#include "tests/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace salvage;

namespace {

// index.html links every page; page N is a small Q&A page linking pages N+1 and N+2 and one
// missing page (a 404, stored without parsing).
void write_site(const fs::path& root, int pages) {
  fs::create_directories(root / "qa");
  std::ofstream index(root / "index.html");
  index << "<html><body><h1>Archive</h1>\n";
  for (int n = 0; n < pages; ++n) index << "<a href=\"qa/" << n << ".html\">question " << n << "</a><br>\n";
  index << "</body></html>\n";
  for (int n = 0; n < pages; ++n) {
    std::ofstream page(root / "qa" / (std::to_string(n) + ".html"));
    page << "<html><head><title>Question " << n << "</title></head><body>"
         << "<h2>Question</h2><p>Dear Lawrence, my hamstrings are tight after " << n << " weeks.</p>"
         << "<p>Regards,<br>Jason</p><h2>Answer</h2><p>Hello, Jason, see the exercise.</p>"
         << "<p>with regard,<br>Lawrence Gold</p>"
         << "<p><a href=\"" << n + 1 << ".html\">next</a> <a href=\"" << n + 2 << ".html\">after</a> "
         << "<a href=\"gone-" << n << ".html\">gone</a></p></body></html>";
  }
}

}  // namespace

TEST_CASE("a crawl stores every page once with its record, however small its backlog bound", "[crawl]") {
  constexpr int k_pages = 100;
  testing::TempDir d;
  write_site(d.dir / "site", k_pages);
  testing::TestServer server({"--root", d.at("site")});
  for (std::size_t max_unstored : {std::size_t{1}, std::size_t{8}}) {
    INFO("max_unstored " << max_unstored);
    std::string db = d.at("store-" + std::to_string(max_unstored) + ".db");
    store::Store store(db);
    pipeline::CrawlOptions o;
    o.start_urls = {server.url("/")};
    o.engine.delay_seconds = 0;
    o.engine.per_host = 8;
    o.engine.concurrency = 8;
    o.engine.obey_robots = false;
    o.extract = true;
    o.max_unstored = max_unstored;
    pipeline::CrawlProgress p = pipeline::crawl(store, o, {}, nullptr);
    // The index, the pages and one missing page per page; pages k_pages and k_pages+1 are linked
    // but missing too.
    CHECK(p.outcomes[core::FetchOutcome::fetched] == 1 + k_pages);
    CHECK(p.outcomes[core::FetchOutcome::http_4xx] == k_pages + 2);
    CHECK(p.extracted == 1 + k_pages);
    CHECK(p.records == k_pages);
    store::StoreCounts c = store.counts();
    CHECK(c.pages == 1 + k_pages + k_pages + 2);
    CHECK(c.records == k_pages);
    CHECK(c.queued == 0);
    CHECK(c.unextracted == 0);
  }
}
