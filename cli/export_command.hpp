#pragma once
// `salvage export`: the store's records to SQLite, JSON, JSON Lines, XML or CSV (docs/exports.md).

#include <cstdint>
#include <string>

#include "cli/store_commands.hpp"
#include "pipeline/export.hpp"

namespace salvage::cli {

struct ExportCommandOptions {
  std::string db = "salvage.db";
  std::string format = "jsonl";
  std::string output;        // required for sqlite and csv; "-" or empty: stdout
  std::string links_output;  // csv: the links file (default: links.csv next to the output)
  std::string since;         // Unix time or ISO date/time (UTC): records changed since then
  bool quiet = false;
};

int run_export(const ExportCommandOptions& options);

// The export itself, for `export` and `run`: opens the store, shows progress, writes every target
// and prints the summary line unless quiet.
StageResult export_store(const std::string& db, const pipeline::ExportOptions& options, bool quiet);

// "1764000000", "2026-11-25", "2026-11-25T09:30", "2026-11-25T09:30:00Z" (UTC) -> Unix time.
// Throws core::Error(ExitCode::usage) for anything else.
std::int64_t parse_since(const std::string& text);

}  // namespace salvage::cli
