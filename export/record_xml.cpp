#include "export/record_xml.hpp"

#include <pugixml.hpp>

#include <stdexcept>
#include <string_view>

#include "core/output_file.hpp"
#include "core/text.hpp"

namespace salvage::exporter {

namespace {

constexpr std::string_view k_header =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<records xmlns=\"https://salvage.invalid/ns/records/1\" version=\"1\">\n";
constexpr std::string_view k_footer = "</records>\n";
constexpr const char* k_indent = "  ";

// One UTF-8 sequence at the start of `s`: its code point and length when well-formed (Unicode
// Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF); otherwise the length of the
// maximal ill-formed subpart, which becomes one U+FFFD (the W3C/WHATWG practice).
struct Utf8Sequence {
  char32_t code_point = 0;
  std::size_t length = 1;
  bool valid = false;
};

Utf8Sequence decode_utf8(std::string_view s) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return {b0, 1, true};
  std::size_t length = 0;
  char32_t cp = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) low = 0xA0;
    if (b0 == 0xED) high = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    cp = b0 & 0x07;
    if (b0 == 0xF0) low = 0x90;
    if (b0 == 0xF4) high = 0x8F;
  } else {
    return {};
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (k >= s.size()) return {0, k, false};
    const auto b = static_cast<unsigned char>(s[k]);
    if (b < low || b > high) return {0, k, false};
    low = 0x80;
    high = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, length, true};
}

// XML 1.0 production [2] Char: tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF.
// Surrogates and values above U+10FFFF never come out of decode_utf8.
bool is_xml_char(char32_t cp) {
  if (cp < 0x20) return cp == 0x09 || cp == 0x0A || cp == 0x0D;
  return cp != 0xFFFE && cp != 0xFFFF;
}

enum class Context { attribute, text };

// Builds the pugixml tree of one record with every string made XML 1.0-safe, counting what had to
// be replaced. pugixml would print a C0 control as `&#1;`, which XML 1.0 forbids.
class RecordBuilder {
 public:
  explicit RecordBuilder(std::size_t& replaced) : m_replaced(replaced) {}

  std::string clean(std::string_view in, Context context) {
    std::string out;
    out.reserve(in.size());
    std::size_t i = 0;
    while (i < in.size()) {
      const Utf8Sequence seq = decode_utf8(in.substr(i));
      if (!seq.valid || !is_xml_char(seq.code_point)) {
        out += core::k_utf8_replacement;
        ++m_replaced;
      } else if (seq.code_point == '\r' && context == Context::text) {
        out += '\n';  // XML end-of-line handling: CR LF and a lone CR both read as LF
        if (i + 1 < in.size() && in[i + 1] == '\n') ++i;
      } else {
        out.append(in.substr(i, seq.length));
      }
      i += seq.length;
    }
    return out;
  }

  void attribute(pugi::xml_node node, const char* name, std::string_view value) {
    node.append_attribute(name).set_value(clean(value, Context::attribute).c_str());
  }

  void attribute(pugi::xml_node node, const char* name, long long value) {
    node.append_attribute(name).set_value(value);
  }

  pugi::xml_node element(pugi::xml_node parent, const char* name, std::string_view text) {
    pugi::xml_node child = parent.append_child(name);
    child.text().set(clean(text, Context::text).c_str());
    return child;
  }

  void optional_element(pugi::xml_node parent, const char* name, const std::optional<std::string>& text) {
    if (text) element(parent, name, *text);
  }

 private:
  std::size_t& m_replaced;
};

void build_date(RecordBuilder& b, pugi::xml_node rec, const core::Record& r) {
  if (!r.date_raw && !r.date && !r.date_parts) return;
  pugi::xml_node date = rec.append_child("date");
  if (r.date_raw) b.attribute(date, "raw", *r.date_raw);
  if (r.date) b.attribute(date, "iso", *r.date);
  if (!r.date_parts) return;
  const core::DateParts& p = *r.date_parts;
  if (p.year) b.attribute(date, "year", *p.year);
  if (p.month) b.attribute(date, "month", *p.month);
  if (p.day) b.attribute(date, "day", *p.day);
  if (p.time) b.attribute(date, "time", *p.time);
}

void build_links(RecordBuilder& b, pugi::xml_node rec, const std::vector<ExportLink>& links) {
  if (links.empty()) return;
  pugi::xml_node list = rec.append_child("links");
  for (const ExportLink& l : links) {
    pugi::xml_node link = b.element(list, "link", l.link.text);
    b.attribute(link, "position", l.position);
    b.attribute(link, "section", l.link.section);
    link.append_attribute("internal").set_value(l.internal ? "true" : "false");
    if (l.check) {
      b.attribute(link, "verdict", l.check->verdict);
      b.attribute(link, "class", l.check->link_class);
      b.attribute(link, "http_status", l.check->http_status);
    }
    b.attribute(link, "url", l.link.url);
  }
}

// Attributes and children in the fixed order of docs/schema/records.xsd.
void build_record(RecordBuilder& b, pugi::xml_node rec, const ExportRecord& er) {
  const core::Record& r = er.record;
  b.attribute(rec, "id", er.id);
  b.attribute(rec, "url", r.url);
  rec.append_attribute("changed").set_value(utc_timestamp(er.changed_at).c_str());  // export_record.hpp
  if (r.breadcrumb) {
    pugi::xml_node trail = rec.append_child("breadcrumb");
    for (const std::string& crumb : *r.breadcrumb) b.element(trail, "crumb", crumb);
  }
  b.optional_element(rec, "title", r.title);
  build_date(b, rec, r);
  b.optional_element(rec, "question", r.question);
  b.optional_element(rec, "answer", r.answer);
  b.optional_element(rec, "question_signature", r.question_signature);
  b.optional_element(rec, "answer_signature", r.answer_signature);
  b.optional_element(rec, "asker", r.asker);
  b.optional_element(rec, "expert", r.expert);
  build_links(b, rec, er.links);
  if (!r.encoding.empty()) {
    pugi::xml_node encoding = b.element(rec, "encoding", r.encoding);
    if (!r.encoding_source.empty()) b.attribute(encoding, "source", r.encoding_source);
  }
  if (!r.warnings.empty()) {
    pugi::xml_node warnings = rec.append_child("warnings");
    for (const std::string& w : r.warnings) b.element(warnings, "warning", w);
  }
}

class StringSink final : public pugi::xml_writer {
 public:
  explicit StringSink(std::string& text) : m_text(text) {}
  void write(const void* data, size_t size) override { m_text.append(static_cast<const char*>(data), size); }

 private:
  std::string& m_text;
};

}  // namespace

XmlWriter::XmlWriter(core::TextOut& out) : m_out(out) { m_out.write(k_header); }

void XmlWriter::write(const ExportRecord& record) {
  if (m_finished) throw std::logic_error("XmlWriter::write after finish");
  pugi::xml_document doc;
  RecordBuilder builder(m_counts.replaced_characters);
  build_record(builder, doc.append_child("record"), record);

  // Printed whole into a buffer, then handed to `out` in one piece: a write error of `out` never
  // unwinds through pugixml, and memory holds one record at a time. Depth 1 indents the record
  // under <records>; the default namespace is inherited from there.
  m_buffer.clear();
  StringSink sink(m_buffer);
  doc.first_child().print(sink, k_indent, pugi::format_indent, pugi::encoding_utf8, 1);
  m_out.write(m_buffer);
  ++m_counts.records;
  m_counts.links += record.links.size();
}

void XmlWriter::finish() {
  if (m_finished) return;
  m_out.write(k_footer);
  m_finished = true;
}

}  // namespace salvage::exporter
