#include "export/link_report.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"

using salvage::core::LinkClass;
using salvage::exporter::LinkingPage;
using salvage::exporter::ReportLink;

namespace {

constexpr std::int64_t k_checked_at = 1714564800;  // 2024-05-01T12:00:00Z
constexpr const char* k_script = "<script>alert(1)</script>";
constexpr const char* k_hostile_title = "Quotes \"here\", commas, and\r\nnewlines <script>alert('t')</script>";
constexpr const char* k_hostile_text = "caf\xC3\xA9 \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC, \"x\"\nnext line";
constexpr const char* k_attribute_escape = "http://a.example/\" onmouseover=\"alert(1)";

ReportLink make_link(const std::string& url, LinkClass c, int status) {
  ReportLink link;
  link.health.url = url;
  link.health.link_class = c;
  link.health.http_status = status;
  link.health.final_url = url;
  link.health.checked_at = k_checked_at;
  link.pages.push_back(LinkingPage{"http://qa.example/q/1", "A plain question", "2003-04-05", "question", "see"});
  return link;
}

// Every class once (not_found twice), one unchecked link, hostile strings in every field.
std::vector<ReportLink> sample_links() {
  std::vector<ReportLink> links;
  const std::pair<LinkClass, int> classes[] = {
      {LinkClass::ok, 200},           {LinkClass::redirected, 200},      {LinkClass::not_found, 404},
      {LinkClass::gone, 410},         {LinkClass::client_error, 400},    {LinkClass::blocked, 403},
      {LinkClass::rate_limited, 429}, {LinkClass::server_error, 503},    {LinkClass::timeout, 0},
      {LinkClass::dns_failure, 0},    {LinkClass::connection_refused, 0}, {LinkClass::tls_error, 0},
      {LinkClass::redirect_loop, 301}, {LinkClass::too_many_redirects, 302}, {LinkClass::redirect_to_dead, 404},
      {LinkClass::soft_404, 200},     {LinkClass::invalid_url, 0},       {LinkClass::unsupported_scheme, 0},
  };
  for (const auto& [c, status] : classes) {
    std::string host(salvage::core::link_class_name(c));
    std::replace(host.begin(), host.end(), '_', '-');
    links.push_back(make_link("http://" + host + ".example/", c, status));
  }
  links[1].health.redirects = {"http://redirected.example/b", k_attribute_escape};
  links[1].health.final_url = k_attribute_escape;
  links[1].pages.front() = LinkingPage{"http://qa.example/alive-only", "Alive only", "", "answer", "fine"};

  ReportLink hostile = make_link(std::string("http://broken.example/") + k_script, LinkClass::not_found, 404);
  hostile.health.error = "HTTP 404, \"Not Found\"\r\n<script>alert(2)</script>";
  hostile.pages = {LinkingPage{"http://qa.example/q/2", k_hostile_title, "2001-02-03", "answer", k_hostile_text},
                   LinkingPage{"http://qa.example/q/3", "Bad \xFF byte", "", "question", k_script}};
  links.push_back(hostile);

  ReportLink unchecked;
  unchecked.health.url = "http://later.example/x,y";
  unchecked.checked = false;
  unchecked.pages.push_back(LinkingPage{"http://qa.example/q/4", "Later", "", "question", "later"});
  links.push_back(unchecked);
  return links;
}

const std::map<std::string, std::size_t> k_expected_verdicts = {
    {"alive", 2}, {"dead", 12}, {"unverifiable", 5}, {"unchecked", 1}};

std::size_t expected_class_count(const std::string& name) { return name == "not_found" ? 2 : 1; }

// RFC 4180, strictly: CRLF after every record, quotes only around a whole field.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      for (++i;; ++i) {
        if (i >= text.size()) throw std::runtime_error("unterminated quoted field");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            ++i;
          } else {
            ++i;
            break;
          }
        } else {
          field += text[i];
        }
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r') {
        if (text[i] == '"' || text[i] == '\n') throw std::runtime_error("quote or LF in an unquoted field");
        field += text[i++];
      }
    }
    if (i < text.size() && text[i] == ',') {
      row.push_back(std::move(field));
      field.clear();
      ++i;
    } else if (text.compare(i, 2, "\r\n") == 0) {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      i += 2;
    } else {
      throw std::runtime_error("record not ended by CRLF at offset " + std::to_string(i));
    }
  }
  if (!row.empty() || !field.empty()) throw std::runtime_error("last record not ended by CRLF");
  return rows;
}

std::size_t occurrences(const std::string& haystack, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++count;
  return count;
}

std::string render_html(const std::vector<ReportLink>& links) {
  std::ostringstream out;
  salvage::exporter::write_report_html(links, out, std::string("Links of <b>old</b> site ") + k_script);
  return out.str();
}

}  // namespace

