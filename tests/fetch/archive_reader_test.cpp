// The web-archive reader over small WARC/ARC files built here (plain, gzip per record, gzip
// whole), and over the shared corpus (SALVAGE_SHARED_DIR/corpus/warc; skipped when absent).

#include "fetch/archive_reader.hpp"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/fetched_page.hpp"
#include "fetch/archive_records.hpp"

namespace fetch = salvage::fetch;
namespace core = salvage::core;
namespace fs = std::filesystem;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string gzip(std::string_view data) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                       Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(compressBound(static_cast<uLong>(data.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string warc(std::string_view type, const Fields& fields, std::string_view block,
                 std::string_view version = "WARC/1.0") {
  std::string out = std::string(version) + "\r\nWARC-Type: " + std::string(type) + "\r\n";
  for (const auto& [name, value] : fields) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  out += block;
  return out + "\r\n\r\n";
}

std::string http(std::string_view status_line, const Fields& headers, std::string_view body) {
  std::string out = std::string(status_line) + "\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  return out + "\r\n" + std::string(body);
}

std::string page_html(std::string_view text) {
  return "<html><body>" + std::string(text) + "</body></html>";
}

std::string response(std::string_view url, std::string_view id, std::string_view body,
                     Fields extra = {}) {
  Fields fields = {{"WARC-Target-URI", std::string(url)},
                   {"WARC-Date", "2017-03-06T04:02:06Z"},
                   {"WARC-Record-ID", std::string(id)},
                   {"Content-Type", "application/http; msgtype=response"}};
  fields.insert(fields.end(), extra.begin(), extra.end());
  const std::string block =
      http("HTTP/1.1 200 OK",
           {{"Content-Type", "text/html"}, {"Content-Length", std::to_string(body.size())}}, body);
  return warc("response", fields, block);
}

class TempFile {
 public:
  explicit TempFile(std::string_view bytes, std::string_view suffix = ".warc") {
    static int counter = 0;
    m_path = fs::temp_directory_path() / ("salvage-archive-test-" + std::to_string(::getpid()) +
                                          "-" + std::to_string(++counter) + std::string(suffix));
    std::ofstream out(m_path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ~TempFile() {
    std::error_code ignored;
    fs::remove(m_path, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path() const { return m_path.string(); }

 private:
  fs::path m_path;
};

struct Result {
  fetch::ArchiveCounts counts;
  std::vector<core::FetchedPage> pages;
  std::vector<fetch::ArchiveProblem> problems;
};

Result read_path(fetch::ArchiveReader& reader, const std::string& path) {
  Result result;
  result.counts = reader.read(
      path, [&](core::FetchedPage&& page) { result.pages.push_back(std::move(page)); },
      [&](const fetch::ArchiveProblem& problem) { result.problems.push_back(problem); });
  CHECK(result.counts.pages == result.pages.size());
  CHECK(result.counts.problems == result.problems.size());
  return result;
}

Result read_bytes(std::string_view bytes) {
  TempFile file(bytes);
  fetch::ArchiveReader reader;
  return read_path(reader, file.path());
}

std::string problem_text(const Result& result) {
  std::string text;
  for (const auto& problem : result.problems)
    text += std::to_string(problem.offset) + ": " + problem.message + "\n";
  return text;
}

}  // namespace

TEST_CASE("archive: a plain WARC file gives responses and resources as pages", "[archive]") {
  const std::string info =
      warc("warcinfo", {{"WARC-Record-ID", "<urn:uuid:i>"}}, "software: test\r\n");
  const std::string first = response("http://example.com/a", "<urn:uuid:1>", page_html("A"));
  const std::string request =
      warc("request", {{"WARC-Target-URI", "http://example.com/a"}}, "GET /a HTTP/1.1\r\n\r\n");
  const std::string resource = warc("resource",
                                    {{"WARC-Target-URI", "<http://example.com/b c.txt>"},
                                     {"WARC-Date", "2020-01-02T03:04:05.123Z"},
                                     {"WARC-Record-ID", "<urn:uuid:2>"},
                                     {"Content-Type", "text/plain; charset=utf-8"}},
                                    "plain text", "WARC/1.1");
  const std::string metadata =
      warc("metadata", {{"WARC-Target-URI", "http://example.com/a"}}, "via: x\r\n");
  const Result r = read_bytes(info + first + request + resource + metadata);
  INFO(problem_text(r));
  CHECK(r.counts.records == 5);
  CHECK(r.counts.problems == 0);
  REQUIRE(r.pages.size() == 2);

  const core::FetchedPage& a = r.pages[0];
  CHECK(a.requested_url == "http://example.com/a");
  CHECK(a.final_url == "http://example.com/a");
  CHECK(a.status == 200);
  CHECK(core::header_value(a.headers, "content-type") == "text/html");
  CHECK(a.body == page_html("A"));
  CHECK(a.fetched_at == 1488772926);
  CHECK(a.provenance.kind == "warc");
  CHECK(a.provenance.offset == static_cast<std::int64_t>(info.size()));
  CHECK(a.provenance.record_id == "<urn:uuid:1>");

  const core::FetchedPage& b = r.pages[1];
  CHECK(b.final_url == "http://example.com/b%20c.txt");
  CHECK(b.status == 200);
  CHECK(core::header_value(b.headers, "Content-Type") == "text/plain; charset=utf-8");
  CHECK(b.body == "plain text");
  CHECK(b.fetched_at == 1577934245);
  CHECK(b.provenance.offset ==
        static_cast<std::int64_t>(info.size() + first.size() + request.size()));
}

TEST_CASE("archive: gzip per record gives member offsets, whole-file gzip offset 0", "[archive]") {
  const std::vector<std::string> records = {
      warc("warcinfo", {}, "software: test\r\n"),
      response("http://example.com/1", "<urn:uuid:1>", page_html("one")),
      response("http://example.com/2", "<urn:uuid:2>", page_html("two"))};
  std::string per_record;
  std::vector<std::int64_t> offsets;
  std::string whole;
  for (const std::string& record : records) {
    offsets.push_back(static_cast<std::int64_t>(per_record.size()));
    per_record += gzip(record);
    whole += record;
  }
  const Result r = read_bytes(per_record);
  INFO(problem_text(r));
  CHECK(r.counts.records == 3);
  CHECK(r.counts.problems == 0);
  REQUIRE(r.pages.size() == 2);
  CHECK(r.pages[0].provenance.offset == offsets[1]);
  CHECK(r.pages[1].provenance.offset == offsets[2]);
  CHECK(r.pages[1].body == page_html("two"));

  const Result w = read_bytes(gzip(whole));
  CHECK(w.counts.problems == 0);
  REQUIRE(w.pages.size() == 2);
  CHECK(w.pages[0].provenance.offset == 0);
  CHECK(w.pages[1].body == page_html("two"));
}

TEST_CASE("archive: chunked and gzip-encoded payloads are decoded", "[archive]") {
  const std::string html = page_html("chunked and gzipped");
  const std::string zipped = gzip(html);
  const std::size_t half = zipped.size() / 2;
  auto hex = [](std::size_t n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%zx", n);
    return std::string(buf);
  };
  const std::string chunked = hex(half) + "\r\n" + zipped.substr(0, half) + "\r\n" +
                              hex(zipped.size() - half) + ";ext=1\r\n" + zipped.substr(half) +
                              "\r\n0\r\n\r\n";
  const std::string block = http(
      "HTTP/1.1 200 OK", {{"Transfer-Encoding", "chunked"}, {"Content-Encoding", "gzip"}}, chunked);
  const std::string deflated_block = [&] {
    std::string raw(compressBound(static_cast<uLong>(html.size())), '\0');
    uLongf size = raw.size();
    REQUIRE(compress(reinterpret_cast<Bytef*>(raw.data()), &size,
                     reinterpret_cast<const Bytef*>(html.data()), html.size()) == Z_OK);
    raw.resize(size);
    return http("HTTP/1.1 200 OK", {{"Content-Encoding", "deflate"}}, raw);
  }();
  const Result r =
      read_bytes(warc("response", {{"WARC-Target-URI", "http://example.com/c"}}, block) +
                 warc("response", {{"WARC-Target-URI", "http://example.com/d"}}, deflated_block));
  INFO(problem_text(r));
  CHECK(r.counts.problems == 0);
  REQUIRE(r.pages.size() == 2);
  CHECK(r.pages[0].body == html);
  CHECK(core::header_value(r.pages[0].headers, "Content-Encoding") == "gzip");  // as captured
  CHECK(r.pages[1].body == html);
}

TEST_CASE("archive: revisits resolve by digest, by target URI and date, and by record id",
          "[archive]") {
  const std::string original =
      response("http://example.com/r", "<urn:uuid:orig>", page_html("original"),
               {{"WARC-Payload-Digest", "sha1:AAAA"}});
  const std::string by_digest =
      warc("revisit",
           {{"WARC-Target-URI", "http://example.com/r"},
            {"WARC-Date", "2017-03-07T00:00:00Z"},
            {"WARC-Payload-Digest", "SHA1:AAAA"},
            {"WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"}},
           http("HTTP/1.1 200 OK", {{"X-Own", "digest"}}, ""));
  const std::string by_uri_date =
      warc("revisit",
           {{"WARC-Target-URI", "http://example.com/r"},
            {"WARC-Date", "2017-03-08T00:00:00Z"},
            {"WARC-Refers-To-Target-URI", "http://example.com/r"},
            {"WARC-Refers-To-Date", "2017-03-06T04:02:06.000Z"},
            {"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/server-not-modified"}},
           http("HTTP/1.1 304 Not Modified", {{"X-Own", "304"}}, ""));
  const std::string by_id = warc(
      "revisit",
      {{"WARC-Target-URI", "http://example.com/r"}, {"WARC-Refers-To", "<urn:uuid:orig>"}}, "");
  const std::string lonely =
      warc("revisit",
           {{"WARC-Target-URI", "http://example.com/x"}, {"WARC-Payload-Digest", "sha1:ZZZZ"}}, "");
  const Result r = read_bytes(original + by_digest + by_uri_date + by_id + lonely);
  CHECK(r.counts.records == 5);
  CHECK(r.counts.revisits == 3);
  REQUIRE(r.pages.size() == 4);
  for (const auto& page : r.pages) CHECK(page.body == page_html("original"));
  CHECK(core::header_value(r.pages[1].headers, "X-Own") == "digest");
  CHECK(r.pages[2].status == 304);
  CHECK(core::header_value(r.pages[2].headers, "X-Own") == "304");
  CHECK(r.pages[3].status == 200);  // no HTTP block of its own: the original's status and headers
  CHECK(core::header_value(r.pages[3].headers, "Content-Type") == "text/html");
  CHECK(r.pages[1].provenance.offset == static_cast<std::int64_t>(original.size()));
  REQUIRE(r.problems.size() == 1);  // the lonely revisit
  CHECK(r.problems[0].offset == static_cast<std::int64_t>(original.size() + by_digest.size() +
                                                          by_uri_date.size() + by_id.size()));
}

TEST_CASE("archive: a revisit re-reads a large payload from an earlier file", "[archive]") {
  const std::string big(3u << 20, 'x');  // over the cache's per-body limit: re-read from the file
  const std::string info = warc("warcinfo", {}, "software: test\r\n");
  const std::string original = response("http://example.com/big", "<urn:uuid:big>", big);
  const std::string revisit = warc(
      "revisit",
      {{"WARC-Target-URI", "http://example.com/big"}, {"WARC-Refers-To", "<urn:uuid:big>"}}, "");
  for (const std::string& first_file :
       {info + original, gzip(info + original), gzip(info) + gzip(original)}) {
    TempFile a(first_file);
    TempFile b(gzip(revisit));
    fetch::ArchiveReader reader;
    const Result ra = read_path(reader, a.path());
    REQUIRE(ra.pages.size() == 1);
    const Result rb = read_path(reader, b.path());
    INFO(problem_text(rb));
    CHECK(rb.counts.revisits == 1);
    REQUIRE(rb.pages.size() == 1);
    CHECK(rb.pages[0].body.size() == big.size());
    CHECK(rb.pages[0].provenance.path == b.path());
  }
}

TEST_CASE("archive: a record cut short is reported and the next one still read", "[archive]") {
  const std::string body = page_html(std::string(400, 'a'));
  const std::string full = response("http://example.com/cut", "<urn:uuid:cut>", body);
  // The writer died mid-record: 300 bytes of the block, then the next record right away.
  const std::string header_end = "\r\n\r\n";
  const std::size_t block_start = full.find(header_end) + header_end.size();
  const std::string cut = full.substr(0, block_start + 300);
  const std::string good =
      response("http://example.com/good", "<urn:uuid:good>", page_html("good"));
  const Result r = read_bytes(cut + good);
  INFO(problem_text(r));
  CHECK(r.counts.records == 2);
  REQUIRE(r.pages.size() == 2);
  CHECK(r.pages[0].final_url == "http://example.com/cut");
  CHECK(r.pages[1].final_url == "http://example.com/good");
  CHECK(r.pages[1].body == page_html("good"));
  CHECK(r.pages[1].provenance.offset == static_cast<std::int64_t>(cut.size()));
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].offset == 0);
  CHECK_THAT(r.problems[0].message, Catch::Contains("runs into the next record"));
  CHECK_THAT(r.problems[0].message, Catch::Contains("body truncated"));

  SECTION("cut off by the end of the file") {
    const Result end = read_bytes(good + cut);
    CHECK(end.pages.size() == 2);
    REQUIRE(end.problems.size() == 1);
    CHECK(end.problems[0].offset == static_cast<std::int64_t>(good.size()));
    CHECK_THAT(end.problems[0].message, Catch::Contains("cut off by the end of the file"));
  }
}

TEST_CASE("archive: a wrong Content-Length resynchronises on the next record", "[archive]") {
  std::string bad =
      response("http://example.com/short", "<urn:uuid:s>", page_html("declared too short"));
  const std::string cl = "Content-Length: ";
  const std::size_t at = bad.find(cl, bad.find("Content-Type"));
  const std::size_t end = bad.find("\r\n", at);
  const int declared = std::stoi(bad.substr(at + cl.size(), end - at - cl.size()));
  bad.replace(at + cl.size(), end - at - cl.size(), std::to_string(declared - 10));
  const std::string good = response("http://example.com/next", "<urn:uuid:n>", page_html("next"));
  const Result r = read_bytes(bad + good);
  INFO(problem_text(r));
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].offset == 0);
  CHECK_THAT(r.problems[0].message, Catch::Contains("does not end at a record boundary"));
  REQUIRE(r.pages.size() == 2);
  CHECK(r.pages[1].final_url == "http://example.com/next");
  CHECK(r.pages[1].provenance.offset == static_cast<std::int64_t>(bad.size()));
}

TEST_CASE("archive: a corrupt gzip member is reported with its offset", "[archive]") {
  const std::string m1 =
      gzip(response("http://example.com/1", "<urn:uuid:1>", page_html(std::string(200, '1'))));
  std::string m2 =
      gzip(response("http://example.com/2", "<urn:uuid:2>", page_html(std::string(200, '2'))));
  const std::string m3 =
      gzip(response("http://example.com/3", "<urn:uuid:3>", page_html(std::string(200, '3'))));
  for (std::size_t i = 20; i < m2.size() - 10; i += 7) m2[i] = static_cast<char>(m2[i] ^ 0x55);
  const Result r = read_bytes(m1 + m2 + m3);
  INFO(problem_text(r));
  REQUIRE(r.pages.size() >= 2);
  CHECK(r.pages.front().final_url == "http://example.com/1");
  CHECK(r.pages.back().final_url == "http://example.com/3");
  CHECK(r.pages.back().provenance.offset == static_cast<std::int64_t>(m1.size() + m2.size()));
  bool reported = false;
  for (const auto& problem : r.problems)
    reported = reported || problem.offset == static_cast<std::int64_t>(m1.size());
  CHECK(reported);
}

TEST_CASE("archive: header names in any case, LF line ends, folded lines, old versions",
          "[archive]") {
  const std::string block = "HTTP/1.0 200 OK\nContent-Type: text/html\n\nhello";
  const std::string lower =
      "warc/1.0\nwarc-type: RESPONSE\nWARC-TARGET-URI:\n  http://example.com/x\n"
      "warc-date: 2008-04-30t20:48:25z\ncontent-length: " +
      std::to_string(block.size()) + "\n\n" + block + "\n\n";
  const std::string old = warc("response", {{"WARC-Target-URI", "http://example.com/y"}},
                               http("HTTP/1.1 404 Not Found", {}, "gone"), "WARC/0.18");
  const std::string dns = warc("response", {{"WARC-Target-URI", "dns:example.com"}},
                               "20080430204825\nexample.com. 1 IN A 1.2.3.4\n");
  const Result r = read_bytes(lower + old + dns);
  INFO(problem_text(r));
  CHECK(r.counts.problems == 0);
  CHECK(r.counts.records == 3);
  REQUIRE(r.pages.size() == 2);  // the dns: record is no page
  CHECK(r.pages[0].final_url == "http://example.com/x");
  CHECK(r.pages[0].body == "hello");
  CHECK(r.pages[0].fetched_at == 1209588505);
  CHECK(r.pages[1].status == 404);
}

TEST_CASE("archive: ARC files, version 1 and 2, plain and gzipped", "[archive]") {
  const std::string meta = "1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n";
  const std::string filedesc = "filedesc://test.arc 0.0.0.0 20080430204825 text/plain " +
                               std::to_string(meta.size()) + "\n" + meta + "\n";
  const std::string block1 =
      http("HTTP/1.0 200 OK", {{"Content-Type", "text/html"}}, page_html("arc one"));
  const std::string rec1 = "http://example.com/a b.html 1.2.3.4 20080430204826 text/html " +
                           std::to_string(block1.size()) + "\n" + block1 + "\n";
  const std::string block2 = http("HTTP/1.0 302 Found", {{"Location", "/a"}}, "");
  const std::string rec2 = "http://example.com/ 1.2.3.4 20080430204827 text/html " +
                           std::to_string(block2.size()) + "\n" + block2 + "\n";
  const Result r = read_bytes(filedesc + rec1 + rec2);
  INFO(problem_text(r));
  CHECK(r.counts.problems == 0);
  CHECK(r.counts.records == 3);
  REQUIRE(r.pages.size() == 2);
  CHECK(r.pages[0].final_url == "http://example.com/a%20b.html");
  CHECK(r.pages[0].body == page_html("arc one"));
  CHECK(r.pages[0].fetched_at == 1209588506);
  CHECK(r.pages[0].provenance.offset == static_cast<std::int64_t>(filedesc.size()));
  CHECK(r.pages[0].provenance.record_id.empty());
  CHECK(r.pages[1].status == 302);

  const Result gz = read_bytes(gzip(filedesc) + gzip(rec1) + gzip(rec2));
  CHECK(gz.counts.problems == 0);
  REQUIRE(gz.pages.size() == 2);
  CHECK(gz.pages[1].provenance.offset ==
        static_cast<std::int64_t>(gzip(filedesc).size() + gzip(rec1).size()));

  const std::string meta2 =
      "2 0 Test\nURL IP-address Archive-date Content-type Result-code Checksum Location Offset "
      "Filename Archive-length\n";
  const std::string v2 =
      "filedesc://t.arc 0.0.0.0 20080430204825 text/plain 200 - - 0 t.arc " +
      std::to_string(meta2.size()) + "\n" + meta2 + "\n" +
      "http://example.com/v2 1.2.3.4 20080430204826 text/html 200 abc - 0 t.arc " +
      std::to_string(block1.size()) + "\n" + block1 + "\n";
  const Result r2 = read_bytes(v2);
  INFO(problem_text(r2));
  CHECK(r2.counts.problems == 0);
  REQUIRE(r2.pages.size() == 1);
  CHECK(r2.pages[0].final_url == "http://example.com/v2");
}

TEST_CASE("archive: absurd lengths, huge headers, garbage and empty files are problems",
          "[archive]") {
  const std::string good = response("http://example.com/ok", "<urn:uuid:ok>", page_html("ok"));
  const std::string absurd =
      "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999999999999\r\n\r\nxx\r\n\r\n";
  const std::string large =
      "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 1099511627000\r\n\r\nxx\r\n\r\n";
  std::string huge = "WARC/1.0\r\nWARC-Type: response\r\n";
  while (huge.size() < (2u << 20)) huge += "X-Filler: " + std::string(1000, 'f') + "\r\n";
  huge += "Content-Length: 0\r\n\r\n\r\n\r\n";

  Result r = read_bytes(absurd + good);
  CHECK(r.pages.size() == 1);
  CHECK(r.problems.size() == 1);
  r = read_bytes(huge + good);
  CHECK(r.pages.size() == 1);
  CHECK(r.problems.size() == 1);
  r = read_bytes(good + large);  // skipped without being held in memory, then the file ends
  CHECK(r.pages.size() == 1);
  CHECK(r.problems.size() == 1);
  r = read_bytes("this is not an archive\n" + good);
  CHECK(r.pages.size() == 1);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].offset == 0);
  CHECK(read_bytes("").problems.size() == 1);

  fetch::ArchiveReader reader;
  const Result missing = read_path(reader, "/nonexistent/salvage/archive.warc");
  CHECK(missing.counts.problems == 1);
  CHECK(missing.pages.empty());
}

