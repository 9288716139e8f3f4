#include "export/link_report.hpp"

#include <initializer_list>
#include <string>
#include <string_view>

#include "export/link_report_common.hpp"

namespace salvage::exporter {

namespace {

// RFC 4180: a field holding a comma, a quote, CR or LF is quoted, its quotes doubled.
void write_field(std::ostream& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out << field;
    return;
  }
  out << '"';
  for (char c : field) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

void write_row(std::ostream& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out << ',';
    write_field(out, f);
    first = false;
  }
  out << "\r\n";
}

std::string joined(const std::vector<std::string>& parts) {
  std::string s;
  for (const std::string& p : parts) {
    if (!s.empty()) s += ' ';
    s += p;
  }
  return s;
}

}  // namespace

void write_report_csv(const std::vector<ReportLink>& links, std::ostream& out) {
  write_row(out, {"url", "verdict", "class", "http_status", "final_url", "redirects", "error", "checked_at",
                  "pages", "first_page"});
  for (const ReportLink& link : links) {
    const core::LinkHealth& h = link.health;
    const bool has_status = link.checked && h.http_status != 0;
    const std::string status = has_status ? std::to_string(h.http_status) : std::string();
    const std::string checked_at = link.checked ? report::iso8601_utc(h.checked_at) : std::string();
    const std::string redirects = link.checked ? joined(h.redirects) : std::string();
    const std::string pages = std::to_string(link.pages.size());
    write_row(out, {h.url, report::verdict_label(link), report::class_label(link), status,
                    link.checked ? std::string_view(h.final_url) : std::string_view(), redirects,
                    link.checked ? std::string_view(h.error) : std::string_view(), checked_at, pages,
                    link.pages.empty() ? std::string_view() : std::string_view(link.pages.front().page_url)});
  }
}

}  // namespace salvage::exporter
