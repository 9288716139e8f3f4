#pragma once
// Compact JSON text appended to a string, value by value: the record's hot path (every stored
// record and every exported line) without building a JSON tree first. The bytes are those
// nlohmann::json::dump() writes for the same value (no spaces, non-ASCII kept as UTF-8, control
// characters as \u00xx), so a file does not change with the writer; invalid UTF-8 becomes U+FFFD
// (one per byte that starts no valid character, as core::sanitize_utf8).
//
// Usage: begin_object(); member("url", url); key("links"); begin_array(); ... end_object(). The caller keeps the nesting
// right; the writer only puts the commas.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salvage::exporter {

class JsonOut {
 public:
  explicit JsonOut(std::string& out) : m_out(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view name);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(std::int64_t number);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void null();
  template <typename T>
  void value(const std::optional<T>& v) {
    if (v) value(*v);
    else null();
  }
  // A key and its value.
  template <typename T>
  void member(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

 private:
  void separate();
  void open(char bracket);
  void close(char bracket);
  void string(std::string_view text);

  std::string& m_out;
  bool m_comma = false;  // the next key or array element needs a comma before it
};

}  // namespace salvage::exporter
