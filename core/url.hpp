#pragma once
// URL parsing and resolution over libcurl's URL API (curl_url), never a hand-written parser.

#include <optional>
#include <string>
#include <string_view>

namespace salvage::core {

// Resolves `href` (absolute or relative, as written in a page; surrounding ASCII whitespace and
// embedded tabs/newlines are ignored as browsers do) against the absolute URL `base`.
// Returns the absolute URL with scheme and host lower-cased and without fragment, or nullopt when
// the result is not a valid URL. Never throws.
std::optional<std::string> resolve_url(std::string_view base, std::string_view href);

// The lower-cased host of an absolute URL, or "" when it has none (file:, mailto:, bad URL).
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
