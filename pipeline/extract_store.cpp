#include "pipeline/extract_store.hpp"

#include <algorithm>
#include <thread>
#include <vector>

#include "export/record_json.hpp"
#include "fetch/charset.hpp"
#include "pipeline/extract_page.hpp"
#include "store/store.hpp"

namespace salvage::pipeline {

namespace {

constexpr std::size_t k_chunk = 128;  // pages in memory at once

struct Extracted {
  std::int64_t page_id = 0;
  std::optional<core::Record> record;
  std::string json;
};

// Extracts a chunk on `jobs` threads; results keep the chunk's order.
std::vector<Extracted> extract_chunk(const std::vector<store::StoredPage>& pages, const ExtractStoreOptions& options,
                                     unsigned jobs) {
  std::vector<Extracted> out(pages.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < pages.size();) {
      const store::StoredPage& stored = pages[i];
      std::string charset = fetch::charset_from_content_type(
          core::header_value(stored.page.headers, "Content-Type").value_or(""));
      // The record's URL is where the page was found in the end (after redirects).
      const std::string& url = stored.page.final_url.empty() ? stored.page.requested_url : stored.page.final_url;
      out[i].page_id = stored.id;
      out[i].record = extract_page(stored.page.body, url, charset, options.profile);
      if (out[i].record) out[i].json = exporter::record_to_json_line(*out[i].record);
    }
  };
  std::vector<std::jthread> threads;
  for (unsigned t = 1; t < std::min<std::size_t>(jobs, pages.size()); ++t) threads.emplace_back(work);
  work();
  return out;
}

}  // namespace

ExtractStoreSummary extract_store(store::Store& store, const ExtractStoreOptions& options,
                                  const std::function<void(std::string_view json)>& write_record,
                                  const std::function<void(std::size_t pages)>& progress,
                                  const std::atomic<bool>* stop) {
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  ExtractStoreSummary summary;
  std::vector<store::StoredPage> chunk;
  auto flush = [&] {
    std::vector<Extracted> results = extract_chunk(chunk, options, jobs);
    store::Store::Batch batch(store);
    for (const Extracted& e : results) {
      store.put_record(e.page_id, e.record, e.json);
      ++summary.pages;
      if (e.record) {
        ++summary.records;
        write_record(e.json);
      }
    }
    batch.commit();
    chunk.clear();
    if (progress) progress(summary.pages);
  };
  // --force walks every page once: pages are visited in id order and each is extracted once.
  store.for_each_page_to_extract(options.force, [&](store::StoredPage&& page) {
    if (stop && *stop) return;
    chunk.push_back(std::move(page));
    if (chunk.size() >= k_chunk) flush();
  });
  if (!chunk.empty() && !(stop && *stop)) flush();
  return summary;
}

}  // namespace salvage::pipeline
