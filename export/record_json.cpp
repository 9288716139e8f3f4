#include "export/record_json.hpp"

#include <nlohmann/json.hpp>

namespace salvage::exporter {

namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json optional_value(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json links_json(const std::vector<core::Link>& links) {
  Json array = Json::array();
  for (const core::Link& l : links)
    array.push_back(Json{{"url", l.url}, {"text", l.text}, {"section", l.section}});
  return array;
}

Json date_parts_json(const std::optional<core::DateParts>& parts) {
  if (!parts) return nullptr;
  return Json{{"year", optional_value(parts->year)},
              {"month", optional_value(parts->month)},
              {"day", optional_value(parts->day)},
              {"time", optional_value(parts->time)}};
}

}  // namespace

std::string record_to_json_line(const core::Record& r) {
  Json j;
  j["url"] = r.url;
  j["breadcrumb"] = optional_value(r.breadcrumb);
  j["title"] = optional_value(r.title);
  j["date_raw"] = optional_value(r.date_raw);
  j["date"] = optional_value(r.date);
  j["date_parts"] = date_parts_json(r.date_parts);
  j["question"] = optional_value(r.question);
  j["answer"] = optional_value(r.answer);
  j["question_signature"] = optional_value(r.question_signature);
  j["answer_signature"] = optional_value(r.answer_signature);
  j["asker"] = optional_value(r.asker);
  j["expert"] = optional_value(r.expert);
  j["links"] = links_json(r.links);
  j["internal_links"] = links_json(r.internal_links);
  j["encoding"] = r.encoding;
  j["encoding_source"] = r.encoding_source;
  j["warnings"] = r.warnings;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace salvage::exporter
