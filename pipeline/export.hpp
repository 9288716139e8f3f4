#pragma once
// `salvage export` (and the last stage of `salvage run`): the store's records, each with its
// links' verdicts, written to any number of formats in one pass over the store, in record URL
// order (docs/exports.md). Every file appears whole or not at all: it is written under a
// temporary name ("<path>.partial") and renamed when complete, so a failed or interrupted export
// leaves the previous file (or none), never half of one.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salvage::store {
class Store;
}

namespace salvage::pipeline {

enum class ExportFormat { jsonl, json, xml, csv, sqlite };

// "jsonl", "json", "xml", "csv", "sqlite"; nullopt for another name.
std::optional<ExportFormat> export_format_from_name(std::string_view name);
std::string_view export_format_name(ExportFormat format);

struct ExportTarget {
  ExportFormat format = ExportFormat::jsonl;
  std::string path;        // "" or "-": stdout (text formats only)
  std::string links_path;  // csv: the links file (default: links.csv next to `path`)
};

struct ExportOptions {
  std::vector<ExportTarget> targets;
  std::int64_t since = 0;  // only records changed at or after this Unix time (0: all)
};

struct ExportSummary {
  std::size_t records = 0;
  std::size_t links = 0;
  std::size_t unreadable = 0;           // stored record lines that were not a record (skipped)
  std::size_t replaced_characters = 0;  // characters XML 1.0 cannot carry, replaced (xml)
  std::vector<std::string> written;     // the files completed, in target order
  bool interrupted = false;             // stopped: nothing was renamed into place
  std::string summary() const;          // "412 records, 1033 links; 2 characters replaced"
};

// Throws core::Error(ExitCode::output) when a file cannot be written (nothing half-written is
// left), core::Error(ExitCode::usage) for a target stdout cannot take (sqlite) or two targets on
// stdout. `progress` is called after every record with the count so far.
ExportSummary export_records(const store::Store& store, const ExportOptions& options,
                             const std::function<void(std::size_t records)>& progress,
                             const std::atomic<bool>* stop);

}  // namespace salvage::pipeline
