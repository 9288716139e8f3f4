#include "pipeline/crawl.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
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

// Three kinds of thread share the work. The transfer thread (the caller's) drives the fetch
// engine: it hands out requests from `ready` and submits each finished transfer to the workers.
// The workers (one per core, pipeline/crawl_workers.hpp) prepare pages. The store thread is the
// only one that touches the store: it stores finished work in submission order, queues the links
// found, and refills `ready` from the frontier. Transfers and store writes thus run side by side.
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
    unsigned cores = std::thread::hardware_concurrency();
    CrawlWorkers workers(std::max(1u, cores), [this] { work_finished(); });
    m_workers = &workers;
    {
      std::jthread store_thread([this] { store_loop(); });
      // However the engine is left (finished, stopped, a callback threw), the store thread stores
      // what was fetched and stops before the workers go.
      struct Close {
        CrawlLoop& loop;
        ~Close() { loop.close(); }
      } close{*this};
      fetch::Engine engine(m_options.engine);
      engine.run([this] { return next(); }, [this](fetch::FetchResult&& r) { done(std::move(r)); }, stop);
    }
    rethrow_store_error();
    if (m_warc) m_warc->flush();
    m_counts.queued = m_store.queued_count();
    return m_counts;
  }

 private:
  // ---- transfer thread ----

  // The next request for the engine. With transfers in flight an empty hand says "none right
  // now" (the engine asks again as they finish); with none, it waits for the store thread, and
  // nullopt ends the crawl only once every fetch is stored and the frontier is empty. While
  // options.max_unstored fetched pages wait to be stored, no new request is handed out.
  std::optional<fetch::FetchRequest> next() {
    std::size_t limit = m_scope.max_pages();
    if (limit && m_handed >= limit) return std::nullopt;
    std::unique_lock lock(m_mutex);
    for (;;) {
      if (m_error) std::rethrow_exception(m_error);
      if (!backlog_full() && !m_ready.empty()) {
        fetch::FetchRequest request = std::move(m_ready.front());
        m_ready.pop_front();
        ++m_handed;
        ++m_in_engine;
        if (m_ready.size() < k_take) m_store_wake.notify_one();
        return request;
      }
      if (m_in_engine > 0) return std::nullopt;
      if (m_stored == m_submitted && m_frontier_empty) return std::nullopt;
      m_transfer_wake.wait(lock);
    }
  }

  // A finished transfer goes to the workers; the store thread stores it when they are done.
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
    // Nothing to parse (an error page, a failure): the store thread takes it at once, rather
    // than behind pages still being parsed, and prepares its body itself: this thread drives
    // every transfer, and a site's error pages can be half of them.
    bool light = !parsed(work);
    {
      std::lock_guard lock(m_mutex);
      if (m_error) std::rethrow_exception(m_error);
      --m_in_engine;
      ++m_submitted;
      if (light) {
        m_light.push_back(std::move(work));
        ++m_finished;
      }
    }
    if (light) m_store_wake.notify_one();
    else m_workers->submit(std::move(work));
  }

  // Whether the workers parse the page (and prepare its body), or the store thread takes it as is.
  static bool parsed(const PageWork& work) { return work.find_links || work.extract; }

  // Tells the store thread to store what was submitted and stop; run() then joins it.
  void close() {
    {
      std::lock_guard lock(m_mutex);
      m_closing = true;
    }
    m_store_wake.notify_one();
  }

  void rethrow_store_error() {
    std::lock_guard lock(m_mutex);
    if (m_error) std::rethrow_exception(m_error);
  }

  // ---- store thread ----

  // On a worker thread: a page is prepared, the store thread may take it.
  void work_finished() {
    {
      std::lock_guard lock(m_mutex);
      ++m_finished;
    }
    m_store_wake.notify_one();
  }

  void store_loop() {
    try {
      store::Store::Committer committer(m_store, k_commit_every, k_commit_ms);
      m_committer = &committer;
      std::size_t seen = 0;
      for (;;) {
        bool closing = false, refill = false;
        std::vector<PageWork> works;
        {
          std::unique_lock lock(m_mutex);
          m_store_wake.wait(lock, [&] { return m_closing || m_finished != seen || wants_refill(); });
          seen = m_finished;
          closing = m_closing;
          refill = !closing && m_ready.size() < k_take;
          works.swap(m_light);
        }
        for (PageWork& work : m_workers->take_finished(false)) works.push_back(std::move(work));
        // Counted as stored one by one, not per batch: a transfer thread held back by the backlog
        // bound goes on as soon as there is room, rather than after the whole batch.
        for (PageWork& work : works) {
          apply(work);
          stored_one();
        }
        if (closing) break;
        std::vector<fetch::FetchRequest> fresh;
        bool frontier_empty = false;
        if (refill) {
          fresh = take_frontier();
          frontier_empty = fresh.size() < k_take;
        }
        {
          std::lock_guard lock(m_mutex);
          for (fetch::FetchRequest& r : fresh) m_ready.push_back(std::move(r));
          // Unknown unless just asked: stored pages may have queued links.
          m_frontier_empty = refill && frontier_empty;
        }
        m_transfer_wake.notify_one();
      }
      // Fetched already: stored, even when stopped.
      while (m_workers->in_hand() > 0)
        for (PageWork& work : m_workers->take_finished(true)) apply(work);
      committer.finish();
    } catch (...) {
      std::lock_guard lock(m_mutex);
      m_error = std::current_exception();
    }
    m_transfer_wake.notify_one();
  }

  void stored_one() {
    bool was_full;
    {
      std::lock_guard lock(m_mutex);
      was_full = backlog_full();
      ++m_stored;
      m_frontier_empty = false;  // the page may have queued links: the crawl is not over yet
    }
    if (was_full) m_transfer_wake.notify_one();
  }

  // Under m_mutex: options.max_unstored fetched pages wait to be stored; no request starts.
  bool backlog_full() const { return m_submitted - m_stored >= std::max<std::size_t>(1, m_options.max_unstored); }

  // Under m_mutex: the transfer thread is running short and the frontier may have more.
  bool wants_refill() const { return m_ready.size() < k_take && !m_frontier_empty; }

  std::vector<fetch::FetchRequest> take_frontier() {
    std::vector<fetch::FetchRequest> requests;
    for (store::FrontierEntry& entry : m_store.take_queued(k_take)) {
      fetch::FetchRequest request;
      request.url = std::move(entry.url);
      request.tag = entry.depth;
      if (m_options.refresh) std::tie(request.etag, request.last_modified) = m_store.validators(request.url);
      requests.push_back(std::move(request));
    }
    return requests;
  }

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

  // Stores a page and queues its links, in the same transaction.
  void apply(PageWork& work) {
    const fetch::FetchResult& result = work.result;
    const core::FetchedPage& page = result.page;
    if (result.outcome == core::FetchOutcome::not_modified) {
      m_store.mark_done(result.request.url, result.outcome);  // the stored copy stands
    } else {
      std::int64_t id = m_store.put_page(page, result.outcome, result.error, parsed(work) ? &work.body : nullptr);
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
      m_counts.queued = m_queued;
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
  CrawlWorkers* m_workers = nullptr;

  // Transfer thread only.
  std::size_t m_handed = 0;

  // Store thread only (and run() before and after it).
  std::optional<fetch::WarcWriter> m_warc;
  store::Store::Committer* m_committer = nullptr;
  std::unordered_set<std::string> m_refreshed;
  std::unordered_set<std::string> m_known;  // URLs queued or found stored in this run
  CrawlProgress m_counts;
  std::size_t m_queued = 0;  // in the store (taken entries count as queued), as last counted
  std::chrono::steady_clock::time_point m_counted{};

  // Shared, under m_mutex.
  std::mutex m_mutex;
  std::condition_variable m_transfer_wake, m_store_wake;
  std::deque<fetch::FetchRequest> m_ready;  // taken from the frontier, not yet handed out
  std::vector<PageWork> m_light;            // finished transfers with nothing to parse, to store
  std::size_t m_in_engine = 0;              // handed out, not yet finished
  std::size_t m_submitted = 0;              // finished transfers given to the workers
  std::size_t m_stored = 0;                 // of those, stored
  std::size_t m_finished = 0;               // pieces of work the workers have finished
  bool m_frontier_empty = false;            // the last refill found the frontier empty
  bool m_closing = false;                   // the engine is done: store what is left, then stop
  std::exception_ptr m_error;               // what stopped the store thread
};

}  // namespace

CrawlProgress crawl(store::Store& store, const CrawlOptions& options,
                    const std::function<void(const CrawlProgress&)>& progress, const std::atomic<bool>* stop) {
  CrawlOptions normalised = options;
  normalised.engine.keep_exchanges = !options.warc_path.empty();  // only a WARC file reads them
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
