#include "extract/content_links.hpp"

#include <algorithm>
#include <vector>

#include "core/text.hpp"
#include "core/url.hpp"
#include "extract/links.hpp"

namespace salvage::extract {

namespace {

struct Found {
  std::size_t offset;
  std::string href;  // as written
  std::string text;
};

// Ad networks of 1996-2012 whose banners sat inside page text (LinkExchange between the question
// and the answer, a DoubleClick banner in a post): their links are no part of a Q&A.
constexpr std::string_view k_ad_networks[] = {
    "linkexchange.com", "doubleclick.net", "googlesyndication.com", "googleadservices.com",
    "valueclick.com", "fastclick.net", "burstnet.com", "tribalfusion.com", "advertising.com",
    "adbrite.com", "bannerexchange.com", "adserver.yahoo.com", "atdmt.com"};

bool is_ad_network(std::string_view host) {
  for (std::string_view ad : k_ad_networks)
    if (host == ad || (host.ends_with(ad) && host[host.size() - ad.size() - 1] == '.')) return true;
  return false;
}

}  // namespace

void collect_links(std::span<const Line> lines, std::size_t first_offset, std::string_view section,
                   LinkContext& context, core::Record& record) {
  for (std::size_t li = 0; li < lines.size(); ++li) {
    const Line& line = lines[li];
    std::size_t from = li == 0 ? first_offset : 0;
    std::vector<Found> found;
    for (const Anchor& a : line.anchors) {
      if (a.begin < from) continue;
      found.push_back({a.begin, a.href, core::collapse_whitespace(line.text.substr(a.begin, a.end - a.begin))});
    }
    for (const BareUrl& bare : find_bare_urls(line.text)) {
      if (bare.offset < from) continue;
      bool in_anchor = std::any_of(line.anchors.begin(), line.anchors.end(), [&](const Anchor& a) {
        return bare.offset < a.end && bare.offset + bare.length > a.begin;
      });
      if (!in_anchor) found.push_back({bare.offset, bare.url, line.text.substr(bare.offset, bare.length)});
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Found& a, const Found& b) { return a.offset < b.offset; });
    for (const Found& f : found) {
      std::string_view href = core::trim(f.href);
      if (href.empty() || href.front() == '#') continue;
      std::string scheme = core::url_scheme(href);
      if (scheme == "javascript" || scheme == "mailto") continue;
      auto url = context.base.resolve(href);
      if (!url) continue;
      std::string host = core::url_host(*url);
      if (host.empty() || is_ad_network(host) || !context.seen.insert(*url).second) continue;
      core::Link link{*url, f.text, std::string(section)};
      if (core::same_site(host, context.page_host)) record.internal_links.push_back(std::move(link));
      else record.links.push_back(std::move(link));
    }
  }
}

}  // namespace salvage::extract
