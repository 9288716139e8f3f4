#pragma once
// Undoing HTTP Content-Encoding (gzip, x-gzip, deflate, identity) with zlib, bounded: the fetch
// engine asks servers for compressed bodies itself so that the bytes as received stay available
// for WARC, and decodes them here. Internal to fetch/.

#include <cstddef>
#include <string>
#include <string_view>

namespace salvage::fetch {

enum class DecodeStatus {
  ok,
  too_large,    // the decoded body would exceed the limit
  corrupt,      // not valid gzip/deflate data
  unsupported,  // an encoding we did not ask for (br, compress, ...)
};

struct DecodedBody {
  DecodeStatus status = DecodeStatus::ok;
  std::string body;   // the decoded bytes (when ok)
  std::string error;  // why not, for the fetch result
};

// Decodes `raw` by the Content-Encoding header value `encodings` ("gzip", "deflate, gzip",
// "" or "identity": as is), the last encoding applied first. `max_bytes` bounds every decoded
// stage; an identity body is returned as is whatever its size. Concatenated gzip members are
// read in turn; "deflate" accepts zlib-wrapped and raw deflate data. Never throws on any bytes.
DecodedBody decode_content(std::string_view encodings, std::string_view raw, std::size_t max_bytes);

}  // namespace salvage::fetch
