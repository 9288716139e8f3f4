#include "export/record_xml.hpp"

#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "core/output_file.hpp"

namespace fs = std::filesystem;
using namespace salvage;
using exporter::ExportLink;
using exporter::ExportRecord;
using exporter::LinkCheck;
using exporter::WriterCounts;
using exporter::XmlWriter;

namespace {

constexpr std::int64_t k_changed = 1714564800;  // 2024-05-01T12:00:00Z
constexpr std::string_view k_fffd = "\xEF\xBF\xBD";
constexpr std::string_view k_header =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<records xmlns=\"https://salvage.invalid/ns/records/1\" version=\"1\">\n";
constexpr std::string_view k_footer = "</records>\n";

ExportLink make_link(int position, std::string url, std::string text, std::string section, bool internal,
                     std::optional<LinkCheck> check = std::nullopt) {
  ExportLink l;
  l.link = core::Link{std::move(url), std::move(text), std::move(section)};
  l.internal = internal;
  l.position = position;
  l.check = std::move(check);
  return l;
}

// Every field present.
ExportRecord full_record() {
  ExportRecord e;
  e.id = "3f2a9c0d1e4b5a67";
  e.changed_at = k_changed;
  core::Record& r = e.record;
  r.url = "http://www.orthopaedics.win/classic-table/hamstring-tightness.html";
  r.breadcrumb = std::vector<std::string>{"Bone Health", "Question and Answer", "Hamstring tightness"};
  r.title = "Hamstring tightness";
  r.date_raw = "Sept. 23, 2004 5:33 PM";
  r.date = "2004-09-23T17:33:00";
  r.date_parts = core::DateParts{2004, 9, 23, "17:33:00"};
  r.question = "Dear Lawrence, I am 35 yo male.\n\nMy hamstrings are tight.";
  r.answer = "Hello, Jason,\n\nTo clarify your PT's words, see below.\n\nThird paragraph.";
  r.question_signature = "Regards,\nJason";
  r.answer_signature = "with regard,\nLawrence Gold";
  r.asker = "Jason";
  r.expert = "Lawrence Gold";
  r.links = {{"http://www.somatics.com/back_pain.htm", "back pain", "answer"},
             {"http://alive.example/", "http://alive.example/", "question"}};
  r.internal_links = {{"http://www.orthopaedics.win/other.html", "other question", "answer"}};
  r.encoding = "windows-1252";
  r.encoding_source = "meta";
  r.warnings = {"sections_unlabelled", "charset_detected"};
  e.links = {make_link(0, r.links[0].url, r.links[0].text, "answer", false,
                       LinkCheck{"dead", "not_found", 404, k_changed}),
             make_link(1, r.links[1].url, r.links[1].text, "question", false,
                       LinkCheck{"alive", "ok", 200, k_changed}),
             make_link(2, r.internal_links[0].url, r.internal_links[0].text, "answer", true)};
  return e;
}

// Only the url (and the id every exported record has).
ExportRecord minimal_record() {
  ExportRecord e;
  e.id = "00000000000000a1";
  e.changed_at = 0;
  e.record.url = "http://qa.example/minimal";
  return e;
}

// Characters XML 1.0 forbids, invalid UTF-8, and CR/tab/LF that must survive.
ExportRecord control_record() {
  ExportRecord e;
  e.id = "00000000000000c0";
  e.changed_at = 951782400;  // 2000-02-29T00:00:00Z
  core::Record& r = e.record;
  r.url = "http://qa.example/ctl\x01";                                      // 1
  r.breadcrumb = std::vector<std::string>{"crumb\x0C", "plain"};             // 1
  r.title = std::string("nul\0here", 8);                                     // 1
  r.date_raw = "9/23\t17:33:34\r\nnext";                                     // kept (&#9; &#13; &#10;)
  r.date_parts = core::DateParts{std::nullopt, 9, 23, "17:33:34"};
  r.question = "ctl\x01" "a\x0B" "b\x1F" "c\xEF\xBF\xBF" "d\tkeep\x7F\n\nline\r\nCR\rend";  // 4
  r.asker = "\xEF\xBF\xBE" "asker";                                          // 1 (U+FFFE)
  r.expert = "bad \xFF byte \xF4\x8F\xBF\xBF \xED\xA0\x80 \xC3";              // 1 + 3 + 1
  r.links = {{"http://x.example/", "x\x01y", "question"}};                   // 1
  r.encoding = "utf-8";
  r.encoding_source = "bom";
  r.warnings = {"w\x1B"};                                                    // 1
  e.links = {make_link(0, r.links[0].url, r.links[0].text, "question", false,
                       LinkCheck{"unverifiable", "timeout", 0, k_changed})};
  return e;
}
constexpr std::size_t k_control_replacements = 15;

// What control_record() reads back as.
ExportRecord control_record_cleaned() {
  const std::string f(k_fffd);
  ExportRecord e = control_record();
  core::Record& r = e.record;
  r.url = "http://qa.example/ctl" + f;
  r.breadcrumb = std::vector<std::string>{"crumb" + f, "plain"};
  r.title = "nul" + f + "here";
  r.question = "ctl" + f + "a" + f + "b" + f + "c" + f + "d\tkeep\x7F\n\nline\nCR\nend";
  r.asker = f + "asker";
  r.expert = "bad " + f + " byte \xF4\x8F\xBF\xBF " + f + f + f + " " + f;
  r.links[0].text = "x" + f + "y";
  e.links[0].link.text = r.links[0].text;
  r.warnings = {"w" + f};
  return e;
}

// Markup characters everywhere.
ExportRecord markup_record() {
  ExportRecord e;
  e.id = "00000000000000b2";
  e.changed_at = k_changed;
  core::Record& r = e.record;
  r.url = "http://qa.example/q?a=1&b=\"2\"<3>";
  r.title = "<b>Tom & Jerry's \"best\"</b> ]]> end";
  r.date_raw = "1 < 2 & \"3\" 'four' >";
  r.question = "a < b && c > d ]]> \"quoted\" 'single'";
  r.answer = "";  // present but empty
  r.links = {{"http://a.example/?q=1&r=\"2\"<x>", "<&>\"'", "answer"}};
  e.links = {make_link(0, r.links[0].url, r.links[0].text, "answer", false)};
  return e;
}

ExportRecord non_ascii_record() {
  ExportRecord e;
  e.id = "00000000000000d3";
  e.changed_at = k_changed;
  core::Record& r = e.record;
  r.url = "http://qa.example/m\xC3\xBCller";
  r.breadcrumb = std::vector<std::string>{"\xC3\x84rzte"};
  r.title = "M\xC3\xBCller \xE2\x80\x94 \xC2\xBD";
  r.question = "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E text \xF0\x9F\x98\x80";
  r.asker = "M\xC3\xBCller";
  r.encoding = "koi8-r";
  r.encoding_source = "detected";
  return e;
}

std::string export_xml(const std::vector<ExportRecord>& records, WriterCounts* counts = nullptr) {
  core::StringOut out;
  XmlWriter writer(out);
  for (const ExportRecord& r : records) writer.write(r);
  writer.finish();
  if (counts) *counts = writer.counts();
  return out.text();
}

// --- Reading an export back with pugixml -----------------------------------------------------

std::optional<std::string> child_text(pugi::xml_node node, const char* name) {
  pugi::xml_node child = node.child(name);
  if (!child) return std::nullopt;
  return std::string(child.text().get());
}

std::optional<std::string> attr_text(pugi::xml_node node, const char* name) {
  pugi::xml_attribute a = node.attribute(name);
  if (!a) return std::nullopt;
  return std::string(a.value());
}

std::optional<int> attr_int(pugi::xml_node node, const char* name) {
  pugi::xml_attribute a = node.attribute(name);
  if (!a) return std::nullopt;
  return a.as_int();
}

struct ReadRecord {
  ExportRecord record;
  std::string changed;
};

ReadRecord read_record(pugi::xml_node node) {
  ReadRecord out;
  ExportRecord& e = out.record;
  core::Record& r = e.record;
  e.id = node.attribute("id").value();
  r.url = node.attribute("url").value();
  out.changed = node.attribute("changed").value();
  if (pugi::xml_node trail = node.child("breadcrumb")) {
    r.breadcrumb.emplace();
    for (pugi::xml_node crumb : trail.children("crumb")) r.breadcrumb->push_back(crumb.text().get());
  }
  r.title = child_text(node, "title");
  if (pugi::xml_node date = node.child("date")) {
    r.date_raw = attr_text(date, "raw");
    r.date = attr_text(date, "iso");
    if (date.attribute("year") || date.attribute("month") || date.attribute("day") || date.attribute("time"))
      r.date_parts = core::DateParts{attr_int(date, "year"), attr_int(date, "month"), attr_int(date, "day"),
                                     attr_text(date, "time")};
  }
  r.question = child_text(node, "question");
  r.answer = child_text(node, "answer");
  r.question_signature = child_text(node, "question_signature");
  r.answer_signature = child_text(node, "answer_signature");
  r.asker = child_text(node, "asker");
  r.expert = child_text(node, "expert");
  for (pugi::xml_node link : node.child("links").children("link")) {
    ExportLink l;
    l.link = core::Link{link.attribute("url").value(), link.text().get(), link.attribute("section").value()};
    l.internal = link.attribute("internal").as_bool();
    l.position = link.attribute("position").as_int(-1);
    if (link.attribute("verdict"))
      l.check = LinkCheck{link.attribute("verdict").value(), link.attribute("class").value(),
                          link.attribute("http_status").as_int(-1), k_changed};
    (l.internal ? r.internal_links : r.links).push_back(l.link);
    e.links.push_back(l);
  }
  if (pugi::xml_node encoding = node.child("encoding")) {
    r.encoding = encoding.text().get();
    r.encoding_source = encoding.attribute("source").value();
  }
  for (pugi::xml_node w : node.child("warnings").children("warning")) r.warnings.push_back(w.text().get());
  return out;
}

std::vector<ReadRecord> read_export(const std::string& xml) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_string(xml.c_str(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  INFO(parsed.description());
  REQUIRE(parsed);
  pugi::xml_node root = doc.child("records");
  REQUIRE(root);
  CHECK(std::string_view(root.attribute("xmlns").value()) == "https://salvage.invalid/ns/records/1");
  CHECK(std::string_view(root.attribute("version").value()) == "1");
  std::vector<ReadRecord> records;
  for (pugi::xml_node node : root.children()) {
    if (node.type() == pugi::node_pcdata) continue;  // the line break of an empty <records>
    REQUIRE(std::string_view(node.name()) == "record");
    records.push_back(read_record(node));
  }
  return records;
}

// checked_at is not exported; the reader fills in k_changed.
void check_same(const ExportRecord& read, const ExportRecord& expected) {
  CHECK(read.id == expected.id);
  CHECK(read.record == expected.record);
  REQUIRE(read.links.size() == expected.links.size());
  for (std::size_t i = 0; i < read.links.size(); ++i) {
    CHECK(read.links[i].link == expected.links[i].link);
    CHECK(read.links[i].internal == expected.links[i].internal);
    CHECK(read.links[i].position == expected.links[i].position);
    CHECK(read.links[i].check.has_value() == expected.links[i].check.has_value());
    if (read.links[i].check && expected.links[i].check) {
      CHECK(read.links[i].check->verdict == expected.links[i].check->verdict);
      CHECK(read.links[i].check->link_class == expected.links[i].check->link_class);
      CHECK(read.links[i].check->http_status == expected.links[i].check->http_status);
    }
  }
}

// Neither a raw control character (other than tab and LF) nor a reference to a character XML 1.0
// forbids: pugixml alone would write U+0001 as "&#01;".
void check_only_xml_chars(const std::string& xml) {
  for (unsigned char c : xml) {
    INFO("byte " << int(c));
    CHECK((c >= 0x20 || c == '\t' || c == '\n'));
  }
  for (std::size_t at = xml.find("&#"); at != std::string::npos; at = xml.find("&#", at + 2)) {
    const std::size_t end = xml.find(';', at);
    REQUIRE(end != std::string::npos);
    const std::string ref = xml.substr(at, end + 1 - at);
    INFO(ref);
    CHECK((ref == "&#09;" || ref == "&#10;" || ref == "&#13;"));
  }
  CHECK(xml.find("\xEF\xBF\xBE") == std::string::npos);
  CHECK(xml.find("\xEF\xBF\xBF") == std::string::npos);
}

// --- xmllint ---------------------------------------------------------------------------------

bool have_xmllint() { return std::system("command -v xmllint >/dev/null 2>&1") == 0; }

struct TempDir {
  fs::path dir;
  TempDir() {
    static std::atomic<int> counter{0};
    dir = fs::temp_directory_path() /
          ("salvage-xml-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(dir);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

struct Validation {
  bool valid = false;
  std::string messages;
};

// xmllint --noout --schema docs/schema/records.xsd, on `xml` written to a temporary file.
Validation validate(const std::string& xml) {
  TempDir tmp;
  const fs::path file = tmp.dir / "records.xml";
  const fs::path log = tmp.dir / "xmllint.log";
  {
    std::ofstream f(file, std::ios::binary);
    f << xml;
  }
  const std::string schema = std::string(SALVAGE_SOURCE_DIR) + "/docs/schema/records.xsd";
  const std::string command = "xmllint --noout --schema '" + schema + "' '" + file.string() + "' >'" +
                              log.string() + "' 2>&1";
  Validation v;
  v.valid = std::system(command.c_str()) == 0;
  std::ifstream l(log);
  std::stringstream text;
  text << l.rdbuf();
  v.messages = text.str();
  return v;
}

#define CHECK_VALID_AGAINST_XSD(xml)                                        \
  do {                                                                      \
    if (!have_xmllint()) {                                                  \
      WARN("xmllint is not installed (scripts/setup.sh); schema check skipped"); \
    } else {                                                                \
      const Validation validation_ = validate(xml);                         \
      INFO(validation_.messages);                                           \
      CHECK(validation_.valid);                                             \
    }                                                                       \
  } while (false)

std::string replace_once(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("not found: " + std::string(from));
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("XML export: a full record, exact elements in schema order", "[xml]") {
  WriterCounts counts;
  const std::string xml = export_xml({full_record()}, &counts);
  CHECK(xml.rfind(k_header, 0) == 0);
  CHECK(xml.size() >= k_footer.size());
  CHECK(xml.substr(xml.size() - k_footer.size()) == k_footer);
  CHECK(xml == std::string(k_header) +
                   "  <record id=\"3f2a9c0d1e4b5a67\" "
                   "url=\"http://www.orthopaedics.win/classic-table/hamstring-tightness.html\" "
                   "changed=\"2024-05-01T12:00:00Z\">\n"
                   "    <breadcrumb>\n"
                   "      <crumb>Bone Health</crumb>\n"
                   "      <crumb>Question and Answer</crumb>\n"
                   "      <crumb>Hamstring tightness</crumb>\n"
                   "    </breadcrumb>\n"
                   "    <title>Hamstring tightness</title>\n"
                   "    <date raw=\"Sept. 23, 2004 5:33 PM\" iso=\"2004-09-23T17:33:00\" year=\"2004\" "
                   "month=\"9\" day=\"23\" time=\"17:33:00\" />\n"
                   "    <question>Dear Lawrence, I am 35 yo male.\n\nMy hamstrings are tight.</question>\n"
                   "    <answer>Hello, Jason,\n\nTo clarify your PT's words, see below.\n\nThird paragraph.</answer>\n"
                   "    <question_signature>Regards,\nJason</question_signature>\n"
                   "    <answer_signature>with regard,\nLawrence Gold</answer_signature>\n"
                   "    <asker>Jason</asker>\n"
                   "    <expert>Lawrence Gold</expert>\n"
                   "    <links>\n"
                   "      <link position=\"0\" section=\"answer\" internal=\"false\" verdict=\"dead\" "
                   "class=\"not_found\" http_status=\"404\" url=\"http://www.somatics.com/back_pain.htm\">"
                   "back pain</link>\n"
                   "      <link position=\"1\" section=\"question\" internal=\"false\" verdict=\"alive\" "
                   "class=\"ok\" http_status=\"200\" url=\"http://alive.example/\">http://alive.example/</link>\n"
                   "      <link position=\"2\" section=\"answer\" internal=\"true\" "
                   "url=\"http://www.orthopaedics.win/other.html\">other question</link>\n"
                   "    </links>\n"
                   "    <encoding source=\"meta\">windows-1252</encoding>\n"
                   "    <warnings>\n"
                   "      <warning>sections_unlabelled</warning>\n"
                   "      <warning>charset_detected</warning>\n"
                   "    </warnings>\n"
                   "  </record>\n" +
                   std::string(k_footer));
  CHECK(counts.records == 1);
  CHECK(counts.links == 3);
  CHECK(counts.replaced_characters == 0);

  const std::vector<ReadRecord> read = read_export(xml);
  REQUIRE(read.size() == 1);
  check_same(read[0].record, full_record());
  CHECK(read[0].changed == "2024-05-01T12:00:00Z");
  CHECK_VALID_AGAINST_XSD(xml);
}

TEST_CASE("XML export: a minimal record omits every absent field", "[xml]") {
  WriterCounts counts;
  const std::string xml = export_xml({minimal_record()}, &counts);
  CHECK(xml == std::string(k_header) +
                   "  <record id=\"00000000000000a1\" url=\"http://qa.example/minimal\" "
                   "changed=\"1970-01-01T00:00:00Z\" />\n" +
                   std::string(k_footer));
  CHECK(counts.records == 1);
  CHECK(counts.links == 0);
  CHECK(counts.replaced_characters == 0);
  const std::vector<ReadRecord> read = read_export(xml);
  REQUIRE(read.size() == 1);
  check_same(read[0].record, minimal_record());
  CHECK_VALID_AGAINST_XSD(xml);
}

TEST_CASE("XML export: forbidden characters and invalid UTF-8 become U+FFFD and are counted", "[xml]") {
  WriterCounts counts;
  const std::string xml = export_xml({control_record()}, &counts);
  check_only_xml_chars(xml);
  CHECK(counts.records == 1);
  CHECK(counts.links == 1);
  CHECK(counts.replaced_characters == k_control_replacements);

  const std::string f(k_fffd);
  CHECK(xml.find("<crumb>crumb" + f + "</crumb>") != std::string::npos);
  CHECK(xml.find("<title>nul" + f + "here</title>") != std::string::npos);
  CHECK(xml.find("url=\"http://x.example/\">x" + f + "y</link>") != std::string::npos);
  CHECK(xml.find("<date raw=\"9/23&#09;17:33:34&#13;&#10;next\" month=\"9\" day=\"23\" time=\"17:33:34\" />") !=
        std::string::npos);
  CHECK(xml.find("verdict=\"unverifiable\" class=\"timeout\" http_status=\"0\"") != std::string::npos);
  CHECK(xml.find("changed=\"2000-02-29T00:00:00Z\"") != std::string::npos);

  const std::vector<ReadRecord> read = read_export(xml);
  REQUIRE(read.size() == 1);
  check_same(read[0].record, control_record_cleaned());
  CHECK_VALID_AGAINST_XSD(xml);
}

TEST_CASE("XML export: markup characters are escaped, never CDATA", "[xml]") {
  const std::string xml = export_xml({markup_record()});
  CHECK(xml.find("<![CDATA[") == std::string::npos);
  CHECK(xml.find("]]>") == std::string::npos);
  CHECK(xml.find("url=\"http://qa.example/q?a=1&amp;b=&quot;2&quot;&lt;3>\"") != std::string::npos);
  CHECK(xml.find("<title>&lt;b&gt;Tom &amp; Jerry's \"best\"&lt;/b&gt; ]]&gt; end</title>") != std::string::npos);
  CHECK(xml.find("<question>a &lt; b &amp;&amp; c &gt; d ]]&gt; \"quoted\" 'single'</question>") !=
        std::string::npos);
  CHECK(xml.find("url=\"http://a.example/?q=1&amp;r=&quot;2&quot;&lt;x>\">&lt;&amp;&gt;\"'</link>") !=
        std::string::npos);

  const std::vector<ReadRecord> read = read_export(xml);
  REQUIRE(read.size() == 1);
  check_same(read[0].record, markup_record());
  REQUIRE(read[0].record.record.answer.has_value());
  CHECK(read[0].record.record.answer->empty());
  CHECK_VALID_AGAINST_XSD(xml);
}

TEST_CASE("XML export: non-ASCII text is written as UTF-8, not as references", "[xml]") {
  WriterCounts counts;
  const std::string xml = export_xml({non_ascii_record()}, &counts);
  CHECK(counts.replaced_characters == 0);
  CHECK(xml.find("<title>M\xC3\xBCller \xE2\x80\x94 \xC2\xBD</title>") != std::string::npos);
  CHECK(xml.find("<crumb>\xC3\x84rzte</crumb>") != std::string::npos);
  CHECK(xml.find("\xF0\x9F\x98\x80</question>") != std::string::npos);
  CHECK(xml.find("<encoding source=\"detected\">koi8-r</encoding>") != std::string::npos);
  CHECK(xml.find("&#") == std::string::npos);

  const std::vector<ReadRecord> read = read_export(xml);
  REQUIRE(read.size() == 1);
  check_same(read[0].record, non_ascii_record());
  CHECK_VALID_AGAINST_XSD(xml);
}

TEST_CASE("XML export: several records in order, counted, byte-identical on a second run", "[xml]") {
  const std::vector<ExportRecord> records = {minimal_record(), markup_record(), control_record(),
                                             non_ascii_record(), full_record()};
  WriterCounts counts;
  const std::string first = export_xml(records, &counts);
  CHECK(counts.records == 5);
  CHECK(counts.links == 5);
  CHECK(counts.replaced_characters == k_control_replacements);
  CHECK(export_xml(records) == first);

  const std::vector<ReadRecord> read = read_export(first);
  REQUIRE(read.size() == records.size());
  for (std::size_t i = 0; i < records.size(); ++i) CHECK(read[i].record.id == records[i].id);
  CHECK_VALID_AGAINST_XSD(first);
}

TEST_CASE("XML export: zero records is a complete, valid document", "[xml]") {
  WriterCounts counts;
  const std::string xml = export_xml({}, &counts);
  CHECK(xml == std::string(k_header) + std::string(k_footer));
  CHECK(counts.records == 0);
  CHECK(counts.links == 0);
  CHECK(counts.replaced_characters == 0);
  CHECK(read_export(xml).empty());
  CHECK_VALID_AGAINST_XSD(xml);
}

TEST_CASE("XML export: finish() closes the root once; write() after it is an error", "[xml]") {
  core::StringOut out;
  XmlWriter writer(out);
  writer.write(minimal_record());
  writer.finish();
  writer.finish();
  CHECK(out.text().find(k_footer) == out.text().size() - k_footer.size());
  CHECK_THROWS_AS(writer.write(minimal_record()), std::logic_error);
}

TEST_CASE("XML schema rejects what a reader could not rely on", "[xml]") {
  if (!have_xmllint()) {
    WARN("xmllint is not installed (scripts/setup.sh); schema check skipped");
    return;
  }
  const std::string xml = export_xml({full_record()});
  REQUIRE(validate(xml).valid);
  const std::pair<std::string_view, std::string_view> mutations[] = {
      {"id=\"3f2a9c0d1e4b5a67\"", "id=\"3F2A9C0D1E4B5A67\""},           // upper-case id
      {"section=\"answer\"", "section=\"footer\""},                       // unknown section
      {"verdict=\"dead\"", "verdict=\"maybe\""},                          // unknown verdict
      {"http_status=\"404\"", "http_status=\"four\""},                    // not a number
      {"time=\"17:33:00\"", "time=\"5:33 PM\""},                          // not HH:MM:SS
      {"month=\"9\"", "month=\"13\""},                                    // no such month
      {"changed=\"2024-05-01T12:00:00Z\"", "changed=\"2024-05-01\""},     // not a UTC time
      {"<title>Hamstring tightness</title>\n", ""},                       // title moved after asker
      {"source=\"meta\"", "source=\"guess\""},                            // unknown encoding source
      {"version=\"1\"", "version=\"2\""},                                 // another version
  };
  for (const auto& [from, to] : mutations) {
    std::string bad = replace_once(xml, from, to);
    if (from.rfind("<title>", 0) == 0)
      bad = replace_once(bad, "    <asker>", "    <title>Hamstring tightness</title>\n    <asker>");
    INFO(from << " -> " << to);
    CHECK_FALSE(validate(bad).valid);
  }
  // A duplicate id, and a control character as pugixml alone would write it.
  const std::string record = xml.substr(k_header.size(), xml.size() - k_header.size() - k_footer.size());
  CHECK_FALSE(validate(std::string(k_header) + record + record + std::string(k_footer)).valid);
  CHECK_FALSE(validate(replace_once(xml, "<asker>Jason", "<asker>Ja&#01;son")).valid);
}
