#pragma once
// `salvage import PATH...`: mirror folders and WARC/ARC files into the working store, with
// provenance. Resumable: a URL already stored is not imported again.

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "pipeline/progress_counts.hpp"

namespace salvage::store {
class Store;
}

namespace salvage::pipeline {

struct ImportOptions {
  std::vector<std::string> paths;  // folders (mirrors) and .warc/.arc files, gzipped or not
  std::string base_url;            // maps a plain mirror folder's paths to URLs
  bool quiet = false;
};

struct ImportSummary {
  OutcomeCounts stored;            // pages stored, by outcome (fetched for 2xx, http_4xx ...)
  std::size_t already_stored = 0;  // skipped: the store had the URL (a resumed import)
  std::size_t not_html = 0;        // archive records that are not web pages (images, CSS ...)
  std::size_t problems = 0;        // broken archive records and unreadable files (on stderr)
};

// Imports every source. Setup errors (a path that does not exist, an unrecognisable mirror
// without --base-url) throw core::Error; per-record problems are reported and counted.
ImportSummary import_sources(store::Store& store, const ImportOptions& options, const std::atomic<bool>* stop);

// True for names ending in .warc, .arc, .warc.gz, .arc.gz (any case).
bool is_archive_name(const std::string& path);

}  // namespace salvage::pipeline
