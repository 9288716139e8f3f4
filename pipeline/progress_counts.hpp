#pragma once
// Counts of outcomes for a run's progress line and summary ("fetched 1203, http_4xx 12, ...").

#include <array>
#include <cstddef>
#include <string>

#include "core/fetched_page.hpp"

namespace salvage::pipeline {

struct OutcomeCounts {
  std::array<std::size_t, 12> by_outcome{};

  void add(core::FetchOutcome o) { ++by_outcome[static_cast<std::size_t>(o)]; }
  std::size_t operator[](core::FetchOutcome o) const { return by_outcome[static_cast<std::size_t>(o)]; }
  std::size_t total() const;
  // "fetched 1203, redirected 4, http_4xx 12" (outcomes that happened, in enum order), or "none".
  std::string summary() const;
};

// True when a stored payload is a web page worth extracting and following: an HTML content
// type, or none (mirrors, resources) with bytes that look like HTML.
bool is_html(std::string_view content_type, std::string_view body);

}  // namespace salvage::pipeline
