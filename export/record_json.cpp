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

// The record's keys, in the order of docs/record.md, into `j` (which may hold keys already).
void put_record(Json& j, const core::Record& r) {
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
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json checked_links_json(const std::vector<ExportLink>& links, bool internal) {
  Json array = Json::array();
  for (const ExportLink& l : links) {
    if (l.internal != internal) continue;
    Json item{{"url", l.link.url}, {"text", l.link.text}, {"section", l.link.section}};
    item["verdict"] = l.check ? Json(l.check->verdict) : Json(nullptr);
    item["class"] = l.check ? Json(l.check->link_class) : Json(nullptr);
    item["http_status"] = l.check && l.check->http_status ? Json(l.check->http_status) : Json(nullptr);
    array.push_back(std::move(item));
  }
  return array;
}

std::optional<std::string> text_of(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<int> int_of(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int>();
}

std::vector<core::Link> links_of(const nlohmann::json& j, const char* key) {
  std::vector<core::Link> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& l : *it)
    if (l.is_object())
      out.push_back({text_of(l, "url").value_or(""), text_of(l, "text").value_or(""),
                     text_of(l, "section").value_or("")});
  return out;
}

std::vector<std::string> strings_of(const nlohmann::json& value) {
  std::vector<std::string> out;
  if (value.is_array())
    for (const auto& s : value)
      if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

}  // namespace

std::string record_to_json_line(const core::Record& r) {
  Json j;
  put_record(j, r);
  return dump(j);
}

std::string export_record_to_json_line(const ExportRecord& r) {
  Json j;
  j["id"] = r.id;
  put_record(j, r.record);
  j["links"] = checked_links_json(r.links, false);
  j["internal_links"] = checked_links_json(r.links, true);
  j["changed_at"] = utc_timestamp(r.changed_at);
  return dump(j);
}

std::optional<core::Record> record_from_json(std::string_view json) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  core::Record r;
  auto url = text_of(j, "url");
  if (!url) return std::nullopt;
  r.url = *url;
  if (auto it = j.find("breadcrumb"); it != j.end() && it->is_array()) r.breadcrumb = strings_of(*it);
  r.title = text_of(j, "title");
  r.date_raw = text_of(j, "date_raw");
  r.date = text_of(j, "date");
  if (auto it = j.find("date_parts"); it != j.end() && it->is_object())
    r.date_parts = core::DateParts{int_of(*it, "year"), int_of(*it, "month"), int_of(*it, "day"),
                                   text_of(*it, "time")};
  r.question = text_of(j, "question");
  r.answer = text_of(j, "answer");
  r.question_signature = text_of(j, "question_signature");
  r.answer_signature = text_of(j, "answer_signature");
  r.asker = text_of(j, "asker");
  r.expert = text_of(j, "expert");
  r.links = links_of(j, "links");
  r.internal_links = links_of(j, "internal_links");
  r.encoding = text_of(j, "encoding").value_or("");
  r.encoding_source = text_of(j, "encoding_source").value_or("");
  if (auto it = j.find("warnings"); it != j.end()) r.warnings = strings_of(*it);
  return r;
}

void JsonLinesWriter::write(const ExportRecord& record) {
  m_out.write(export_record_to_json_line(record));
  m_out.write("\n");
  ++m_counts.records;
  m_counts.links += record.links.size();
}

void JsonArrayWriter::write(const ExportRecord& record) {
  m_out.write(m_counts.records == 0 ? "[\n" : ",\n");
  m_out.write(export_record_to_json_line(record));
  ++m_counts.records;
  m_counts.links += record.links.size();
}

void JsonArrayWriter::finish() { m_out.write(m_counts.records == 0 ? "[]\n" : "\n]\n"); }

}  // namespace salvage::exporter
