#pragma once
// Undoing HTTP content codings (gzip, x-gzip, deflate, identity) with zlib, bounded. The one
// decoder of fetch/: the engine decodes the compressed bodies it asked servers for (the bytes as
// received stay available for WARC), and http_payload.hpp decodes the bodies archives captured.
// Internal to fetch/.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace salvage::fetch {

enum class DecodeStatus {
  ok,
  truncated,    // the input ended inside the compressed stream (inflate_content only)
  too_large,    // the decoded body would exceed the limit
  corrupt,      // not valid gzip/deflate data
  unsupported,  // an encoding we did not ask for (br, compress, ...)
};

// The codings of a Content-Encoding or Transfer-Encoding value in the order applied: tokens
// trimmed and lower-cased, "x-gzip" as "gzip", empty ones and "identity" left out.
std::vector<std::string> coding_tokens(std::string_view header_value);

// Undoes one content coding of `in`, appending to `out` until `out` holds `max_bytes` bytes.
// `coding` is a lower-case token: "gzip" or "x-gzip" (members in turn; bytes after a member
// that do not start another are ignored) or "deflate" (zlib-wrapped, or raw deflate as some old
// servers sent it); anything else is unsupported and leaves `out` alone. Whatever decoded stays
// in `out` when the input is truncated or corrupt, or when `max_bytes` cut it; `reason`, when
// given, then gets zlib's explanation of a corrupt stream. Throws only std::bad_alloc.
DecodeStatus inflate_content(std::string_view coding, std::string_view in, std::string& out,
                             std::size_t max_bytes, std::string* reason = nullptr);

struct DecodedBody {
  DecodeStatus status = DecodeStatus::ok;  // never truncated: a truncated stream is decoded ok
  std::string body;   // the decoded bytes (when ok; else what decoded before the failure)
  std::string error;  // why not, for the fetch result
};

// Decodes `raw` by the Content-Encoding header value `encodings` ("gzip", "deflate, gzip",
// "" or "identity": as is), the last encoding applied first. `max_bytes` bounds every decoded
// stage; an identity body is returned as is whatever its size. A truncated stream gives what
// decoded, as browsers do. Never throws on any bytes.
DecodedBody decode_content(std::string_view encodings, std::string_view raw, std::size_t max_bytes);

}  // namespace salvage::fetch
