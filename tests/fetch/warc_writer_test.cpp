#include "fetch/warc_writer.hpp"

#include <catch2/catch.hpp>
#include <openssl/evp.h>
#include <zlib.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace fetch = salvage::fetch;
namespace fs = std::filesystem;
using namespace std::string_literals;

namespace {

// A file name under the temp directory, removed when the test ends.
struct TempPath {
  fs::path path;
  TempPath() {
    std::random_device device;
    path = fs::temp_directory_path() / ("salvage_warc_test_" + std::to_string(device()) + ".warc.gz");
  }
  ~TempPath() {
    std::error_code ignored;
    fs::remove(path, ignored);
  }
  std::string str() const { return path.string(); }
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every gzip member of `data`, decompressed separately; fails the test on a corrupt stream.
std::vector<std::string> gunzip_members(const std::string& data) {
  std::vector<std::string> members;
  std::size_t offset = 0;
  while (offset < data.size()) {
    z_stream zs{};
    REQUIRE(inflateInit2(&zs, 15 + 16) == Z_OK);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + offset));
    zs.avail_in = static_cast<uInt>(data.size() - offset);
    std::string out;
    std::array<char, 4096> buffer{};
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
      zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
      zs.avail_out = static_cast<uInt>(buffer.size());
      rc = inflate(&zs, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END) break;
      out.append(buffer.data(), buffer.size() - zs.avail_out);
    }
    const std::size_t consumed = (data.size() - offset) - zs.avail_in;
    inflateEnd(&zs);
    REQUIRE(rc == Z_STREAM_END);
    members.push_back(out);
    offset += consumed;
  }
  return members;
}

struct Record {
  std::string version;
  std::map<std::string, std::string> headers;
  std::string block;
};

// Parses one member as exactly one WARC record followed by CRLF CRLF.
Record parse_record(const std::string& member) {
  Record record;
  const std::size_t head_end = member.find("\r\n\r\n");
  REQUIRE(head_end != std::string::npos);
  std::size_t line_start = 0;
  bool first = true;
  while (line_start < head_end) {
    std::size_t line_end = member.find("\r\n", line_start);
    const std::string line = member.substr(line_start, line_end - line_start);
    if (first) {
      record.version = line;
      first = false;
    } else {
      const std::size_t colon = line.find(": ");
      REQUIRE(colon != std::string::npos);
      REQUIRE(record.headers.count(line.substr(0, colon)) == 0);
      record.headers[line.substr(0, colon)] = line.substr(colon + 2);
    }
    line_start = line_end + 2;
  }
  REQUIRE(record.headers.count("Content-Length") == 1);
  const std::size_t length = std::stoul(record.headers["Content-Length"]);
  const std::size_t block_start = head_end + 4;
  REQUIRE(member.size() == block_start + length + 4);  // Content-Length is the exact block size
  record.block = member.substr(block_start, length);
  CHECK(member.substr(block_start + length) == "\r\n\r\n");
  return record;
}

std::vector<Record> read_warc(const fs::path& path) {
  std::vector<Record> records;
  for (const std::string& member : gunzip_members(read_file(path))) {
    records.push_back(parse_record(member));
  }
  return records;
}

// Computed independently of the writer: OpenSSL's one-shot EVP_Digest and a bit-by-bit base32.
std::string sha1_base32(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  REQUIRE(EVP_Digest(data.data(), data.size(), md, &size, EVP_sha1(), nullptr) == 1);
  REQUIRE(size == 20);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  for (unsigned bit = 0; bit < size * 8; bit += 5) {
    unsigned value = 0;
    for (unsigned i = bit; i < bit + 5; ++i) {
      value = (value << 1) | ((md[i / 8] >> (7 - i % 8)) & 1u);
    }
    out += alphabet[value];
  }
  return "sha1:" + out;
}

const std::regex k_record_id(
    "<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>");
