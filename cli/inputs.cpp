#include "cli/inputs.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/url.hpp"
#include "fetch/mirror.hpp"

namespace salvage::cli {

namespace fs = std::filesystem;

namespace {

// The relative path as a URL path: generic separators, each segment as written (resolve_url
// percent-encodes what needs it).
std::string url_for(const std::string& base_url, const fs::path& relative) {
  std::string rel = relative.generic_string();
  auto url = core::resolve_url(base_url, rel);
  if (!url) throw core::Error(core::ExitCode::usage, "--base-url \"" + base_url + "\" is not a valid URL");
  return *url;
}

std::string page_url(const fs::path& file, const fs::path& root, bool root_is_folder,
                     const InputOptions& options) {
  if (!options.url.empty()) return options.url;
  if (!options.base_url.empty())
    return url_for(options.base_url, root_is_folder ? file.lexically_relative(root) : file.filename());
  std::error_code ec;
  fs::path absolute = fs::absolute(file, ec);
  return core::file_url((ec ? file : absolute).lexically_normal().string());
}

}  // namespace

std::vector<InputPage> gather_inputs(const std::vector<std::string>& paths, const InputOptions& options,
                                     std::vector<std::string>& problems) {
  if (!options.url.empty() && !options.base_url.empty())
    throw core::Error(core::ExitCode::usage, "--url and --base-url cannot be used together");
  std::vector<InputPage> pages;
  for (const std::string& arg : paths) {
    fs::path root(arg);
    std::error_code ec;
    fs::file_status status = fs::status(root, ec);
    if (ec || !fs::exists(status))
      throw core::Error(core::ExitCode::input, "no such file or folder: " + arg);
    if (!fs::is_directory(status)) {
      pages.push_back({root, page_url(root, root, false, options)});
      continue;
    }
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code entry_ec;
      if (!it->is_regular_file(entry_ec)) continue;
      const fs::path& p = it->path();
      if (fetch::has_page_extension(p)) files.push_back(p);
    }
    if (ec) problems.push_back("cannot list " + arg + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) pages.push_back({f, page_url(f, root, true, options)});
  }
  if (!options.url.empty() && pages.size() != 1)
    throw core::Error(core::ExitCode::usage, "--url names the URL of a single file; use --base-url for folders");
  return pages;
}

}  // namespace salvage::cli
