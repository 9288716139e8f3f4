#include "export/json_out.hpp"

#include <charconv>

#include "core/text.hpp"

namespace salvage::exporter {

void JsonOut::separate() {
  if (m_comma) m_out += ',';
  m_comma = true;
}

void JsonOut::open(char bracket) {
  separate();
  m_out += bracket;
  m_comma = false;
}

void JsonOut::close(char bracket) {
  m_out += bracket;
  m_comma = true;
}

void JsonOut::key(std::string_view name) {
  separate();
  string(name);
  m_out += ':';
  m_comma = false;  // the key's value follows without a comma
}

void JsonOut::value(std::string_view text) {
  separate();
  string(text);
}

void JsonOut::value(std::int64_t number) {
  separate();
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  m_out.append(digits, end);
}

void JsonOut::null() {
  separate();
  m_out += "null";
}

// Runs of bytes that need no escaping are appended whole; that is nearly all of a record.
void JsonOut::string(std::string_view s) {
  static constexpr char k_hex[] = "0123456789abcdef";
  m_out += '"';
  std::size_t run = 0, i = 0;
  auto flush = [&] {
    m_out.append(s.data() + run, i - run);
  };
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (std::size_t len = core::utf8_char_length(s, i)) {
        i += len;  // valid UTF-8 stays in the run
        continue;
      }
      flush();
      m_out += core::k_utf8_replacement;
      run = ++i;
      continue;
    }
    flush();
    switch (c) {
      case '"': m_out += "\\\""; break;
      case '\\': m_out += "\\\\"; break;
      case '\b': m_out += "\\b"; break;
      case '\f': m_out += "\\f"; break;
      case '\n': m_out += "\\n"; break;
      case '\r': m_out += "\\r"; break;
      case '\t': m_out += "\\t"; break;
      default:
        m_out += "\\u00";
        m_out += k_hex[c >> 4];
        m_out += k_hex[c & 0xF];
    }
    run = ++i;
  }
  flush();
  m_out += '"';
}

}  // namespace salvage::exporter
