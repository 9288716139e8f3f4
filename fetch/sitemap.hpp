#pragma once
// Sitemaps (sitemaps.org): <urlset> and <sitemapindex> documents, gzipped or not, and plain text
// lists of URLs, parsed with pugixml.

#include <string>
#include <string_view>
#include <vector>

namespace salvage::fetch {

struct Sitemap {
  std::vector<std::string> pages;     // <url><loc> entries (or the lines of a text sitemap)
  std::vector<std::string> sitemaps;  // <sitemap><loc> entries of an index, to fetch in turn
};

// Parses a sitemap body (gunzipped first when it starts with the gzip magic, bounded to
// `max_bytes` after decompression). Entries are trimmed; invalid XML yields what was read
// before the error (never throws).
// Entries are as the sitemap wrote them, relative ones included: resolve them against the
// sitemap's own URL. RSS and Atom feeds, which sitemaps.org accepts as sitemaps, give pages too.
// An entry cut off by the end of the input (a truncated download or `max_bytes`) is dropped.
Sitemap parse_sitemap(std::string_view body, std::size_t max_bytes = 64u << 20);

}  // namespace salvage::fetch
