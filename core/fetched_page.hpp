#pragma once
// A page as it was obtained: from the live site, a mirror folder or a web archive. This is what
// the working store keeps per page (docs/schema.md) and what every source produces.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salvage::core {

// How one attempt to obtain a URL ended. Every URL ends in exactly one; the run summary counts
// them and the store keeps them.
enum class FetchOutcome {
  fetched,        // a 2xx response, body stored
  not_modified,   // 304 on a conditional re-fetch (--refresh): the stored copy stands
  redirected,     // a redirect to a URL stored or queued under its own name (chain recorded)
  http_4xx,       // final status 400-499 (404 and 410 are not retried)
  http_5xx,       // final status 500-599 after retries
  timeout,        // connect, total or low-speed timeout after retries
  refused,        // connection refused or reset after retries
  dns,            // host name did not resolve
  robots_denied,  // robots.txt disallows it
  too_large,      // body or decompressed body over the limit
  skipped,        // not fetched: another scheme (recorded only), out of scope, or excluded
  failed,         // anything else (TLS error, malformed response, broken archive record)
};

std::string_view outcome_name(FetchOutcome outcome);  // "fetched", "http_4xx", ...
std::optional<FetchOutcome> outcome_from_name(std::string_view name);

// Where the bytes came from.
struct Provenance {
  std::string kind;                  // "live", "mirror" or "warc"
  std::string path;                  // mirror file or WARC/ARC file; "" for live
  std::int64_t offset = -1;          // byte offset of the WARC/ARC record in its file
  std::string record_id;             // WARC-Record-ID (ARC: "")
};

using Headers = std::vector<std::pair<std::string, std::string>>;  // in order, names as sent

struct FetchedPage {
  std::string requested_url;
  std::string final_url;
  std::vector<std::string> redirects;  // every hop after requested_url, the last is final_url
  int status = 0;                      // HTTP status of the final response (0: none)
  Headers headers;                     // the final response's headers
  std::string body;                    // the payload with transfer and content encodings undone
  std::int64_t fetched_at = 0;         // Unix time (seconds) of the fetch or of the capture
  Provenance provenance;
};

// The value of the first header named `name` (case-insensitive), or nullopt.
std::optional<std::string> header_value(const Headers& headers, std::string_view name);

}  // namespace salvage::core
