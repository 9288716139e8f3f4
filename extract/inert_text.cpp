#include "extract/inert_text.hpp"

namespace salvage::extract {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Whether the tag name at `at` is `name` (any case), ended as the tokenizer ends one.
bool name_is(std::string_view s, std::size_t at, std::string_view name) {
  if (at + name.size() >= s.size()) return false;
  for (std::size_t k = 0; k < name.size(); ++k) {
    char c = s[at + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != name[k]) return false;
  }
  char after = s[at + name.size()];
  return is_space(after) || after == '/' || after == '>';
}

// The '>' that ends the tag whose name starts at `i`; a quoted attribute value may hold '>'.
std::size_t tag_end(std::string_view s, std::size_t i) {
  bool after_equals = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '>') return i;
    if (c == '=') {
      after_equals = true;
    } else if (after_equals && (c == '"' || c == '\'')) {
      i = s.find(c, i + 1);
      if (i == npos) return npos;
      after_equals = false;
    } else if (!is_space(c)) {
      after_equals = false;
    }
  }
  return npos;
}

// Where a comment whose text starts at `body` ends (past its "-->"), or npos.
std::size_t comment_end(std::string_view s, std::size_t body) {
  if (s.substr(body, 1) == ">") return body + 1;   // "<!-->"
  if (s.substr(body, 2) == "->") return body + 2;  // "<!--->"
  std::size_t dashes = s.find("-->", body), bang = s.find("--!>", body);
  if (dashes == npos && bang == npos) return npos;
  return dashes < bang ? dashes + 3 : bang + 4;
}

// The "</name" that ends raw text starting at `from`, or npos.
std::size_t raw_text_end(std::string_view s, std::size_t from, std::string_view name) {
  for (std::size_t i = s.find("</", from); i != npos; i = s.find("</", i + 2))
    if (name_is(s, i + 2, name)) return i;
  return npos;
}

// The "</script" that ends a script's text starting at `from`, or npos. HTML5's script states:
// after "<!--" the text is escaped, and there "<script" starts a double-escaped part in which
// "</script" only ends the double escape; "-->" returns to plain script text.
std::size_t script_end(std::string_view s, std::size_t from) {
  enum class State { text, escaped, double_escaped } state = State::text;
  int dashes = 0;
  for (std::size_t i = from; i < s.size(); ++i) {
    char c = s[i];
    if (c == '-') {
      ++dashes;
      continue;
    }
    if (c == '>' && state != State::text && dashes >= 2) state = State::text;
    dashes = 0;
    if (c != '<') continue;
    bool closing = i + 1 < s.size() && s[i + 1] == '/' && name_is(s, i + 2, "script");
    switch (state) {
      case State::text:
        if (closing) return i;
        if (s.substr(i, 4) == "<!--") {
          state = State::escaped;
          dashes = 2;
          i += 3;
        }
        break;
      case State::escaped:
        if (closing) return i;
        if (name_is(s, i + 1, "script")) state = State::double_escaped;
        break;
      case State::double_escaped:
        if (closing) state = State::escaped;
        break;
    }
  }
  return npos;
}

}  // namespace

std::string without_inert_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t copied = 0;  // html[0, copied) is settled: copied to `out`, or dropped
  auto drop = [&](std::size_t from, std::size_t to) {
    out.append(html.substr(copied, from - copied));
    copied = to;
  };
  for (std::size_t i = html.find('<'); i != npos && i + 1 < html.size(); i = html.find('<', i)) {
    if (html.substr(i, 4) == "<!--") {
      std::size_t end = comment_end(html, i + 4);
      if (end == npos) break;
      drop(i, end);
      i = end;
      continue;
    }
    char next = html[i + 1];
    bool end_tag = next == '/' && i + 2 < html.size() && is_letter(html[i + 2]);
    if (next == '!' || next == '?' || (next == '/' && !end_tag)) {  // doctype, bogus comment, "</>"
      std::size_t end = html.find('>', i + 2);
      if (end == npos) break;
      i = end + 1;
      continue;
    }
    std::size_t name = i + (end_tag ? 2 : 1);
    if (!is_letter(html[name])) {  // "<3", "a < b": text
      ++i;
      continue;
    }
    std::size_t end = tag_end(html, name);
    if (end == npos) break;
    i = end + 1;
    if (end_tag) continue;
    if (name_is(html, name, "plaintext")) break;
    if (name_is(html, name, "script") || name_is(html, name, "style")) {
      std::size_t close = name_is(html, name, "script") ? script_end(html, i) : raw_text_end(html, i, "style");
      if (close == npos) break;
      drop(i, close);
      i = close;
      continue;
    }
    for (std::string_view raw : {"textarea", "title", "xmp", "iframe", "noembed", "noframes"}) {
      if (!name_is(html, name, raw)) continue;
      i = raw_text_end(html, i, raw);  // kept as it is: a "<!--" there is text
      break;
    }
    if (i == npos) break;
  }
  out.append(html.substr(copied));
  return out;
}

}  // namespace salvage::extract
