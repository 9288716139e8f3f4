#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

#include "core/error.hpp"
#include "export/record_json.hpp"
#include "pipeline/export.hpp"
#include "store/store.hpp"
#include "tests/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace salvage;
using pipeline::ExportFormat;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Stores a page and its record (with a control character XML cannot carry in the question).
void add_record(store::Store& s, const std::string& url, const std::string& title) {
  core::FetchedPage page;
  page.requested_url = page.final_url = url;
  page.status = 200;
  page.body = "<html></html>";
  page.fetched_at = 1100000000;
  page.provenance.kind = "live";
  std::int64_t id = s.put_page(page, core::FetchOutcome::fetched);
  core::Record r;
  r.url = url;
  r.title = title;
  r.question = "Why\x01?";
  r.answer = "Because.";
  r.links = {{"http://dead.example/" + title, title, "answer"}};
  s.put_record(id, r, exporter::record_to_json_line(r));
}

std::vector<pipeline::ExportTarget> every_format(const testing::TempDir& d) {
  return {{ExportFormat::jsonl, d.at("r.jsonl"), ""}, {ExportFormat::json, d.at("r.json"), ""},
          {ExportFormat::xml, d.at("r.xml"), ""},     {ExportFormat::csv, d.at("r.csv"), ""},
          {ExportFormat::sqlite, d.at("r.sqlite"), ""}};
}

}  // namespace

TEST_CASE("export: every format in one pass, in URL order, byte-identical when repeated", "[export-pipeline]") {
  testing::TempDir d;
  store::Store s(d.at("salvage.db"));
  add_record(s, "http://site/q/2", "two");
  add_record(s, "http://site/q/1", "one");
  add_record(s, "http://site/q/3", "three");
  core::LinkHealth dead;
  dead.url = "http://dead.example/one";
  dead.link_class = core::LinkClass::not_found;
  dead.http_status = 404;
  dead.checked_at = 1700000000;
  s.put_link_health(dead);

  pipeline::ExportOptions options;
  options.targets = every_format(d);
  auto summary = pipeline::export_records(s, options, nullptr, nullptr);
  CHECK(summary.records == 3);
  CHECK(summary.links == 3);
  CHECK(summary.replaced_characters == 3);  // the \x01 of each question, in the XML
  CHECK(!summary.interrupted);
  CHECK(summary.written.size() == 6);  // csv writes two files
  CHECK(fs::exists(d.at("links.csv")));
  for (const auto& entry : fs::directory_iterator(d.dir))
    CHECK(entry.path().extension() != ".partial");

  std::istringstream lines(slurp(d.at("r.jsonl")));
  std::vector<std::string> urls;
  for (std::string line; std::getline(lines, line);) urls.push_back(exporter::record_from_json(line)->url);
  CHECK(urls == std::vector<std::string>{"http://site/q/1", "http://site/q/2", "http://site/q/3"});
  std::string jsonl = slurp(d.at("r.jsonl"));
  CHECK(jsonl.find("\"verdict\":\"dead\",\"class\":\"not_found\",\"http_status\":404") != std::string::npos);

  std::map<std::string, std::string> first;
  for (const std::string name : {"r.jsonl", "r.json", "r.xml", "r.csv", "links.csv", "r.sqlite"})
    first[name] = slurp(d.at(name));
  pipeline::export_records(s, options, nullptr, nullptr);
  for (const auto& [name, bytes] : first) {
    INFO(name);
    CHECK(slurp(d.at(name)) == bytes);
  }
}

TEST_CASE("export --since: only records changed since; re-extracting the same content changes nothing",
          "[export-pipeline]") {
  testing::TempDir d;
  store::Store s(d.at("salvage.db"));
  add_record(s, "http://site/q/1", "one");
  auto now = static_cast<std::int64_t>(std::time(nullptr));
  pipeline::ExportOptions options;
  options.targets = {{ExportFormat::jsonl, d.at("r.jsonl"), ""}};
  options.since = now + 3600;
  CHECK(pipeline::export_records(s, options, nullptr, nullptr).records == 0);
  CHECK(slurp(d.at("r.jsonl")).empty());
  options.since = now - 3600;
  CHECK(pipeline::export_records(s, options, nullptr, nullptr).records == 1);

  // The same record stored again keeps its changed_at; a different one gets a new one.
  std::string before = slurp(d.at("r.jsonl"));
  add_record(s, "http://site/q/1", "one");
  pipeline::export_records(s, options, nullptr, nullptr);
  CHECK(slurp(d.at("r.jsonl")) == before);
}

TEST_CASE("export: an interrupted or failed export leaves no half file", "[export-pipeline]") {
  testing::TempDir d;
  store::Store s(d.at("salvage.db"));
  for (int i = 0; i < 20; ++i) add_record(s, "http://site/q/" + std::to_string(i), "t" + std::to_string(i));
  pipeline::ExportOptions options;
  options.targets = every_format(d);

  // A previous export stays as it was when the next one is stopped half way.
  {
    std::ofstream old(d.at("r.jsonl"));
    old << "previous\n";
  }
  std::atomic<bool> stop{false};
  auto summary = pipeline::export_records(s, options, [&](std::size_t done) {
    if (done == 10) stop = true;
  }, &stop);
  CHECK(summary.interrupted);
  CHECK(summary.written.empty());
  CHECK(slurp(d.at("r.jsonl")) == "previous\n");
  for (const std::string name : {"r.json", "r.xml", "r.csv", "links.csv", "r.sqlite"}) {
    INFO(name);
    CHECK(!fs::exists(d.at(name)));
  }
  for (const auto& entry : fs::directory_iterator(d.dir)) {
    INFO(entry.path());
    CHECK(entry.path().string().find(".partial") == std::string::npos);
  }

  // A target that cannot be written: an error, and nothing half-written anywhere.
  options.targets.push_back({ExportFormat::jsonl, d.at("no/such/folder/r.jsonl"), ""});
  CHECK_THROWS_AS(pipeline::export_records(s, options, nullptr, nullptr), core::Error);
  for (const auto& entry : fs::directory_iterator(d.dir)) {
    INFO(entry.path());
    CHECK(entry.path().string().find(".partial") == std::string::npos);
  }

  // Targets stdout cannot take.
  options.targets = {{ExportFormat::sqlite, "-", ""}};
  CHECK_THROWS_AS(pipeline::export_records(s, options, nullptr, nullptr), core::Error);
  options.targets = {{ExportFormat::jsonl, "-", ""}, {ExportFormat::xml, "", ""}};
  CHECK_THROWS_AS(pipeline::export_records(s, options, nullptr, nullptr), core::Error);
}
