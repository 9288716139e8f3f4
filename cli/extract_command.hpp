#pragma once
// `salvage extract PATH...`: every page file to one JSON record per line.

#include <string>
#include <vector>

namespace salvage::cli {

struct ExtractOptions {
  std::vector<std::string> paths;
  std::string url;           // --url: the page URL of a single file
  std::string base_url;      // --base-url: maps a folder's relative paths to URLs
  std::string profile_path;  // --profile
  std::string charset;       // --charset: stands in for an HTTP Content-Type charset
  std::string output;        // -o; empty: stdout
  unsigned jobs = 0;         // worker threads; 0: one per core
  bool quiet = false;        // no summary line
};

// Runs the extraction and returns the process exit code (docs/cli.md). Setup errors (no such
// input, unreadable profile, unwritable output) throw core::Error; per-page problems are
// counted, reported on stderr, and never stop the run.
int run_extract(const ExtractOptions& options);

}  // namespace salvage::cli
