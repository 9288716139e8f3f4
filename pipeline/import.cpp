#include "pipeline/import.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"
#include "fetch/archive_reader.hpp"
#include "fetch/mirror.hpp"
#include "store/store.hpp"

namespace salvage::pipeline {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_batch = 200;                 // pages per transaction
constexpr std::uintmax_t k_max_file = 64u << 20;     // larger mirror files are not pages

core::FetchOutcome outcome_for_status(int status) {
  if (status >= 200 && status < 300) return core::FetchOutcome::fetched;
  if (status == 304) return core::FetchOutcome::not_modified;
  if (status >= 300 && status < 400) return core::FetchOutcome::redirected;
  if (status >= 400 && status < 500) return core::FetchOutcome::http_4xx;
  if (status >= 500) return core::FetchOutcome::http_5xx;
  return core::FetchOutcome::fetched;  // resource records carry no status
}

void import_mirror(store::Store& store, const fs::path& root, const ImportOptions& options, ImportSummary& summary,
                   store::Store::Committer& writer, const std::atomic<bool>* stop) {
  for (const fetch::MirrorFile& file : fetch::mirror_files(root, options.base_url)) {
    if (stop && *stop) return;
    if (store.has_page(file.url)) {
      ++summary.already_stored;
      continue;
    }
    std::error_code ec;
    auto size = fs::file_size(file.path, ec);
    std::ifstream in(file.path, std::ios::binary);
    if (ec || size > k_max_file || !in) {
      std::cerr << "salvage import: " << file.path.string() << ": "
                << (ec ? ec.message() : size > k_max_file ? "larger than 64 MiB" : "cannot open") << "\n";
      ++summary.problems;
      continue;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    core::FetchedPage page;
    page.requested_url = page.final_url = file.url;
    page.status = 200;
    page.body = bytes.str();
    auto mtime = fs::last_write_time(file.path, ec);
    if (!ec)
      page.fetched_at = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::file_clock::to_sys(mtime).time_since_epoch())
                            .count();
    page.provenance = {"mirror", file.path.string(), -1, ""};
    store.put_page(page, core::FetchOutcome::fetched);
    summary.stored.add(core::FetchOutcome::fetched);
    writer.wrote();
  }
}

void import_archive(store::Store& store, fetch::ArchiveReader& reader, const std::string& path,
                    ImportSummary& summary, store::Store::Committer& writer) {
  reader.read(
      path,
      [&](core::FetchedPage&& page) {
        std::string type = core::header_value(page.headers, "Content-Type").value_or("");
        bool redirect = page.status >= 300 && page.status < 400;
        if (!redirect && !is_html(type, page.body)) {
          ++summary.not_html;
          return;
        }
        if (store.has_page(page.requested_url)) {
          ++summary.already_stored;
          return;
        }
        core::FetchOutcome outcome = outcome_for_status(page.status);
        store.put_page(page, outcome);
        summary.stored.add(outcome);
        writer.wrote();
      },
      [&](const fetch::ArchiveProblem& problem) {
        std::cerr << "salvage import: " << problem.file << " at offset " << problem.offset << ": " << problem.message
                  << "\n";
        ++summary.problems;
      });
}

}  // namespace

bool is_archive_name(const std::string& path) {
  std::string lower = core::to_lower_ascii(path);
  for (std::string_view ext : {".warc", ".arc", ".warc.gz", ".arc.gz"})
    if (lower.ends_with(ext)) return true;
  return false;
}

ImportSummary import_sources(store::Store& store, const ImportOptions& options, const std::atomic<bool>* stop) {
  for (const std::string& path : options.paths)
    if (!fs::exists(path)) throw core::Error(core::ExitCode::input, "no such file or folder: " + path);
  ImportSummary summary;
  store::Store::Committer writer(store, k_batch, 2000);
  fetch::ArchiveReader reader;
  for (const std::string& path : options.paths) {
    if (stop && *stop) break;
    if (fs::is_directory(path)) {
      import_mirror(store, path, options, summary, writer, stop);
    } else if (is_archive_name(path)) {
      import_archive(store, reader, path, summary, writer);
    } else {
      throw core::Error(core::ExitCode::input, path + ": not a WARC/ARC file (.warc, .arc, .warc.gz, .arc.gz) "
                                                      "or a mirror folder");
    }
  }
  writer.finish();
  return summary;
}

}  // namespace salvage::pipeline
