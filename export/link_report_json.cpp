#include "export/link_report.hpp"

#include <nlohmann/json.hpp>

#include "export/link_report_common.hpp"

namespace salvage::exporter {

namespace {

using Json = nlohmann::ordered_json;

Json string_or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json summary_json(const ReportSummary& summary) {
  Json by_verdict = Json::object();
  for (std::size_t v = 0; v < report::k_verdict_count; ++v)
    by_verdict[std::string(core::verdict_name(report::verdict_at(v)))] = summary.by_verdict[v];
  Json by_class = Json::object();
  for (std::size_t c = 0; c < report::k_class_count; ++c)
    by_class[std::string(core::link_class_name(report::class_at(c)))] = summary.by_class[c];
  return Json{{"links", summary.links},
              {"by_verdict", std::move(by_verdict)},
              {"by_class", std::move(by_class)},
              {"unchecked", summary.unchecked}};
}

Json link_json(const ReportLink& link) {
  const core::LinkHealth& h = link.health;
  Json pages = Json::array();
  for (const LinkingPage& p : link.pages)
    pages.push_back(Json{{"page_url", p.page_url},
                         {"title", p.title},
                         {"date", p.date},
                         {"section", p.section},
                         {"text", p.text}});
  Json j;
  j["url"] = h.url;
  j["verdict"] = std::string(report::verdict_label(link));
  j["class"] = link.checked ? Json(std::string(report::class_label(link))) : Json(nullptr);
  j["http_status"] = link.checked && h.http_status != 0 ? Json(h.http_status) : Json(nullptr);
  j["final_url"] = link.checked ? string_or_null(h.final_url) : Json(nullptr);
  j["redirects"] = link.checked ? Json(h.redirects) : Json::array();
  j["error"] = link.checked ? string_or_null(h.error) : Json(nullptr);
  j["checked_at"] = link.checked ? string_or_null(report::iso8601_utc(h.checked_at)) : Json(nullptr);
  j["pages"] = std::move(pages);
  return j;
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

void write_report_json(const std::vector<ReportLink>& links, std::ostream& out) {
  // One link per line, each serialised on its own: the whole document never sits in memory.
  out << "{\"summary\":" << dump(summary_json(summarize_report(links))) << ",\n\"links\":[";
  bool first = true;
  for (const ReportLink& link : links) {
    out << (first ? "\n" : ",\n") << dump(link_json(link));
    first = false;
  }
  out << "\n]}\n";
}

}  // namespace salvage::exporter
