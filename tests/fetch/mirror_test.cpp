#include "fetch/mirror.hpp"

#include <catch2/catch.hpp>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace fs = std::filesystem;
namespace fetch = salvage::fetch;
using salvage::core::Error;
using salvage::core::ExitCode;

namespace {

const std::string k_html = "<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>x</p></body></html>\n";

// A fresh folder under the system temp folder, removed (permissions restored) at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "salvage-mirror-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(m_path, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (!it->is_symlink(ec)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return m_path; }

  // Writes `content` to `relative` below the folder, creating parent folders.
  void write(const std::string& relative, const std::string& content = k_html) const {
    fs::path file = m_path / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
  }

 private:
  fs::path m_path;
};

using Pairs = std::vector<std::pair<std::string, std::string>>;  // relative path, URL

// The result as (path relative to `root`, URL) pairs, in the order returned.
Pairs relative(const std::vector<fetch::MirrorFile>& files, const fs::path& root) {
  Pairs out;
  for (const auto& f : files) out.emplace_back(f.path.lexically_relative(root).generic_string(), f.url);
  return out;
}

// The expected pairs in path order, the order mirror_files() promises.
Pairs in_path_order(Pairs pairs) {
  std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return fs::path(a.first) < fs::path(b.first); });
  return pairs;
}

}  // namespace

// The file names below are the ones wget 1.21 wrote for these URLs (checked against a loopback
// server): plain -m, -m -E, and -m --restrict-file-names=windows.
TEST_CASE("mirror_files maps a wget -m mirror back to its URLs") {
  TempDir dir;
  const std::string gif = std::string("GIF89a\x01\x00\x01\x00", 10);
  dir.write("www.example.com/index.html");
  dir.write("www.example.com/forum/index.html");
  dir.write("www.example.com/forum/index.html?sort=new");
  dir.write("www.example.com/forum/showthread.php?t=5");
  dir.write("www.example.com/forum/forumdisplay.php%3Ff=3");  // "?" escaped
  dir.write("www.example.com/forum/view.php?file=a.html");   // without -E, ".html" is the URL's
  dir.write("www.example.com/forum/user@host.html");         // "@" after no page name
  dir.write("www.example.com/forum/avatar.php?u=1", gif);    // an image, not a page
  dir.write("www.example.com/questions/what-is-2.5");        // extension-less, sniffed
  dir.write("www.example.com/t/1234");
  dir.write("www.example.com/LICENSE", "Permission is hereby granted, free of charge\n");
  dir.write("www.example.com/style.css", "p { color: red }");
  dir.write("www.example.com/robots.txt", "User-agent: *\n");
  dir.write("www.example.com/a b/c#d.html");
  dir.write("www.example.com/odd/100%.html");
  dir.write("localhost:8080/page.html");
  dir.write("127.0.0.1:8000/x.htm");
  dir.write("wget-log", "--2024-01-01-- http://www.example.com/\n");

  std::vector<std::string> problems;
  auto files = fetch::mirror_files(dir.path(), "", problems);
  CHECK(relative(files, dir.path()) ==
        in_path_order({
            {"www.example.com/index.html", "http://www.example.com/"},
            {"www.example.com/forum/index.html", "http://www.example.com/forum/"},
            {"www.example.com/forum/index.html?sort=new", "http://www.example.com/forum/?sort=new"},
            {"www.example.com/forum/showthread.php?t=5", "http://www.example.com/forum/showthread.php?t=5"},
            {"www.example.com/forum/forumdisplay.php%3Ff=3", "http://www.example.com/forum/forumdisplay.php?f=3"},
            {"www.example.com/forum/view.php?file=a.html", "http://www.example.com/forum/view.php?file=a.html"},
            {"www.example.com/forum/user@host.html", "http://www.example.com/forum/user@host.html"},
            {"www.example.com/questions/what-is-2.5", "http://www.example.com/questions/what-is-2.5"},
            {"www.example.com/t/1234", "http://www.example.com/t/1234"},
            {"www.example.com/a b/c#d.html", "http://www.example.com/a%20b/c%23d.html"},
            {"www.example.com/odd/100%.html", "http://www.example.com/odd/100%25.html"},
            {"localhost:8080/page.html", "http://localhost:8080/page.html"},
            {"127.0.0.1:8000/x.htm", "http://127.0.0.1:8000/x.htm"},
        }));
  CHECK(problems.empty());
}

