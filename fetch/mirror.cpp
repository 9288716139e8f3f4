#include "fetch/mirror.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <ranges>
#include <set>
#include <unordered_map>
#include <utility>

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/url.hpp"

// How the mirroring tools name what they save, and how this file reads it back:
//   wget -m   host[:port]/dir/file ("+port" under --restrict-file-names=windows). A query stays
//             in the name after "?" ("@" under windows, "%3F" where "?" was escaped). -E
//             appends ".html" to an HTML answer whose name does not end in .htm/.html. A
//             directory URL "dir/" is saved as "dir/index.html".
//   HTTrack   project/host/dir/file beside project/{hts-cache/, index.html, backblue.gif, ...}.
//             A query is hashed into the name ("page4a2b.html") and the extension follows the
//             MIME type, so the name alone cannot give the URL back. hts-cache/new.txt can (a
//             tab-separated log whose last three columns are URL, local file and "(from URL)"),
//             and so can the "<!-- Mirrored from host/path?query by HTTrack Website Copier"
//             comment HTTrack writes near the top of each HTML page. Without either, the file
//             gets the URL its path spells ("page4a2b.html"), which matches the links HTTrack
//             rewrote but is not the address the page had.
// Ambiguities, read the likelier way: "dir/index.html" is taken to be "dir/" (a server answers
// both alike, and the directory URL is the one sites link to). Whether -E was used is read from
// the whole mirror (see made_with_adjust_extension); under -E, "view.php?file=a.html" is taken to
// be "view.php?file=a", and an extension-less page saved as "topic.html" keeps ".html" (it cannot
// be told from a real topic.html).

namespace salvage::fetch {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_static_pages[] = {"htm", "html", "shtml", "xhtml"};
constexpr std::string_view k_script_pages[] = {"php", "php3", "asp", "aspx", "jsp", "cfm", "cgi", "pl"};
// Never pages; anything else with an unknown extension ("what-is-2.5", "topic.15") is sniffed.
constexpr std::string_view k_assets[] = {
    "css", "js",  "json", "xml", "txt", "rss", "atom", "gif", "jpg", "jpeg", "png", "bmp",
    "ico", "svg", "webp", "tif", "tiff", "pdf", "zip", "gz", "tgz", "bz2", "xz",  "rar",
    "7z",  "tar", "swf", "flv", "mp3", "mp4", "avi", "mov", "wav", "ogg", "woff", "woff2",
    "ttf", "eot", "otf", "doc", "docx", "xls", "xlsx", "ppt", "exe", "jar", "class", "iso",
    "md",  "tsv", "csv", "headers", "py", "sh"};
constexpr std::string_view k_httrack_own[] = {"index.html", "backblue.gif", "fade.gif", "hts-log.txt",
                                              "cookies.txt", "hts-in_progress.lock", "hts-nohup.out"};

template <typename List>
bool contains(const List& list, std::string_view item) {
  return std::find(std::begin(list), std::end(list), item) != std::end(list);
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The lower-cased extension of a file name, without its dot ("" for "README" or ".htaccess").
std::string extension_of(std::string_view name) {
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return core::to_lower_ascii(name.substr(dot + 1));
}

bool is_page_extension(const std::string& ext) {
  return contains(k_static_pages, ext) || contains(k_script_pages, ext);
}

// A saved file name split back into the URL's last path segment and its query.
struct SavedName {
  std::string segment;
  std::optional<std::string> query;
};

// `adjusted`: the mirror was made with wget -E, so a ".html" after a query or a script name is
// wget's and comes off ("page.php?id=3.html" -> "page.php?id=3", "forum.php.html" -> "forum.php").
SavedName split_saved_name(std::string_view name, bool adjusted) {
  std::size_t mark = name.find('?');
  std::size_t mark_size = 1;
  if (mark == std::string_view::npos) {
    mark = core::to_lower_ascii(name).find("%3f");
    mark_size = 3;
  }
  if (mark == std::string_view::npos) {
    // "@" marks the query only under wget's --restrict-file-names=windows and is an ordinary
    // character elsewhere ("user@host.html"): believed only after a page name ("show.php@t=5").
    mark = name.find('@');
    mark_size = 1;
    if (mark != std::string_view::npos && !is_page_extension(extension_of(name.substr(0, mark))))
      mark = std::string_view::npos;
  }
  SavedName out;
  std::string_view segment = name.substr(0, mark);
  if (mark != std::string_view::npos) {
    std::string_view query = name.substr(mark + mark_size);
    if (adjusted && query.ends_with(".html")) query.remove_suffix(5);
    out.query = std::string(query);
  } else if (adjusted && name.ends_with(".html") &&
             contains(k_script_pages, extension_of(name.substr(0, name.size() - 5)))) {
    segment.remove_suffix(5);
  }
  out.segment = segment;
  return out;
}

// Escapes what would change meaning in a URL: "#" (a fragment), "?" in a path (a query), "\"
// (a slash to browsers), and a "%" that starts no escape. Existing %XX escapes are kept as they
// are: wget writes them for the characters it may not put in a file name.
std::string escape_for_url(std::string_view text, bool in_query) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool lone_percent = c == '%' && !(i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2]));
    if (c == '#' || c == '\\' || (c == '?' && !in_query) || lone_percent) {
      auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 15];
    } else {
      out += c;
    }
  }
  return out;
}

