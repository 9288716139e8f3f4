#include "core/url.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "core/text.hpp"

// Resolution is curl's (relative references, dot segments, percent-encoding of non-ASCII on set,
// default ports). Around it sits only what curl 7.88 does not do the browser way, each step small:
//   - the WHATWG input clean-up (strip C0 controls and spaces at both ends, drop tab/CR/LF);
//   - fragments are cut off before curl sees them (curl 7.88 resolves "#top" to the base's
//     directory, and we drop fragments anyway);
//   - "\" is "/" before the query in special schemes (http, https, ftp, ws, wss, file);
//   - "http:foo" with an http base is the relative "foo"; "http:x.org" with another base is
//     "http://x.org"; "////x.org/a" is "//x.org/a" (WHATWG's special-scheme rules);
//   - a relative path whose first segment holds a colon ("1a:b") gets "./" (RFC 3986 4.2) so
//     that curl does not read a scheme into it;
//   - spaces and controls become %20 / %XX (curl would write a space in a query as "+");
//   - a URL with a non-special scheme and no "//" ("mailto:", "news:", "javascript:", "data:")
//     is opaque: curl's API only models scheme://authority, so such a URL is returned as written
//     with the scheme lower-cased and spaces, controls and non-ASCII percent-encoded;
//   - hosts are lower-cased (ASCII only: curl's punycode conversion depends on the process
//     locale, so internationalised hosts stay in Unicode to keep the output deterministic);
//   - percent-encoding hex digits are upper-cased (RFC 3986 6.2.2.1; curl writes "%c3").
// Known gaps, all curl's: file:///C:/ (drive letters) and file://server/ URLs do not resolve on
// POSIX; "%2e%2e" segments are not dot segments; IDN hosts are not converted to punycode.

namespace salvage::core {

namespace {

struct UrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct CurlFree {
  void operator()(char* text) const { curl_free(text); }
};

// One part of a parsed URL, or nullopt when the URL has none.
std::optional<std::string> get_part(CURLU* handle, CURLUPart part, unsigned flags) {
  char* raw = nullptr;
  CURLUcode rc = curl_url_get(handle, part, &raw, flags);
  std::unique_ptr<char, CurlFree> owned(raw);
  if (rc != CURLUE_OK || !raw) return std::nullopt;
  return std::string(raw);
}

constexpr unsigned k_set_flags = CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// WHATWG: leading/trailing C0 control or space are stripped, ASCII tab or newline removed.
std::string clean_input(std::string_view s) {
  auto c0_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!s.empty() && c0_or_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && c0_or_space(s.back())) s.remove_suffix(1);
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  return out;
}

// Length of the RFC 3986 scheme at the start of `s` (without the ':'), or 0 when there is none.
std::size_t scheme_length(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) return 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return i;
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return 0;
  }
  return 0;
}

bool is_special_scheme(std::string_view scheme) {
  return scheme == "http" || scheme == "https" || scheme == "ftp" || scheme == "ws" ||
         scheme == "wss" || scheme == "file";
}

void append_escape(std::string& out, unsigned char c) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  out += '%';
  out += k_hex[c >> 4];
  out += k_hex[c & 15];
}

// Spaces, controls and DEL are never valid in a URL; browsers percent-encode them.
std::string escape_spaces_and_controls(std::string_view s, bool non_ascii_too) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F || (non_ascii_too && c >= 0x80))
      append_escape(out, c);
    else
      out += ch;
  }
  return out;
}

void backslashes_to_slashes(std::string& s) {
  for (char& c : s) {
    if (c == '?') break;
    if (c == '\\') c = '/';
  }
}

void uppercase_escapes(std::string& s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    if (s[i] == '%' && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      for (std::size_t k = i + 1; k <= i + 2; ++k)
        if (s[k] >= 'a' && s[k] <= 'f') s[k] = static_cast<char>(s[k] - 'a' + 'A');
      i += 2;
    }
  }
}

// The canonical text of a parsed handle: lower-case host, no default port, upper-case escapes.
std::optional<std::string> finish(CURLU* handle) {
  if (auto host = get_part(handle, CURLUPART_HOST, 0)) {
    std::string lower = to_lower_ascii(*host);
    if (lower != *host && curl_url_set(handle, CURLUPART_HOST, lower.c_str(), 0) != CURLUE_OK)
      return std::nullopt;
  }
  auto url = get_part(handle, CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
  if (url) uppercase_escapes(*url);
  return url;
}

std::string without_fragment(std::string s) {
  if (auto hash = s.find('#'); hash != std::string::npos) s.erase(hash);
  return s;
}

}  // namespace

struct UrlResolver::Parsed {
  UrlHandle handle;
};

