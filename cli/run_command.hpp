#pragma once
// `salvage run SOURCE... --out DIR`: the whole job in one command (docs/cli.md). Sources are
// fetched or imported into DIR/salvage.db, the new pages extracted, their links checked, and the
// exports and the link report written into DIR. Every stage resumes from the store, so the same
// command after an interruption continues where it stopped.

#include <string>
#include <vector>

#include "cli/store_commands.hpp"

namespace salvage::cli {

struct RunCommandOptions {
  std::vector<std::string> sources;  // URLs to crawl, sitemap URLs, mirror folders, WARC/ARC files, URL lists
  std::string out;                   // the folder for the store, the exports and the report
  std::string formats = "jsonl,xml,sqlite,csv,report";
  bool no_check = false;
  bool quiet = false;
  bool verbose = false;
  FetchCommandOptions fetch;     // crawl and fetch options (db is set from `out`)
  std::string base_url;          // import: for plain mirror folders
  std::string profile_path;      // extract
  unsigned jobs = 0;             // extract
  CheckCommandOptions check;     // check options (db is set from `out`)
};

int run_run(RunCommandOptions options);

}  // namespace salvage::cli
