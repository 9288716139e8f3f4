#include "cli/links_command.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/output_file.hpp"
#include "core/error.hpp"
#include "core/url.hpp"
#include "extract/links.hpp"
#include "fetch/charset.hpp"

namespace salvage::cli {

int run_links(const LinksOptions& options) {
  std::ifstream in(options.path, std::ios::binary);
  if (!in || std::filesystem::is_directory(options.path))
    throw core::Error(core::ExitCode::input, "cannot read " + options.path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::string url = options.url;
  if (url.empty()) url = core::file_url(std::filesystem::absolute(options.path).lexically_normal().string());
  else if (!core::resolve_url(url, "")) throw core::Error(core::ExitCode::usage, "--url \"" + url + "\" is not a valid URL");

  fetch::DecodedPage page = fetch::decode_page(bytes.str(), options.charset);
  core::OutputFile out(options.output);
  for (const std::string& link : extract::page_links(page.utf8, url)) out.write_line(link);
  out.commit();
  return 0;
}

}  // namespace salvage::cli
