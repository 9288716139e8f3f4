#pragma once
// `salvage extract --db FILE`: every stored page not yet extracted (all with --force) through
// the extractor, the records stored with their links and written as JSON Lines. The charset the
// page's HTTP headers declared is used.

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace salvage::extract {
struct Profile;
}
namespace salvage::store {
class Store;
}

namespace salvage::pipeline {

struct ExtractStoreOptions {
  bool force = false;                      // re-extract pages extracted before
  const extract::Profile* profile = nullptr;
  unsigned jobs = 0;                       // extraction threads; 0: one per core
};

struct ExtractStoreSummary {
  std::size_t pages = 0;    // pages extracted in this run
  std::size_t records = 0;  // of which Q&A pages
};

// Extracts and stores; `write_record` gets each new record's JSON line, in page order.
// `progress` (may be empty) is called after each chunk with pages done so far.
ExtractStoreSummary extract_store(store::Store& store, const ExtractStoreOptions& options,
                                  const std::function<void(std::string_view json)>& write_record,
                                  const std::function<void(std::size_t pages)>& progress,
                                  const std::atomic<bool>* stop);

}  // namespace salvage::pipeline