TEST_CASE("summarize_report counts checked links by verdict and class, unchecked apart", "[report]") {
  const auto summary = salvage::exporter::summarize_report(sample_links());
  CHECK(summary.links == 20);
  CHECK(summary.unchecked == 1);
  CHECK(summary.by_verdict == std::array<std::size_t, 3>{2, 12, 5});
  CHECK(summary.by_class[static_cast<std::size_t>(LinkClass::not_found)] == 2);
  CHECK(summary.by_class[static_cast<std::size_t>(LinkClass::soft_404)] == 1);
}

TEST_CASE("JSON report: summary counts, fields in order, unchecked and hostile strings", "[report]") {
  std::ostringstream out;
  salvage::exporter::write_report_json(sample_links(), out);
  const auto j = nlohmann::ordered_json::parse(out.str());

  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"summary", "links"});
  const auto& summary = j["summary"];
  keys.clear();
  for (const auto& [key, value] : summary.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"links", "by_verdict", "by_class", "unchecked"});
  CHECK(summary["links"] == 20);
  CHECK(summary["unchecked"] == 1);
  CHECK(summary["by_verdict"] == nlohmann::ordered_json{{"alive", 2}, {"dead", 12}, {"unverifiable", 5}});
  REQUIRE(summary["by_class"].size() == 18);
  for (const auto& [name, count] : summary["by_class"].items()) {
    INFO(name);
    CHECK(count == expected_class_count(name));
  }

  const auto& links = j["links"];
  REQUIRE(links.size() == 20);
  keys.clear();
  for (const auto& [key, value] : links[0].items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"url", "verdict", "class", "http_status", "final_url", "redirects",
                                         "error", "checked_at", "pages"});
  CHECK(links[0]["verdict"] == "alive");
  CHECK(links[0]["class"] == "ok");
  CHECK(links[0]["checked_at"] == "2024-05-01T12:00:00Z");
  CHECK(links[0]["error"].is_null());
  CHECK(links[1]["redirects"] == nlohmann::ordered_json{"http://redirected.example/b", k_attribute_escape});
  CHECK(links[8]["class"] == "timeout");
  CHECK(links[8]["verdict"] == "unverifiable");
  CHECK(links[8]["http_status"].is_null());

  const auto& hostile = links[18];
  CHECK(hostile["url"] == std::string("http://broken.example/") + k_script);
  CHECK(hostile["verdict"] == "dead");
  CHECK(hostile["http_status"] == 404);
  CHECK(hostile["error"] == "HTTP 404, \"Not Found\"\r\n<script>alert(2)</script>");
  REQUIRE(hostile["pages"].size() == 2);
  CHECK(hostile["pages"][0] == nlohmann::ordered_json{{"page_url", "http://qa.example/q/2"},
                                                      {"title", k_hostile_title},
                                                      {"date", "2001-02-03"},
                                                      {"section", "answer"},
                                                      {"text", k_hostile_text}});
  CHECK(hostile["pages"][1]["title"] == "Bad \xEF\xBF\xBD byte");  // invalid UTF-8 became U+FFFD

  const auto& unchecked = links[19];
  CHECK(unchecked["verdict"] == "unchecked");
  CHECK(unchecked["class"].is_null());
  CHECK(unchecked["http_status"].is_null());
  CHECK(unchecked["checked_at"].is_null());
  CHECK(unchecked["redirects"] == nlohmann::ordered_json::array());
}

TEST_CASE("CSV report is RFC 4180: header, one row per link, quoting round-trips", "[report]") {
  std::ostringstream out;
  salvage::exporter::write_report_csv(sample_links(), out);
  const auto rows = parse_csv(out.str());
  REQUIRE(rows.size() == 21);
  CHECK(rows[0] == std::vector<std::string>{"url", "verdict", "class", "http_status", "final_url", "redirects",
                                            "error", "checked_at", "pages", "first_page"});
  for (const auto& row : rows) CHECK(row.size() == 10);

  CHECK(rows[1] == std::vector<std::string>{"http://ok.example/", "alive", "ok", "200", "http://ok.example/", "",
                                            "", "2024-05-01T12:00:00Z", "1", "http://qa.example/q/1"});
  CHECK(rows[2][5] == std::string("http://redirected.example/b ") + k_attribute_escape);
  CHECK(rows[9][3] == "");  // timeout: no response, no status
  CHECK(rows[19][0] == std::string("http://broken.example/") + k_script);
  CHECK(rows[19][6] == "HTTP 404, \"Not Found\"\r\n<script>alert(2)</script>");
  CHECK(rows[19][8] == "2");
  CHECK(rows[20] == std::vector<std::string>{"http://later.example/x,y", "unchecked", "", "", "", "", "", "", "1",
                                             "http://qa.example/q/4"});
  std::map<std::string, std::size_t> verdicts;
  for (std::size_t i = 1; i < rows.size(); ++i) ++verdicts[rows[i][1]];
  CHECK(verdicts == k_expected_verdicts);
}

