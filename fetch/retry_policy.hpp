#pragma once
// What a finished attempt means for the fetch engine: which HTTP statuses end a request as what,
// which failures are worth another attempt, how long to wait before it (exponential backoff with
// jitter, Retry-After). Pure functions of their arguments, so tests pin them. Internal to fetch/.

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/fetched_page.hpp"

namespace salvage::fetch {

// The outcome a final HTTP status stands for: 2xx fetched, 304 not_modified, 4xx http_4xx,
// 5xx http_5xx, anything else (1xx, other 3xx, nonsense) failed.
core::FetchOutcome outcome_for_status(int status);

// Transient statuses: 408, 429 and every 5xx. 404, 410 and other 4xx are permanent.
bool retryable_status(int status);

// Statuses that tell us to slow down for the whole host: 429 and 503.
bool slow_down_status(int status);

// A Retry-After value in seconds from now: delta-seconds ("120") or an HTTP-date (compared with
// `now_unix`, wall-clock seconds). nullopt when absent or unparsable; never negative.
std::optional<double> parse_retry_after(std::string_view value, std::int64_t now_unix);

// The wait before retry number `retry` (1 for the first retry): base * 2^(retry-1), scaled by a
// jitter factor in [0.5, 1.5) taken from `unit_random` in [0, 1), never over `cap`.
double backoff_delay(double base, int retry, double unit_random, double cap);

}  // namespace salvage::fetch
