#pragma once
// Mirror folders made years ago: the URL each saved file stood for. Understands wget -m
// (a "host/" folder first, query strings kept in file names as "page.php?id=3", "index.html"
// for directory URLs, -E's added ".html"), HTTrack (a project folder holding "host/" folders,
// "hts-cache/" and its own index.html, query strings folded into names like "page4a2b.html"
// whose query only HTTrack's own records keep), and plain folders mapped with a base URL.
//
// HTTrack's renamed query pages get their true URL back when HTTrack recorded it: from
// hts-cache/new.txt (original URL beside each local file) or else from the "<!-- Mirrored from
// host/path?query by HTTrack" comment it writes into each page; otherwise the URL is the one the
// file's path spells. A saved "dir/index.html" maps to the directory URL "dir/" (wget and HTTrack
// both save a directory URL under that name). Folders without a protocol folder (wget
// --protocol-directories) are taken to be http.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace salvage::fetch {

struct MirrorFile {
  std::filesystem::path path;
  std::string url;  // absolute URL the file was saved from
};

// Every page file under `root` (sorted by path; recursive; symbolic links followed, each real
// folder listed once) with its URL; has_page_extension() tells which files are pages. With
// `base_url`, relative paths map onto it (it names the root folder: "http://x.org/forum" reads as
// "http://x.org/forum/"; a single file maps to its name there) and the wget naming rules above
// still apply. Without, the layout is recognised (wget: the first folder is a host name, or
// "http/" and "https/" folders hold them, or `root` itself is named like a host; HTTrack: host
// folders beside hts-cache/ or its index.html) and throws core::Error(ExitCode::usage) when it
// cannot be, asking for --base-url. HTTrack's own files (hts-cache/, its index.html,
// backblue.gif...) are not pages. Throws core::Error(ExitCode::input) when `root` does not exist
// or cannot be listed; folders below it that cannot be listed are skipped.
std::vector<MirrorFile> mirror_files(const std::filesystem::path& root, const std::string& base_url);

// As above; folders below the root that cannot be listed, and page files left out because no URL
// can be told for them (beside the host folders of a wget mirror), are appended to `problems`
// instead of being dropped silently.
std::vector<MirrorFile> mirror_files(const std::filesystem::path& root, const std::string& base_url,
                                     std::vector<std::string>& problems);

// True when the file name ends in a page extension: .htm, .html, .shtml, .xhtml, or a server
// script's (.php, .php3, .asp, .aspx, .jsp, .cfm, .cgi, .pl), with a wget query part ("?id=3",
// "%3Fid=3", "@id=3") and -E's added ".html" allowed after it. Extension-less files are pages
// when looks_like_html(); script-named files when they are not binary (an "image.php" avatar).
bool has_page_extension(const std::filesystem::path& path);

// True when the first bytes of a file (1 KB is plenty) hold an HTML tag near the start.
bool looks_like_html(std::string_view first_bytes);

}  // namespace salvage::fetch
