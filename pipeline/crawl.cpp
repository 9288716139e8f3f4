#include "pipeline/crawl.hpp"

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_set>

#include "core/error.hpp"
#include "core/url.hpp"
#include "fetch/sitemap.hpp"
#include "fetch/warc_writer.hpp"
#include "pipeline/crawl_workers.hpp"
#include "store/store.hpp"

namespace salvage::pipeline {

namespace {

constexpr std::size_t k_take = 64;                              // frontier entries per refill
constexpr std::size_t k_commit_every = 50;                      // stored fetches per transaction
constexpr long k_commit_ms = 1000;                              // or at least this often
constexpr std::size_t k_max_known = 1'000'000;                  // URLs remembered as already queued

class CrawlLoop {
 public:
  CrawlLoop(store::Store& store, const CrawlOptions& options, const std::function<void(const CrawlProgress&)>& progress)
      : m_store(store), m_options(options), m_scope(options.scope, options.start_urls), m_progress(progress) {
    if (!options.warc_path.empty()) m_warc.emplace(options.warc_path, "salvage/0.1");
  }

  CrawlProgress run(const std::atomic<bool>* stop) {
    {
      store::Store::Committer seeds(m_store, k_commit_every, k_commit_ms);
      for (const std::string& url : m_options.start_urls) queue(url, 0, "");
      seeds.finish();
    }
    store::Store::Committer committer(m_store, k_commit_every, k_commit_ms);
    m_committer = &committer;
    // The other cores prepare pages (compression, links) while this thread drives the transfers.
    unsigned cores = std::thread::hardware_concurrency();
    CrawlWorkers workers(std::max(1u, cores));
    m_workers = &workers;
    fetch::Engine engine(m_options.engine);
    engine.run([this] { return next(); }, [this](fetch::FetchResult&& r) { done(std::move(r)); }, stop);
    while (workers.in_hand() > 0) apply_finished(true);  // fetched already: stored, even when stopped
    committer.finish();
    if (m_warc) m_warc->flush();
    m_counts.queued = m_store.queued_count();
    return m_counts;
  }

 private:
  // Most links of a page are the site's menus, seen on every page: the store is asked about a URL
  // once per run. (Bounded: past the cap the set starts again, and the store still answers.)
  bool first_sight(const std::string& url) {
    if (m_known.size() >= k_max_known) m_known.clear();
    return m_known.insert(url).second;
  }

  // Queues a URL unless stored (or, when refreshing, unless refreshed in this run).
  void queue(const std::string& url, int depth, const std::string& found_on) {
    if (m_options.refresh) {
      if (m_refreshed.insert(url).second && m_store.requeue(url, depth)) ++m_counts.discovered;
      return;
    }
    if (!first_sight(url)) return;
    if (m_store.enqueue(url, depth, found_on)) ++m_counts.discovered;
  }

  std::optional<fetch::FetchRequest> next() {
    std::size_t limit = m_scope.max_pages();
    if (limit && m_handed >= limit) return std::nullopt;
    apply_finished(false);
    // An empty frontier may only be waiting for links still being found.
    for (;;) {
      if (m_buffer.empty())
        for (auto& entry : m_store.take_queued(k_take)) m_buffer.push_back(std::move(entry));
      if (!m_buffer.empty() || m_workers->in_hand() == 0) break;
      apply_finished(true);
    }
    if (m_buffer.empty()) return std::nullopt;
    store::FrontierEntry entry = std::move(m_buffer.front());
    m_buffer.pop_front();
    ++m_handed;
    fetch::FetchRequest request;
    request.url = entry.url;
    request.tag = entry.depth;
    if (m_options.refresh) std::tie(request.etag, request.last_modified) = m_store.validators(entry.url);
    return request;
  }

  // A finished transfer goes to the workers; it is stored when they are done with it.
  void done(fetch::FetchResult&& result) {
    PageWork work;
    work.depth = static_cast<int>(result.request.tag);
    core::FetchedPage& page = result.page;
    if (page.requested_url.empty()) page.requested_url = result.request.url;
    if (page.final_url.empty()) page.final_url = page.requested_url;
    work.find_links = m_options.follow_links && result.outcome == core::FetchOutcome::fetched;
    work.extract = m_options.extract && result.outcome == core::FetchOutcome::fetched;
    work.profile = m_options.profile;
    work.result = std::move(result);
    m_workers->submit(std::move(work));
    apply_finished(false);
  }

  void apply_finished(bool wait) {
    for (PageWork& work : m_workers->take_finished(wait)) apply(work);
  }