TEST_CASE("archive: every truncation and corruption of a file is survived", "[archive]") {
  const std::string html = page_html("fuzz");
  const std::string plain =
      warc("warcinfo", {}, "software: test\r\n") +
      response("http://example.com/f", "<urn:uuid:f>", html, {{"WARC-Payload-Digest", "sha1:F"}}) +
      warc("response", {{"WARC-Target-URI", "http://example.com/g"}},
           http("HTTP/1.1 200 OK", {{"Transfer-Encoding", "chunked"}, {"Content-Encoding", "gzip"}},
                "5\r\n" + gzip(html).substr(0, 5) + "\r\n0\r\n\r\n")) +
      warc("revisit",
           {{"WARC-Target-URI", "http://example.com/f"}, {"WARC-Payload-Digest", "sha1:F"}}, "") +
      "http://example.com/ 1.2.3.4 20080430204826 text/html 4\nabcd\n";
  std::string gzipped;
  for (std::size_t i = 0; i < plain.size(); i += 300) gzipped += gzip(plain.substr(i, 300));
  for (const std::string& bytes : {plain, gzipped}) {
    for (std::size_t n = 0; n <= bytes.size(); n += 3) {
      const Result r = read_bytes(bytes.substr(0, n));
      CHECK(r.counts.pages <= 3);
    }
    for (std::size_t i = 0; i < bytes.size(); i += 5) {
      std::string flipped = bytes;
      flipped[i] = static_cast<char>(flipped[i] ^ 0xA5);
      const Result r = read_bytes(flipped);
      CHECK(r.counts.pages <= 4);
    }
  }
}

