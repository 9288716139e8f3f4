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
// Fragment-only means the href starts with '#' (after leading whitespace); "page.html#x" and ""
// are kept even when they name this very page. Only HTML-namespace elements count (not SVG <a>),
// and <template> contents are not part of the document.
std::vector<std::string> page_links(const Document& doc, std::string_view page_url);

// What a crawler looks at: the hyperlinks of page_links but with every scheme but javascript:
// (mailto:, ftp:, news: are recorded, never fetched), plus <frame src>, <iframe src> and
// <link rel=next|prev> (pagination), in document order, each once.
std::vector<std::string> crawl_links(const Document& doc, std::string_view page_url);

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
// A URL starts a word ("bob@www.x.com" holds none), runs until whitespace, '<', '>', '"' or
// another character no URL holds (typographic quotes, CJK punctuation), and a "www." URL needs
// two more labels ("www.example.com", not "www.example"). Linear in the text length.
std::vector<BareUrl> find_bare_urls(std::string_view text);

}  // namespace salvage::extract
