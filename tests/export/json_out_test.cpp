#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "export/json_out.hpp"
#include "export/record_json.hpp"

using namespace salvage;

namespace {

// What nlohmann::json writes for a string: the bytes JsonOut promises to write.
std::string nlohmann_string(const std::string& s) { return nlohmann::json(s).dump(-1, ' ', false); }

std::string json_out_string(std::string_view s) {
  std::string out;
  exporter::JsonOut(out).value(s);
  return out;
}

}  // namespace

TEST_CASE("JsonOut writes strings byte for byte as nlohmann::json::dump", "[export][json]") {
  std::string every_control;
  for (char c = 1; c < 0x20; ++c) every_control += c;
  const std::string cases[] = {
      "",
      "plain ASCII, with / slashes",
      "quote \" backslash \\ tab\tnewline\nreturn\r",
      every_control,
      std::string("nul \0 inside", 12),
      "\x7F delete stays",
      "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80 (UTF-8 kept as it is)",
      "\xEF\xBF\xBD replacement character itself",
  };
  for (const std::string& s : cases) {
    INFO(s);
    CHECK(json_out_string(s) == nlohmann_string(s));
  }
}

TEST_CASE("JsonOut replaces each byte that starts no valid UTF-8 character", "[export][json]") {
  CHECK(json_out_string("a\xFF" "b") == "\"a\xEF\xBF\xBD" "b\"");
  CHECK(json_out_string("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // overlong
  CHECK(json_out_string("\xED\xA0\x80") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate
  CHECK(json_out_string("end \xE2\x82") == "\"end \xEF\xBF\xBD\xEF\xBF\xBD\"");  // truncated
  CHECK(nlohmann::json::parse(json_out_string("x\x80y\xF8z")) == "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
}

TEST_CASE("JsonOut puts commas between members and elements, none elsewhere", "[export][json]") {
  std::string out;
  exporter::JsonOut j(out);
  j.begin_object();
  j.member("a", 1);
  j.key("b");
  j.begin_array();
  j.value("x");
  j.begin_object();
  j.end_object();
  j.begin_array();
  j.end_array();
  j.null();
  j.end_array();
  j.member("c", std::optional<std::string>());
  j.member("d", std::optional<int>(-7));
  j.member("e", std::int64_t{1764063000123});
  j.end_object();
  CHECK(out == R"({"a":1,"b":["x",{},[],null],"c":null,"d":-7,"e":1764063000123})");
  CHECK(nlohmann::json::parse(out).dump() == out);
}

TEST_CASE("a record line is read however its keys are ordered, skipping what it does not know",
          "[export][json]") {
  auto r = exporter::record_from_json(R"({"future":{"links":[{"url":"no"}],"x":[1,[2]]},
      "links":[{"section":"answer","url":"http://b/","text":"b","extra":{"url":"no"}},"stray",7],
      "date_parts":{"day":23,"month":9,"year":null,"time":"17:33:34","era":"CE"},
      "warnings":["w1",2,"w2"],"title":3,"breadcrumb":["A","B"],"url":"http://a/q","asker":null,
      "internal_links":{"not":"an array"},"score":1.5,"ok":true})");
  REQUIRE(r);
  CHECK(r->url == "http://a/q");
  CHECK(r->links == std::vector<core::Link>{{"http://b/", "b", "answer"}});
  CHECK(r->internal_links.empty());
  CHECK(r->date_parts == core::DateParts{std::nullopt, 9, 23, "17:33:34"});
  CHECK(r->warnings == std::vector<std::string>{"w1", "w2"});
  CHECK(r->breadcrumb == std::vector<std::string>{"A", "B"});
  CHECK(!r->title);
  CHECK(!r->asker);
}

TEST_CASE("a line that is no record object reads as nothing", "[export][json]") {
  for (const char* line : {"", "null", "\"text\"", "42", "[]", "{\"url\":\"http://a/\"", "{\"url\":1}",
                           "{\"url\":\"http://a/\"} trailing", "{\"links\":[{\"url\":\"http://a/\"}]}"}) {
    INFO(line);
    CHECK(!exporter::record_from_json(line));
  }
}