TEST_CASE("archive: capture dates and target URIs", "[archive]") {
  CHECK(fetch::parse_archive_date("2017-03-06T04:02:06Z") == 1488772926);
  CHECK(fetch::parse_archive_date(" 2017-03-06t04:02:06.123456z ") == 1488772926);
  CHECK(fetch::parse_archive_date("2017-03-06T05:02:06+01:00") == 1488772926);
  CHECK(fetch::parse_archive_date("2017-03-06") == 1488758400);
  CHECK(fetch::parse_archive_date("20170306040206") == 1488772926);
  CHECK(fetch::parse_archive_date("201703060402") == 1488772920);
  CHECK(fetch::parse_archive_date("19961104142103") == 847117263);
  CHECK_FALSE(fetch::parse_archive_date("blue monday"));
  CHECK_FALSE(fetch::parse_archive_date("2017-13-06T04:02:06Z"));
  CHECK_FALSE(fetch::parse_archive_date(""));
  CHECK(fetch::clean_target_uri(" <http://example.com/> ") == "http://example.com/");
  CHECK(fetch::clean_target_uri("http://example.com/?q=a b") == "http://example.com/?q=a%20b");
  CHECK(fetch::clean_target_uri("dns:example.com") == "dns:example.com");
}

// ---------------------------------------------------------------------------------------------
// The shared corpus.

