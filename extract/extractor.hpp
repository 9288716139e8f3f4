#pragma once
// One legacy Q&A page in, one clean record out. A pure function: no I/O, no globals, safe to call
// from many threads at once.
//
// Where each field comes from:
//   breadcrumb, title, date  -> head_fields.hpp (breadcrumb.cpp, title.cpp, page_date.cpp)
//   question, answer         -> sections.hpp (which lines), layout.hpp (their text)
//   signatures, asker/expert -> signoff.hpp
//   links, internal_links    -> content_links.hpp
// The page's charset fields are the caller's: it decoded the bytes (fetch/charset.hpp).

#include <optional>
#include <string_view>

#include "core/record.hpp"

namespace salvage::extract {

struct Profile;
class Document;

// The record of a page, or nullopt when the page is not a Q&A page (neither a question nor an
// answer was found). `page_url` is absolute; `profile` may be null (heuristics only).
std::optional<core::Record> extract_record(std::string_view utf8_html, std::string_view page_url,
                                           const Profile* profile = nullptr);
// The same for a page already parsed (the crawl parses a page once, for its links and its record).
std::optional<core::Record> extract_record(const Document& doc, std::string_view page_url,
                                           const Profile* profile = nullptr);

}  // namespace salvage::extract
