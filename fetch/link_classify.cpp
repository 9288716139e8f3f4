#include "fetch/link_classify.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "core/url.hpp"
#include "fetch/engine_impl.hpp"
#include "fetch/soft_404.hpp"

namespace salvage::fetch {

namespace {

using core::FetchOutcome;
using core::LinkClass;

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

template <std::size_t N>
std::optional<std::string> find_any(std::string_view lower,
                                    const std::array<std::string_view, N>& markers) {
  for (std::string_view m : markers)
    if (contains(lower, m)) return std::string(m);
  return std::nullopt;
}

constexpr std::array<std::string_view, 19> k_wall_titles{"just a moment",
                                                         "attention required",
                                                         "access denied",
                                                         "captcha",
                                                         "are you a robot",
                                                         "are you a human",
                                                         "security check",
                                                         "verify you are human",
                                                         "checking your browser",
                                                         "ddos-guard",
                                                         "bot verification",
                                                         "human verification",
                                                         "robot check",
                                                         "one more step",
                                                         "pardon our interruption",
                                                         "you have been blocked",
                                                         "request unsuccessful",
                                                         "please wait while we verify",
                                                         "access to this page has been denied"};

constexpr std::array<std::string_view, 17> k_wall_bodies{"captcha",
                                                         "cf-chl",
                                                         "cf_chl",
                                                         "attention required",
                                                         "access denied",
                                                         "just a moment",
                                                         "checking your browser",
                                                         "ddos protection",
                                                         "ddos-guard",
                                                         "verify you are human",
                                                         "are you a robot",
                                                         "incapsula",
                                                         "datadome",
                                                         "perimeterx",
                                                         "px-captcha",
                                                         "sucuri website firewall",
                                                         "you have been blocked"};

std::string hops(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " redirect" : " redirects");
}

bool index_page(std::string_view segment) {
  std::string name = core::to_lower_ascii(segment.substr(0, segment.find('.')));
  return name == "index" || name == "default" || name == "home" || name == "welcome" ||
         name == "main";
}

std::size_t word_count(std::string_view text) {
  if (text.empty()) return 0;
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), ' ')) + 1;
}

// The class a final HTTP status stands for (`chain`: it came after redirects).
LinkCall by_status(const FetchResult& r, const std::vector<int>& accept, const PageText& text) {
  const core::FetchedPage& page = r.page;
  int status = page.status;
  bool chain = !page.redirects.empty();
  std::string where =
      chain ? " at the end of " + hops(page.redirects.size()) + ", at " + page.final_url
            : std::string();
  std::string http = "HTTP " + std::to_string(status) + where;
  auto dead = [&](LinkClass c) { return LinkCall{chain ? LinkClass::redirect_to_dead : c, http}; };

  bool two = status >= 200 && status <= 299;
  auto alive = [&]() {
    if (!chain) return LinkCall{LinkClass::ok, {}};
    return LinkCall{LinkClass::redirected, hops(page.redirects.size()) + " to " + page.final_url};
  };
  if (std::find(accept.begin(), accept.end(), status) != accept.end()) return alive();
  if (status == 429) return {LinkClass::rate_limited, http + " (still after Retry-After)"};
  if (auto wall = bot_wall(status, page.headers, page.body, text))
    return {LinkClass::blocked, "bot wall (" + *wall + "): " + http};
  if (two || status == 304) {
    if (redirected_to_root(r.request.url, page.redirects))
      return {LinkClass::soft_404,
              "soft 404: a deep URL redirected to the site's root " + page.final_url};
    if (two && is_html_type(page.headers))
      if (auto said = says_not_found(text)) return {LinkClass::soft_404, "soft 404: " + *said};
    return alive();
  }
  if (status == 401 || status == 403 || status == 999) return {LinkClass::blocked, http};
  if (status == 404) return dead(LinkClass::not_found);
  if (status == 410) return dead(LinkClass::gone);
  if (status >= 400 && status <= 499) return dead(LinkClass::client_error);
  return dead(LinkClass::server_error);  // 5xx, and nonsense (1xx, 6xx ...) from a broken server
}

}  // namespace

UrlSplit split_origin(std::string_view url) {
  UrlSplit out;
  std::size_t scheme = url.find("://");
  std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  std::size_t path = url.find_first_of("/?#", start);
  out.origin = std::string(url.substr(0, path));
  if (path == std::string_view::npos) return out;
  std::size_t end = url.find_first_of("?#", path);
  if (end != path) out.path = std::string(url.substr(path, end - path));
  out.query = end != std::string_view::npos && url[end] == '?';
  return out;
}

std::optional<LinkClass> precheck(std::string_view url, std::string* why) {
  std::string scheme = core::url_scheme(url);
  if (scheme.empty()) {
    if (why) *why = "not an absolute URL";
    return LinkClass::invalid_url;
  }
  if (scheme != "http" && scheme != "https") {
    if (why) *why = scheme + ": URLs are recorded, not checked";
    return LinkClass::unsupported_scheme;
  }
  if (!split_url(std::string(url))) {
    if (why) *why = "not a valid URL";
    return LinkClass::invalid_url;
  }
  return std::nullopt;
}