namespace {

const fs::path k_warc_dir = fs::path(SALVAGE_SHARED_DIR) / "corpus" / "warc";

struct Expected {
  const char* file;
  std::size_t records, pages, revisits, problems;
};

// Measured, and checked by hand against what each file is meant to test (corpus README and the
// test suites the files come from).
constexpr Expected k_expected[] = {
    // Valid files: every page, no problem.
    {"warcio/example.warc", 6, 2, 1, 0},
    {"warcio/example.warc.gz", 6, 2, 1, 0},
    {"warcio/example.arc", 2, 1, 0, 0},
    {"warcio/example.arc.gz", 2, 1, 0, 0},
    {"warcio/example-iana.org-chunked.warc", 3, 1, 0, 0},
    {"warcio/example-resource.warc.gz", 3, 1, 0, 0},
    {"warcio/example-space-in-target-uri.warc.gz", 2, 1, 0, 0},
    {"warcio/example-wget-bad-target-uri.warc.gz", 6, 3, 0, 0},  // "<uri>": unwrapped
    {"warcio/example-digest.warc", 4, 0, 0, 0},                  // request records only
    {"warcio/post-test.warc.gz", 6, 3, 0, 0},
    {"warcio.js/example.warc", 7, 2, 1, 0},
    {"warcio.js/example-resource.warc.gz", 1, 1, 0, 0},
    {"warcio.js/post-test-more.warc", 6, 3, 0, 0},  // gzipped despite its name
    {"warcio.js/redirect.warc", 2, 1, 0, 0},
    {"jwarc/cc.warc.gz", 1, 1, 0, 0},
    {"jwarc/gzip_extra_sl.warc.gz", 1, 0, 0, 0},
    {"jwat/jwat-arc/IAH-20080430204825-00000-blackbook.arc.gz", 300, 261, 0, 0},
    {"jwat/jwat-gzip/IAH-20080430204825-00000-blackbook.warc.gz", 822, 261, 0, 0},
    {"jwat/jwat-arc/small_BNF.arc", 6, 5, 0, 0},
    {"jwat/jwat-arc/test-arc-1.0-dashed-fields.arc", 2, 1, 0, 0},
    {"jwat/jwat-common/test-utf8.warc", 1, 0, 0, 0},
    {"jwat/jwat-warc/valid-warcfile-upper-lower-case.warc", 5, 0, 0, 0},  // dns: records
    {"jwat/jwat-warc/valid-warcfile-fields-continuation.warc", 1, 0, 0, 0},
    {"jwat/jwat-warc/valid-warcfile-non-warc-headers.warc", 1, 0, 0, 0},
    {"webarchive/jhove/valid/valid-warcfile-upper-lower-case.warc", 5, 0, 0, 0},
    {"webarchive/jhove/valid/valid-warcrecorddigests-1.warc", 7, 7, 0, 0},
    {"webarchive/decode.warc", 12, 6, 0, 0},
    {"webarchive/hello-world.warc", 6, 3, 0, 0},
    {"webarchive/hello-world.arc", 2, 1, 0, 0},
    {"webarchive-commons/format/warc/mutliple-headers.warc", 1, 1, 0, 0},
    // Named bad or truncated, yet complete: whole-file gzip (warcio only wants gzip per record,
    // salvage reads both; every offset is then 0) and an ARC cut at a record boundary.
    {"warcio/example-bad-non-chunked.warc.gz", 6, 2, 1, 0},
    {"warcio/example-bad.warc.gz.bad", 6, 3, 1, 0},
    {"webarchive-commons/format/arc/IAH-20080430204825-00000-blackbook-truncated.arc", 9, 7, 0, 0},
    // Broken: reported, and what can be read is read.
    {"warcio/example-trunc.warc", 4, 1, 0, 1},            // short Content-Length, gzip cut
    {"warcio.js/example-bad-length.warc", 6, 2, 1, 1},    // one short, one long
    {"warcio/example-wrong-chunks.warc.gz", 2, 1, 0, 1},  // body a byte short
    {"warcio/example-space-in-url.arc", 2, 1, 0, 1},      // its last record is cut off
    {"warcio/bad.arc", 1, 0, 0, 2},
    {"webarchive/hello-world2.arc", 2, 1, 0, 1},  // filedesc length one too long
    {"jwat/jwat-arc/invalid-arcfile-record-then-garbage.arc", 1, 1, 0, 1},
    {"jwat/jwat-arc/test-arc-1.0-invalid-fields.arc", 1, 1, 0, 1},
    {"jwat/jwat-warc/invalid-warcfile-record-then-garbage.warc", 1, 1, 0, 1},
    {"jwat/jwat-warc/invalid-warcfile-lonely-revisit.warc", 1, 0, 0, 1},
    {"webarchive/jhove/invalid/invalid-warcrecord-3.warc", 6, 6, 0, 3},
    {"webarchive/jhove/invalid/invalid-empty.warc", 0, 0, 0, 1},
    {"jwat/jwat-gzip/invalid-truncated.gz", 0, 0, 0, 2},
    {"webarchive-commons/format/gzip/double-single-inflate-error.gz", 0, 0, 0, 2},
};

// Named invalid or bad, but for what this reader does not check (digests, recommended or
// duplicated fields, segment numbers, msgtype parameters) or reads as it should (whole-file gzip,
// a target URI in "<>", an ARC cut at a record boundary): read without problems.
const std::vector<std::string> k_clean_invalid = {
    "invalid-warcfile-contenttype-warcinfo-recommended.warc",
    "invalid-warcfile-digest-fields.warc",
    "invalid-warcfile-duplicate-fields.warc",
    "invalid-warcfile-encoding-headers.warc.gz",
    "invalid-warcfile-segment-number-continuation.warc",
    "invalid-warcfile-segment-number-response.warc",
    "invalid-warcheaderfieldpolicy-2.warc",
    "invalid-warcheaderfieldpolicy-9.warc",
    "invalid-warcheaderfieldpolicy-10.warc",
    "invalid-warcrecord-2.warc",
    "invalid-warcrecorddigests-1.warc",
    "invalid-warcrecorddigests-2.warc",
    "invalid-warcrecorddigests-3.warc",
    "example-bad-non-chunked.warc.gz",
    "example-bad.warc.gz.bad",
    "example-wget-bad-target-uri.warc.gz",
    "IAH-20080430204825-00000-blackbook-truncated.arc"};

bool named_broken(const std::string& name) {
  return name.starts_with("invalid-") || name.find("-bad") != std::string::npos ||
         name.find("bad.") == 0 || name.find("trunc") != std::string::npos;
}

}  // namespace

