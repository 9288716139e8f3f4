#include "extract/links.hpp"

#include <gumbo.h>

#include <cstring>
#include <unordered_set>
#include <utility>

#include "core/text.hpp"
#include "core/url.hpp"

namespace salvage::extract {

namespace {

bool is_html_element(const Node* node, GumboTag tag) {
  return is_element(node) && node->v.element.tag == tag &&
         node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
}

// Calls `visit` on every element in document order. Iterative: pages with tens of thousands of
// nested unclosed tags must not overflow the stack. <template> contents are skipped: they are not
// part of the document (WHATWG keeps them in a separate fragment), so their links are not links.
// `visit` returns false to stop the walk.
template <typename Visit>
void walk_elements(const Node* top, Visit visit) {
  std::vector<std::pair<const Node*, unsigned>> stack;
  if (top) stack.emplace_back(top, 0);
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (next == 0 && is_element(node)) {
      if (!visit(node)) return;
      if (is_html_element(node, GUMBO_TAG_TEMPLATE)) {
        stack.pop_back();
        continue;
      }
    }
    if (next < child_count(node)) {
      const Node* c = child(node, next++);
      if (is_element(c)) stack.emplace_back(c, 0);
    } else {
      stack.pop_back();
    }
  }
}

// The start of the href as a URL parser sees it: without tab/CR/LF and leading C0 controls or
// spaces (resolve_url does the full clean-up again).
std::string cleaned_href(std::string_view href) {
  std::string out;
  out.reserve(href.size());
  for (char c : href)
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  std::size_t begin = 0;
  while (begin < out.size() && static_cast<unsigned char>(out[begin]) <= 0x20) ++begin;
  out.erase(0, begin);
  return out;
}

// Links we never report. Only hrefs that start with '#' count as fragment-only: "page.html#x"
// that resolves to the page itself, and the empty href (the page itself), are kept, as a
// browser would follow them.
bool excluded_href(const std::string& href) {
  if (!href.empty() && href.front() == '#') return true;
  std::string scheme = core::url_scheme(href);
  return scheme == "javascript" || scheme == "mailto";
}

}  // namespace

std::string document_base_url(const Document& doc, std::string_view page_url) {
  std::string base(page_url);
  walk_elements(doc.root(), [&](const Node* node) {
    if (!is_html_element(node, GUMBO_TAG_BASE)) return true;
    const char* href = attribute(node, "href");
    if (!href) return true;
    if (auto resolved = core::resolve_url(page_url, href)) base = *resolved;
    return false;  // only the first <base href> counts, even when it does not resolve
  });
  return base;
}

std::vector<std::string> page_links(const Document& doc, std::string_view page_url) {
  const core::UrlResolver base(document_base_url(doc, page_url));
  std::vector<std::string> links;
  std::unordered_set<std::string> seen;
  walk_elements(doc.root(), [&](const Node* node) {
    if (!is_html_element(node, GUMBO_TAG_A) && !is_html_element(node, GUMBO_TAG_AREA))
      return true;
    const char* raw = attribute(node, "href");
    if (!raw) return true;
    std::string href = cleaned_href(raw);
    if (excluded_href(href)) return true;
    if (auto url = base.resolve(href); url && seen.insert(*url).second)
      links.push_back(std::move(*url));
    return true;
  });
  return links;
}

std::vector<std::string> crawl_links(const Document& doc, std::string_view page_url) {
  const core::UrlResolver base(document_base_url(doc, page_url));
  std::vector<std::string> links;
  std::unordered_set<std::string> seen;
  walk_elements(doc.root(), [&](const Node* node) {
    const char* raw = nullptr;
    if (is_html_element(node, GUMBO_TAG_A) || is_html_element(node, GUMBO_TAG_AREA)) {
      raw = attribute(node, "href");
    } else if (is_html_element(node, GUMBO_TAG_FRAME) || is_html_element(node, GUMBO_TAG_IFRAME)) {
      raw = attribute(node, "src");
    } else if (is_html_element(node, GUMBO_TAG_LINK)) {
      std::string rel = core::to_lower_ascii(attribute(node, "rel") ? attribute(node, "rel") : "");
      if (rel == "next" || rel == "prev" || rel == "previous") raw = attribute(node, "href");
    }
    if (!raw) return true;
    std::string href = cleaned_href(raw);
    // Unlike page_links, mailto: and other schemes stay: the crawler records them.
    if ((!href.empty() && href.front() == '#') || core::url_scheme(href) == "javascript") return true;
    if (auto url = base.resolve(href); url && seen.insert(*url).second) links.push_back(std::move(*url));
    return true;
  });
  return links;
}

