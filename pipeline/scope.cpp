#include "pipeline/scope.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/url.hpp"

namespace salvage::pipeline {

namespace {

std::optional<std::regex> compile(const std::string& pattern, const char* option) {
  if (pattern.empty()) return std::nullopt;
  try {
    return std::regex(pattern, std::regex::ECMAScript | std::regex::optimize);
  } catch (const std::regex_error& e) {
    throw core::Error(core::ExitCode::usage, std::string(option) + " \"" + pattern + "\": " + e.what());
  }
}

// The URL's directory: "http://a/qa/x.html" -> "http://a/qa/".
std::string directory_prefix(std::string_view url) {
  std::size_t query = url.find('?');
  std::string_view path = url.substr(0, query);
  std::size_t slash = path.rfind('/');
  std::size_t scheme_end = path.find("://");
  if (slash == std::string_view::npos || (scheme_end != std::string_view::npos && slash < scheme_end + 3))
    return std::string(path) + "/";
  return std::string(path.substr(0, slash + 1));
}

}  // namespace

std::string registrable_domain(std::string_view host) {
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  while (start <= host.size()) {
    std::size_t dot = host.find('.', start);
    labels.push_back(host.substr(start, dot == std::string_view::npos ? host.npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  std::size_t keep = 2;
  if (labels.size() >= 3 && labels.back().size() == 2 && labels[labels.size() - 2].size() <= 3) keep = 3;
  if (labels.size() <= keep) return std::string(host);
  std::string out;
  for (std::size_t i = labels.size() - keep; i < labels.size(); ++i) {
    if (!out.empty()) out += '.';
    out += labels[i];
  }
  return out;
}

Scope::Scope(const ScopeOptions& options, const std::vector<std::string>& start_urls)
    : m_options(options),
      m_include(compile(options.include, "--include")),
      m_exclude(compile(options.exclude, "--exclude")) {
  for (const std::string& url : start_urls) {
    switch (options.kind) {
      case ScopeKind::host: m_starts.push_back(core::url_host(url)); break;
      case ScopeKind::prefix: m_starts.push_back(directory_prefix(url)); break;
      case ScopeKind::domain: m_starts.push_back(registrable_domain(core::url_host(url))); break;
    }
  }
}

bool Scope::within_start(std::string_view url) const {
  std::string host = core::url_host(url);
  for (const std::string& start : m_starts) {
    switch (m_options.kind) {
      case ScopeKind::host:
        if (host == start) return true;
        break;
      case ScopeKind::prefix:
        if (url.starts_with(start)) return true;
        break;
      case ScopeKind::domain:
        if (host == start || (host.size() > start.size() && host.ends_with(start) &&
                              host[host.size() - start.size() - 1] == '.'))
          return true;
        break;
    }
  }
  return false;
}

bool Scope::allows(std::string_view url, int depth) const {
  std::string scheme = core::url_scheme(url);
  if (scheme != "http" && scheme != "https") return false;
  if (m_options.max_depth >= 0 && depth > m_options.max_depth) return false;
  if (!within_start(url)) return false;
  std::string s(url);
  if (m_include && !std::regex_search(s, *m_include)) return false;
  if (m_exclude && std::regex_search(s, *m_exclude)) return false;
  return true;
}

}  // namespace salvage::pipeline
