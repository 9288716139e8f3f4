#include "fetch/transfer.hpp"

#include <cmath>
#include <cstdlib>

#include "core/text.hpp"

namespace salvage::fetch {

namespace {

constexpr std::size_t k_max_head_bytes = 1 << 20;  // beyond this a "response head" is an attack

// How a curl failure reads as an outcome, and whether another attempt may help.
struct Failure {
  core::FetchOutcome outcome;
  bool retryable;
  bool tls = false;
  bool unreached = false;  // no connection was ever made
};

Failure classify(CURLcode code) {
  using core::FetchOutcome;
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return {FetchOutcome::timeout, true};
    case CURLE_COULDNT_CONNECT:
      return {FetchOutcome::refused, true, false, true};
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:  // the connection closed before the announced body was complete
      return {FetchOutcome::refused, true};
    case CURLE_COULDNT_RESOLVE_HOST:
      return {FetchOutcome::dns, false};
    case CURLE_FILESIZE_EXCEEDED:
      return {FetchOutcome::too_large, false};
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return {FetchOutcome::failed, false, true};
    default:  // TLS errors, malformed responses, unsupported things
      return {FetchOutcome::failed, false};
  }
}

long milliseconds(double seconds) { return seconds > 0 ? std::lround(seconds * 1000) : 0; }

// "HTTP/1.1 404 Not Found" -> 404; 0 when the line is not a status line.
int parse_status(std::string_view line) {
  std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return 0;
  int status = 0;
  std::size_t i = space + 1;
  for (int digits = 0; digits < 3; ++digits, ++i) {
    if (i >= line.size() || line[i] < '0' || line[i] > '9') return 0;
    status = status * 10 + (line[i] - '0');
  }
  return status;
}

// The headers of a response head (status line skipped), folded continuation lines joined.
core::Headers parse_headers(std::string_view head) {
  core::Headers headers;
  std::size_t pos = head.find('\n');
  while (pos != std::string_view::npos && pos + 1 < head.size()) {
    std::size_t start = pos + 1;
    pos = head.find('\n', start);
    std::string_view line =
        head.substr(start, (pos == std::string_view::npos ? head.size() : pos) - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !headers.empty()) {
      headers.back().second += ' ';
      headers.back().second += core::trim(line);
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    headers.emplace_back(std::string(core::trim(line.substr(0, colon))),
                         std::string(core::trim(line.substr(colon + 1))));
  }
  return headers;
}

bool no_body_status(int status) { return status == 304 || status == 204 || status < 200; }

}  // namespace

Transfer::Transfer(EasyHandle handle, const TransferSettings& settings, const std::string& url,
                   const std::optional<std::string>& etag,
                   const std::optional<std::string>& last_modified, std::uint64_t tag, bool head,
                   std::size_t read_limit)
    : m_handle(std::move(handle)),
      m_tag(tag),
      m_max_body(settings.max_body_bytes),
      m_read_limit(!head && read_limit <= settings.max_body_bytes ? read_limit : 0),
      m_head(head) {
  m_exchange.url = url;
  CURL* h = m_handle.get();
  curl_easy_reset(h);
  auto append = [this](const std::string& line) {
    curl_slist* list = curl_slist_append(m_headers.get(), line.c_str());
    if (list) {
      (void)m_headers.release();
      m_headers.reset(list);
    }
  };
  append("Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
  append("Accept-Encoding: gzip, deflate");
  if (etag) append("If-None-Match: " + *etag);
  if (last_modified) append("If-Modified-Since: " + *last_modified);

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PRIVATE, static_cast<void*>(this));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  if (head) curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, 0L);  // raw bytes for WARC; we decode
  curl_easy_setopt(h, CURLOPT_USERAGENT, settings.user_agent.c_str());
  if (settings.connect_to) curl_easy_setopt(h, CURLOPT_CONNECT_TO, settings.connect_to);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, m_headers.get());
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(settings.connect_timeout));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, milliseconds(settings.total_timeout));
  if (settings.low_speed_bytes > 0 && settings.low_speed_seconds > 0) {
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, settings.low_speed_bytes);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                     std::max(1L, std::lround(std::ceil(settings.low_speed_seconds))));
  }
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, m_error);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, static_cast<void*>(this));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, static_cast<void*>(this));
  // The request head as sent only reaches a debug callback, which curl calls in verbose mode.
  if (settings.record_request_head) {
    curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, &Transfer::on_debug);
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, static_cast<void*>(this));
    curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  }
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t count, void* self_ptr) {
  auto* self = static_cast<Transfer*>(self_ptr);
  std::size_t length = size * count;
  std::string_view line(data, length);
  if (line.substr(0, 5) == "HTTP/") {  // a new response (after a 1xx, or the first)
    self->m_exchange.response_head.assign(line);
    self->m_status = parse_status(line);
    self->m_head_complete = false;
    return length;
  }
  if (self->m_head_complete) return length;  // a chunked trailer: not part of the head
  if (self->m_exchange.response_head.size() + length > k_max_head_bytes) {
    self->m_head_too_large = true;
    return 0;
  }
  self->m_exchange.response_head.append(line);
  if (line == "\r\n" || line == "\n") {
    self->m_head_complete = true;
    return length;
  }
  std::size_t colon = line.find(':');
  // A HEAD gets no body, and a capped GET stops at its cap: neither minds an announced length.
  bool capped = self->m_head || self->m_read_limit > 0;
  if (colon != std::string_view::npos && !capped && !no_body_status(self->m_status) &&
      core::iequals(core::trim(line.substr(0, colon)), "content-length")) {
    std::string value(core::trim(line.substr(colon + 1)));
    char* end = nullptr;
    unsigned long long announced = std::strtoull(value.c_str(), &end, 10);
    if (end != value.c_str() && announced > self->m_max_body) {
      self->m_too_large = true;
      return 0;  // abort before the body
    }
  }
  return length;
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self_ptr) {
  auto* self = static_cast<Transfer*>(self_ptr);
  std::size_t length = size * count;
  std::string& body = self->m_exchange.response_body;
  if (self->m_read_limit > 0 && body.size() + length > self->m_read_limit) {
    body.append(data, self->m_read_limit - body.size());
    self->m_truncated = true;
    return 0;  // curl ends the transfer with CURLE_WRITE_ERROR, which result() reads as complete
  }
  if (body.size() + length > self->m_max_body) {
    self->m_too_large = true;
    return 0;  // curl ends the transfer with CURLE_WRITE_ERROR
  }
  body.append(data, length);
  return length;
}