TEST_CASE("mirror_files takes off the .html of wget -E") {
  TempDir dir;
  dir.write("example.com/index.html");
  dir.write("example.com/forum/index.html?sort=new.html");
  dir.write("example.com/forum/show.php?t=5.html");
  dir.write("example.com/forum/show.php?t=6&page=2.html");
  dir.write("example.com/forum/forum.php.html");
  dir.write("example.com/forum/feed.php?type=rss", "<?xml version=\"1.0\"?><rss></rss>");  // not HTML: no suffix
  dir.write("example.com/q/what-is-2.5.html");  // cannot be told from a real .html: kept
  CHECK(relative(fetch::mirror_files(dir.path(), ""), dir.path()) ==
        in_path_order({
            {"example.com/index.html", "http://example.com/"},
            {"example.com/forum/index.html?sort=new.html", "http://example.com/forum/?sort=new"},
            {"example.com/forum/show.php?t=5.html", "http://example.com/forum/show.php?t=5"},
            {"example.com/forum/show.php?t=6&page=2.html", "http://example.com/forum/show.php?t=6&page=2"},
            {"example.com/forum/forum.php.html", "http://example.com/forum/forum.php"},
            {"example.com/forum/feed.php?type=rss", "http://example.com/forum/feed.php?type=rss"},
            {"example.com/q/what-is-2.5.html", "http://example.com/q/what-is-2.5.html"},
        }));
}

TEST_CASE("mirror_files reads wget's --restrict-file-names=windows names") {
  TempDir dir;
  dir.write("example.com+8080/forum/index.html@sort=new");
  dir.write("example.com+8080/forum/show.php@t=6&page=2");
  dir.write("example.com+8080/forum/view.php@file=a.html");
  CHECK(relative(fetch::mirror_files(dir.path(), ""), dir.path()) ==
        in_path_order({
            {"example.com+8080/forum/index.html@sort=new", "http://example.com:8080/forum/?sort=new"},
            {"example.com+8080/forum/show.php@t=6&page=2", "http://example.com:8080/forum/show.php?t=6&page=2"},
            {"example.com+8080/forum/view.php@file=a.html", "http://example.com:8080/forum/view.php?file=a.html"},
        }));
}

TEST_CASE("mirror_files reports what lies beside the host folders of a wget mirror") {
  TempDir dir;
  dir.write("example.org/a.html");
  dir.write("stray.html");
  dir.write("jquery-1.4.2/readme.html");
  std::vector<std::string> problems;
  auto files = fetch::mirror_files(dir.path(), "", problems);
  CHECK(relative(files, dir.path()) == Pairs{{"example.org/a.html", "http://example.org/a.html"}});
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].find("jquery-1.4.2") != std::string::npos);
  CHECK(problems[1].find("stray.html") != std::string::npos);
}

TEST_CASE("mirror_files reads wget --protocol-directories and a root named after its host") {
  TempDir dir;
  dir.write("https/example.org/a.html");
  dir.write("http/example.org:8080/b.html");
  CHECK(relative(fetch::mirror_files(dir.path(), ""), dir.path()) ==
        Pairs{{"http/example.org:8080/b.html", "http://example.org:8080/b.html"},
              {"https/example.org/a.html", "https://example.org/a.html"}});

  TempDir named;
  named.write("example.net/index.html");
  named.write("example.net/q/1.html");
  fs::path root = named.path() / "example.net";
  CHECK(relative(fetch::mirror_files(root, ""), root) ==
        Pairs{{"index.html", "http://example.net/"}, {"q/1.html", "http://example.net/q/1.html"}});
  CHECK(relative(fetch::mirror_files(root.string() + "/", ""), root) ==
        Pairs{{"index.html", "http://example.net/"}, {"q/1.html", "http://example.net/q/1.html"}});
}