std::vector<std::string> page_links(std::string_view utf8_html, std::string_view page_url) {
  Document doc(utf8_html);
  return page_links(doc, page_url);
}

// ---- bare URLs ----

namespace {

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A URL starts a word: "bob@www.x.com", "x.www.y.com" and "shttp://" hold no URL. A non-ASCII
// byte before it counts as a boundary, since CJK text runs into URLs without spaces.
bool at_word_start(std::string_view text, std::size_t i) {
  if (i == 0) return true;
  char c = text[i - 1];
  return c == '\0' || (!is_ascii_alnum(c) && !std::strchr("@.-_/\\%+~&#=", c));
}

// ASCII bytes a written URL may hold (RFC 3986 plus "{", "}", "|" seen in real query strings).
bool is_url_ascii(char c) {
  return is_ascii_alnum(c) || (c != '\0' && std::strchr("-._~:/?#[]@!$&'()*+,;=%{}|", c));
}

// Code points that end a URL: Latin-1 punctuation and NBSP, general punctuation (typographic
// quotes, dashes, Unicode spaces), CJK punctuation, fullwidth forms and specials (U+FFFD).
bool ends_url(char32_t cp) {
  return (cp >= 0x80 && cp <= 0xBF) || (cp >= 0x2000 && cp <= 0x206F) ||
         (cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFE30 && cp <= 0xFE6F) || cp == 0xFEFF || (cp >= 0xFF00 && cp <= 0xFFFF);
}

// Length of the valid UTF-8 sequence at `i` and its code point; 0 when invalid.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char lead = b(i);
  std::size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (lead > 0xF4 || len == 0 || i + len > s.size()) return 0;
  cp = lead & (0x3F >> (len - 1));
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

std::size_t url_end(std::string_view text, std::size_t i) {
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      if (!is_url_ascii(text[i])) break;
      ++i;
      continue;
    }
    char32_t cp = 0;
    std::size_t len = utf8_sequence(text, i, cp);
    if (len == 0 || ends_url(cp)) break;
    i += len;
  }
  return i;
}

// Drops sentence punctuation and closing brackets that have no opener inside the URL.
std::size_t strip_trailing(std::string_view text, std::size_t begin, std::size_t end) {
  int open[3] = {0, 0, 0};
  int close[3] = {0, 0, 0};
  static constexpr char k_open[] = "([{";
  static constexpr char k_close[] = ")]}";
  for (std::size_t i = begin; i < end; ++i)
    for (int k = 0; k < 3; ++k) {
      open[k] += text[i] == k_open[k];
      close[k] += text[i] == k_close[k];
    }
  while (end > begin) {
    char c = text[end - 1];
    if (std::strchr(".,;:!?'\"", c)) {
      --end;
      continue;
    }
    const char* closer = std::strchr(k_close, c);
    if (!closer) break;
    int k = static_cast<int>(closer - k_close);
    if (close[k] <= open[k]) break;
    --close[k];
    --end;
  }
  return end;
}

// The host part of the text after the prefix is plausible: for "www." at least two more
// non-empty dot-separated labels ("www.example.com", not "www.example" or "www..com").
bool plausible_host(std::string_view rest, bool www) {
  std::string_view host = rest.substr(0, rest.find_first_of(www ? "/?#:" : "/?#"));
  if (!www) {
    for (char c : host)
      if (is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80 || c == '[') return true;
    return false;
  }
  int labels = 0;
  for (std::size_t start = 0;;) {
    std::size_t dot = host.find('.', start);
    std::string_view label = host.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty()) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels >= 2;
}

}  // namespace

std::vector<BareUrl> find_bare_urls(std::string_view text) {
  std::vector<BareUrl> found;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != 'h' && c != 'H' && c != 'f' && c != 'F' && c != 'w' && c != 'W') continue;
    if (!at_word_start(text, i)) continue;
    std::string_view at = text.substr(i);
    std::size_t prefix = 0;
    bool www = false;
    if (core::istarts_with(at, "http://")) {
      prefix = 7;
    } else if (core::istarts_with(at, "https://")) {
      prefix = 8;
    } else if (core::istarts_with(at, "ftp://")) {
      prefix = 6;
    } else if (core::istarts_with(at, "www.")) {
      prefix = 4;
      www = true;
    } else {
      continue;
    }
    std::size_t end = strip_trailing(text, i, url_end(text, i + prefix));
    if (end <= i + prefix || !plausible_host(text.substr(i + prefix, end - i - prefix), www))
      continue;
    BareUrl url;
    url.offset = i;
    url.length = end - i;
    url.url = (www ? "http://" : "") + std::string(text.substr(i, end - i));
    found.push_back(std::move(url));
    i = end - 1;
  }
  return found;
}

}  // namespace salvage::extract
