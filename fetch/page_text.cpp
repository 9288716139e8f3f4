#include "fetch/page_text.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>

#include "core/text.hpp"
#include "fetch/charset.hpp"

// A tag scanner, not a parser: it walks the bytes once, skips what browsers never show (scripts,
// styles, noscript, templates, comments, declarations), and routes character data to the title,
// the first heading and the visible text. Malformed markup only ever costs some text.

namespace salvage::fetch {

namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Elements whose content is never shown; the scanner jumps to their end tag.
bool hidden_element(std::string_view name) {
  return name == "script" || name == "style" || name == "noscript" || name == "template" ||
         name == "svg" || name == "select";
}

// Inline elements do not separate words ("<b>W</b>ord" reads "Word").
bool inline_element(std::string_view name) {
  static constexpr std::array<std::string_view, 16> k_inline{
      "a",     "b",   "i",    "u",    "em",  "strong", "span", "font",
      "small", "big", "abbr", "code", "sup", "sub",    "tt",   "s"};
  for (std::string_view n : k_inline)
    if (n == name) return true;
  return false;
}

bool heading_element(std::string_view name) {
  return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
}


// The character reference at html[i] ('&'): appends its text and returns its length, or 0 when
// it is none we know (the '&' then stands for itself).
std::size_t entity(std::string_view html, std::size_t i, std::string& out) {
  std::size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  std::string_view name = html.substr(i + 1, semi - i - 1);
  if (!name.empty() && name[0] == '#') {
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string digits(name.substr(hex ? 2 : 1));
    if (digits.empty()) return 0;
    char* end = nullptr;
    unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
    if (*end != '\0') return 0;
    // HTML5: a reference to NUL or past U+10FFFF stands for U+FFFD.
    core::append_utf8(out, cp == 0 || cp > 0x10FFFF ? U'\uFFFD' : static_cast<char32_t>(cp));
    return semi - i + 1;
  }
  static constexpr std::array<std::pair<std::string_view, std::uint32_t>, 14> k_named{{
      {"amp", '&'},
      {"lt", '<'},
      {"gt", '>'},
      {"quot", '"'},
      {"apos", '\''},
      {"nbsp", 0xA0},
      {"rsquo", 0x2019},
      {"lsquo", 0x2018},
      {"rdquo", 0x201D},
      {"ldquo", 0x201C},
      {"hellip", 0x2026},
      {"mdash", 0x2014},
      {"ndash", 0x2013},
      {"eacute", 0xE9},
  }};
  for (const auto& [n, cp] : k_named) {
    if (n == name) {
      core::append_utf8(out, cp);
      return semi - i + 1;
    }
  }
  return 0;
}

// The end of the tag starting at html[i] ('<'): the position after its '>', quotes respected.
std::size_t tag_end(std::string_view html, std::size_t i) {
  char quote = 0;
  for (std::size_t j = i + 1; j < html.size(); ++j) {
    char c = html[j];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return j + 1;
    }
  }
  return html.size();
}

struct Scanner {
  PageText out;
  bool in_title = false;
  bool title_done = false;
  bool in_heading = false;
  bool heading_done = false;

  void characters(std::string_view chars) {
    if (in_title) {
      out.title.append(chars);
      return;
    }
    if (in_heading) out.heading.append(chars);
    if (out.text.size() < k_max_page_text) out.text.append(chars);
  }

  void tag(std::string_view name, bool closing) {
    if (name == "title") {
      if (!closing && !title_done) in_title = true;
      if (closing && in_title) {
        in_title = false;
        title_done = true;
      }
      return;
    }
    if (heading_element(name) && !heading_done) {
      if (!closing) in_heading = true;
      if (closing && in_heading) {
        in_heading = false;
        heading_done = !core::trim(out.heading).empty();
      }
    }
    if (!inline_element(name)) characters(" ");
  }
};

}  // namespace

PageText page_text(std::string_view html) {
  Scanner scan;
  std::size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '&') {
      std::string decoded;
      std::size_t length = entity(html, i, decoded);
      scan.characters(length ? std::string_view(decoded) : std::string_view("&"));
      i += length ? length : 1;
      continue;
    }
    if (c != '<') {
      std::size_t next = html.find_first_of("<&", i);
      if (next == std::string_view::npos) next = html.size();
      scan.characters(html.substr(i, next - i));
      i = next;
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    bool closing = i + 1 < html.size() && html[i + 1] == '/';
    std::size_t start = i + (closing ? 2 : 1);
    std::size_t stop = start;
    while (stop < html.size() && is_alnum(html[stop])) ++stop;
    if (stop == start && !(start < html.size() && (html[start] == '!' || html[start] == '?'))) {
      scan.characters("<");  // a lone '<' in text
      ++i;
      continue;
    }
    std::string name = core::to_lower_ascii(html.substr(start, stop - start));
    i = tag_end(html, i);
    if (name.empty()) continue;  // <!DOCTYPE>, <?xml?>
    // Elements never shown; a <title> after the first (in an <svg>, or a stray one) is not shown
    // either.
    if (!closing && (hidden_element(name) || (name == "title" && scan.title_done))) {
      std::string lower_end = "</" + name;
      std::size_t at = i;
      while (true) {  // case-insensitive search for the end tag
        at = html.find("</", at);
        if (at == std::string_view::npos ||
            core::iequals(html.substr(at, lower_end.size()), lower_end))
          break;
        at += 2;
      }
      i = at == std::string_view::npos ? html.size() : tag_end(html, at);
      scan.characters(" ");
      continue;
    }
    scan.tag(name, closing);
  }
  PageText out = std::move(scan.out);
  out.title = core::collapse_whitespace(out.title);
  out.heading = core::collapse_whitespace(out.heading);
  out.text = core::collapse_whitespace(out.text);
  return out;
}

PageText page_text(const core::Headers& headers, std::string_view body) {
  std::string type = core::header_value(headers, "Content-Type").value_or("");
  DecodedPage decoded = decode_page(body, charset_from_content_type(type));
  return page_text(decoded.utf8);
}

bool is_html_type(const core::Headers& headers) {
  auto type = core::header_value(headers, "Content-Type");
  if (!type || core::trim(*type).empty()) return true;
  std::string lower = core::to_lower_ascii(*type);
  return lower.find("text/html") != std::string::npos ||
         lower.find("application/xhtml") != std::string::npos;
}

}  // namespace salvage::fetch
