#include "extract/inert_markup.hpp"

#include <optional>

namespace salvage::extract {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Whether the tag name at `at` is `name` (any case), ended as the tokenizer ends one.
bool name_is(std::string_view s, std::size_t at, std::string_view name) {
  if (at + name.size() >= s.size()) return false;
  for (std::size_t k = 0; k < name.size(); ++k) {
    if (lower(s[at + k]) != name[k]) return false;
  }
  char after = s[at + name.size()];
  return is_space(after) || after == '/' || after == '>';
}

// One attribute of a start tag, as HTML5's tokenizer splits it: its name ends at a space, '/',
// '>' or '=' (its first character may be '='); its value is quoted, or ends at a space or '>'.
struct Attribute {
  std::size_t begin = 0, name_end = 0, end = 0;  // [begin, end) is the whole "name=value"
  bool unquoted_value = false;                   // a value that ends at a space or '>'
};

// The next attribute of the tag at or after `i`, and `i` moved past it; nullopt at the tag's
// '>' (`i` is there) or when the tag never ends (`i` is npos). `self_closing` tells whether the
// last thing seen was a '/' right before the '>'.
std::optional<Attribute> next_attribute(std::string_view s, std::size_t& i, bool& self_closing) {
  for (;; ++i) {
    if (i >= s.size()) {
      i = npos;
      return std::nullopt;
    }
    char c = s[i];
    if (c == '>') return std::nullopt;
    if (c == '/') self_closing = i + 1 < s.size() && s[i + 1] == '>';
    else if (!is_space(c)) break;
  }
  self_closing = false;
  Attribute a;
  a.begin = i++;
  while (i < s.size() && !is_space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=') ++i;
  a.name_end = a.end = i;
  std::size_t j = i;
  while (j < s.size() && is_space(s[j])) ++j;
  if (j >= s.size() || s[j] != '=') return a;  // no value
  ++j;
  while (j < s.size() && is_space(s[j])) ++j;
  if (j < s.size() && (s[j] == '"' || s[j] == '\'')) {
    j = s.find(s[j], j + 1);
    if (j == npos) {
      i = npos;
      return std::nullopt;
    }
    ++j;
  } else {
    while (j < s.size() && !is_space(s[j]) && s[j] != '>') ++j;
    a.unquoted_value = true;
  }
  a.end = i = j;
  return a;
}

// The end of a tag name starting at `i`.
std::size_t tag_name_end(std::string_view s, std::size_t i) {
  while (i < s.size() && !is_space(s[i]) && s[i] != '/' && s[i] != '>') ++i;
  return i;
}

// The '>' that ends the tag whose name starts at `i` (a quoted attribute value may hold '>'), or
// npos.
std::size_t tag_end(std::string_view s, std::size_t i) {
  i = tag_name_end(s, i);
  bool self_closing = false;
  while (next_attribute(s, i, self_closing)) {
  }
  return i;
}

// The attributes some field or the tree builder reads; every other one (style, width, onclick,
// bgcolor, ...) is dropped. `type`, `encoding`, `color`, `face` and `size` change how HTML5 builds
// the tree (<input type=hidden> in a table, <annotation-xml encoding>, <font> in foreign
// content); the extractor reads the others.
bool is_read_attribute(std::string_view name) {
  static constexpr std::string_view k_read[] = {"href", "src",  "alt",      "class", "id",   "rel",
                                                "size", "type", "encoding", "color", "face", "aria-label"};
  for (std::string_view r : k_read) {
    if (r.size() != name.size()) continue;
    std::size_t k = 0;
    while (k < r.size() && lower(name[k]) == r[k]) ++k;
    if (k == r.size()) return true;
  }
  return false;
}

// Appends the start tag at html[begin] (its '<'; the tag ends) to `out` without the attributes no
// one reads. The kept ones are copied byte for byte, so Gumbo reads the same names and values
// from them, and a self-closing tag stays self-closing.
void append_lean_tag(std::string& out, std::string_view html, std::size_t begin) {
  std::size_t i = tag_name_end(html, begin + 1);
  out.append(html.substr(begin, i - begin));
  bool self_closing = false, unquoted_last = false;
  while (auto a = next_attribute(html, i, self_closing)) {
    if (!is_read_attribute(html.substr(a->begin, a->name_end - a->begin))) continue;
    out += ' ';
    out.append(html.substr(a->begin, a->end - a->begin));
    unquoted_last = a->unquoted_value;
  }
  // An unquoted value would take a '/' written right after it: a space keeps them apart.
  if (self_closing) out.append(unquoted_last ? " />" : "/>");
  else out += '>';
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

std::string without_inert_markup(std::string_view html) {
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
    if (!end_tag) {
      drop(i, end + 1);
      append_lean_tag(out, html, i);
    }
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