TEST_CASE("mirror_files maps an HTTrack project, recovering query URLs HTTrack recorded") {
  TempDir dir;
  dir.write("index.html", "<html><!-- Created by HTTrack Website Copier/3.49-2 -->\n<body>Index of projects</body></html>");
  dir.write("backblue.gif", "GIF89a");
  dir.write("fade.gif", "GIF89a");
  dir.write("hts-log.txt", "HTTrack3.49-2 launched on ...\n");
  dir.write("cookies.txt", "");
  dir.write("hts-cache/doit.log", "-qwC2%Pns2u1%s%uN0%I0p3DaK0H0%kf2A25000%f#f -F ...\n");
  dir.write("hts-cache/readme.html");
  dir.write("hts-cache/new.txt",
            "date\tsize'/'remotesize\tflags(request:Update,Range state:File response:Modified,Chunked,gZipped)\t"
            "statuscode\tstatus ('servermsg')\tMIME\tEtag|Date\tURL\tlocalfile\t(from URL)\n"
            "18:41:48\t219/219\t---M--\t200\tadded ('OK')\ttext/html\tdate:x\t"
            "http://www.example.com/forum/viewtopic.php?t=5\t"
            "C:/My Web Sites/proj/www.example.com/forum/viewtopic4a2b.html\t(from http://www.example.com/)\r\n"
            "18:41:49\t219/219\t---M--\t200\tadded ('OK')\ttext/html\tdate:x\t"
            "www.example.com/forum/index.php\t/home/me/websites/proj/www.example.com/forum/index.html\t(from )\n");
  dir.write("www.example.com/index.html");
  dir.write("www.example.com/forum/index.html");
  dir.write("www.example.com/forum/viewtopic4a2b.html");
  dir.write("www.example.com/forum/viewtopic9f3c.html",
            "<!DOCTYPE html>\n<html>\n<!-- Mirrored from www.example.com/forum/viewtopic.php?t=7&amp=1 by HTTrack "
            "Website Copier/3.x [XR&CO'2014], Sat, 01 Jan 2000 00:00:00 GMT -->\n<head></head></html>");
  dir.write("www.example.com/forum/viewtopicbeef.html");  // no record: the path's URL
  dir.write("www.example.com/forum/elsewhere.html",
            "<html><!-- Mirrored from other.example.net/x.php?id=1 by HTTrack Website Copier --></html>");

  std::vector<std::string> problems;
  auto files = fetch::mirror_files(dir.path(), "", problems);
  CHECK(relative(files, dir.path()) ==
        in_path_order({
            {"www.example.com/index.html", "http://www.example.com/"},
            {"www.example.com/forum/index.html", "http://www.example.com/forum/index.php"},
            {"www.example.com/forum/viewtopic4a2b.html", "http://www.example.com/forum/viewtopic.php?t=5"},
            {"www.example.com/forum/viewtopic9f3c.html", "http://www.example.com/forum/viewtopic.php?t=7&amp=1"},
            {"www.example.com/forum/viewtopicbeef.html", "http://www.example.com/forum/viewtopicbeef.html"},
            {"www.example.com/forum/elsewhere.html", "http://www.example.com/forum/elsewhere.html"},
        }));
  CHECK(problems.empty());
}

TEST_CASE("mirror_files knows an HTTrack project by its index.html alone") {
  TempDir dir;
  dir.write("index.html", "<html><head><meta name=\"generator\" content=\"HTTrack Website Copier/3.x\"></head></html>");
  dir.write("backblue.gif", "GIF89a");
  dir.write("example.org/page.html");
  CHECK(relative(fetch::mirror_files(dir.path(), ""), dir.path()) ==
        Pairs{{"example.org/page.html", "http://example.org/page.html"}});
}

TEST_CASE("mirror_files maps a plain folder onto --base-url") {
  TempDir dir;
  dir.write("index.html");
  dir.write("sub/page.php?id=3");
  dir.write("sub/x.html");
  dir.write("img/logo.png", "\x89PNG");
  Pairs expected = in_path_order({{"index.html", "http://example.com/archive/"},
                                  {"sub/page.php?id=3", "http://example.com/archive/sub/page.php?id=3"},
                                  {"sub/x.html", "http://example.com/archive/sub/x.html"}});
  CHECK(relative(fetch::mirror_files(dir.path(), "http://example.com/archive"), dir.path()) == expected);
  CHECK(relative(fetch::mirror_files(dir.path(), "HTTP://Example.com/archive/"), dir.path()) == expected);

  // A folder named like a host is not taken for one when the base URL is given.
  TempDir hosty;
  hosty.write("example.org/a.html");
  CHECK(relative(fetch::mirror_files(hosty.path(), "https://x.org/"), hosty.path()) ==
        Pairs{{"example.org/a.html", "https://x.org/example.org/a.html"}});

  // A single file maps to its name in the base URL's folder.
  auto single = fetch::mirror_files(dir.path() / "sub" / "x.html", "http://example.com/archive");
  REQUIRE(single.size() == 1);
  CHECK(single[0].url == "http://example.com/archive/x.html");
}