// The URL of `relative` (a file below a site's folder) against that folder's URL `base`.
std::optional<std::string> url_for(const std::string& base, const fs::path& relative, bool adjusted) {
  std::vector<std::string> parts;
  for (const fs::path& part : relative) parts.push_back(part.string());
  if (parts.empty()) return std::nullopt;
  std::string href = "./";  // so that a first folder named "a:b" cannot read as a scheme
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) href += escape_for_url(parts[i], false) + '/';
  SavedName name = split_saved_name(parts.back(), adjusted);
  if (name.segment != "index.html") href += escape_for_url(name.segment, false);
  if (name.query) href += '?' + escape_for_url(*name.query, true);
  return core::resolve_url(base, href);
}

std::string read_head(const fs::path& file, std::size_t size) {
  std::ifstream in(file, std::ios::binary);
  std::string head(size, '\0');
  in.read(head.data(), static_cast<std::streamsize>(size));
  head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return head;
}

bool looks_binary(std::string_view head) {
  if (head.find('\0') != std::string_view::npos) return true;
  for (std::string_view magic : {"GIF8", "\x89PNG", "\xFF\xD8\xFF", "PK\x03\x04", "%PDF", "\x1F\x8B",
                                 "Rar!", "7z\xBC\xAF", "OggS", "ID3", "RIFF", "\x7F" "ELF"})
    if (head.starts_with(magic)) return true;
  return false;
}

bool is_page_file(const fs::path& file) {
  std::string ext = extension_of(split_saved_name(file.filename().string(), true).segment);
  if (contains(k_static_pages, ext)) return true;
  if (contains(k_assets, ext)) return false;
  std::string head = read_head(file, 1024);
  if (contains(k_script_pages, ext)) return !looks_binary(head);  // not an "avatar.php" image
  return looks_like_html(head);
}

// Whether wget -E named these pages: -E puts ".html" after every HTML page whose URL does not end
// in .htm or .html, so one script or query page that looks like HTML without it says no. Names
// alone cannot tell: "view.php?file=a.html" is a plain wget name for that very URL.
bool made_with_adjust_extension(const std::vector<std::vector<fs::path>>& pages_by_site) {
  bool suffixed = false;
  for (const std::vector<fs::path>& site : pages_by_site) {
    for (const fs::path& page : site) {
      std::string name = page.filename().string();
      SavedName plain = split_saved_name(name, false);
      if (split_saved_name(name, true).segment != plain.segment || (plain.query && plain.query->ends_with(".html"))) {
        suffixed = true;
      } else if ((plain.query || contains(k_script_pages, extension_of(plain.segment))) &&
                 !core::to_lower_ascii(name).ends_with(".htm") && looks_like_html(read_head(page, 1024))) {
        return false;
      }
    }
  }
  return suffixed;
}

