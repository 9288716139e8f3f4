#include <catch2/catch.hpp>

#include "pipeline/crawl_workers.hpp"

using namespace salvage;

namespace {

pipeline::PageWork page_work(int n, bool find_links) {
  pipeline::PageWork w;
  w.depth = n;
  w.find_links = find_links;
  w.result.outcome = core::FetchOutcome::fetched;
  w.result.page.final_url = "http://site.example/q/" + std::to_string(n) + ".html";
  w.result.page.headers = {{"Content-Type", "text/html; charset=utf-8"}};
  w.result.page.body = "<html><body><a href=\"../a/" + std::to_string(n) + ".html\">next</a></body></html>";
  return w;
}

}  // namespace

TEST_CASE("crawl workers: bodies prepared, links found, results in submission order", "[crawl-workers]") {
  pipeline::CrawlWorkers workers(3);
  constexpr int k_pages = 200;
  for (int n = 0; n < k_pages; ++n) workers.submit(page_work(n, n % 2 == 0));
  std::vector<pipeline::PageWork> done;
  while (workers.in_hand() > 0)
    for (auto& w : workers.take_finished(true)) done.push_back(std::move(w));
  REQUIRE(done.size() == k_pages);
  for (int n = 0; n < k_pages; ++n) {
    INFO(n);
    const auto& w = done[static_cast<std::size_t>(n)];
    CHECK(w.depth == n);
    CHECK(w.body.size == w.result.page.body.size());
    CHECK(w.body.sha256.size() == 64);
    CHECK(!w.body.compressed.empty());
    if (n % 2 == 0)
      CHECK(w.links == std::vector<std::string>{"http://site.example/a/" + std::to_string(n) + ".html"});
    else
      CHECK(w.links.empty());  // not asked for
  }
  CHECK(workers.take_finished(false).empty());
  CHECK(workers.take_finished(true).empty());  // nothing in hand: no wait
}

TEST_CASE("crawl workers: work in hand is finished before they stop", "[crawl-workers]") {
  std::vector<pipeline::PageWork> done;
  {
    pipeline::CrawlWorkers workers(1);
    for (int n = 0; n < 20; ++n) workers.submit(page_work(n, true));
  }  // destroyed with work in hand: no hang, no crash
  pipeline::CrawlWorkers workers(2);
  workers.submit(page_work(1, false));
  auto first = workers.take_finished(true);
  REQUIRE(first.size() == 1);
  CHECK(first[0].body.size > 0);
}
