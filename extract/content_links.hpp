#pragma once
// The links of a section: its anchors and the URLs written in its text, resolved, classified as
// outbound (another site) or internal (the page's own site), deduplicated across the record.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/record.hpp"
#include "core/url.hpp"
#include "extract/layout.hpp"

namespace salvage::extract {

struct LinkContext {
  LinkContext(std::string_view base_url, std::string host) : base(base_url), page_host(std::move(host)) {}
  core::UrlResolver base;  // the document base (page URL or <base href>)
  std::string page_host;   // lower-cased host of the page URL
  std::unordered_set<std::string> seen;  // URLs already listed in the record
};

// Appends the links of `lines` (the first line read from byte `first_offset`) to
// record.links / record.internal_links in document order, skipping URLs already present,
// javascript:, mailto:, fragment-only hrefs and URLs without a host.
void collect_links(std::span<const Line> lines, std::size_t first_offset, std::string_view section,
                   LinkContext& context, core::Record& record);

}  // namespace salvage::extract
