#pragma once
// Hyperlinks of a page and URLs written as bare text.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "extract/dom.hpp"

namespace salvage::extract {

// The base URL for resolving the page's links: the first <base href> resolved against
// `page_url`, else `page_url`.
std::string document_base_url(const Document& doc, std::string_view page_url);

// Every hyperlink of the page (<a href>, <area href>), resolved against the document base URL,
// in document order, deduplicated, leaving out javascript:, mailto: and fragment-only links and
// hrefs that do not resolve. This is `salvage links`; the crawler and link checker reuse it.
std::vector<std::string> page_links(const Document& doc, std::string_view page_url);

// Convenience: parse and list.
std::vector<std::string> page_links(std::string_view utf8_html, std::string_view page_url);

struct BareUrl {
  std::size_t offset = 0;  // byte offset in the searched text
  std::size_t length = 0;  // byte length of the URL as written
  std::string url;         // as written; "www." URLs get "http://" prepended
};

// URLs written as plain text: "http://", "https://", "ftp://" and "www." followed by a host.
// Trailing punctuation that ends a sentence or a quote (".", ",", ";", ":", "!", "?", quotes,
// and ")" / "]" without a matching opener inside the URL) is not part of the URL:
// "see http://www.somatics.com/page7.htm." yields "http://www.somatics.com/page7.htm".
std::vector<BareUrl> find_bare_urls(std::string_view text);

}  // namespace salvage::extract
