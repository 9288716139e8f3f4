#pragma once
// The crawl's page work off the thread that drives the transfers: for each fetched result, its
// body prepared for the store (compressed, hashed); for an HTML page whose links are followed,
// those links found (charset decoded, parsed, resolved); and when asked, its record extracted
// from the same parse (as `extract --db` would: pipeline/extract_page.hpp). The crawl's transfer
// thread submits results as transfers finish; its store thread takes finished work in submission
// order and applies it (stores the page and queues its links in one transaction), so the store is
// written by one thread only and a page is never stored without its links. Internal to pipeline/.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/record.hpp"
#include "fetch/engine.hpp"
#include "store/store.hpp"

namespace salvage::extract {
struct Profile;
}

namespace salvage::pipeline {

struct PageWork {
  fetch::FetchResult result;
  int depth = 0;
  bool find_links = false;                    // in: an HTML page to follow
  bool extract = false;                       // in: a fetched page to extract
  const extract::Profile* profile = nullptr;  // in: for extraction (may be null)
  store::Store::PreparedBody body;            // out
  std::vector<std::string> links;             // out: absolute, in document order
  bool extracted = false;                     // out: `record` (nullopt: not a Q&A page) is set
  std::optional<core::Record> record;         // out
  std::string record_json;                    // out: the record's line
};

class CrawlWorkers {
 public:
  // `on_finished` (may be empty) is called on a worker thread each time a piece of work is
  // finished, outside the workers' lock: a consumer waiting on its own condition wakes with it.
  explicit CrawlWorkers(unsigned threads, std::function<void()> on_finished = {});
  ~CrawlWorkers();  // finishes the work in hand, then stops the threads
  CrawlWorkers(const CrawlWorkers&) = delete;
  CrawlWorkers& operator=(const CrawlWorkers&) = delete;

  void submit(PageWork work);
  // Work finished so far, in submission order up to the first unfinished one; with `wait`, blocks
  // until at least one is finished when any is in hand. An exception a worker met (out of memory)
  // is rethrown here, on the caller's thread.
  std::vector<PageWork> take_finished(bool wait);
  std::size_t in_hand() const;  // submitted and not yet taken

 private:
  void work_loop();
  struct Slot {
    PageWork work;
    bool done = false;
    std::exception_ptr error;
  };
  mutable std::mutex m_mutex;
  std::condition_variable m_work_ready, m_work_done;
  std::deque<Slot> m_slots;   // in submission order
  std::size_t m_next = 0;     // index in m_slots of the first not yet started
  bool m_stopping = false;
  std::function<void()> m_on_finished;
  std::vector<std::jthread> m_threads;
};

}  // namespace salvage::pipeline
