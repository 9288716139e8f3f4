#pragma once
// `salvage links FILE`: every hyperlink of one page, one absolute URL per line.

#include <string>

namespace salvage::cli {

struct LinksOptions {
  std::string path;
  std::string url;      // --url; default: the file's file:// URL
  std::string charset;  // --charset
  std::string output;   // -o; empty: stdout
};

int run_links(const LinksOptions& options);

}  // namespace salvage::cli
