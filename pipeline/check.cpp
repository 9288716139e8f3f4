#include "pipeline/check.hpp"

#include <chrono>
#include <deque>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>

#include "core/error.hpp"
#include "core/url.hpp"
#include "fetch/engine.hpp"
#include "store/store.hpp"

namespace salvage::pipeline {

namespace {

constexpr std::size_t k_page = 256;  // URLs read from the store at a time

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// "2004-09-23T17:33:00" -> "20040923173300"; "" when the record shows no year.
std::string wayback_timestamp(const std::string& iso) {
  std::string digits;
  for (char c : iso)
    if (c >= '0' && c <= '9') digits += c;
  return digits.size() >= 8 ? digits : std::string();
}

// Asks the availability endpoint for each dead URL's snapshot closest to its record's date.
std::size_t suggest_replacements(store::Store& store, const CheckOptions& options,
                                 const std::vector<std::string>& dead, const std::atomic<bool>* stop) {
  std::size_t found = 0, next = 0;
  fetch::EngineOptions engine = options.checker.engine;
  engine.obey_robots = false;
  fetch::Engine client(engine);
  store::Store::Committer committer(store, 100, 1000);
  client.run(
      [&]() -> std::optional<fetch::FetchRequest> {
        if (next >= dead.size()) return std::nullopt;
        const std::string& url = dead[next];
        std::string query = options.wayback_url + (options.wayback_url.find('?') == std::string::npos ? "?" : "&") +
                            "url=" + core::percent_encode(url);
        std::string stamp = wayback_timestamp(store.linking_record_date(url));
        if (!stamp.empty()) query += "&timestamp=" + stamp;
        fetch::FetchRequest request;
        request.url = query;
        request.tag = static_cast<std::int64_t>(next++);
        return request;
      },
      [&](fetch::FetchResult&& r) {
        if (r.outcome != core::FetchOutcome::fetched) return;
        auto json = nlohmann::json::parse(r.page.body, nullptr, false);
        if (!json.is_object()) return;
        auto closest = json.value("/archived_snapshots/closest"_json_pointer, nlohmann::json());
        if (!closest.is_object() || !closest.value("available", false) || !closest.contains("url")) return;
        store.put_link_suggestion(dead[static_cast<std::size_t>(r.request.tag)], closest["url"].get<std::string>());
        ++found;
        committer.wrote();
      },
      stop);
  committer.finish();
  return found;
}

}  // namespace

std::size_t CheckSummary::count(core::LinkVerdict v) const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < by_class.size(); ++i)
    if (core::verdict_of(static_cast<core::LinkClass>(i)) == v) n += by_class[i];
  return n;
}

std::string CheckSummary::summary() const {
  std::string out;
  for (core::LinkVerdict v : {core::LinkVerdict::alive, core::LinkVerdict::dead, core::LinkVerdict::unverifiable}) {
    if (!out.empty()) out += ", ";
    out += std::string(core::verdict_name(v)) + " " + std::to_string(count(v));
    std::string classes;
    for (std::size_t i = 0; i < by_class.size(); ++i) {
      auto c = static_cast<core::LinkClass>(i);
      if (core::verdict_of(c) != v || !by_class[i]) continue;
      if (!classes.empty()) classes += ", ";
      classes += std::string(core::link_class_name(c)) + " " + std::to_string(by_class[i]);
    }
    if (!classes.empty()) out += " (" + classes + ")";
  }
  return out;
}

CheckSummary check_links(store::Store& store, const CheckOptions& options,
                         const std::function<void(const CheckSummary&)>& progress, const std::atomic<bool>* stop) {
  std::optional<std::regex> exclude;
  if (!options.exclude.empty()) {
    try {
      exclude.emplace(options.exclude, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      throw core::Error(core::ExitCode::usage, "--exclude \"" + options.exclude + "\": " + e.what());
    }
  }
  const std::int64_t started = unix_now();
  const std::int64_t checked_before = options.recheck ? std::numeric_limits<std::int64_t>::max()
                                                      : started - options.max_age_seconds;
  CheckSummary summary;
  summary.due = store.count_links_to_check(std::min(checked_before, started), options.internal);
  std::deque<std::string> buffer;
  std::string after;
  bool exhausted = false;
  std::vector<std::string> dead;
  store::Store::Committer committer(store, 50, 1000);

  fetch::LinkChecker checker(options.checker);
  checker.run(
      [&]() -> std::optional<std::string> {
        while (buffer.empty() && !exhausted) {
          // Checked in this run means checked_at >= started: never handed out twice.
          std::vector<std::string> page =
              store.links_to_check(after, std::min(checked_before, started), options.internal, k_page);
          if (page.empty()) exhausted = true;
          for (std::string& url : page) {
            after = url;
            if (exclude && std::regex_search(url, *exclude)) ++summary.excluded;
            else buffer.push_back(std::move(url));
          }
        }
        if (buffer.empty()) return std::nullopt;
        std::string url = std::move(buffer.front());
        buffer.pop_front();
        return url;
      },
      [&](core::LinkHealth&& health) {
        store.put_link_health(health);
        committer.wrote();
        ++summary.by_class[static_cast<std::size_t>(health.link_class)];
        ++summary.checked;
        if (options.suggest && health.verdict() == core::LinkVerdict::dead) dead.push_back(health.url);
        if (progress) progress(summary);
      },
      stop);
  committer.finish();
  if (options.suggest && !dead.empty() && !(stop && *stop))
    summary.suggestions = suggest_replacements(store, options, dead, stop);
  return summary;
}

}  // namespace salvage::pipeline