// Page files below `folder`, following symbolic links but listing each real folder once (so a
// link back up cannot loop), in no particular order.
void collect_pages(const fs::path& folder, std::set<std::pair<dev_t, ino_t>>& seen,
                   std::vector<fs::path>& pages, std::vector<std::string>& problems) {
  std::vector<fs::path> pending{folder};
  while (!pending.empty()) {
    fs::path current = std::move(pending.back());
    pending.pop_back();
    struct stat info {};
    if (::stat(current.c_str(), &info) != 0 || !seen.insert({info.st_dev, info.st_ino}).second) continue;
    std::error_code ec;
    std::vector<fs::path> folders;
    fs::directory_iterator it(current, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code status_ec;
      fs::file_status status = it->status(status_ec);  // follows links; a dangling one is skipped
      if (status_ec) continue;
      if (fs::is_directory(status))
        folders.push_back(it->path());
      else if (fs::is_regular_file(status) && is_page_file(it->path()))
        pages.push_back(it->path());
    }
    if (ec) problems.push_back("cannot list " + current.string() + ": " + ec.message());
    std::sort(folders.rbegin(), folders.rend());  // the first in path order is listed first
    for (fs::path& f : folders) pending.push_back(std::move(f));
  }
}

bool only_of(std::string_view text, std::string_view allowed) {
  return text.find_first_not_of(allowed) == std::string_view::npos;
}

// "example.org", "example.org:8080", "example.org+8080" (wget on Windows), "example.org_8080"
// (HTTrack), "localhost", "127.0.0.1", "[::1]": the site's URL, or nullopt for any other name.
// A dotted name needs labels of letters, digits and "-", the last one two letters or more, or
// four numbers: this rules out folders like "jquery-1.4.2" and "v2.0".
std::optional<std::string> host_folder_url(std::string_view scheme, std::string_view name) {
  constexpr std::string_view k_digits = "0123456789";
  constexpr std::string_view k_letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string_view host = name;
  std::string port;
  std::size_t mark = name.find_last_of(":+_");
  if (mark != std::string_view::npos && mark + 1 < name.size() && only_of(name.substr(mark + 1), k_digits)) {
    host = name.substr(0, mark);
    port = ":" + std::string(name.substr(mark + 1));
  }
  bool plausible = core::iequals(host, "localhost") || (host.size() > 2 && host.front() == '[' && host.back() == ']');
  if (!plausible && host.find('.') != std::string_view::npos) {
    std::vector<std::string_view> labels;
    for (std::size_t start = 0, dot = 0; dot != std::string_view::npos; start = dot + 1) {
      dot = host.find('.', start);
      labels.push_back(host.substr(start, dot - start));
    }
    std::string label_chars = std::string(k_letters) + std::string(k_digits) + "-";
    auto label = [&](std::string_view l) { return !l.empty() && only_of(l, label_chars); };
    auto number = [&](std::string_view l) { return only_of(l, k_digits); };
    std::string_view last = labels.back();
    bool named = last.size() >= 2 && (last.starts_with("xn--") || only_of(last, k_letters));
    plausible = std::all_of(labels.begin(), labels.end(), label) &&
                (named || (labels.size() == 4 && std::all_of(labels.begin(), labels.end(), number)));
  }
  if (!plausible) return std::nullopt;
  return core::resolve_url(std::string(scheme) + "://" + std::string(host) + port + "/", "");
}

struct Site {
  fs::path folder;   // the folder holding the site's root
  std::string base;  // its URL, ending in "/"
};

