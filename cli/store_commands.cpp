#include "cli/store_commands.hpp"

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/interrupt.hpp"
#include "core/output_file.hpp"
#include "cli/progress.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "extract/profile.hpp"
#include "pipeline/check.hpp"
#include "pipeline/crawl.hpp"
#include "pipeline/extract_store.hpp"
#include "pipeline/import.hpp"
#include "pipeline/report.hpp"
#include "store/store.hpp"

namespace salvage::cli {

namespace {

constexpr int k_interrupted = 130;  // stopped by Ctrl-C after committing; run again to resume

pipeline::ScopeKind scope_kind(const std::string& name) {
  if (name == "host") return pipeline::ScopeKind::host;
  if (name == "prefix") return pipeline::ScopeKind::prefix;
  if (name == "domain") return pipeline::ScopeKind::domain;
  throw core::Error(core::ExitCode::usage, "--scope must be host, prefix or domain, not \"" + name + "\"");
}

std::vector<std::string> read_url_list(const std::string& source) {
  std::ifstream file;
  if (source != "-") {
    file.open(source);
    if (!file) throw core::Error(core::ExitCode::input, "cannot read URL list " + source);
  }
  std::istream& in = source == "-" ? std::cin : file;
  std::vector<std::string> urls;
  for (std::string line; std::getline(in, line);) {
    std::string_view url = core::trim(line);
    if (!url.empty() && url.front() != '#') urls.emplace_back(url);
  }
  return urls;
}

StageResult fetch_into_store(FetchCommandOptions options, bool follow_links) {
  options.scope.kind = scope_kind(options.scope_name);
  options.engine.obey_robots = !options.ignore_robots;
  options.engine.max_body_bytes = static_cast<std::size_t>(options.max_body_mb * 1024 * 1024);
  const std::atomic<bool>* stop = install_interrupt_handler();
  store::Store store(options.db);
  Progress progress(follow_links ? "crawl" : "fetch", !options.quiet);

  pipeline::CrawlOptions crawl;
  crawl.follow_links = follow_links;
  crawl.scope = options.scope;
  crawl.engine = options.engine;
  crawl.warc_path = options.warc;
  crawl.refresh = options.refresh;
  std::optional<extract::Profile> profile;
  if (options.extract && !options.profile_path.empty()) profile = extract::load_profile(options.profile_path);
  crawl.extract = options.extract;
  crawl.profile = profile ? &*profile : nullptr;
  crawl.start_urls = options.urls;
  if (!options.url_list.empty()) {
    auto listed = read_url_list(options.url_list);
    crawl.start_urls.insert(crawl.start_urls.end(), listed.begin(), listed.end());
  }
  if (!options.sitemap.empty()) {
    std::vector<std::string> problems;
    auto listed = pipeline::read_sitemaps(options.sitemap, options.engine, problems, stop);
    for (const auto& p : problems) progress.message("salvage fetch: " + p);
    crawl.start_urls.insert(crawl.start_urls.end(), listed.begin(), listed.end());
  }
  if (!follow_links) crawl.scope.max_depth = 0;  // the listed URLs are queued whatever their host
  if (crawl.start_urls.empty() && store.queued_count() == 0)
    throw core::Error(core::ExitCode::usage, "nothing to fetch: no URLs given and none queued in " + options.db);

  auto result = pipeline::crawl(store, crawl, [&](const pipeline::CrawlProgress& p) {
    std::size_t done = p.outcomes.total();
    progress.update(done, done + p.queued, "queue " + std::to_string(p.queued) + ", " + p.outcomes.summary());
  }, stop);
  std::string summary = "salvage " + std::string(follow_links ? "crawl" : "fetch") + ": " + result.outcomes.summary() +
                        "; " + std::to_string(result.discovered) + " URLs queued, " + std::to_string(result.queued) +
                        " left; " + std::to_string(result.other_schemes) + " links with other schemes recorded; " +
                        (options.extract ? std::to_string(result.records) + " records extracted on the way; " : "") +
                        std::to_string(static_cast<long>(progress.elapsed())) + " s -> " + options.db;
  if (!options.quiet) progress.message(summary);
  return {interrupted() ? k_interrupted : 0, summary};
}

// "86400", "90m", "12h", "7d" -> seconds.
std::int64_t parse_age(const std::string& text) {
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = text.substr(used);
  long long scale = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 0;
  if (used == 0 || scale == 0 || value < 0)
    throw core::Error(core::ExitCode::usage, "--max-age \"" + text + "\": use seconds or 90m, 12h, 7d");
  return value * scale;
}

std::vector<int> parse_codes(const std::string& text) {
  std::vector<int> codes;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t comma = text.find(',', start);
    std::string item(core::trim(std::string_view(text).substr(start, comma == std::string::npos ? text.npos : comma - start)));
    try {
      std::size_t used = 0;
      int code = std::stoi(item, &used);
      if (used != item.size() || code < 100 || code > 999) throw std::invalid_argument(item);
      codes.push_back(code);
    } catch (const std::exception&) {
      throw core::Error(core::ExitCode::usage, "--accept \"" + text + "\": a comma-separated list of HTTP statuses");
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return codes;
}

}  // namespace

StageResult run_check(const CheckCommandOptions& options) {
  pipeline::CheckOptions check;
  check.checker.engine = options.engine;
  check.checker.engine.obey_robots = false;
  check.checker.accept = parse_codes(options.accept);
  check.internal = options.internal;
  check.max_age_seconds = parse_age(options.max_age);
  check.recheck = options.recheck;
  check.exclude = options.exclude;
  check.suggest = options.suggest;
  check.wayback_url = options.wayback_url;
  const std::atomic<bool>* stop = install_interrupt_handler();
  store::Store store(options.db);
  Progress progress("check", !options.quiet, "URLs");
  auto summary = pipeline::check_links(store, check, [&](const pipeline::CheckSummary& s) {
    progress.update(s.checked, std::max(s.checked, s.due - std::min(s.due, s.excluded)), s.summary());
  }, stop);
  std::string line = "salvage check: " + std::to_string(summary.checked) + " link URLs checked: " + summary.summary() +
                     "; " + std::to_string(summary.excluded) + " excluded" +
                     (options.suggest ? ", " + std::to_string(summary.suggestions) + " replacements suggested" : "") +
                     "; " + std::to_string(static_cast<long>(progress.elapsed())) + " s -> " + options.db;
  if (!options.quiet) progress.message(line);
  return {interrupted() ? k_interrupted : 0, line};
}

StageResult run_report(const ReportCommandOptions& options) {
  store::Store store(options.db);
  std::ostringstream text;
  auto links = pipeline::gather_report(store, options.internal);
  pipeline::write_report(links, options.format, text);
  core::OutputFile out(options.output);
  out.write(text.str());
  out.commit();
  return {0, "salvage report: " + std::to_string(links.size()) + " link URLs -> " +
                 (options.output.empty() ? std::string("stdout") : options.output)};
}

StageResult run_crawl(FetchCommandOptions options) {
  if (options.urls.empty()) throw core::Error(core::ExitCode::usage, "crawl needs at least one start URL");
  return fetch_into_store(std::move(options), true);
}

StageResult run_fetch(FetchCommandOptions options) {
  if (options.url_list.empty() && options.sitemap.empty())
    throw core::Error(core::ExitCode::usage, "fetch needs --urls FILE or --sitemap URL");
  return fetch_into_store(std::move(options), false);
}

StageResult run_import(const ImportCommandOptions& options) {
  const std::atomic<bool>* stop = install_interrupt_handler();
  store::Store store(options.db);
  Progress progress("import", !options.quiet);
  auto summary = pipeline::import_sources(store, {options.paths, options.base_url, options.quiet}, stop);
  std::string line = "salvage import: stored " + summary.stored.summary() + "; " +
                     std::to_string(summary.already_stored) + " already stored, " + std::to_string(summary.not_html) +
                     " not web pages, " + std::to_string(summary.problems) + " problems; " +
                     std::to_string(static_cast<long>(progress.elapsed())) + " s -> " + options.db;
  if (!options.quiet) progress.message(line);
  if (interrupted()) return {k_interrupted, line};
  return {summary.problems ? static_cast<int>(core::ExitCode::partial) : 0, line};
}

StageResult run_extract_store(const ExtractStoreCommandOptions& options) {
  std::optional<extract::Profile> profile;
  if (!options.profile_path.empty()) profile = extract::load_profile(options.profile_path);
  const std::atomic<bool>* stop = install_interrupt_handler();
  store::Store store(options.db);
  std::size_t total = store.counts().unextracted;
  if (options.force) total = store.counts().pages;
  core::OutputFile out(options.output);
  Progress progress("extract", !options.quiet);
  pipeline::ExtractStoreOptions extract_options{options.force, profile ? &*profile : nullptr, options.jobs};
  auto summary = pipeline::extract_store(
      store, extract_options, [&](std::string_view json) { out.write_line(json); },
      [&](std::size_t done) { progress.update(done, std::max(done, total), ""); }, stop);
  out.commit();
  std::string line = "salvage extract: " + std::to_string(summary.pages) + " stored pages: " +
                     std::to_string(summary.records) + " records, " + std::to_string(summary.pages - summary.records) +
                     " not Q&A pages; " + std::to_string(static_cast<long>(progress.elapsed())) + " s" +
                     (options.output.empty() ? "" : " -> " + options.output);
  if (!options.quiet) progress.message(line);
  return {interrupted() ? k_interrupted : 0, line};
}

}  // namespace salvage::cli
