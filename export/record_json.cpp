#include "export/record_json.hpp"

#include <nlohmann/json.hpp>

#include <climits>

#include "export/json_out.hpp"

namespace salvage::exporter {

namespace {

void put_links(JsonOut& j, const std::vector<core::Link>& links) {
  j.begin_array();
  for (const core::Link& l : links) {
    j.begin_object();
    j.member("url", l.url);
    j.member("text", l.text);
    j.member("section", l.section);
    j.end_object();
  }
  j.end_array();
}

// The links of one side (outbound or internal), each with the link check's word on it (nulls
// when it was never checked).
void put_checked_links(JsonOut& j, const std::vector<ExportLink>& links, bool internal) {
  j.begin_array();
  for (const ExportLink& l : links) {
    if (l.internal != internal) continue;
    j.begin_object();
    j.member("url", l.link.url);
    j.member("text", l.link.text);
    j.member("section", l.link.section);
    if (l.check) {
      j.member("verdict", l.check->verdict);
      j.member("class", l.check->link_class);
      j.member("http_status", l.check->http_status ? std::optional(l.check->http_status) : std::nullopt);
    } else {
      for (const char* unchecked : {"verdict", "class", "http_status"}) {
        j.key(unchecked);
        j.null();
      }
    }
    j.end_object();
  }
  j.end_array();
}

void put_strings(JsonOut& j, const std::vector<std::string>& strings) {
  j.begin_array();
  for (const std::string& s : strings) j.value(s);
  j.end_array();
}

// The record's keys, in the order of docs/record.md, inside an object the caller opened. An
// exported record passes its links (with verdicts) to be written in place of the record's own.
void put_record(JsonOut& j, const core::Record& r, const std::vector<ExportLink>* checked_links) {
  j.member("url", r.url);
  j.key("breadcrumb");
  if (r.breadcrumb) put_strings(j, *r.breadcrumb);
  else j.null();
  j.member("title", r.title);
  j.member("date_raw", r.date_raw);
  j.member("date", r.date);
  j.key("date_parts");
  if (r.date_parts) {
    j.begin_object();
    j.member("year", r.date_parts->year);
    j.member("month", r.date_parts->month);
    j.member("day", r.date_parts->day);
    j.member("time", r.date_parts->time);
    j.end_object();
  } else {
    j.null();
  }
  j.member("question", r.question);
  j.member("answer", r.answer);
  j.member("question_signature", r.question_signature);
  j.member("answer_signature", r.answer_signature);
  j.member("asker", r.asker);
  j.member("expert", r.expert);
  j.key("links");
  if (checked_links) put_checked_links(j, *checked_links, false);
  else put_links(j, r.links);
  j.key("internal_links");
  if (checked_links) put_checked_links(j, *checked_links, true);
  else put_links(j, r.internal_links);
  j.member("encoding", r.encoding);
  j.member("encoding_source", r.encoding_source);
  j.key("warnings");
  put_strings(j, r.warnings);
}

// Reads a record line event by event (nlohmann's SAX interface) straight into a core::Record,
// without building a JSON tree first: an export reads every stored record. Keys it does not
// know, and values of another type than the record's, are skipped.
class RecordReader {
 public:
  using Json = nlohmann::json;

  // The record read; nullopt when the line had no "url".
  std::optional<core::Record> take() {
    if (!m_has_url) return std::nullopt;
    return std::move(m_record);
  }

  bool start_object(std::size_t) {
    m_stack.push_back(object_frame());
    return true;
  }

  bool start_array(std::size_t) {
    if (m_stack.empty()) return false;  // a record is an object
    m_stack.push_back(array_frame());
    return true;
  }

  bool end_object() {
    m_stack.pop_back();
    return true;
  }
  bool end_array() { return end_object(); }

  bool key(std::string& name) {
    m_key.swap(name);
    return true;
  }

  bool string(std::string& text) {
    if (m_stack.empty()) return false;
    switch (m_stack.back()) {
      case Frame::record: record_string(text); break;
      case Frame::breadcrumb: m_record.breadcrumb->push_back(std::move(text)); break;
      case Frame::warnings: m_record.warnings.push_back(std::move(text)); break;
      case Frame::link: link_string(m_record.links.back(), text); break;
      case Frame::internal_link: link_string(m_record.internal_links.back(), text); break;
      case Frame::date_parts:
        if (m_key == "time") m_record.date_parts->time = std::move(text);
        break;
      default: break;
    }
    return true;
  }