  // Stores a page and queues its links, in the same transaction.
  void apply(PageWork& work) {
    const fetch::FetchResult& result = work.result;
    const core::FetchedPage& page = result.page;
    if (result.outcome == core::FetchOutcome::not_modified) {
      m_store.mark_done(result.request.url, result.outcome);  // the stored copy stands
    } else {
      std::int64_t id = m_store.put_page(page, result.outcome, result.error, &work.body);
      if (work.extracted) {
        m_store.put_record(id, work.record, work.record_json);
        ++m_counts.extracted;
        if (work.record) ++m_counts.records;
      }
    }
    if (m_warc)
      for (const fetch::HttpExchange& exchange : result.exchanges) m_warc->write(exchange, page.fetched_at);
    m_counts.outcomes.add(result.outcome);
    if (work.find_links) follow(work.links, page.final_url, work.depth);
    m_committer->wrote();
    if (m_progress) {
      // Counting the queue is a table scan: a few times a second is enough for a progress line.
      auto now = std::chrono::steady_clock::now();
      if (now - m_counted >= std::chrono::milliseconds(250)) {
        m_queued = m_store.queued_count();
        m_counted = now;
      }
      m_counts.queued = m_buffer.size() + m_queued;
      m_progress(m_counts);
    }
  }

  void follow(const std::vector<std::string>& links, const std::string& page_url, int depth) {
    for (const std::string& link : links) {
      std::string scheme = core::url_scheme(link);
      if (scheme != "http" && scheme != "https") {
        // Recorded once (a frontier row, outcome skipped), never fetched.
        if (first_sight(link)) {
          m_store.mark_done(link, core::FetchOutcome::skipped, "scheme " + scheme + " is not fetched");
          ++m_counts.other_schemes;
        }
        continue;
      }
      if (m_scope.allows(link, depth + 1)) queue(link, depth + 1, page_url);
    }
  }

  store::Store& m_store;
  const CrawlOptions& m_options;
  Scope m_scope;
  std::function<void(const CrawlProgress&)> m_progress;
  std::optional<fetch::WarcWriter> m_warc;
  store::Store::Committer* m_committer = nullptr;
  CrawlWorkers* m_workers = nullptr;
  std::deque<store::FrontierEntry> m_buffer;
  std::unordered_set<std::string> m_refreshed;
  std::unordered_set<std::string> m_known;  // URLs queued or found stored in this run
  std::size_t m_handed = 0;
  CrawlProgress m_counts;
  std::size_t m_queued = 0;  // in the store, as last counted
  std::chrono::steady_clock::time_point m_counted{};
};

}  // namespace

CrawlProgress crawl(store::Store& store, const CrawlOptions& options,
                    const std::function<void(const CrawlProgress&)>& progress, const std::atomic<bool>* stop) {
  CrawlOptions normalised = options;
  normalised.start_urls.clear();
  for (const std::string& url : options.start_urls) {
    auto n = core::resolve_url(url, "");
    std::string scheme = n ? core::url_scheme(*n) : "";
    if (!n || (scheme != "http" && scheme != "https"))
      throw core::Error(core::ExitCode::usage, "not an http or https URL: " + url);
    normalised.start_urls.push_back(*n);
  }
  CrawlLoop loop(store, normalised, progress);
  return loop.run(stop);
}

std::vector<std::string> read_sitemaps(const std::string& url, const fetch::EngineOptions& engine_options,
                                       std::vector<std::string>& problems, const std::atomic<bool>* stop) {
  constexpr std::size_t k_max_sitemaps = 1000;
  std::vector<std::string> pages;
  std::deque<std::string> pending{url};
  std::unordered_set<std::string> seen{url};
  std::size_t fetched = 0;
  fetch::Engine engine(engine_options);
  engine.run(
      [&]() -> std::optional<fetch::FetchRequest> {
        if (pending.empty() || fetched >= k_max_sitemaps) return std::nullopt;
        fetch::FetchRequest r;
        r.url = pending.front();
        pending.pop_front();
        ++fetched;
        return r;
      },
      [&](fetch::FetchResult&& r) {
        if (r.outcome != core::FetchOutcome::fetched) {
          problems.push_back("sitemap " + r.request.url + ": " + std::string(core::outcome_name(r.outcome)) +
                             (r.error.empty() ? "" : " (" + r.error + ")"));
          return;
        }
        // Entries are resolved against the sitemap's own URL (some are relative).
        const std::string& base = r.page.final_url.empty() ? r.request.url : r.page.final_url;
        fetch::Sitemap sitemap = fetch::parse_sitemap(r.page.body);
        for (const std::string& page : sitemap.pages)
          if (auto u = core::resolve_url(base, page)) pages.push_back(*u);
        for (const std::string& nested : sitemap.sitemaps)
          if (auto u = core::resolve_url(base, nested); u && seen.insert(*u).second) pending.push_back(*u);
      },
      stop);
  return pages;
}

}  // namespace salvage::pipeline
