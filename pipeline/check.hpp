#pragma once
// `salvage check`: every distinct link URL of the stored records checked once (fetch/
// link_checker.hpp) and its verdict stored with history. Cached: a re-run checks only URLs
// whose last check is older than max_age (all with recheck). Optionally asks a
// Wayback-Machine-compatible availability endpoint for a replacement of each dead link.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/link_health.hpp"
#include "fetch/link_checker.hpp"

namespace salvage::store {
class Store;
}

namespace salvage::pipeline {

struct CheckOptions {
  fetch::LinkCheckOptions checker;
  bool internal = false;            // check the site's own links too
  std::int64_t max_age_seconds = 86400;
  bool recheck = false;
  std::string exclude;              // ECMAScript regex: matching URLs are not checked
  bool suggest = false;
  std::string wayback_url = "https://archive.org/wayback/available";
};

struct CheckSummary {
  std::array<std::size_t, 18> by_class{};  // indexed by core::LinkClass
  std::size_t due = 0;      // link URLs due for a check when the run began (excluded ones too)
  std::size_t checked = 0;
  std::size_t excluded = 0;
  std::size_t suggestions = 0;
  std::size_t count(core::LinkVerdict v) const;
  std::string summary() const;  // "alive 120, dead 14 (not_found 9, gone 1, ...), unverifiable 3"
};

CheckSummary check_links(store::Store& store, const CheckOptions& options,
                         const std::function<void(const CheckSummary&)>& progress, const std::atomic<bool>* stop);

}  // namespace salvage::pipeline
