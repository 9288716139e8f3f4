#include "cli/export_command.hpp"

#include <ctime>
#include <filesystem>

#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "core/error.hpp"
#include "pipeline/export.hpp"
#include "store/store.hpp"

namespace salvage::cli {

namespace {

constexpr int k_interrupted = 130;

bool all_digits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::int64_t parse_since(const std::string& text) {
  if (text.empty()) return 0;
  if (all_digits(text) && text.size() < 16) return std::stoll(text);
  std::tm tm{};
  const char* end = nullptr;
  for (const char* format : {"%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"}) {
    tm = std::tm{};
    end = strptime(text.c_str(), format, &tm);
    if (end && (*end == '\0' || (end[0] == 'Z' && end[1] == '\0'))) return static_cast<std::int64_t>(timegm(&tm));
  }
  throw core::Error(core::ExitCode::usage,
                    "--since \"" + text + "\": use Unix seconds or an ISO date/time in UTC (2026-11-25T09:30:00Z)");
}

int run_export(const ExportCommandOptions& options) {
  auto format = pipeline::export_format_from_name(options.format);
  if (!format)
    throw core::Error(core::ExitCode::usage,
                      "--format must be sqlite, json, jsonl, xml or csv, not \"" + options.format + "\"");
  pipeline::ExportOptions export_options;
  export_options.targets.push_back({*format, options.output, options.links_output});
  export_options.since = parse_since(options.since);
  // Opening a store creates it when missing: a mistyped --db would export nothing, silently.
  if (!std::filesystem::exists(options.db))
    throw core::Error(core::ExitCode::input, "no working store at " + options.db + " (--db FILE)");
  return export_store(options.db, export_options, options.quiet).code;
}

StageResult export_store(const std::string& db, const pipeline::ExportOptions& options, bool quiet) {
  const std::atomic<bool>* stop = install_interrupt_handler();
  store::Store store(db);
  std::size_t total = store.counts().records;
  Progress progress("export", !quiet, "records");
  auto summary = pipeline::export_records(store, options, [&](std::size_t done) {
    progress.update(done, std::max(done, total), "");
  }, stop);
  if (summary.interrupted) {
    std::string line = "salvage export: interrupted; no file written";
    if (!quiet) progress.message(line);
    return {k_interrupted, line};
  }
  std::string files;
  for (const std::string& f : summary.written) files += (files.empty() ? "" : ", ") + f;
  std::string line = "salvage export: " + summary.summary() + "; " +
                     std::to_string(static_cast<long>(progress.elapsed())) + " s -> " + files;
  if (!quiet) progress.message(line);
  return {0, line};
}

}  // namespace salvage::cli
