// Every fixture page against its hand-written expected record, field by field
// (fixtures/AUTHORING.md says how the fixtures are laid out).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fetch/mirror.hpp"
#include "pipeline/extract_page.hpp"
#include "export/record_json.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path k_fixtures = fs::path(SALVAGE_SOURCE_DIR) / "fixtures";
constexpr const char* k_base_url = "http://www.orthopaedics.win/";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "<page file name>\t<charset>" lines of expected/<template>/http-charsets.tsv.
std::map<std::string, std::string> http_charsets(const fs::path& folder) {
  std::map<std::string, std::string> out;
  std::ifstream in(folder / "http-charsets.tsv");
  std::string line;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab != std::string::npos && !line.empty() && line[0] != '#') out[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return out;
}

// The pages `salvage extract fixtures/site` reads (README.md and other notes are not).
bool is_page(const fs::path& p) { return salvage::fetch::has_page_extension(p); }

}  // namespace

TEST_CASE("every fixture page yields its expected record", "[fixtures]") {
  REQUIRE(fs::is_directory(k_fixtures / "site"));
  std::size_t pages = 0, records = 0;
  std::set<std::string> templates;
  for (const auto& entry : fs::recursive_directory_iterator(k_fixtures / "site")) {
    if (!entry.is_regular_file() || !is_page(entry.path())) continue;
    fs::path rel = entry.path().lexically_relative(k_fixtures / "site");
    fs::path expected_path = k_fixtures / "expected" / rel;
    expected_path.replace_extension(".json");
    INFO("page: fixtures/site/" << rel.generic_string());
    REQUIRE(fs::exists(expected_path));
    ++pages;
    templates.insert(rel.begin()->string());

    auto charsets = http_charsets(expected_path.parent_path());
    std::string charset = charsets.count(rel.filename().string()) ? charsets[rel.filename().string()] : "";
    std::string url = k_base_url + rel.generic_string();
    auto record = salvage::pipeline::extract_page(slurp(entry.path()), url, charset);
    json expected = json::parse(slurp(expected_path));
    if (expected.is_null()) {
      CHECK_FALSE(record.has_value());
      continue;
    }
    ++records;
    REQUIRE(record.has_value());
    json actual = json::parse(salvage::exporter::record_to_json_line(*record));
    for (auto& [key, value] : expected.items()) {
      INFO("field: " << key);
      CHECK(actual[key].dump(2) == value.dump(2));
    }
    CHECK(actual.size() == expected.size());
  }
  CHECK(pages >= 40);
  CHECK(templates.size() >= 5);
  CHECK(records >= 35);
}
