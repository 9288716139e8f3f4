#pragma once
// The link-health report (issue 5): totals by verdict and class, a table per host, a table per
// record (which questions and answers link to dead URLs), and every link; as one self-contained
// HTML page (no network assets; sortable and filterable in a browser opened from a file), as
// JSON and as CSV (one row per link URL).

#include <array>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "core/link_health.hpp"

namespace salvage::exporter {

// A page that links to a URL.
struct LinkingPage {
  std::string page_url;
  std::string title;     // the record's title, or ""
  std::string date;      // the record's date (ISO) or date_raw, or ""
  std::string section;   // "question" or "answer"
  std::string text;      // the anchor text
};

struct ReportLink {
  core::LinkHealth health;
  bool checked = true;               // false: not checked yet (shown as such, counted apart)
  std::vector<LinkingPage> pages;    // every page linking to it
};

// Totals as every format shows them. A checked link counts under its verdict and its class; an
// unchecked one only under `unchecked` (it has neither yet); `links` counts both.
struct ReportSummary {
  std::size_t links = 0;
  std::size_t unchecked = 0;
  std::array<std::size_t, 3> by_verdict{};    // indexed by core::LinkVerdict
  std::array<std::size_t, 18> by_class{};     // indexed by core::LinkClass
};
ReportSummary summarize_report(const std::vector<ReportLink>& links);

// JSON: {"summary": {"links": N, "by_verdict": {...}, "by_class": {...}, "unchecked": N},
//        "links": [{"url", "verdict", "class", "http_status", "final_url", "redirects", "error",
//                   "checked_at", "pages": [{"page_url", "title", "date", "section", "text"}]}]}
// Keys in this order. by_verdict holds alive, dead, unverifiable and by_class every class (in
// core::LinkClass order), zeros included, counting checked links only. Links in the order given.
// An unchecked link has "verdict": "unchecked" and "class": null. "http_status" is null without
// a response (or when unchecked); "final_url" and "error" are null when empty; "redirects" is an
// array (empty without redirects); "checked_at" is ISO 8601 UTC ("2024-05-01T12:00:00Z"), null
// when unchecked. Invalid UTF-8 becomes U+FFFD. Written link by link (one per line): memory
// stays flat for large reports.
void write_report_json(const std::vector<ReportLink>& links, std::ostream& out);
// CSV (RFC 4180: CRLF line ends, fields holding a comma, quote, CR or LF are quoted, quotes
// doubled), a header row first, then one row per link URL in the order given: url, verdict, class,
// http_status, final_url, redirects (space-separated), error, checked_at (ISO 8601 UTC), pages
// (count), first_page. Unchecked links: verdict "unchecked", class and checked_at empty;
// http_status is empty without a response. Values are written as they are (no spreadsheet
// formula escaping), bytes unchanged.
void write_report_csv(const std::vector<ReportLink>& links, std::ostream& out);
// HTML: one file, inline CSS and JS, readable without a server. Numbers shown in the summary
// carry data-count attributes (data-verdict="dead", data-class="not_found") so a test can read
// them from the rendered page: one element per verdict (alive, dead, unverifiable, unchecked),
// one per class (zeros included) and data-total="links" for all links; the element's text is the
// same number. No other element carries data-verdict, data-class or data-total. When the script
// has built the all-links table it sets data-ready="1" on <body>. Every string from the links and
// pages is HTML-escaped (invalid UTF-8 replaced); URLs are shown as text, never as href or src,
// and a Content-Security-Policy forbids any network load and any script but the page's own.
void write_report_html(const std::vector<ReportLink>& links, std::ostream& out, const std::string& title);

}  // namespace salvage::exporter
