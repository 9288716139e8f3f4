#include "pipeline/report.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "store/store.hpp"

namespace salvage::pipeline {

std::vector<exporter::ReportLink> gather_report(const store::Store& store, bool include_internal) {
  std::vector<exporter::ReportLink> links;
  store.for_each_link_use(include_internal, [&](const std::string& url,
                                                const std::optional<store::Store::LinkHealthRow>& health,
                                                const std::vector<store::Store::LinkUse>& uses) {
    exporter::ReportLink link;
    link.checked = health.has_value();
    if (health) link.health = health->health;
    else link.health.url = url;
    for (const auto& use : uses) {
      auto record = nlohmann::json::parse(use.record_json, nullptr, false);
      exporter::LinkingPage page;
      page.page_url = use.page_url;
      if (record.is_object()) {
        if (record.value("title", nlohmann::json()).is_string()) page.title = record["title"];
        for (const char* key : {"date", "date_raw"})
          if (page.date.empty() && record.value(key, nlohmann::json()).is_string()) page.date = record[key];
      }
      page.section = use.section;
      page.text = use.text;
      link.pages.push_back(std::move(page));
    }
    links.push_back(std::move(link));
  });
  return links;
}

void write_report(const std::vector<exporter::ReportLink>& links, const std::string& format, std::ostream& out) {
  if (format == "html") exporter::write_report_html(links, out, "salvage link report");
  else if (format == "json") exporter::write_report_json(links, out);
  else if (format == "csv") exporter::write_report_csv(links, out);
  else throw core::Error(core::ExitCode::usage, "--format must be html, json or csv, not \"" + format + "\"");
}

}  // namespace salvage::pipeline