TEST_CASE("HTML report escapes page content and shows the counts in data-count elements", "[report]") {
  const std::string html = render_html(sample_links());

  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(occurrences(html, "<script") == 1);  // the page's own
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("\" onmouseover=\"") == std::string::npos);
  CHECK(html.find("&lt;b&gt;old&lt;/b&gt;") != std::string::npos);        // the title too
  CHECK(html.find("caf\xC3\xA9 \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC") != std::string::npos);  // UTF-8 kept
  CHECK(salvage::core::sanitize_utf8(html) == html);                       // and valid
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html.find("<body data-ready=\"0\">") != std::string::npos);

  for (const auto& [verdict, count] : k_expected_verdicts) {
    const std::string n = std::to_string(count);
    INFO(verdict);
    CHECK(occurrences(html, "data-verdict=\"" + verdict + "\"") == 1);
    CHECK(occurrences(html, "data-verdict=\"" + verdict + "\" data-count=\"" + n + "\">" + n + "</td>") == 1);
  }
  for (std::size_t c = 0; c < 18; ++c) {
    const std::string name(salvage::core::link_class_name(static_cast<LinkClass>(c)));
    const std::string n = std::to_string(expected_class_count(name));
    INFO(name);
    CHECK(occurrences(html, "data-class=\"" + name + "\" data-count=\"" + n + "\">" + n + "</td>") == 1);
  }
  CHECK(occurrences(html, "data-total=\"links\" data-count=\"20\">20</td>") == 1);
}

TEST_CASE("HTML report loads nothing from the network", "[report]") {
  const std::string html = salvage::core::to_lower_ascii(render_html(sample_links()));
  // Every URL-valued attribute is an in-page anchor. (No <regex>: GCC 12 warns inside it under ASan.)
  for (const std::string attribute : {"src", "href", "action", "srcset", "poster", "formaction", "background"}) {
    const std::string needle = attribute + "=";
    for (std::size_t at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) {
      if (at == 0 || !std::isspace(static_cast<unsigned char>(html[at - 1]))) continue;  // e.g. data-src=
      std::string_view value = std::string_view(html).substr(at + needle.size(), 200);
      if (!value.empty() && (value.front() == '"' || value.front() == '\'')) value.remove_prefix(1);
      INFO(html.substr(at, 80));
      CHECK(value.substr(0, 1) == "#");
    }
  }
  for (const char* banned : {"@import", "url(", "fetch(", "xmlhttprequest", "<link", "<img", "<iframe", "<object",
                             "<embed", "<base"}) {
    INFO(banned);
    CHECK(html.find(banned) == std::string::npos);
  }
  CHECK(html.find("content-security-policy\" content=\"default-src 'none'") != std::string::npos);
}

TEST_CASE("HTML report sections: hosts by dead links, pages linking to dead URLs", "[report]") {
  const std::string html = render_html(sample_links());
  const auto hosts = html.find("id=\"hosts\"");
  const auto records = html.find("id=\"records\"");
  const auto all = html.find("id=\"links\"");
  REQUIRE(hosts < records);
  REQUIRE(records < all);
  // broken.example has 2 dead links, the other hosts at most 1.
  const auto dead_host = html.find(">broken.example<", hosts);
  CHECK(dead_host < html.find(">not-found.example<", hosts));
  CHECK(dead_host < html.find("ok.example", hosts));

  const std::string record_section = html.substr(records, all - records);
  CHECK(record_section.find("Pages linking to dead URLs (3)") != std::string::npos);
  CHECK(record_section.find("http://qa.example/q/2") != std::string::npos);
  CHECK(record_section.find("Quotes &quot;here&quot;, commas") != std::string::npos);
  CHECK(record_section.find("http://qa.example/alive-only") == std::string::npos);
  CHECK(record_section.find("http://timeout.example/") == std::string::npos);  // unverifiable: not listed
  CHECK(record_section.find("http://gone.example/") != std::string::npos);

  CHECK(occurrences(html.substr(all), "<tr data-v=") == 20);
  CHECK(occurrences(html.substr(all), "<tr data-v=\"unchecked\" data-c=\"\">") == 1);
}

TEST_CASE("Empty report: zero counts, valid JSON, header-only CSV", "[report]") {
  const std::vector<ReportLink> none;
  const std::string html = render_html(none);
  CHECK(html.find("data-total=\"links\" data-count=\"0\">0</td>") != std::string::npos);
  CHECK(html.find("No page links to a dead URL.") != std::string::npos);
  std::ostringstream json;
  salvage::exporter::write_report_json(none, json);
  const auto j = nlohmann::json::parse(json.str());
  CHECK(j["links"].empty());
  CHECK(j["summary"]["links"] == 0);
  std::ostringstream csv;
  salvage::exporter::write_report_csv(none, csv);
  CHECK(parse_csv(csv.str()).size() == 1);
}
