#pragma once
// The verdict on one outbound link (issue 5): what an archivist can trust. A class says what
// happened; the verdict says what it means: `dead` only when the target is really gone,
// `unverifiable` when a bot wall, a rate limit or a hang kept us from knowing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salvage::core {

enum class LinkVerdict { alive, dead, unverifiable };

enum class LinkClass {
  ok,                  // 2xx                                             alive
  redirected,          // 3xx chain ending in 2xx                         alive
  not_found,           // 404                                             dead
  gone,                // 410                                             dead
  client_error,        // other 4xx                                       dead
  blocked,             // 401, 403, 999, bot walls                        unverifiable
  rate_limited,        // 429 still after honouring Retry-After           unverifiable
  server_error,        // 5xx after retries                               dead
  timeout,             // no answer in time                               unverifiable
  dns_failure,         // the host name does not resolve                  dead
  connection_refused,  // nothing listens, or the connection is reset     dead
  tls_error,           // certificate or handshake failure                unverifiable
  redirect_loop,       //                                                 dead
  too_many_redirects,  //                                                 dead
  redirect_to_dead,    // a chain ending in 4xx/5xx/DNS failure           dead
  soft_404,            // 200 whose page says "not found", or a deep URL redirected to the root  dead
  invalid_url,         // cannot be parsed                                dead
  unsupported_scheme,  // mailto:, ftp:, news: ... recorded, not checked  unverifiable
};

std::string_view link_class_name(LinkClass c);  // "not_found", "soft_404", ...
std::optional<LinkClass> link_class_from_name(std::string_view name);
std::string_view verdict_name(LinkVerdict v);   // "alive", "dead", "unverifiable"
LinkVerdict verdict_of(LinkClass c);            // the table above

struct LinkHealth {
  std::string url;
  LinkClass link_class = LinkClass::ok;
  int http_status = 0;                 // final status, 0 when no response
  std::string final_url;               // after redirects
  std::vector<std::string> redirects;  // every hop after url
  std::string error;                   // why, for anything but ok
  int attempts = 0;
  double elapsed_seconds = 0;
  std::int64_t checked_at = 0;         // Unix time

  LinkVerdict verdict() const { return verdict_of(link_class); }
};

}  // namespace salvage::core
