#pragma once
// The link-health report (issue 5): totals by verdict and class, a table per host, a table per
// record (which questions and answers link to dead URLs), and every link; as one self-contained
// HTML page (no network assets; sortable and filterable in a browser opened from a file), as
// JSON and as CSV (one row per link URL).

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

// JSON: {"summary": {"links": N, "by_verdict": {...}, "by_class": {...}, "unchecked": N},
//        "links": [{"url", "verdict", "class", "http_status", "final_url", "redirects", "error",
//                   "checked_at", "pages": [{"page_url", "title", "date", "section", "text"}]}]}
void write_report_json(const std::vector<ReportLink>& links, std::ostream& out);
// CSV (RFC 4180): url, verdict, class, http_status, final_url, redirects (space-separated),
// error, checked_at (ISO 8601 UTC), pages (count), first_page.
void write_report_csv(const std::vector<ReportLink>& links, std::ostream& out);
// HTML: one file, inline CSS and JS, readable without a server. Numbers shown in the summary
// carry data-count attributes (data-verdict="dead", data-class="not_found") so a test can read
// them from the rendered page.
void write_report_html(const std::vector<ReportLink>& links, std::ostream& out, const std::string& title);

}  // namespace salvage::exporter
