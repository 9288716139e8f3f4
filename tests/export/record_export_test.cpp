#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/output_file.hpp"
#include "export/record_csv.hpp"
#include "export/record_json.hpp"

using namespace salvage;
using exporter::ExportLink;
using exporter::ExportRecord;
using exporter::LinkCheck;

namespace {

core::Record full_record() {
  core::Record r;
  r.url = "http://www.orthopaedics.win/classic-table/hamstring-tightness.html";
  r.breadcrumb = std::vector<std::string>{"Bone Health", "Pain, and Symptoms"};
  r.title = "Hamstring \"tightness\"";
  r.date_raw = "9/23 17:33:34";
  r.date_parts = core::DateParts{std::nullopt, 9, 23, "17:33:34"};
  r.question = "Dear Lawrence, I am 35.\n\nSecond paragraph, with a comma.";
  r.answer = "Hello, Jason,\r\nline";
  r.question_signature = "Regards,\nJason";
  r.answer_signature = "with regard,\nLawrence Gold";
  r.asker = "Jason";
  r.expert = "Lawrence Gold";
  r.links = {{"http://www.somatics.com/back_pain.htm", "back pain", "answer"},
             {"http://dead.example/x", "x", "question"}};
  r.internal_links = {{"http://www.orthopaedics.win/other.html", "other", "answer"}};
  r.encoding = "windows-1252";
  r.encoding_source = "meta";
  r.warnings = {"date_without_year", "no_date"};
  return r;
}

ExportRecord export_of(const core::Record& r) {
  ExportRecord e;
  e.id = exporter::record_id(r.url);
  e.record = r;
  e.changed_at = 1764063000;  // 2025-11-25T09:30:00Z
  int position = 0;
  for (const auto* list : {&r.links, &r.internal_links})
    for (const core::Link& l : *list)
      e.links.push_back({l, list == &r.internal_links, position++, std::nullopt});
  e.links[1].check = LinkCheck{"dead", "not_found", 404, 1764063001};
  e.links[0].check = LinkCheck{"alive", "ok", 200, 1764063001};
  return e;
}

}  // namespace

TEST_CASE("record ids are the SHA-256 of the canonical URL, 16 hex digits", "[export]") {
  CHECK(exporter::record_id("http://www.orthopaedics.win/classic-table/hamstring-tightness.html") ==
        "1ce6357aeb90f73c");
  CHECK(exporter::record_id("http://a/") != exporter::record_id("http://a/x"));
  CHECK(exporter::utc_timestamp(0) == "1970-01-01T00:00:00Z");
  CHECK(exporter::utc_timestamp(1764063000) == "2025-11-25T09:30:00Z");
}

TEST_CASE("a stored record line reads back into the same record", "[export]") {
  core::Record r = full_record();
  CHECK(exporter::record_from_json(exporter::record_to_json_line(r)) == r);
  core::Record minimal;
  minimal.url = "http://a/q";
  CHECK(exporter::record_from_json(exporter::record_to_json_line(minimal)) == minimal);
  CHECK(!exporter::record_from_json("not json"));
  CHECK(!exporter::record_from_json("{\"title\": \"no url\"}"));
  CHECK(!exporter::record_from_json("[1, 2]"));
}

TEST_CASE("the exported JSON record: id first, links with their checks, changed_at last", "[export]") {
  ExportRecord e = export_of(full_record());
  std::string line = exporter::export_record_to_json_line(e);
  CHECK(line.find('\n') == std::string::npos);
  auto j = nlohmann::ordered_json::parse(line);
  CHECK(j.begin().key() == "id");
  CHECK((--j.end()).key() == "changed_at");
  CHECK(j["id"] == "1ce6357aeb90f73c");
  CHECK(j["changed_at"] == "2025-11-25T09:30:00Z");
  CHECK(j["links"].size() == 2);
  CHECK(j["links"][0]["verdict"] == "alive");
  CHECK(j["links"][1]["class"] == "not_found");
  CHECK(j["links"][1]["http_status"] == 404);
  CHECK(j["internal_links"].size() == 1);
  CHECK(j["internal_links"][0]["verdict"].is_null());  // never checked
  CHECK(j["internal_links"][0]["http_status"].is_null());
  CHECK(j["date"].is_null());
  CHECK(j["date_parts"]["month"] == 9);
}

TEST_CASE("JSON Lines and JSON array writers", "[export]") {
  ExportRecord e = export_of(full_record());
  core::StringOut lines, array, empty;
  exporter::JsonLinesWriter jl(lines);
  exporter::JsonArrayWriter ja(array);
  exporter::JsonArrayWriter none(empty);
  for (int i = 0; i < 2; ++i) {
    jl.write(e);
    ja.write(e);
  }
  jl.finish();
  ja.finish();
  none.finish();
  CHECK(lines.text() == exporter::export_record_to_json_line(e) + "\n" +
                            exporter::export_record_to_json_line(e) + "\n");
  auto parsed = nlohmann::json::parse(array.text());
  REQUIRE(parsed.is_array());
  CHECK(parsed.size() == 2);
  CHECK(nlohmann::json::parse(empty.text()) == nlohmann::json::array());
  CHECK(jl.counts().records == 2);
  CHECK(jl.counts().links == 6);
}

TEST_CASE("CSV follows RFC 4180: CRLF rows, quoted fields, doubled quotes", "[export]") {
  CHECK(exporter::csv_field("plain") == "plain");
  CHECK(exporter::csv_field("a,b") == "\"a,b\"");
  CHECK(exporter::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(exporter::csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(exporter::csv_field("cr\r") == "\"cr\r\"");
  CHECK(exporter::csv_field("") == "");

  core::StringOut records, links;
  exporter::CsvWriter w(records, links);
  w.write(export_of(full_record()));
  w.finish();
  const std::string& r = records.text();
  CHECK(r.rfind("id,url,title,date,date_raw,breadcrumb,question,answer,", 0) == 0);
  std::string second_row = r.substr(r.find("\r\n") + 2);
  CHECK(second_row.rfind("1ce6357aeb90f73c,http://www.orthopaedics.win/classic-table/hamstring-tightness.html,"
                         "\"Hamstring \"\"tightness\"\"\",,9/23 17:33:34,\"Bone Health > Pain, and Symptoms\",",
                         0) == 0);
  CHECK(second_row.find(",date_without_year;no_date,3,1,2025-11-25T09:30:00Z\r\n") != std::string::npos);
  CHECK(links.text() ==
        "record_id,position,url,text,section,internal,verdict,class,http_status\r\n"
        "1ce6357aeb90f73c,0,http://www.somatics.com/back_pain.htm,back pain,answer,0,alive,ok,200\r\n"
        "1ce6357aeb90f73c,1,http://dead.example/x,x,question,0,dead,not_found,404\r\n"
        "1ce6357aeb90f73c,2,http://www.orthopaedics.win/other.html,other,answer,1,,,\r\n");
}
