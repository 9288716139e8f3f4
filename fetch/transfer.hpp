#pragma once
// One HTTP GET (or HEAD) on a curl easy handle, as the engine runs it inside its multi handle:
// HTTP/1.1 (what WARC records hold), "Accept-Encoding: gzip, deflate" sent by us and the body kept
// as received (curl decodes nothing), the request head captured as sent, the response head and body
// as received, the body limit enforced while downloading (an announced Content-Length over it
// aborts before the body), timeouts. Redirects are not followed here: the engine follows them
// through its scheduler. Internal to fetch/ (curl types are visible here; only the engine's .cpp
// files include this header).

#include <curl/curl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/fetched_page.hpp"
#include "fetch/http_exchange.hpp"

namespace salvage::fetch {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

struct TransferSettings {
  std::string user_agent;
  std::size_t max_body_bytes = 0;
  double connect_timeout = 0;  // seconds; 0: curl's default
  double total_timeout = 0;    // seconds; 0: none
  long low_speed_bytes = 0;    // 0: no low-speed limit
  double low_speed_seconds = 0;
  curl_slist* connect_to = nullptr;  // CURLOPT_CONNECT_TO entries; owned by the engine
  bool record_request_head = true;   // exchange.request_head as sent (curl's verbose mode)
};

struct TransferResult {
  bool complete = false;   // curl finished the exchange (any HTTP status)
  bool too_large = false;  // body (or its announced length) over the limit: aborted
  core::FetchOutcome failure = core::FetchOutcome::failed;  // when not complete
  bool retryable = false;  // when not complete: timeout, refused or reset
  bool tls = false;        // when not complete: a certificate or handshake failure
  bool unreached = false;  // when not complete: no connection was made (refused, unreachable)
  bool truncated = false;  // complete, but the body stops at the read limit (the rest unread)
  std::string error;       // when not complete
  int status = 0;          // of the last response head received (0: none)
  core::Headers headers;   // of that head
  HttpExchange exchange;   // as it crossed the wire (body maybe partial when not complete)
};

class Transfer {
 public:
  // Sets `handle` (reset first; a pooled handle is fine) up for a GET of `url`, or a HEAD when
  // `head`. `tag` comes back from tag(), to find the job when curl reports the transfer done.
  // `read_limit` > 0 (and not over settings.max_body_bytes): a GET reads at most that many bytes
  // of the body and ends complete, marked truncated, instead of failing as too large.
  Transfer(EasyHandle handle, const TransferSettings& settings, const std::string& url,
           const std::optional<std::string>& etag, const std::optional<std::string>& last_modified,
           std::uint64_t tag, bool head = false, std::size_t read_limit = 0);
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  CURL* handle() const { return m_handle.get(); }
  std::uint64_t tag() const { return m_tag; }

  // What happened, once curl reported `code` for this transfer. Call once.
  TransferResult result(CURLcode code);
  // The easy handle back, for reuse; the Transfer is spent.
  EasyHandle release() { return std::move(m_handle); }

 private:
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  static int on_debug(CURL* handle, curl_infotype type, char* data, std::size_t size, void* self);

  EasyHandle m_handle;
  Slist m_headers;
  std::uint64_t m_tag;
  std::size_t m_max_body;
  std::size_t m_read_limit = 0;  // 0: none
  bool m_head = false;
  HttpExchange m_exchange;
  int m_status = 0;              // of the head being read
  bool m_head_complete = false;  // its blank line came: later header lines are trailers
  bool m_request_complete = false;
  bool m_too_large = false;
  bool m_truncated = false;  // stopped at m_read_limit on purpose
  bool m_head_too_large = false;
  char m_error[CURL_ERROR_SIZE] = {};
};

}  // namespace salvage::fetch