const std::regex k_warc_date(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");

fetch::HttpExchange chunked_page() {
  fetch::HttpExchange ex;
  ex.url = "http://qa.example.org/questions/42?sort=votes";
  ex.request_head =
      "GET /questions/42?sort=votes HTTP/1.1\r\nHost: qa.example.org\r\n"
      "User-Agent: salvage-test\r\nAccept: */*\r\n\r\n";
  ex.response_head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  ex.response_body = "<html><body><h1>Caf\xE9?</h1></body></html>";
  ex.remote_ip = "127.0.0.1";
  return ex;
}

fetch::HttpExchange binary_image() {
  fetch::HttpExchange ex;
  ex.url = "http://qa.example.org/img/logo.gif";
  ex.request_head = "GET /img/logo.gif HTTP/1.1\r\nHost: qa.example.org\r\n\r\n";
  ex.response_head = "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: 9\r\n\r\n";
  ex.response_body = "GIF89a\0\r\n"s;
  return ex;  // remote_ip unknown
}

void check_exchange(const Record& request, const Record& response, const fetch::HttpExchange& ex,
                    const std::string& expected_head, const std::string& warcinfo_id) {
  CHECK(request.version == "WARC/1.1");
  CHECK(response.version == "WARC/1.1");
  CHECK(request.headers.at("WARC-Type") == "request");
  CHECK(response.headers.at("WARC-Type") == "response");
  for (const Record* r : {&request, &response}) {
    CHECK(std::regex_match(r->headers.at("WARC-Record-ID"), k_record_id));
    CHECK(std::regex_match(r->headers.at("WARC-Date"), k_warc_date));
    CHECK(r->headers.at("WARC-Target-URI") == ex.url);
    CHECK(r->headers.at("WARC-Warcinfo-ID") == warcinfo_id);
    CHECK(r->headers.at("WARC-Block-Digest") == sha1_base32(r->block));
    CHECK(r->headers.at("Content-Length") == std::to_string(r->block.size()));
    if (ex.remote_ip.empty()) {
      CHECK(r->headers.count("WARC-IP-Address") == 0);
    } else {
      CHECK(r->headers.at("WARC-IP-Address") == ex.remote_ip);
    }
  }
  CHECK(request.headers.at("Content-Type") == "application/http;msgtype=request");
  CHECK(response.headers.at("Content-Type") == "application/http;msgtype=response");
  CHECK(request.block == ex.request_head);
  CHECK(response.block == expected_head + ex.response_body);
  CHECK(response.headers.at("WARC-Payload-Digest") == sha1_base32(ex.response_body));
  CHECK(request.headers.count("WARC-Payload-Digest") == 0);
  CHECK(request.headers.at("WARC-Concurrent-To") == response.headers.at("WARC-Record-ID"));
  CHECK(response.headers.at("WARC-Concurrent-To") == request.headers.at("WARC-Record-ID"));
}

void check_warcinfo(const Record& info, const std::string& file_name) {
  CHECK(info.version == "WARC/1.1");
  CHECK(info.headers.at("WARC-Type") == "warcinfo");
  CHECK(std::regex_match(info.headers.at("WARC-Record-ID"), k_record_id));
  CHECK(std::regex_match(info.headers.at("WARC-Date"), k_warc_date));
  CHECK(info.headers.at("WARC-Filename") == file_name);
  CHECK(info.headers.at("Content-Type") == "application/warc-fields");
  CHECK(info.headers.at("WARC-Block-Digest") == sha1_base32(info.block));
  CHECK(info.block.find("software: salvage/0.1 test\r\n") != std::string::npos);
  CHECK(info.block.find("format: WARC File Format 1.1\r\n") != std::string::npos);
  CHECK(std::regex_search(info.block, std::regex("\r\nhostname: [^\r\n]+\r\n")));
  CHECK(std::regex_search(info.block, std::regex("\r\ncreation-date: " R"(\d{4}-\d\d-\d\dT)")));
}

}  // namespace

TEST_CASE("warc writer: warcinfo, then request and response records per exchange", "[warc]") {
  TempPath file;
  const auto page = chunked_page();
  const auto image = binary_image();
  {
    fetch::WarcWriter writer(file.str(), "salvage/0.1 test");
    writer.write(page, 1704164645);  // 2024-01-02T03:04:05Z
    writer.write(image, 1704164646);
    writer.flush();
  }
  const auto records = read_warc(file.path);
  REQUIRE(records.size() == 5);
  check_warcinfo(records[0], file.path.filename().string());
  const std::string warcinfo_id = records[0].headers.at("WARC-Record-ID");

  // The chunked response's Transfer-Encoding is renamed: the recorded body is not chunked.
  const std::string page_head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n"
      "X-Crawler-Transfer-Encoding: chunked\r\n\r\n";
  check_exchange(records[1], records[2], page, page_head, warcinfo_id);
  check_exchange(records[3], records[4], image, image.response_head, warcinfo_id);
  CHECK(records[1].headers.at("WARC-Date") == "2024-01-02T03:04:05Z");
  CHECK(records[4].headers.at("WARC-Date") == "2024-01-02T03:04:06Z");

  std::set<std::string> ids;
  for (const auto& r : records) ids.insert(r.headers.at("WARC-Record-ID"));
  CHECK(ids.size() == records.size());
}

