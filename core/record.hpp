#pragma once
// The record: one clean Q&A page. This struct is the export contract documented in
// docs/record.md; every later stage (store, link check, exports) speaks it.

#include <optional>
#include <string>
#include <vector>

namespace salvage::core {

// One hyperlink or bare URL found in the question or the answer.
struct Link {
  std::string url;      // absolute, scheme and host lower-cased, no fragment
  std::string text;     // anchor text (whitespace collapsed), or the URL as written for bare URLs
  std::string section;  // "question" or "answer"

  bool operator==(const Link&) const = default;
};

// The pieces of a displayed date. Missing pieces stay empty: a page that shows "9/23 17:33:34"
// has month, day and time but no year.
struct DateParts {
  std::optional<int> year;
  std::optional<int> month;
  std::optional<int> day;
  std::optional<std::string> time;  // "HH:MM:SS", 24-hour clock

  bool operator==(const DateParts&) const = default;
};

struct Record {
  std::string url;
  std::optional<std::vector<std::string>> breadcrumb;
  std::optional<std::string> title;
  std::optional<std::string> date_raw;  // as displayed, without its label
  std::optional<std::string> date;      // ISO 8601, null when the year is not shown
  std::optional<DateParts> date_parts;  // null when no date was found
  std::optional<std::string> question;
  std::optional<std::string> answer;
  std::optional<std::string> question_signature;
  std::optional<std::string> answer_signature;
  std::optional<std::string> asker;
  std::optional<std::string> expert;
  std::vector<Link> links;           // outbound: another host than the page's site
  std::vector<Link> internal_links;  // the site's own pages
  std::string encoding;              // WHATWG name of the charset the bytes were decoded with
  std::string encoding_source;       // "bom", "http", "meta", "detected" or "default"
  std::vector<std::string> warnings; // what the extractor could not find or had to guess

  bool operator==(const Record&) const = default;
};

}  // namespace salvage::core
