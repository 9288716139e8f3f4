#pragma once
// Writing WARC/1.1 files that other tools read: a warcinfo record first, then a request and a
// response record per HTTP exchange, each record its own gzip member, with WARC-Block-Digest
// and WARC-Payload-Digest (sha1, base32), WARC-Concurrent-To linking request and response,
// WARC-IP-Address when known.

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "fetch/http_exchange.hpp"

namespace salvage::fetch {

class WarcWriter {
 public:
  // Opens `path` for appending (a resumed crawl continues the same file) and writes a warcinfo
  // record naming `software`. Throws core::Error(ExitCode::output) when it cannot.
  WarcWriter(const std::string& path, std::string_view software);
  ~WarcWriter();
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Appends the request and response records of one exchange. `unix_time`: when it happened.
  // Throws core::Error(ExitCode::output) on a write error.
  void write(const HttpExchange& exchange, std::int64_t unix_time);
  void flush();

 private:
  std::FILE* m_file = nullptr;
  std::string m_path;
  std::string m_warcinfo_id;  // "<urn:uuid:...>" of this writer's warcinfo, cited by its records
};

}  // namespace salvage::fetch
