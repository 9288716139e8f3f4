#pragma once
// One HTTP request and its response as they crossed the wire: what a WARC file records.

#include <string>

namespace salvage::fetch {

struct HttpExchange {
  std::string url;            // the URL requested in this exchange (one hop of a redirect chain)
  std::string request_head;   // "GET /x HTTP/1.1\r\nHost: ...\r\n...\r\n\r\n" as sent
  std::string response_head;  // status line and headers as received, ending in "\r\n\r\n"
  std::string response_body;  // the body as received: content-encoded, chunking undone
  std::string remote_ip;      // "" when unknown
};

}  // namespace salvage::fetch