  bool number_integer(Json::number_integer_t n) {
    if (m_stack.empty()) return false;
    if (m_stack.back() == Frame::date_parts && n >= INT_MIN && n <= INT_MAX) {
      core::DateParts& d = *m_record.date_parts;
      if (m_key == "year") d.year = static_cast<int>(n);
      else if (m_key == "month") d.month = static_cast<int>(n);
      else if (m_key == "day") d.day = static_cast<int>(n);
    }
    return true;
  }
  bool number_unsigned(Json::number_unsigned_t n) {
    if (n > INT_MAX) return !m_stack.empty();  // no date part is that large
    return number_integer(static_cast<Json::number_integer_t>(n));
  }
  bool number_float(Json::number_float_t, const std::string&) { return !m_stack.empty(); }
  bool boolean(bool) { return !m_stack.empty(); }
  bool null() { return !m_stack.empty(); }
  bool binary(Json::binary_t&) { return false; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  // What the innermost open object or array is.
  enum class Frame { record, breadcrumb, warnings, links, internal_links, link, internal_link, date_parts, skipped };

  Frame object_frame() {
    if (m_stack.empty()) return Frame::record;
    Frame parent = m_stack.back();
    if (parent == Frame::record && m_key == "date_parts") {
      m_record.date_parts.emplace();
      return Frame::date_parts;
    }
    if (parent == Frame::links) return m_record.links.emplace_back(), Frame::link;
    if (parent == Frame::internal_links) return m_record.internal_links.emplace_back(), Frame::internal_link;
    return Frame::skipped;
  }

  Frame array_frame() {
    if (m_stack.back() != Frame::record) return Frame::skipped;
    if (m_key == "breadcrumb") return m_record.breadcrumb.emplace(), Frame::breadcrumb;
    if (m_key == "warnings") return m_record.warnings.clear(), Frame::warnings;
    if (m_key == "links") return m_record.links.clear(), Frame::links;
    if (m_key == "internal_links") return m_record.internal_links.clear(), Frame::internal_links;
    return Frame::skipped;
  }

  void record_string(std::string& text) {
    core::Record& r = m_record;
    std::optional<std::string>* field = m_key == "title"                ? &r.title
                                        : m_key == "date_raw"           ? &r.date_raw
                                        : m_key == "date"               ? &r.date
                                        : m_key == "question"           ? &r.question
                                        : m_key == "answer"             ? &r.answer
                                        : m_key == "question_signature" ? &r.question_signature
                                        : m_key == "answer_signature"   ? &r.answer_signature
                                        : m_key == "asker"              ? &r.asker
                                        : m_key == "expert"             ? &r.expert
                                                                        : nullptr;
    if (field) {
      *field = std::move(text);
    } else if (m_key == "url") {
      r.url = std::move(text);
      m_has_url = true;
    } else if (m_key == "encoding") {
      r.encoding = std::move(text);
    } else if (m_key == "encoding_source") {
      r.encoding_source = std::move(text);
    }
  }

  void link_string(core::Link& link, std::string& text) {
    if (m_key == "url") link.url = std::move(text);
    else if (m_key == "text") link.text = std::move(text);
    else if (m_key == "section") link.section = std::move(text);
  }

  core::Record m_record;
  bool m_has_url = false;
  std::vector<Frame> m_stack;
  std::string m_key;  // the last key read: a value in an object belongs to it
};

}  // namespace

std::string record_to_json_line(const core::Record& r) {
  std::string out;
  out.reserve(1024);
  JsonOut j(out);
  j.begin_object();
  put_record(j, r, nullptr);
  j.end_object();
  return out;
}

std::string export_record_to_json_line(const ExportRecord& r) {
  std::string out;
  out.reserve(1024);
  JsonOut j(out);
  j.begin_object();
  j.key("id"), j.value(r.id);
  put_record(j, r.record, &r.links);
  j.key("changed_at"), j.value(utc_timestamp(r.changed_at));
  j.end_object();
  return out;
}

std::optional<core::Record> record_from_json(std::string_view json) {
  RecordReader reader;
  if (!nlohmann::json::sax_parse(json, &reader)) return std::nullopt;
  return reader.take();
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