bool head_needs_get(const FetchResult& head) {
  switch (head.outcome) {
    case FetchOutcome::refused:  // reset or closed on a HEAD: maybe the HEAD alone
      return head.failure != FailureDetail::unreached;
    case FetchOutcome::failed:
      if (head.failure == FailureDetail::none && head.page.status == 0) return true;  // garbled
      if (head.failure == FailureDetail::bad_redirect) return true;
      if (head.failure != FailureDetail::none) return false;
      break;  // a nonsense status: by status below
    case FetchOutcome::fetched:
    case FetchOutcome::not_modified:
    case FetchOutcome::http_4xx:
    case FetchOutcome::http_5xx:
      break;
    default:  // timeout, dns, skipped, redirected to another scheme, robots_denied, too_large
      return false;
  }
  int s = head.page.status;
  if (s == 400 || s == 403 || s == 404 || s == 405 || s == 406 || (s >= 500 && s <= 599))
    return true;
  return s >= 200 && s <= 299 && is_html_type(head.page.headers) &&
         !redirected_to_root(head.request.url, head.page.redirects);
}

std::optional<std::string> bot_wall(int status, const core::Headers& headers, std::string_view body,
                                    const PageText& text) {
  std::string mitigated =
      core::to_lower_ascii(core::header_value(headers, "cf-mitigated").value_or(""));
  if (mitigated == "challenge") return "cf-mitigated: challenge";
  std::string waf =
      core::to_lower_ascii(core::header_value(headers, "x-amzn-waf-action").value_or(""));
  if (waf == "captcha" || waf == "challenge") return "x-amzn-waf-action: " + waf;
  bool two = status >= 200 && status <= 299;
  bool short_page = word_count(text.text) < k_wall_max_words;  // challenges say little
  if (!two || short_page)
    if (find_any(core::to_lower_ascii(text.title), k_wall_titles))
      return "title \"" + text.title + "\"";
  std::string lower = core::to_lower_ascii(body);
  if (two) {
    if (contains(lower, "cf_chl_opt") || contains(lower, "cf-chl-")) return "cloudflare challenge";
    if (short_page && contains(lower, "captcha")) return "captcha";
    return std::nullopt;
  }
  if (status < 400 || status == 404 || status == 410 || status == 429) return std::nullopt;
  if (auto marker = find_any(lower, k_wall_bodies)) return *marker;
  std::string server = core::to_lower_ascii(core::header_value(headers, "Server").value_or(""));
  if ((status == 403 || status == 503) && contains(server, "cloudflare") &&
      contains(lower, "challenge"))
    return "cloudflare challenge";
  return std::nullopt;
}

bool redirected_to_root(std::string_view url, const std::vector<std::string>& redirects) {
  UrlSplit from = split_origin(url);
  std::vector<std::string_view> segments;
  for (std::size_t i = 0; i < from.path.size();) {
    std::size_t slash = from.path.find('/', i);
    if (slash == std::string::npos) slash = from.path.size();
    if (slash > i) segments.push_back(std::string_view(from.path).substr(i, slash - i));
    i = slash + 1;
  }
  if (segments.empty() || (segments.size() == 1 && index_page(segments[0]))) return false;
  return std::any_of(redirects.begin(), redirects.end(), [](const std::string& hop) {
    UrlSplit to = split_origin(hop);
    return to.path == "/" && !to.query;
  });
}

LinkCall classify(const FetchResult& r, const std::vector<int>& accept, const PageText& text) {
  bool chain = !r.page.redirects.empty();
  auto after_chain = [&](LinkClass c) {
    if (!chain) return LinkCall{c, r.error};
    return LinkCall{LinkClass::redirect_to_dead, r.error + " (at the end of " +
                                                     hops(r.page.redirects.size()) + ", at " +
                                                     r.page.final_url + ")"};
  };
  switch (r.outcome) {
    case FetchOutcome::skipped:
      return {LinkClass::unsupported_scheme, r.error};
    case FetchOutcome::redirected:  // to another scheme: recorded, not followed
      return {LinkClass::unsupported_scheme, r.error + ": " + r.page.final_url};
    case FetchOutcome::robots_denied:
      return {LinkClass::blocked, r.error};
    case FetchOutcome::timeout:
      return {LinkClass::timeout, r.error};
    case FetchOutcome::dns:
      return after_chain(LinkClass::dns_failure);
    case FetchOutcome::refused:
      return after_chain(LinkClass::connection_refused);
    case FetchOutcome::failed:
      switch (r.failure) {
        case FailureDetail::tls:
          return {LinkClass::tls_error, r.error};
        case FailureDetail::redirect_loop:
          return {LinkClass::redirect_loop, r.error};
        case FailureDetail::too_many_redirects:
          return {LinkClass::too_many_redirects, r.error};
        case FailureDetail::bad_redirect:
          return {LinkClass::redirect_to_dead, r.error};
        case FailureDetail::none:
        case FailureDetail::unreached:  // comes with outcome refused, not failed
          break;
      }
      if (r.page.status == 0) {
        if (core::istarts_with(r.error, "invalid URL")) return {LinkClass::invalid_url, r.error};
        // Something answered, but not in HTTP: no web server we could call alive.
        LinkCall call = after_chain(LinkClass::connection_refused);
        call.error = "no HTTP answer: " + call.error;
        return call;
      }
      break;  // a status we can read (a nonsense one, or a 2xx whose encoding is broken)
    case FetchOutcome::too_large:
      if (r.page.status == 0)  // a body too big to read is there
        return {chain ? LinkClass::redirected : LinkClass::ok, {}};
      break;
    default:
      break;
  }
  return by_status(r, accept, text);
}

}  // namespace salvage::fetch
