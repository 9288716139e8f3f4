#pragma once
// The exact classification of a link check (issue 5): what a HEAD or GET answer (redirects
// followed by the engine) means as a core::LinkClass, and when a HEAD answer calls for a GET.
// Pure functions of their arguments (URLs are parsed with curl's URL API, nothing more), so
// tests state each rule without a network; fetch/link_checker.cpp runs the requests.
//
// Bot walls (blocked: unverifiable, never dead) are recognised by
//  - the headers "cf-mitigated: challenge" or "x-amzn-waf-action: captcha|challenge" (any status);
//  - a title of a challenge page ("Just a moment...", "Attention Required!", "Access denied",
//    "Are you a robot?", "Pardon Our Interruption", ...), on an error status, or on a 2xx page
//    of under k_wall_max_words words (an article about CAPTCHAs is no wall);
//  - on a 2xx, Cloudflare's challenge script ("cf_chl_opt", "cf-chl-"), or "captcha" on a page of
//    under k_wall_max_words words (a comment form's reCAPTCHA on an article is no wall);
//  - on another 4xx/5xx than 404, 410 and 429: "captcha", "cf-chl", "attention required",
//    "access denied", "just a moment", "checking your browser", "ddos protection", "ddos-guard",
//    "verify you are human", "are you a robot", "incapsula", "datadome", "perimeterx",
//    "px-captcha", "sucuri website firewall", "you have been blocked" anywhere in the body, or
//    "Server: cloudflare" on a 403/503 whose body mentions a challenge.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/link_health.hpp"
#include "fetch/engine.hpp"
#include "fetch/page_text.hpp"

namespace salvage::fetch {

inline constexpr std::size_t k_wall_max_words = 150;

// "scheme://authority", the path ("" as "/") and whether a query follows, of an absolute URL.
struct UrlSplit {
  std::string origin;
  std::string path = "/";
  bool query = false;
};
UrlSplit split_origin(std::string_view url);

// The class of a URL that is not requested at all: invalid_url (curl cannot parse it as an
// absolute URL with a host) or unsupported_scheme (mailto:, ftp:, news: ...), with the reason in
// `*why`; nullopt for an http(s) URL to check.
std::optional<core::LinkClass> precheck(std::string_view url, std::string* why);

// Whether a HEAD answer calls for the same URL as a GET (read_limit bytes): statuses servers give
// to HEAD alone (400, 403, 404, 405, 406, any 5xx), a reset or garbled HEAD (not a connection
// never made), a 3xx
// without a usable Location, and a 2xx HTML page (or one without a Content-Type), whose body the
// soft-404 rules read, unless its redirects already lead to a site's root. Not after a timeout
// (unverifiable anyway, and a GET would double the wait on every hanging host), a DNS or TLS
// failure (the method does not matter), a redirect loop or too many redirects.
bool head_needs_get(const FetchResult& head);

// The bot-wall marker found (see above), e.g. "cf-mitigated: challenge", or nullopt.
std::optional<std::string> bot_wall(int status, const core::Headers& headers, std::string_view body,
                                    const PageText& text);

// A deep URL (a path of one segment or more, other than an index page such as "/index.html" or
// "/home") whose redirects reach a site's root ("/" without a query), on any host.
bool redirected_to_root(std::string_view url, const std::vector<std::string>& redirects);

struct LinkCall {
  core::LinkClass link_class = core::LinkClass::ok;
  std::string error;  // why, for anything but ok
};

// The class of a finished request (`result.page.body` as decoded by the engine, maybe a prefix;
// `text` its PageText, empty for a HEAD). Statuses in `accept` are ok (redirected after a
// chain) before any other rule. Soft 404s by words and by a root redirect are decided here; by
// the probe in the checker, which alone sees other URLs' answers.
LinkCall classify(const FetchResult& result, const std::vector<int>& accept, const PageText& text);

}  // namespace salvage::fetch