UrlResolver::UrlResolver(std::string_view base) {
  try {
    std::string base_url = without_fragment(clean_input(base));
    m_scheme = to_lower_ascii(base_url.substr(0, scheme_length(base_url)));
    UrlHandle handle(curl_url());
    std::string escaped = escape_spaces_and_controls(base_url, false);
    if (handle && curl_url_set(handle.get(), CURLUPART_URL, escaped.c_str(), k_set_flags) == CURLUE_OK)
      m_base = std::make_unique<Parsed>(Parsed{std::move(handle)});
    // What a relative href's result depends on (RFC 3986 5.2.2): "/x" on the origin only, "x" on
    // the origin and the path up to its last '/'.
    std::size_t authority = base_url.find("://");
    if (m_base && authority != std::string::npos) {
      std::string_view rest = std::string_view(base_url).substr(0, base_url.find_first_of("?"));
      std::size_t path = rest.find('/', authority + 3);
      m_origin = std::string(rest.substr(0, path));
      m_directory = path == std::string_view::npos ? m_origin + "/" : std::string(rest.substr(0, rest.rfind('/') + 1));
    }
  } catch (...) {  // std::bad_alloc: a base we cannot hold is no base
    m_base.reset();
  }
}

UrlResolver::~UrlResolver() = default;

namespace {

// A page's menus repeat on every page of a site: each thread remembers the last results. The key
// holds all a result depends on (see memo_key); bounded, it starts again when full.
constexpr std::size_t k_memo_size = 100'000;
thread_local std::unordered_map<std::string, std::optional<std::string>> t_memo;

}  // namespace

// The memo key of `href` against this base, or "" when it is not worth one: an absolute
// "scheme://" href depends on nothing else, "/x" on the base's origin, a relative path on the
// base's directory. Hrefs the clean-up could turn into a query or fragment ("?x", " ?x") or that
// depend on the whole base ("") have none.
std::string UrlResolver::memo_key(std::string_view href) const {
  if (m_directory.empty() || href.empty()) return {};
  auto plain = [](char c) { return c > 0x20 && c != '?' && c != '#' && c != '\\'; };
  if (!plain(href.front())) return {};
  if (href.starts_with("http://") || href.starts_with("https://")) return "\n" + std::string(href);
  if (href.front() == '/') return href.size() > 1 && !plain(href[1]) ? std::string() : m_origin + "\n" + std::string(href);
  return m_directory + "\n" + std::string(href);
}

std::optional<std::string> UrlResolver::resolve(std::string_view href) const {
  try {
    std::string key = memo_key(href);
    if (key.empty()) return resolve_uncached(href);
    if (auto it = t_memo.find(key); it != t_memo.end()) return it->second;
    std::optional<std::string> url = resolve_uncached(href);
    if (t_memo.size() >= k_memo_size) t_memo.clear();
    t_memo.emplace(std::move(key), url);
    return url;
  } catch (...) {  // std::bad_alloc: a URL we cannot hold is no URL
    return std::nullopt;
  }
}

std::optional<std::string> UrlResolver::resolve_uncached(std::string_view href) const {
  try {
    std::string ref = without_fragment(clean_input(href));
    bool absolute = false;
    if (std::size_t n = scheme_length(ref)) {
      std::string scheme = to_lower_ascii(ref.substr(0, n));
      std::string rest = ref.substr(n + 1);
      if (is_special_scheme(scheme)) {
        backslashes_to_slashes(rest);
        if (scheme != "file" && scheme == m_scheme && rest.rfind("//", 0) != 0) {
          ref = rest;  // "http:foo" on an http page is the relative "foo"
        } else if (scheme != "file") {
          rest.erase(0, rest.find_first_not_of('/'));
          ref = scheme + "://" + rest;
          absolute = true;
        } else {
          ref = scheme + (rest.rfind("/", 0) == 0 ? ":" : ":///") + rest;  // "file:x" = file:///x
          absolute = true;
        }
      } else if (rest.rfind("//", 0) == 0) {
        absolute = true;
      } else {
        // Opaque URL (mailto:, news:, javascript:, data:): nothing to resolve.
        return scheme + ":" + escape_spaces_and_controls(rest, true);
      }
    } else {
      if (is_special_scheme(m_scheme)) {
        backslashes_to_slashes(ref);
        // WHATWG skips any number of slashes before a special URL's host: "////x.org/a".
        if (ref.rfind("//", 0) == 0) ref.erase(2, ref.find_first_not_of('/') - 2);
      }
      // RFC 3986 4.2: a first segment with a colon ("1a:b", "+x:y", not schemes) needs "./"
      // or curl takes it for a scheme.
      std::size_t colon = ref.find(':');
      if (colon != std::string::npos && colon < ref.find_first_of("/?")) ref.insert(0, "./");
    }

    if (!absolute && !m_base) return std::nullopt;
    // A copy of the parsed base is much cheaper than parsing it again.
    UrlHandle handle(m_base ? curl_url_dup(m_base->handle.get()) : curl_url());
    if (!handle) return std::nullopt;
    if (!absolute && ref.empty()) return finish(handle.get());  // curl 7.88 would resolve "" to the folder
    std::string ref_escaped = escape_spaces_and_controls(ref, false);
    if (curl_url_set(handle.get(), CURLUPART_URL, ref_escaped.c_str(), k_set_flags) != CURLUE_OK)
      return std::nullopt;
    return finish(handle.get());
  } catch (...) {  // std::bad_alloc: a URL we cannot hold is no URL
    return std::nullopt;
  }
}