TEST_CASE("mirror_files asks for --base-url when it cannot tell the layout") {
  TempDir dir;
  dir.write("index.html");
  dir.write("forum/topic.html");
  try {
    fetch::mirror_files(dir.path(), "");
    FAIL("no error thrown");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::usage);
    CHECK(std::string(e.what()).find("--base-url") != std::string::npos);
  }
  try {
    fetch::mirror_files(dir.path() / "index.html", "");
    FAIL("no error thrown");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::usage);
  }
  try {
    fetch::mirror_files(dir.path(), "not a url");
    FAIL("no error thrown");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::usage);
  }
  try {
    fetch::mirror_files(dir.path() / "missing", "http://x.org/");
    FAIL("no error thrown");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::input);
  }
}

TEST_CASE("mirror_files follows symbolic links without looping") {
  TempDir dir;
  dir.write("example.org/a/page.html");
  dir.write("outside/shared.html");
  fs::create_directory_symlink("..", dir.path() / "example.org/a/up");            // a loop
  fs::create_directory_symlink("../../outside", dir.path() / "example.org/a/out");  // a real folder
  fs::create_symlink("page.html", dir.path() / "example.org/a/alias.html");
  fs::create_symlink("missing.html", dir.path() / "example.org/a/dangling.html");
  CHECK(relative(fetch::mirror_files(dir.path() / "example.org", ""), dir.path() / "example.org") ==
        Pairs{{"a/alias.html", "http://example.org/a/alias.html"},
              {"a/out/shared.html", "http://example.org/a/out/shared.html"},
              {"a/page.html", "http://example.org/a/page.html"}});
}

TEST_CASE("mirror_files skips folders it cannot list") {
  TempDir dir;
  dir.write("example.org/a.html");
  dir.write("example.org/locked/b.html");
  fs::permissions(dir.path() / "example.org/locked", fs::perms::none);
  bool readable = ::access((dir.path() / "example.org/locked").c_str(), R_OK) == 0;  // root reads anyway
  std::vector<std::string> problems;
  auto files = fetch::mirror_files(dir.path(), "", problems);
  CHECK(files.front().url == "http://example.org/a.html");
  CHECK(files.size() == (readable ? 2u : 1u));
  CHECK(problems.size() == (readable ? 0u : 1u));
}

TEST_CASE("has_page_extension and looks_like_html") {
  struct Case {
    const char* name;
    bool page;
  };
  for (Case c : {Case{"a.html", true}, {"a.HTM", true}, {"a.shtml", true}, {"showthread.php?t=5", true},
                 {"x.asp%3Fid=1", true}, {"x.cgi@a=b", true}, {"x.aspx", true}, {"x.php.html", true}, {"x.php?id=3.html", true},
                 {"x.css", false}, {"x.css?v=2", false}, {"README", false}, {"archive.zip", false}}) {
    INFO(c.name);
    CHECK(fetch::has_page_extension(c.name) == c.page);
  }
  CHECK(fetch::looks_like_html("\xEF\xBB\xBF<!doctype HTML>"));
  CHECK(fetch::looks_like_html("  <HTML lang=en>"));
  CHECK(fetch::looks_like_html("<p>Answer</p>"));
  CHECK_FALSE(fetch::looks_like_html("if (a<b) return;"));
  CHECK_FALSE(fetch::looks_like_html("<?xml version=\"1.0\"?><rss>"));
  CHECK_FALSE(fetch::looks_like_html(std::string("<html>\0\0", 8)));
  CHECK_FALSE(fetch::looks_like_html(""));
}

TEST_CASE("mirror_files uses HTTrack's records when given a host folder of an HTTrack project") {
  TempDir dir;
  dir.write("hts-cache/new.txt",
            "date\tsize'/'remotesize\tflags\tstatuscode\tstatus\tMIME\tEtag|Date\tURL\tlocalfile\t(from URL)\n"
            "18:41:48\t219/219\t---M--\t200\tadded ('OK')\ttext/html\tdate:x\t"
            "https://example.org/view.php?id=1\texample.org/view5d1c.html\t(from )\n");
  dir.write("example.org/view5d1c.html");
  fs::path root = dir.path() / "example.org";
  CHECK(relative(fetch::mirror_files(root, ""), root) == Pairs{{"view5d1c.html", "https://example.org/view.php?id=1"}});

  // An HTTrack project without host folders is no mirror of anything.
  TempDir empty;
  empty.write("hts-cache/new.txt", "");
  empty.write("index.html", "<html>HTTrack Website Copier</html>");
  CHECK_THROWS_AS(fetch::mirror_files(empty.path(), ""), Error);
}
