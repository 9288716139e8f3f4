#include "export/record_csv.hpp"

#include <initializer_list>
#include <string>

namespace salvage::exporter {

namespace {

constexpr std::string_view k_record_columns =
    "id,url,title,date,date_raw,breadcrumb,question,answer,question_signature,answer_signature,"
    "asker,expert,encoding,encoding_source,warnings,links,dead_links,changed_at";
constexpr std::string_view k_link_columns =
    "record_id,position,url,text,section,internal,verdict,class,http_status";

void write_row(core::TextOut& out, std::initializer_list<std::string_view> fields) {
  std::string row;
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) row += ',';
    first = false;
    row += csv_field(f);
  }
  row += "\r\n";
  out.write(row);
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string_view or_empty(const std::optional<std::string>& value) {
  return value ? std::string_view(*value) : std::string_view();
}

}  // namespace

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

CsvWriter::CsvWriter(core::TextOut& records, core::TextOut& links) : m_records(records), m_links(links) {
  m_records.write(std::string(k_record_columns) + "\r\n");
  m_links.write(std::string(k_link_columns) + "\r\n");
}

void CsvWriter::write(const ExportRecord& e) {
  const core::Record& r = e.record;
  std::size_t dead = 0;
  for (const ExportLink& l : e.links) {
    if (l.check && l.check->verdict == "dead") ++dead;
    std::string status = l.check && l.check->http_status ? std::to_string(l.check->http_status) : "";
    write_row(m_links, {e.id, std::to_string(l.position), l.link.url, l.link.text, l.link.section,
                        l.internal ? "1" : "0", l.check ? l.check->verdict : "",
                        l.check ? l.check->link_class : "", status});
  }
  write_row(m_records,
            {e.id, r.url, or_empty(r.title), or_empty(r.date), or_empty(r.date_raw),
             r.breadcrumb ? joined(*r.breadcrumb, " > ") : "", or_empty(r.question), or_empty(r.answer),
             or_empty(r.question_signature), or_empty(r.answer_signature), or_empty(r.asker),
             or_empty(r.expert), r.encoding, r.encoding_source, joined(r.warnings, ";"),
             std::to_string(e.links.size()), std::to_string(dead), utc_timestamp(e.changed_at)});
  ++m_counts.records;
  m_counts.links += e.links.size();
}

}  // namespace salvage::exporter
