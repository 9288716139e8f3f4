#include "pipeline/crawl_workers.hpp"

#include <algorithm>

#include "core/fetched_page.hpp"
#include "extract/dom.hpp"
#include "extract/links.hpp"
#include "export/record_json.hpp"
#include "fetch/charset.hpp"
#include "pipeline/extract_page.hpp"
#include "pipeline/progress_counts.hpp"

namespace salvage::pipeline {

namespace {

void do_work(PageWork& w) {
  const core::FetchedPage& page = w.result.page;
  w.body = store::Store::prepare_body(page.body);
  std::string type = core::header_value(page.headers, "Content-Type").value_or("");
  bool links = w.find_links && is_html(type, page.body);
  if (!links && !w.extract) return;
  fetch::DecodedPage decoded = fetch::decode_page(page.body, fetch::charset_from_content_type(type));
  extract::Document doc(decoded.utf8, extract::inert_for(w.profile));
  if (links) w.links = extract::crawl_links(doc, page.final_url);
  if (w.extract) {
    w.record = extract_parsed(decoded, doc, page.final_url, w.profile);
    if (w.record) w.record_json = exporter::record_to_json_line(*w.record);
    w.extracted = true;
  }
}

}  // namespace

CrawlWorkers::CrawlWorkers(unsigned threads, std::function<void()> on_finished)
    : m_on_finished(std::move(on_finished)) {
  for (unsigned i = 0; i < std::max(1u, threads); ++i) m_threads.emplace_back([this] { work_loop(); });
}

CrawlWorkers::~CrawlWorkers() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_work_ready.notify_all();
  m_threads.clear();  // joins
}

void CrawlWorkers::submit(PageWork work) {
  {
    std::lock_guard lock(m_mutex);
    m_slots.push_back({std::move(work), false, nullptr});
  }
  m_work_ready.notify_one();
}

void CrawlWorkers::work_loop() {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_work_ready.wait(lock, [this] { return m_stopping || m_next < m_slots.size(); });
    if (m_next >= m_slots.size()) return;  // stopping, nothing left to start
    Slot* slot = &m_slots[m_next++];       // deque: references stay valid as slots are added
    lock.unlock();
    try {
      do_work(slot->work);
    } catch (...) {
      slot->error = std::current_exception();
    }
    lock.lock();
    slot->done = true;
    m_work_done.notify_all();
    if (m_on_finished) {
      lock.unlock();
      m_on_finished();
      lock.lock();
    }
  }
}

std::vector<PageWork> CrawlWorkers::take_finished(bool wait) {
  std::unique_lock lock(m_mutex);
  if (wait) m_work_done.wait(lock, [this] { return m_slots.empty() || m_slots.front().done; });
  std::vector<PageWork> out;
  while (!m_slots.empty() && m_slots.front().done) {
    std::exception_ptr error = m_slots.front().error;
    if (!error) out.push_back(std::move(m_slots.front().work));
    m_slots.pop_front();
    --m_next;
    if (error) std::rethrow_exception(error);  // what was taken before it is lost with the run
  }
  return out;
}

std::size_t CrawlWorkers::in_hand() const {
  std::lock_guard lock(m_mutex);
  return m_slots.size();
}

}  // namespace salvage::pipeline