TEST_CASE("archive corpus: every file is read, valid ones cleanly", "[archive][corpus]") {
  if (!fs::is_directory(k_warc_dir)) {
    WARN("shared corpus not found at " << k_warc_dir << "; skipped");
    return;
  }
  std::size_t files = 0, pages = 0, problems = 0;
  for (const auto& entry : fs::recursive_directory_iterator(k_warc_dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    INFO(entry.path().string());
    fetch::ArchiveReader reader;
    const Result r = read_path(reader, entry.path().string());
    ++files;
    pages += r.pages.size();
    problems += r.problems.size();
    for (const auto& page : r.pages) {
      CHECK_FALSE(page.final_url.empty());
      CHECK(page.provenance.path == entry.path().string());
      CHECK(page.provenance.offset >= 0);
      CHECK(page.provenance.offset < static_cast<std::int64_t>(entry.file_size()));
    }
    for (const auto& problem : r.problems) CHECK(problem.file == entry.path().string());
    if (named_broken(name)) {
      const bool clean =
          std::find(k_clean_invalid.begin(), k_clean_invalid.end(), name) != k_clean_invalid.end();
      CHECK(r.problems.empty() == clean);
    }
  }
  CHECK(files >= 120);
  WARN("archive corpus: " << files << " files, " << pages << " pages, " << problems << " problems");

  for (const Expected& e : k_expected) {
    INFO(e.file);
    const fs::path path = k_warc_dir / e.file;
    REQUIRE(fs::exists(path));
    fetch::ArchiveReader reader;
    const Result r = read_path(reader, path.string());
    INFO(problem_text(r));
    CHECK(r.counts.records == e.records);
    CHECK(r.counts.pages == e.pages);
    CHECK(r.counts.revisits == e.revisits);
    CHECK(r.counts.problems == e.problems);
  }
}

TEST_CASE("archive corpus: the same crawl as WARC and as ARC gives the same pages",
          "[archive][corpus]") {
  const fs::path warc_file =
      k_warc_dir / "jwat/jwat-gzip/IAH-20080430204825-00000-blackbook.warc.gz";
  const fs::path arc_file = k_warc_dir / "jwat/jwat-arc/IAH-20080430204825-00000-blackbook.arc.gz";
  if (!fs::exists(warc_file) || !fs::exists(arc_file)) {
    WARN("shared corpus not found; skipped");
    return;
  }
  auto summary = [](const fs::path& path) {
    fetch::ArchiveReader reader;
    std::vector<std::tuple<std::string, int, std::int64_t, std::string>> pages;
    for (auto& page : read_path(reader, path.string()).pages)
      pages.emplace_back(page.final_url, page.status, page.fetched_at, std::move(page.body));
    std::sort(pages.begin(), pages.end());
    return pages;
  };
  const auto from_warc = summary(warc_file);
  CHECK(from_warc.size() == 261);
  CHECK(from_warc == summary(arc_file));
}