std::vector<fs::path> sorted_entries(const fs::path& folder, std::error_code& ec) {
  std::vector<fs::path> out;
  for (fs::directory_iterator it(folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

bool is_folder(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// `folder` made absolute, without "." segments or a closing separator ("." -> "/home/me/site").
fs::path absolute_folder(const fs::path& folder) {
  std::error_code ec;
  fs::path out = fs::absolute(folder, ec).lexically_normal();
  return out.has_filename() || !out.has_parent_path() ? out : out.parent_path();
}

bool is_httrack_project(const fs::path& folder) {
  return is_folder(folder / "hts-cache") ||
         core::to_lower_ascii(read_head(folder / "index.html", 8192)).find("httrack") != std::string::npos;
}

// The host folders of a wget or HTTrack mirror at `root`; throws when there are none.
std::vector<Site> recognise_layout(const fs::path& root, bool httrack, std::vector<std::string>& problems) {
  std::error_code ec;
  std::vector<fs::path> entries = sorted_entries(root, ec);
  if (ec) throw core::Error(core::ExitCode::input, "cannot list " + root.string() + ": " + ec.message());
  std::vector<Site> sites;
  std::vector<std::string> left_out;
  for (const fs::path& entry : entries) {
    std::string name = entry.filename().string();
    std::error_code file_ec;
    if (!is_folder(entry)) {
      bool own = httrack && contains(k_httrack_own, name);
      if (!own && fs::is_regular_file(entry, file_ec) && is_page_file(entry))
        left_out.push_back(entry.string() + ": not in a host folder, skipped");
    } else if (name == "http" || name == "https") {  // wget --protocol-directories
      for (const fs::path& sub : sorted_entries(entry, file_ec))
        if (auto base = host_folder_url(name, sub.filename().string()); base && is_folder(sub))
          sites.push_back({sub, *base});
    } else if (auto base = host_folder_url("http", name)) {
      sites.push_back({entry, *base});
    } else if (!(httrack && name == "hts-cache")) {
      left_out.push_back(entry.string() + ": not a host folder, skipped");
    }
  }
  if (sites.empty()) {
    auto base = httrack ? std::nullopt : host_folder_url("http", absolute_folder(root).filename().string());
    if (base) return {{root, *base}};  // the user named a host folder itself
    throw core::Error(core::ExitCode::usage,
                      "cannot tell which URLs the files under " + root.string() +
                          " were saved from (no wget host folder, no HTTrack project); pass --base-url");
  }
  problems.insert(problems.end(), left_out.begin(), left_out.end());
  return sites;
}

// HTTrack's hts-cache/new.txt (and old.txt, from the run before): original URLs by local file,
// keyed by file name; a local path may be absolute on the machine that made the mirror.
using HttrackLog = std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>>;

HttrackLog read_httrack_log(const fs::path& root) {
  HttrackLog log;
  for (const char* name : {"old.txt", "new.txt"}) {  // new.txt read last: its entries win
    std::ifstream in(root / "hts-cache" / name, std::ios::binary);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::vector<std::string> fields;
      for (std::size_t start = 0, tab = 0; tab != std::string::npos; start = tab + 1) {
        tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab - start));
      }
      if (fields.size() < 10 || !fields.back().starts_with("(from")) continue;
      std::string local = fields[fields.size() - 2];
      std::replace(local.begin(), local.end(), '\\', '/');
      if (local.empty() || fields[fields.size() - 3].empty()) continue;
      log[local.substr(local.rfind('/') + 1)].emplace_back(local, fields[fields.size() - 3]);
    }
  }
  return log;
}

std::optional<std::string> logged_url(const HttrackLog& log, const std::string& relative) {
  auto it = log.find(relative.substr(relative.rfind('/') + 1));
  if (it == log.end()) return std::nullopt;
  for (auto entry = it->second.rbegin(); entry != it->second.rend(); ++entry) {
    const std::string& local = entry->first;
    if (local == relative || (local.ends_with(relative) && local[local.size() - relative.size() - 1] == '/'))
      return entry->second;
  }
  return std::nullopt;
}

// The "host/path?query" of HTTrack's "<!-- Mirrored from ... by HTTrack" comment, if any.
std::optional<std::string> mirrored_from(const fs::path& file) {
  std::string head = read_head(file, 4096);
  for (std::size_t open = head.find("<!--"); open != std::string::npos; open = head.find("<!--", open + 4)) {
    std::size_t start = head.find_first_not_of(" \t\r\n", open + 4);
    if (start == std::string::npos || head.compare(start, 14, "Mirrored from ") != 0) continue;
    start += 14;
    std::size_t end = head.find(" by HTTrack", start);
    std::size_t close = head.find("-->", start);
    if (end == std::string::npos || end > close) return std::nullopt;
    return head.substr(start, end - start);
  }
  return std::nullopt;
}

// The URL HTTrack recorded for `file`, when it names the site's host; `written` is as HTTrack
// wrote it, with or without a scheme.
std::optional<std::string> httrack_url(const Site& site, const std::string& written) {
  std::string href = written.find("://") == std::string::npos ? "//" + written : written;
  auto url = core::resolve_url(site.base, href);
  if (!url || core::url_host(*url) != core::url_host(site.base)) return std::nullopt;
  return url;
}

// The URL `base_url` names for the root folder: a path gets its closing "/".
std::string folder_url(const std::string& base_url) {
  auto url = core::resolve_url(base_url, "");
  if (!url || core::url_host(*url).empty())
    throw core::Error(core::ExitCode::usage, "--base-url \"" + base_url + "\" is not a valid URL");
  if (!url->ends_with('/') && url->find('?') == std::string::npos) *url += '/';
  return *url;
}

}  // namespace

