// The command line in-process (cli::run is what main calls): outputs, URL mapping, exit codes.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "cli/app.hpp"
#include "tests/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path k_fixtures = fs::path(SALVAGE_SOURCE_DIR) / "fixtures";

int run(std::vector<std::string> args) {
  args.insert(args.begin(), "salvage");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return salvage::cli::run(static_cast<int>(argv.size()), argv.data());
}

std::vector<json> read_jsonl(const fs::path& p) {
  std::vector<json> out;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

std::size_t expected_records(const std::string& folder) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(k_fixtures / "expected" / folder)) {
    if (e.path().extension() != ".json") continue;
    std::ifstream in(e.path());
    std::stringstream s;
    s << in.rdbuf();
    if (!json::parse(s.str()).is_null()) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("extract maps a folder to URLs and writes records in path order", "[cli]") {
  salvage::testing::TempDir tmp;
  fs::path out = tmp.dir / "records.jsonl";
  REQUIRE(run({"extract", (k_fixtures / "site" / "print").string(), "--base-url",
               "http://www.orthopaedics.win/print/", "-o", out.string(), "-q", "-j", "3"}) == 0);
  auto records = read_jsonl(out);
  CHECK(records.size() == expected_records("print"));
  REQUIRE_FALSE(records.empty());
  std::vector<std::string> urls;
  for (const auto& r : records) urls.push_back(r["url"]);
  CHECK(std::is_sorted(urls.begin(), urls.end()));
  CHECK(urls.front().rfind("http://www.orthopaedics.win/print/", 0) == 0);
  CHECK_FALSE(fs::exists(out.string() + ".partial"));
}

TEST_CASE("extract gives the same output for any number of threads", "[cli]") {
  salvage::testing::TempDir tmp;
  fs::path one = tmp.dir / "one.jsonl", many = tmp.dir / "many.jsonl";
  std::string site = (k_fixtures / "site").string();
  REQUIRE(run({"extract", site, "-q", "-j", "1", "-o", one.string()}) == 0);
  REQUIRE(run({"extract", site, "-q", "-j", "4", "-o", many.string()}) == 0);
  std::ifstream a(one), b(many);
  std::stringstream sa, sb;
  sa << a.rdbuf();
  sb << b.rdbuf();
  CHECK(sa.str() == sb.str());
  CHECK(sa.str().find("file://") != std::string::npos);  // no --url/--base-url: file URLs
}

TEST_CASE("extract --url names a single file's URL", "[cli]") {
  salvage::testing::TempDir tmp;
  fs::path out = tmp.dir / "r.jsonl";
  fs::path page = k_fixtures / "site" / "classic-table" / "hamstring-tightness.html";
  REQUIRE(run({"extract", page.string(), "--url", "http://example.org/q/1", "-o", out.string(), "-q"}) == 0);
  auto records = read_jsonl(out);
  REQUIRE(records.size() == 1);
  CHECK(records[0]["url"] == "http://example.org/q/1");
  CHECK(records[0]["asker"] == "Jason");
}

TEST_CASE("exit codes", "[cli]") {
  salvage::testing::TempDir tmp;
  std::string site = (k_fixtures / "site").string();
  std::string out = (tmp.dir / "x.jsonl").string();
  CHECK(run({"extract", site, "--url", "http://a/", "-o", out}) == 2);              // --url with many pages
  CHECK(run({"extract", site, "--charset", "no-such-charset", "-o", out}) == 2);   // unknown charset
  CHECK(run({"extract"}) == 2);                                                     // no path
  CHECK(run({"frobnicate"}) == 2);                                                  // unknown command
  CHECK(run({"extract", (tmp.dir / "missing").string(), "-o", out}) == 3);         // no such input
  fs::path bad_profile = tmp.dir / "bad.profile";
  std::ofstream(bad_profile) << "answer = div:bogus(x)\n";
  CHECK(run({"extract", site, "--profile", bad_profile.string(), "-o", out}) == 3);  // invalid profile
  CHECK(run({"extract", site, "-q", "-o", (tmp.dir / "no" / "dir" / "x.jsonl").string()}) == 4);
  CHECK(run({"--version"}) == 0);
}

TEST_CASE("links lists every hyperlink once, absolute, in document order", "[cli]") {
  salvage::testing::TempDir tmp;
  fs::path page = tmp.dir / "p.html";
  std::ofstream(page) << "<base href='http://example.org/dir/'><a href='a.htm'>a</a> <a href='#top'>t</a>"
                         "<a href='mailto:x@y.z'>m</a><a href='javascript:void(0)'>j</a>"
                         "<map><area href='/b.htm'></map><a href='a.htm#frag'>again</a>"
                         "<a href='HTTP://Other.EXAMPLE/c'>c</a>";
  fs::path out = tmp.dir / "links.txt";
  REQUIRE(run({"links", page.string(), "-o", out.string()}) == 0);
  std::ifstream in(out);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  CHECK(lines == std::vector<std::string>{"http://example.org/dir/a.htm", "http://example.org/b.htm",
                                          "http://other.example/c"});
}
