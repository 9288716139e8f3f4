// HTTP messages as web archives hold them: heads, chunked and compressed bodies, size caps.

#include "fetch/http_payload.hpp"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

namespace fetch = salvage::fetch;
namespace core = salvage::core;

namespace {

std::string compress_with(std::string_view data, int window_bits) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8,
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

std::string gzip(std::string_view data) { return compress_with(data, 16 + MAX_WBITS); }

}  // namespace

TEST_CASE("http payload: heads, strict and lenient", "[http_payload]") {
  auto head = fetch::parse_http_head(
      "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nX-Long: a\r\n  b\r\n\r\nbody");
  REQUIRE(head);
  CHECK(head->version == "HTTP/1.1");
  CHECK(head->status == 404);
  CHECK(head->reason == "Not Found");
  REQUIRE(head->headers.size() == 2);
  CHECK(head->headers[1] == std::pair<std::string, std::string>{"X-Long", "a b"});
  CHECK(head->size ==
        std::string("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nX-Long: a\r\n  b\r\n\r\n")
            .size());

  head = fetch::parse_http_head("HTTP/1.1 200 \nserver: x\n\n");  // LF only, no reason
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->reason.empty());
  CHECK(head->size == 25);

  // A 1996 capture whose head runs into the body without its blank line.
  const std::string old =
      "HTTP/1.0 200 Document follows\r\nContent-length: 30\r\n<HTML>\r\nHello\r\n";
  head = fetch::parse_http_head(old);
  REQUIRE(head);
  CHECK(head->headers.size() == 1);
  CHECK(old.substr(head->size) == "<HTML>\r\nHello\r\n");

  CHECK_FALSE(fetch::parse_http_head("GET / HTTP/1.1\r\n\r\n"));
  CHECK_FALSE(fetch::parse_http_head("HTTP/1.1 abc OK\r\n\r\n"));
  CHECK_FALSE(fetch::parse_http_head("HTTP/1.1 2000 OK\r\n\r\n"));
  CHECK_FALSE(fetch::parse_http_head("HTTP/1.1 200 OK\r\n" +
                                     std::string(fetch::k_max_http_head, 'x') + ": y\r\n\r\n"));
}

TEST_CASE("http payload: bodies are de-chunked and decompressed", "[http_payload]") {
  const std::string html = "<html>" + std::string(1000, 'z') + "</html>";
  const core::Headers gz = {{"Content-Encoding", "gzip"}};
  auto decode = [](std::string_view raw, const core::Headers& headers, int status = 200,
                   std::size_t max = 1u << 20) {
    return fetch::decode_http_body(raw, headers, status, max);
  };

  auto body = decode(gzip(html), gz);
  CHECK(body.body == html);
  CHECK(body.problem.empty());
  body = decode(gzip("abc") + gzip("def"), {{"Content-Encoding", "x-gzip"}});
  CHECK(body.body == "abcdef");
  body = decode(html, gz);  // declared gzip, stored decoded
  CHECK(body.body == html);
  CHECK(body.problem.empty());
  body = decode(compress_with(html, MAX_WBITS), {{"Content-Encoding", "deflate"}});
  CHECK(body.body == html);
  body = decode(compress_with(html, -MAX_WBITS), {{"Content-Encoding", "deflate"}});
  CHECK(body.body == html);
  body = decode(std::string("\x1b\x2c\x00\x00", 4), {{"Content-Encoding", "br"}});
  CHECK(body.body.size() == 4);
  CHECK_THAT(body.problem, Catch::Contains("unsupported Content-Encoding br"));

  const std::string zipped = gzip(html);
  body = decode(zipped.substr(0, zipped.size() / 2), gz);
  CHECK_FALSE(body.body.empty());
  CHECK(html.starts_with(body.body));
  CHECK_THAT(body.problem, Catch::Contains("gzip body truncated"));

  const core::Headers chunked = {{"Transfer-Encoding", "chunked"}};
  body = decode("3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nTrailer: t\r\n\r\n", chunked);
  CHECK(body.body == "abcde");
  CHECK(body.problem.empty());
  body = decode("3\r\nabc\r\n10\r\nde", chunked);
  CHECK(body.body == "abcde");
  CHECK_THAT(body.problem, Catch::Contains("chunked body truncated"));
  body = decode("<html>stored de-chunked</html>", chunked);
  CHECK(body.body == "<html>stored de-chunked</html>");
  CHECK(body.problem.empty());

  body = decode("short", {{"Content-Length", "10"}});
  CHECK(body.body == "short");
  CHECK_THAT(body.problem, Catch::Contains("body truncated: 5 of 10 bytes"));
  CHECK(decode("", {{"Content-Length", "10"}}, 304).problem.empty());

  body = decode(gzip(std::string(5000, 'a')), gz, 200, 1000);
  CHECK(body.too_large);
  CHECK(body.body.size() == 1000);
  CHECK_THAT(body.problem, Catch::Contains("over 1000 bytes"));
}

TEST_CASE("http payload: a whole captured response", "[http_payload]") {
  const std::string message =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n";
  const std::string zipped = gzip("hello");
  char size[16];
  std::snprintf(size, sizeof size, "%zx", zipped.size());
  auto response =
      fetch::parse_http_response(message + size + "\r\n" + zipped + "\r\n0\r\n\r\n", 1u << 20);
  REQUIRE(response);
  CHECK(response->head.status == 200);
  CHECK(response->body.body == "hello");
  CHECK(response->body.problem.empty());
  CHECK_FALSE(fetch::parse_http_response("not http", 100));

  std::string out, problem;
  CHECK(fetch::dechunk_http_body("1\r\na\r\n0\r\n\r\n", out, 100, &problem));
  CHECK(out == "a");
  out.clear();
  CHECK_FALSE(fetch::inflate_http_body("garbage", "gzip", out, 100, &problem));
  CHECK_THAT(problem, Catch::Contains("gzip body corrupt"));
}