std::optional<std::string> resolve_url(std::string_view base, std::string_view href) {
  return UrlResolver(base).resolve(href);
}

namespace {

// The host of an http(s) URL in the plain form resolve_url writes ("http://" or "https://", a
// lower-case host name or dotted IPv4 address, an optional ":port"), read off the text: the
// links of a crawl ask for it by the hundred thousand. Anything else (user info, IPv6, upper
// case, escapes, numbers curl rewrites such as "0x7f.1") is left to curl: nullopt.
std::optional<std::string> plain_http_host(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("http://")) rest = url.substr(7);
  else if (url.starts_with("https://")) rest = url.substr(8);
  else return std::nullopt;
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (std::size_t colon = host.find(':'); colon != std::string_view::npos) {
    std::string_view port = host.substr(colon + 1);
    if (port.empty() || port.size() > 5) return std::nullopt;
    long value = 0;
    for (char c : port) {
      if (!is_digit(c)) return std::nullopt;
      value = value * 10 + (c - '0');
    }
    if (value > 65535) return std::nullopt;
    host = host.substr(0, colon);
  }
  // Labels of lower-case letters, digits and '-', none empty.
  std::size_t labels = 0, numeric = 0;
  for (std::size_t start = 0; start <= host.size();) {
    std::size_t end = std::min(host.find('.', start), host.size());
    std::string_view label = host.substr(start, end - start);
    if (label.empty()) return std::nullopt;
    bool digits = true;
    for (char c : label) {
      if (!(c >= 'a' && c <= 'z') && !is_digit(c) && c != '-') return std::nullopt;
      digits = digits && is_digit(c);
    }
    // A decimal IPv4 part as curl writes it: no leading zero, at most 255.
    if (digits && (label.size() > 3 || (label.size() > 1 && label[0] == '0') || std::stoi(std::string(label)) > 255))
      return std::nullopt;
    ++labels;
    numeric += digits ? 1 : 0;
    start = end + 1;
  }
  // A name (its last label starts with a letter) or a dotted quad; curl rewrites other numbers.
  std::string_view last = host.substr(host.rfind('.') == std::string_view::npos ? 0 : host.rfind('.') + 1);
  bool name = is_alpha(last[0]);
  bool quad = labels == 4 && numeric == 4;
  if (!name && !quad) return std::nullopt;
  return std::string(host);
}

}  // namespace

std::string url_host(std::string_view url) {
  if (auto host = plain_http_host(url)) return *host;
  try {
    std::string text = escape_spaces_and_controls(without_fragment(clean_input(url)), false);
    UrlHandle handle(curl_url());
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), k_set_flags) != CURLUE_OK)
      return {};
    auto host = get_part(handle.get(), CURLUPART_HOST, 0);
    return host ? to_lower_ascii(*host) : std::string();
  } catch (...) {
    return {};
  }
}

std::string url_scheme(std::string_view url) {
  std::string text = clean_input(url);
  return to_lower_ascii(std::string_view(text).substr(0, scheme_length(text)));
}

bool same_site(std::string_view host_a, std::string_view host_b) {
  std::string a = to_lower_ascii(host_a);
  std::string b = to_lower_ascii(host_b);
  auto drop_www = [](std::string& h) {
    if (h.rfind("www.", 0) == 0) h.erase(0, 4);
  };
  drop_www(a);
  drop_www(b);
  return a == b;
}

std::string file_url(std::string_view absolute_path) {
  std::string out = "file://";
  if (absolute_path.empty() || absolute_path.front() != '/') out += '/';
  for (char ch : absolute_path) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = is_alpha(ch) || is_digit(ch) || c == '/' || c == '-' || c == '.' || c == '_' ||
                c == '~' || c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' ||
                c == ')' || c == '*' || c == '+' || c == ',' || c == ';' || c == '=' ||
                c == ':' || c == '@';
    if (keep)
      out += ch;
    else
      append_escape(out, c);
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 15];
    }
  }
  return out;
}

}  // namespace salvage::core