TEST_CASE("warc writer: a second writer appends a warcinfo and its records", "[warc]") {
  TempPath file;
  const auto page = chunked_page();
  const auto image = binary_image();
  {
    fetch::WarcWriter writer(file.str(), "salvage/0.1 test");
    writer.write(page, 1704164645);
  }
  const auto first_size = fs::file_size(file.path);
  {
    fetch::WarcWriter writer(file.str(), "salvage/0.1 test");
    writer.write(image, 1704164700);
  }
  REQUIRE(fs::file_size(file.path) > first_size);
  const auto records = read_warc(file.path);
  REQUIRE(records.size() == 6);
  std::vector<std::string> types;
  for (const auto& r : records) types.push_back(r.headers.at("WARC-Type"));
  CHECK(types == std::vector<std::string>{"warcinfo", "request", "response", "warcinfo", "request",
                                          "response"});
  check_warcinfo(records[3], file.path.filename().string());
  CHECK(records[3].headers.at("WARC-Record-ID") != records[0].headers.at("WARC-Record-ID"));
  check_exchange(records[4], records[5], image, image.response_head,
                 records[3].headers.at("WARC-Record-ID"));
}

TEST_CASE("warc writer: digests of known values and an empty body", "[warc]") {
  TempPath file;
  fetch::HttpExchange ex;
  ex.url = "http://qa.example.org/gone";
  ex.request_head = "GET /gone HTTP/1.1\r\nHost: qa.example.org\r\n\r\n";
  ex.response_head = "HTTP/1.1 204 No Content\r\n\r\n";
  {
    fetch::WarcWriter writer(file.str(), "salvage/0.1 test");
    writer.write(ex, 0);
  }
  const auto records = read_warc(file.path);
  REQUIRE(records.size() == 3);
  // SHA-1 of the empty string, base32: a published test vector, not computed here.
  CHECK(records[2].headers.at("WARC-Payload-Digest") == "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
  CHECK(records[2].headers.at("WARC-Block-Digest") == sha1_base32("HTTP/1.1 204 No Content\r\n\r\n"));
  CHECK(records[1].headers.at("WARC-Date") == "1970-01-01T00:00:00Z");
}

TEST_CASE("warc writer: a URL with spaces or line breaks stays one header line", "[warc]") {
  TempPath file;
  fetch::HttpExchange ex = binary_image();
  ex.url = "http://qa.example.org/a b\r\nWARC-Type: evil\xC3\xA9";
  {
    fetch::WarcWriter writer(file.str(), "salvage/0.1 test");
    writer.write(ex, 1704164645);
  }
  const auto records = read_warc(file.path);
  REQUIRE(records.size() == 3);
  CHECK(records[1].headers.at("WARC-Type") == "request");
  CHECK(records[1].headers.at("WARC-Target-URI") ==
        "http://qa.example.org/a%20b%0D%0AWARC-Type:%20evil%C3%A9");
}

TEST_CASE("warc writer: a large body round-trips through several deflate buffers", "[warc]") {
  TempPath file;
  fetch::HttpExchange ex = binary_image();
  std::mt19937 random(7);
  ex.response_body.resize(3u << 20);
  for (char& c : ex.response_body) c = static_cast<char>(random());
  {
    fetch::WarcWriter writer(file.str(), "salvage/0.1 test");
    writer.write(ex, 1704164645);
  }
  const auto records = read_warc(file.path);
  REQUIRE(records.size() == 3);
  CHECK(records[2].block == ex.response_head + ex.response_body);
  CHECK(records[2].headers.at("WARC-Payload-Digest") == sha1_base32(ex.response_body));
}

TEST_CASE("warc writer: an unwritable path is an output error naming the path", "[warc]") {
  const std::string path = "/nonexistent-salvage-dir/out.warc.gz";
  try {
    fetch::WarcWriter writer(path, "salvage/0.1 test");
    FAIL("no exception");
  } catch (const salvage::core::Error& e) {
    CHECK(e.code() == salvage::core::ExitCode::output);
    CHECK(std::string(e.what()).find(path) != std::string::npos);
  }
}

TEST_CASE("warc writer: a full disk is an output error naming the path", "[warc]") {
  if (!fs::exists("/dev/full")) return;
  try {
    fetch::WarcWriter writer("/dev/full", "salvage/0.1 test");
    writer.write(binary_image(), 1704164645);
    writer.flush();
    FAIL("no exception");
  } catch (const salvage::core::Error& e) {
    CHECK(e.code() == salvage::core::ExitCode::output);
    CHECK(std::string(e.what()).find("/dev/full") != std::string::npos);
  }
}
