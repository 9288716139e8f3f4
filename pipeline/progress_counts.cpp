#include "pipeline/progress_counts.hpp"

#include "core/text.hpp"
#include "fetch/mirror.hpp"

namespace salvage::pipeline {

std::size_t OutcomeCounts::total() const {
  std::size_t n = 0;
  for (std::size_t c : by_outcome) n += c;
  return n;
}

std::string OutcomeCounts::summary() const {
  std::string out;
  for (std::size_t i = 0; i < by_outcome.size(); ++i) {
    if (!by_outcome[i]) continue;
    if (!out.empty()) out += ", ";
    out += std::string(core::outcome_name(static_cast<core::FetchOutcome>(i))) + " " + std::to_string(by_outcome[i]);
  }
  return out.empty() ? "none" : out;
}

bool is_html(std::string_view content_type, std::string_view body) {
  std::string type = core::to_lower_ascii(content_type);
  if (type.find("html") != std::string::npos) return true;
  if (!type.empty() && type.find("text/plain") == std::string::npos &&
      type.find("octet-stream") == std::string::npos)
    return false;
  return fetch::looks_like_html(body);
}

}  // namespace salvage::pipeline
