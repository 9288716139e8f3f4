#pragma once
// Fetching into the working store: `salvage crawl` (breadth-first over in-scope links),
// `salvage fetch --urls` and `salvage fetch --sitemap` (the listed pages only). All three run
// the same loop: the store's frontier feeds the fetch engine, every finished fetch is stored
// (pages committed in small transactions), and links of fetched HTML pages are queued.
// Running the same command again on the same store continues where it stopped.

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "fetch/engine.hpp"
#include "pipeline/progress_counts.hpp"
#include "pipeline/scope.hpp"

namespace salvage::store {
class Store;
}

namespace salvage::extract {
struct Profile;
}

namespace salvage::pipeline {

struct CrawlOptions {
  std::vector<std::string> start_urls;  // queued at depth 0 (normalised)
  bool follow_links = true;             // false: fetch the start URLs only
  ScopeOptions scope;
  fetch::EngineOptions engine;
  std::string warc_path;                // also write every fetch as WARC records
  bool refresh = false;                 // fetch stored pages again, conditionally
  // Extract each fetched page's record on the way, from the parse that finds its links, and
  // store it with the page (what `extract --db` would do afterwards; `salvage run` does this).
  bool extract = false;
  const extract::Profile* profile = nullptr;  // for that extraction (may be null)
  // Fetched pages waiting to be parsed and stored: past this many, no new request starts until
  // the workers and the store catch up, so memory stays flat when a server answers faster than
  // pages are parsed (a mirror on the LAN, a local copy).
  std::size_t max_unstored = 128;
};

struct CrawlProgress {
  OutcomeCounts outcomes;
  std::size_t queued = 0;         // frontier entries left
  std::size_t discovered = 0;     // new in-scope URLs queued in this run
  std::size_t other_schemes = 0;  // distinct links with schemes never fetched (mailto:, ftp:, news: ...)
  std::size_t extracted = 0;      // with CrawlOptions::extract: pages extracted on the way ...
  std::size_t records = 0;        // ... and the records among them
};

// Throws core::Error for setup errors (bad regex, unwritable WARC); per-URL failures are
// outcomes. `progress` (may be empty) is called after every stored fetch.
CrawlProgress crawl(store::Store& store, const CrawlOptions& options,
                    const std::function<void(const CrawlProgress&)>& progress, const std::atomic<bool>* stop);

// The page URLs listed by a sitemap (an index is followed, to 1,000 sitemaps), fetched with the
// engine's politeness. Problems (unreachable sitemap) are appended to `problems`.
std::vector<std::string> read_sitemaps(const std::string& url, const fetch::EngineOptions& engine,
                                       std::vector<std::string>& problems, const std::atomic<bool>* stop);

}  // namespace salvage::pipeline
