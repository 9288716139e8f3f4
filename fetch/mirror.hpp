#pragma once
// Mirror folders made years ago: the URL each saved file stood for. Understands wget -m
// (a "host/" folder first, query strings kept in file names as "page.php?id=3", "index.html"
// for directory URLs, -E's added ".html"), HTTrack (a project folder holding "host/" folders,
// "hts-cache/" and its own index.html, query strings folded into names like "page4a2b.html"
// without a recoverable query), and plain folders mapped with a base URL.

#include <filesystem>
#include <string>
#include <vector>

namespace salvage::fetch {

struct MirrorFile {
  std::filesystem::path path;
  std::string url;  // absolute URL the file was saved from
};

// Every page file under `root` (sorted by path) with its URL: files ending in .htm, .html,
// .shtml, .asp, .php (query strings in names allowed) and extension-less files that look like
// HTML. With `base_url`, relative paths map onto it; without, the layout is recognised (wget:
// the first folder is a host name; HTTrack: host folders beside hts-cache/) and throws
// core::Error(ExitCode::usage) when it cannot be, asking for --base-url. HTTrack's own files
// (hts-cache/, its index.html, backblue.gif...) are not pages.
std::vector<MirrorFile> mirror_files(const std::filesystem::path& root, const std::string& base_url);

}  // namespace salvage::fetch
