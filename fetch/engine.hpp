#pragma once
// The fetch engine: one libcurl multi loop with HTTP keep-alive and connection reuse, a global
// concurrency limit, a per-host connection cap and a per-host scheduler above curl (minimum
// interval between requests, adaptive backoff on 429/503, Retry-After honoured up to a cap),
// robots.txt (and its Crawl-delay) per host, retries with exponential backoff and jitter on
// transient failures, size limits enforced while downloading, redirects followed with the chain
// recorded. Only http and https are fetched; other schemes end as `skipped`. A request is a GET,
// or a HEAD for the link checker, which may also cap how much of a GET body it reads.
//
// robots.txt is fetched once per scheme://host:port before its first request (and kept for the
// Engine's lifetime): a 2xx is parsed; any other 4xx allows everything except 401/403, which deny
// everything; a 5xx or an unreachable robots.txt allows everything, with a FetchResult::note.
// A Crawl-delay larger than delay_seconds raises that host's interval. Bodies are requested with
// "Accept-Encoding: gzip, deflate" and decoded here, so exchanges keep the bytes as received;
// HTTP/1.1 is used throughout (what WARC records hold). The Clock drives the scheduler's decisions; the waits
// themselves are curl_multi_poll's. An Engine is single-threaded: run() on one thread at a time,
// never from inside its own callbacks.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fetched_page.hpp"
#include "fetch/http_exchange.hpp"

namespace salvage::fetch {

struct EngineOptions {
  unsigned concurrency = 8;           // transfers in flight overall
  unsigned per_host = 2;              // connections per host
  double delay_seconds = 1.0;         // minimum interval between requests to one host
  bool obey_robots = true;
  std::string user_agent = "salvage/0.1 (+https://github.com/salvage-archive/salvage)";
  std::size_t max_body_bytes = 20u << 20;           // as received
  std::size_t max_decompressed_bytes = 100u << 20;  // after gzip/deflate decoding
  int max_redirects = 10;             // more: outcome failed; 0: redirects are not followed (each
                                      // ends as `redirected`, its target in page.redirects)
  double connect_timeout = 15;        // seconds
  double total_timeout = 120;         // seconds, per attempt
  long low_speed_bytes = 100;         // abort an attempt slower than this many bytes/s ...
  double low_speed_seconds = 30;      // ... for this long
  int max_retries = 3;                // further attempts after the first on transient failures
  double retry_after_cap = 120;       // seconds; longer Retry-After values are capped
  double backoff_base = 1.0;          // seconds; doubled per attempt, with jitter
  // curl's CONNECT_TO: "HOST:PORT:CONNECT-HOST:CONNECT-PORT" entries that send requests for a
  // host (URL, Host header and TLS name unchanged) to another address: an old site's server
  // still answering at its IP after its domain lapsed, or a site served locally.
  std::vector<std::string> connect_to;
  // Keep every hop's request and response as they crossed the wire in FetchResult::exchanges
  // (a WARC file's records). The request head as sent comes only from curl's verbose mode, whose
  // messages cost time on every request, and the raw body is a second copy: off when nothing
  // reads them.
  bool keep_exchanges = true;
};

enum class Method { get, head };

struct FetchRequest {
  std::string url;
  std::optional<std::string> etag;           // conditional re-fetch (If-None-Match)
  std::optional<std::string> last_modified;  // conditional re-fetch (If-Modified-Since)
  std::int64_t tag = 0;                      // the caller's id, returned in the result
  // For the link checker (fetch/link_checker.hpp); the defaults are a crawl's plain GET.
  Method method = Method::get;      // head: no body is asked for (redirects are followed with HEAD)
  std::size_t read_limit = 0;       // > 0: a GET stops reading the body after this many bytes as
                                    // received, without failing: the prefix is kept and
                                    // FetchResult::truncated set, and an announced Content-Length
                                    // over max_body_bytes is no reason to abort. 0 (or a limit over
                                    // max_body_bytes): the body limits apply as usual.
  bool retry_server_errors = true;  // false: a 5xx ends the request at once, and is no sign to
                                    // slow the host down (408 and 429 are still retried)
  // Optional: whether a transient-looking answer (408, 429, 5xx; body decoded) is one the caller
  // already understands as final, such as a bot wall's 503 captcha page. Such an answer is
  // neither retried nor taken as a sign to slow the host down.
  std::function<bool(int status, const core::Headers& headers, std::string_view body)>
      final_answer;
};

// What a `failed` outcome came from, when the caller may care (the link checker's classes).
enum class FailureDetail {
  none,                // no failure, or a failure the outcome names (timeout, refused, dns, ...)
  tls,                 // certificate or handshake failure
  unreached,           // outcome refused: no connection was ever made (as opposed to a reset)
  redirect_loop,       // a redirect back to a URL of the chain
  too_many_redirects,  // more hops than max_redirects
  bad_redirect,        // a 3xx without a usable Location
};

struct FetchResult {
  FetchRequest request;
  core::FetchOutcome outcome = core::FetchOutcome::failed;
  core::FetchedPage page;                 // status, headers, body, redirects (when a response came)
  std::vector<HttpExchange> exchanges;    // every hop of the final attempt, in order (for WARC;
                                          // empty unless EngineOptions::keep_exchanges);
                                          // only complete responses (not a timed-out or reset one)
  std::string error;                      // human-readable reason for non-fetched outcomes
  std::string note;  // a remark on the host, once, on its first result after it was learnt:
                     // "http://x/robots.txt unavailable (timeout): the host is treated as allowed"
  int attempts = 0;  // 1 + retries used; 0 when nothing was requested (skipped, robots_denied)
  double elapsed_seconds = 0;
  FailureDetail failure = FailureDetail::none;
  bool truncated = false;  // page.body is a prefix: the request's read_limit was reached
};

// Time for the scheduler, a seam for tests.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual double now() = 0;  // seconds, monotonic
};

class Engine {
 public:
  explicit Engine(EngineOptions options, std::shared_ptr<Clock> clock = nullptr);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Pulls requests from `next` (nullopt: none right now; it is asked again as transfers finish)
  // and hands every finished request to `done`, both on the calling thread. Returns when `next`
  // has nothing, nothing is in flight and nothing waits for its host's turn, or when `*stop`
  // becomes true (in-flight transfers are then abandoned, and not reported).
  void run(const std::function<std::optional<FetchRequest>()>& next,
           const std::function<void(FetchResult&&)>& done, const std::atomic<bool>* stop = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace salvage::fetch
