#pragma once
// An HTTP/1.x response message as captured in a web archive (or read from a socket): the status
// line and header fields, and the body with its transfer coding (chunked) and content coding
// (gzip, x-gzip, deflate) undone under a size cap. Lenient the way archive readers must be: LF or
// CRLF line ends, folded header lines, a head that runs into the body without its blank line, a
// body declared chunked or gzipped that was stored already decoded. Pure functions of their
// input; never throw, never allocate more than the caps allow.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/fetched_page.hpp"

namespace salvage::fetch {

constexpr std::size_t k_max_http_head = 1u << 20;  // status line + header fields

struct HttpHead {
  std::string version;    // "HTTP/1.1"
  int status = 0;         // 100-999
  std::string reason;     // may be empty
  core::Headers headers;  // in order, names as sent, values trimmed, folded lines joined
  std::size_t size = 0;   // bytes of `message` the head took, its blank line included
};

// Parses the head at the start of `message`. nullopt when it does not start with "HTTP/" and a
// three-digit status, or when the head is over k_max_http_head. The head ends at the blank line,
// at the end of the message, or (lenient) at the first line that is not a header field.
std::optional<HttpHead> parse_http_head(std::string_view message);

struct HttpBody {
  std::string body;
  std::string problem;     // "" when the body decoded cleanly, else why it is incomplete
  bool too_large = false;  // the decoded body reached `max_size` and was cut there
};

// Undoes "Transfer-Encoding: chunked" (when `raw` really is chunked) and then every
// Content-Encoding gzip / x-gzip / deflate (when the bytes really are compressed), producing at
// most `max_size` bytes. A truncated chunk stream or compressed stream keeps what decoded and
// says so in `problem`, as does a body shorter than its Content-Length (except for statuses that
// carry none: 1xx, 204, 304) and an unsupported content coding (left as it is).
HttpBody decode_http_body(std::string_view raw, const core::Headers& headers, int status,
                          std::size_t max_size);

// The building blocks, for callers with their own framing. Each returns false when the input is
// incomplete or corrupt; `out` then holds what decoded. `max_size` bounds `out`.
bool dechunk_http_body(std::string_view chunked, std::string& out, std::size_t max_size,
                       std::string* problem);
// coding: "gzip" / "x-gzip" (members until the input ends) or "deflate" (zlib-wrapped, or raw as
// some servers send it), any case; decoded by inflate_content (content_decoding.hpp), the one
// content decoder of fetch/, with `problem` worded for an archive reader ("gzip body truncated").
bool inflate_http_body(std::string_view compressed, std::string_view coding, std::string& out,
                       std::size_t max_size, std::string* problem);

struct HttpResponse {
  HttpHead head;
  HttpBody body;
};

// parse_http_head + decode_http_body over one captured message; nullopt when no HTTP head.
std::optional<HttpResponse> parse_http_response(std::string_view message, std::size_t max_body);

}  // namespace salvage::fetch
