#pragma once
// Which URLs a crawl follows: the same host as a start URL by default, or the same URL prefix,
// or the same registrable domain; narrowed by --include / --exclude regular expressions,
// --max-depth and --max-pages.

#include <cstddef>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace salvage::pipeline {

enum class ScopeKind { host, prefix, domain };

struct ScopeOptions {
  ScopeKind kind = ScopeKind::host;
  std::string include;          // ECMAScript regex a URL must match (empty: any)
  std::string exclude;          // ECMAScript regex a URL must not match (empty: none)
  int max_depth = -1;           // -1: unlimited
  std::size_t max_pages = 0;    // 0: unlimited
};

class Scope {
 public:
  // Throws core::Error(ExitCode::usage) for an invalid regular expression.
  Scope(const ScopeOptions& options, const std::vector<std::string>& start_urls);

  // True when `url` (normalised, http or https) may be fetched at `depth`.
  bool allows(std::string_view url, int depth) const;
  std::size_t max_pages() const { return m_options.max_pages; }

 private:
  bool within_start(std::string_view url) const;
  ScopeOptions m_options;
  std::vector<std::string> m_starts;  // hosts, prefixes or domains
  std::optional<std::regex> m_include, m_exclude;
};

// "www.bbc.co.uk" -> "bbc.co.uk", "www.orthopaedics.win" -> "orthopaedics.win": the last two
// labels, or three when the second-to-last is a short second-level label under a country code.
std::string registrable_domain(std::string_view host);

}  // namespace salvage::pipeline