int Transfer::on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* self_ptr) {
  if (type != CURLINFO_HEADER_OUT) return 0;
  auto* self = static_cast<Transfer*>(self_ptr);
  std::string& head = self->m_exchange.request_head;
  if (self->m_request_complete) {  // curl sent the request again (a stale reused connection)
    head.clear();
    self->m_request_complete = false;
  }
  head.append(data, size);
  if (head.size() >= 4 && head.compare(head.size() - 4, 4, "\r\n\r\n") == 0)
    self->m_request_complete = true;
  return 0;
}

TransferResult Transfer::result(CURLcode code) {
  TransferResult out;
  CURL* h = m_handle.get();
  char* ip = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip) m_exchange.remote_ip = ip;
  out.status = m_status;
  out.headers = parse_headers(m_exchange.response_head);
  out.too_large = m_too_large || code == CURLE_FILESIZE_EXCEEDED;
  out.truncated = m_truncated && code == CURLE_WRITE_ERROR;
  out.complete = (code == CURLE_OK || out.truncated) && !out.too_large;
  if (!out.complete) {
    Failure failure = classify(code);
    out.failure = out.too_large ? core::FetchOutcome::too_large : failure.outcome;
    out.retryable = !out.too_large && failure.retryable;
    out.tls = !out.too_large && failure.tls;
    out.unreached = !out.too_large && failure.unreached;
    if (out.too_large)
      out.error = "body over " + std::to_string(m_max_body) + " bytes";
    else if (m_head_too_large)
      out.error = "response head over " + std::to_string(k_max_head_bytes) + " bytes";
    else
      out.error =
          std::string(curl_easy_strerror(code)) + (m_error[0] ? std::string(": ") + m_error : "");
  }
  out.exchange = std::move(m_exchange);
  return out;
}

}  // namespace salvage::fetch