bool looks_like_html(std::string_view first_bytes) {
  if (looks_binary(first_bytes)) return false;
  static constexpr std::string_view k_tags[] = {"!doctype html", "html", "head", "body", "title", "meta",
                                                "table", "div", "p", "br", "font", "center", "frameset",
                                                "form", "h1", "h2", "h3", "ul"};
  std::string text = core::to_lower_ascii(first_bytes.substr(0, 1024));
  for (std::size_t lt = text.find('<'); lt != std::string::npos; lt = text.find('<', lt + 1)) {
    std::string_view rest = std::string_view(text).substr(lt + 1);
    for (std::string_view tag : k_tags) {
      if (!rest.starts_with(tag)) continue;
      if (rest.size() == tag.size() || std::string_view(" \t\r\n/>").find(rest[tag.size()]) != std::string_view::npos)
        return true;
    }
  }
  return false;
}

bool has_page_extension(const fs::path& path) {
  return is_page_extension(extension_of(split_saved_name(path.filename().string(), true).segment));
}

std::vector<MirrorFile> mirror_files(const fs::path& root, const std::string& base_url) {
  std::vector<std::string> problems;
  return mirror_files(root, base_url, problems);
}

std::vector<MirrorFile> mirror_files(const fs::path& root, const std::string& base_url,
                                     std::vector<std::string>& problems) {
  std::error_code ec;
  fs::file_status status = fs::status(root, ec);
  if (ec || !fs::exists(status)) throw core::Error(core::ExitCode::input, "no such file or folder: " + root.string());
  if (!fs::is_directory(status)) {
    if (base_url.empty())
      throw core::Error(core::ExitCode::usage, "cannot tell the URL of the single file " + root.string() +
                                                   "; pass --base-url");
    auto url = url_for(folder_url(base_url), root.filename(), false);
    if (!url) return {};
    return {{root, *url}};
  }

  bool httrack = false;
  fs::path project = root;  // the folder an HTTrack project keeps hts-cache/ in
  std::vector<Site> sites;
  if (!base_url.empty()) {
    sites.push_back({root, folder_url(base_url)});
  } else {
    httrack = is_httrack_project(root);
    sites = recognise_layout(root, httrack, problems);
    if (sites.front().folder == root) {  // a host folder named itself: of an HTTrack project?
      project = absolute_folder(root).parent_path();
      httrack = is_httrack_project(project);
    }
  }
  HttrackLog log = httrack ? read_httrack_log(project) : HttrackLog{};

  std::vector<std::vector<fs::path>> pages(sites.size());
  std::set<std::pair<dev_t, ino_t>> seen;
  for (std::size_t i = 0; i < sites.size(); ++i) collect_pages(sites[i].folder, seen, pages[i], problems);
  bool adjusted = made_with_adjust_extension(pages);
  std::vector<MirrorFile> out;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const Site& site = sites[i];
    std::string host_folder = absolute_folder(site.folder).filename().string();
    for (const fs::path& page : pages[i]) {
      std::optional<std::string> url;
      if (httrack) {  // the URL HTTrack recorded for the page, else the one its comment names
        std::string relative = host_folder + '/' + page.lexically_relative(site.folder).generic_string();
        if (auto written = logged_url(log, relative)) url = httrack_url(site, *written);
        if (!url)
          if (auto written = mirrored_from(page)) url = httrack_url(site, *written);
      }
      if (!url) url = url_for(site.base, page.lexically_relative(site.folder), adjusted);
      if (url)
        out.push_back({page, *url});
      else
        problems.push_back(page.string() + ": no URL can be made of this name, skipped");
    }
  }
  std::sort(out.begin(), out.end(), [](const MirrorFile& a, const MirrorFile& b) { return a.path < b.path; });
  return out;
}

}  // namespace salvage::fetch
