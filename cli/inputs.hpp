#pragma once
// Which files `salvage extract` reads and the URL each page gets.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace salvage::cli {

struct InputPage {
  std::filesystem::path path;
  std::string url;
};

struct InputOptions {
  std::string url;       // --url: the URL of a single file
  std::string base_url;  // --base-url: a folder's relative paths are resolved against it
};

// Expands files and folders (recursively, in sorted order) into pages: the files a mirror holds
// as pages (fetch::has_page_extension: .htm, .html, .php, .cfm and the other page and script
// names, and extension-less files whose first bytes look like HTML).
// Files named on the command line are taken whatever their extension. Paths that do not exist
// throw core::Error(ExitCode::input); unreadable folder entries are reported in `problems`.
std::vector<InputPage> gather_inputs(const std::vector<std::string>& paths, const InputOptions& options,
                                     std::vector<std::string>& problems);

}  // namespace salvage::cli
