#pragma once
// The commands that work on the working store: crawl, fetch, import, extract --db. Each opens
// the store, installs the Ctrl-C handler, runs its pipeline, prints a summary and returns the
// exit code (docs/cli.md).

#include <string>
#include <vector>

#include "fetch/engine.hpp"
#include "pipeline/scope.hpp"

namespace salvage::cli {

struct FetchCommandOptions {
  std::string db = "salvage.db";
  std::vector<std::string> urls;   // crawl: start URLs
  std::string url_list;            // fetch --urls FILE or "-"
  std::string sitemap;             // fetch --sitemap URL
  pipeline::ScopeOptions scope;
  std::string scope_name = "host";
  fetch::EngineOptions engine;
  bool ignore_robots = false;
  double max_body_mb = 20;
  std::string warc;
  bool refresh = false;
  bool quiet = false;
  bool extract = false;      // extract records on the way (salvage run), with this profile:
  std::string profile_path;
};

struct ImportCommandOptions {
  std::string db = "salvage.db";
  std::vector<std::string> paths;
  std::string base_url;
  bool quiet = false;
};

struct ExtractStoreCommandOptions {
  std::string db;
  bool force = false;
  std::string profile_path;
  std::string output;
  unsigned jobs = 0;
  bool quiet = false;
};

struct CheckCommandOptions {
  std::string db = "salvage.db";
  bool internal = false;
  std::string max_age = "1d";      // seconds, or with a unit: 90m, 12h, 7d
  bool recheck = false;
  std::string exclude;
  std::string accept;              // "403,999"
  fetch::EngineOptions engine;
  bool suggest = false;
  std::string wayback_url = "https://archive.org/wayback/available";
  bool quiet = false;
};

struct ReportCommandOptions {
  std::string db = "salvage.db";
  std::string format = "html";
  std::string output;
  bool internal = false;
};

// What a command did: its exit code and its summary line (printed unless quiet; `salvage run`
// repeats them at the end).
struct StageResult {
  int code = 0;
  std::string summary;
};

StageResult run_crawl(FetchCommandOptions options);   // follows links
StageResult run_fetch(FetchCommandOptions options);   // --urls or --sitemap, no following
StageResult run_import(const ImportCommandOptions& options);
StageResult run_extract_store(const ExtractStoreCommandOptions& options);
StageResult run_check(const CheckCommandOptions& options);
StageResult run_report(const ReportCommandOptions& options);

}  // namespace salvage::cli
