#pragma once
// What a reader sees of an HTML page, roughly: its <title>, its first heading and its visible
// text, read by a small tag scanner (fetch/ does not parse with Gumbo; this is for the link
// checker's soft-404 and bot-wall rules, which read a bounded prefix of a page). Pure functions.

#include <string>
#include <string_view>

#include "core/fetched_page.hpp"

namespace salvage::fetch {

struct PageText {
  std::string title;    // <title>, entities decoded, whitespace collapsed
  std::string heading;  // the first <h1>..<h6> of the page, the same way
  std::string
      text;  // visible text: no script, style, noscript, template, comments or tags;
             // blocks separated by a space, whitespace collapsed, at most k_max_page_text bytes
};

inline constexpr std::size_t k_max_page_text = 64u << 10;

// Scans UTF-8 HTML (any prefix of a page: an unclosed element ends where the input does).
PageText page_text(std::string_view html);

// The same for a body as received with its headers: decoded to UTF-8 as a browser would
// (fetch/charset.hpp: Content-Type charset, <meta>, detection).
PageText page_text(const core::Headers& headers, std::string_view body);

// Whether a response's Content-Type says HTML (text/html, application/xhtml+xml), or says
// nothing (a page whose kind we cannot tell from its headers is read as one).
bool is_html_type(const core::Headers& headers);

}  // namespace salvage::fetch
