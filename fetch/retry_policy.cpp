#include "fetch/retry_policy.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/text.hpp"

namespace salvage::fetch {

core::FetchOutcome outcome_for_status(int status) {
  using core::FetchOutcome;
  if (status >= 200 && status <= 299) return FetchOutcome::fetched;
  if (status == 304) return FetchOutcome::not_modified;
  if (status >= 400 && status <= 499) return FetchOutcome::http_4xx;
  if (status >= 500 && status <= 599) return FetchOutcome::http_5xx;
  return FetchOutcome::failed;
}

bool retryable_status(int status) {
  return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

bool slow_down_status(int status) { return status == 429 || status == 503; }

std::optional<double> parse_retry_after(std::string_view value, std::int64_t now_unix) {
  std::string text(core::trim(value));
  if (text.empty()) return std::nullopt;
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (text.size() > 9) return 1e9;  // absurdly long: the cap decides
    return std::stod(text);
  }
  // curl_getdate reads the three HTTP-date formats (RFC 9110 5.6.7). It is thread-safe.
  time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return std::max(0.0, static_cast<double>(static_cast<std::int64_t>(when) - now_unix));
}

double backoff_delay(double base, int retry, double unit_random, double cap) {
  double exponent = std::clamp(retry - 1, 0, 30);
  double delay = base * std::pow(2.0, exponent) * (0.5 + std::clamp(unit_random, 0.0, 1.0));
  return std::clamp(delay, 0.0, std::max(cap, 0.0));
}

}  // namespace salvage::fetch
