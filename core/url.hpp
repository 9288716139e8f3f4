#pragma once
// URL parsing and resolution over libcurl's URL API (curl_url), never a hand-written parser. Two
// shortcuts give curl's answers faster: url_host reads the host of a plain http(s) URL off the
// text, and UrlResolver remembers results per thread (tests/core/url_test.cpp holds both to it).

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace salvage::core {

// Resolves `href` (absolute or relative, as written in a page; surrounding ASCII whitespace and
// embedded tabs/newlines are ignored as browsers do) against the absolute URL `base`.
// Returns the absolute URL with scheme and host lower-cased and without fragment, or nullopt when
// the result is not a valid URL. Never throws.
std::optional<std::string> resolve_url(std::string_view base, std::string_view href);

// resolve_url for many hrefs against one base (a page's links): the base is parsed once.
class UrlResolver {
 public:
  explicit UrlResolver(std::string_view base);
  ~UrlResolver();
  UrlResolver(const UrlResolver&) = delete;
  UrlResolver& operator=(const UrlResolver&) = delete;
  // What resolve_url(base, href) returns.
  std::optional<std::string> resolve(std::string_view href) const;

 private:
  struct Parsed;
  std::optional<std::string> resolve_uncached(std::string_view href) const;
  std::string memo_key(std::string_view href) const;
  std::unique_ptr<Parsed> m_base;  // null: the base is no URL (only absolute hrefs resolve)
  std::string m_scheme;            // the base's, lower-cased
  std::string m_origin;            // "scheme://authority" as written ("" without one)
  std::string m_directory;         // the base up to its path's last '/' ("" without one)
};

// The lower-cased host of an absolute URL, or "" when it has none (file:, mailto:, bad URL).
// Numeric hosts come back as curl normalises them ("http://0x7f.1/" -> "127.0.0.1").
std::string url_host(std::string_view url);

// The lower-cased scheme of a URL as written ("http", "mailto", ...), or "" when there is none.
std::string url_scheme(std::string_view url);

// True when two hosts are the same site: equal after lower-casing and dropping a leading "www.".
bool same_site(std::string_view host_a, std::string_view host_b);

// `text` as a URL query value: every byte but the unreserved ones (A-Z a-z 0-9 - . _ ~) as %XX.
std::string percent_encode(std::string_view text);

// file:// URL for an absolute local path, percent-encoding what a URL may not hold.
std::string file_url(std::string_view absolute_path);

}  // namespace salvage::core
