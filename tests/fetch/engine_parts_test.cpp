// The fetch engine's parts without a network: the per-host scheduler driven by made-up times,
// the retry policy, content decoding.

#include <zlib.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "fetch/content_decoding.hpp"
#include "fetch/host_scheduler.hpp"
#include "fetch/retry_policy.hpp"

namespace fetch = salvage::fetch;
using salvage::core::FetchOutcome;

namespace {

// Starts every job the scheduler releases at `now`; returns their ids.
std::vector<fetch::HostScheduler::JobId> start_all(fetch::HostScheduler& s, double now) {
  std::vector<fetch::HostScheduler::JobId> ids;
  while (auto pick = s.pick(now)) {
    s.start(pick->host, now);
    ids.push_back(pick->id);
  }
  return ids;
}

using Ids = std::vector<fetch::HostScheduler::JobId>;

std::string compress(const std::string& text, int window_bits) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, static_cast<uLong>(text.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = static_cast<uInt>(text.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace

TEST_CASE("scheduler: the minimum interval between starts to one host", "[scheduler]") {
  fetch::HostScheduler s(4, 1.0);
  for (fetch::HostScheduler::JobId id = 1; id <= 3; ++id) s.push("http://a", id, 0);
  s.push("http://b", 9, 0);
  CHECK(start_all(s, 10.0) == Ids{1, 9});  // one per host; hosts take turns
  CHECK(start_all(s, 10.5).empty());
  CHECK(s.next_event(10.5) == Approx(11.0));
  CHECK(start_all(s, 11.0) == Ids{2});
  CHECK(start_all(s, 12.0) == Ids{3});
  CHECK(s.queued() == 0);
  CHECK(!s.next_event(12.0));
}

TEST_CASE("scheduler: connections per host, and jobs not ready yet", "[scheduler]") {
  fetch::HostScheduler s(2, 0.0);
  s.push("http://a", 1, 0);
  s.push("http://a", 2, 5.0);  // a retry, due later
  s.push("http://a", 3, 0);
  s.push("http://a", 4, 0);
  CHECK(start_all(s, 1.0) == Ids{1, 3});  // 2 waits for its time; at most two at once
  CHECK(!s.next_event(1.0));              // only a finish can release the next one
  s.finish("http://a");
  CHECK(start_all(s, 1.0) == Ids{4});
  s.finish("http://a");
  CHECK(s.next_event(1.0) == Approx(5.0));
  CHECK(start_all(s, 5.0) == Ids{2});
}

TEST_CASE("scheduler: a held host starts only its urgent job", "[scheduler]") {
  fetch::HostScheduler s(2, 0.0);
  s.hold("http://a", true);
  s.push("http://a", 1, 0);
  s.push("http://a", 2, 0, true);  // robots.txt
  CHECK(start_all(s, 0) == Ids{2});
  CHECK(!s.next_event(0));
  s.set_min_interval("http://a", 3.0);  // Crawl-delay: 3
  s.hold("http://a", false);
  s.finish("http://a");
  CHECK(start_all(s, 1.0).empty());
  CHECK(start_all(s, 3.0) == Ids{1});
  CHECK(s.interval("http://a") == Approx(3.0));
  CHECK(s.interval("http://other") == Approx(0.0));
}

TEST_CASE("scheduler: 429/503 slow a host down, successes speed it up", "[scheduler]") {
  fetch::HostScheduler s(1, 0.5, 1.0);
  s.slow_down("http://a", 0, 0, std::nullopt, 60);
  CHECK(s.interval("http://a") == Approx(1.0));
  s.slow_down("http://a", 1, 1, std::nullopt, 60);
  CHECK(s.interval("http://a") == Approx(2.0));
  s.slow_down("http://a", 2, 2, 30.0, 60);  // Retry-After: 30
  CHECK(s.interval("http://a") == Approx(4.0));
  s.push("http://a", 1, 0);
  CHECK(s.next_event(2) == Approx(32.0));
  s.slow_down("http://a", 3, 3, 500.0, 60);  // capped
  CHECK(s.next_event(3) == Approx(63.0));
  for (int i = 0; i < 10; ++i) s.slow_down("http://a", 4 + i, 4 + i, std::nullopt, 60);
  CHECK(s.interval("http://a") == Approx(60.0));
  for (int i = 0; i < 10; ++i) s.speed_up("http://a");
  CHECK(s.interval("http://a") == Approx(0.5));  // back to the configured delay
  CHECK(s.drain() == Ids{1});
  CHECK(s.queued() == 0);
}

TEST_CASE("scheduler: a slow-down takes connections first, once per round", "[scheduler]") {
  fetch::HostScheduler s(8, 0, 1.0);
  s.slow_down("http://a", 10, 9, std::nullopt, 60);  // eight requests out at 9 all answer 429
  for (int i = 0; i < 7; ++i) s.slow_down("http://a", 10.1, 9, std::nullopt, 60);
  CHECK(s.limit("http://a") == 4);
  CHECK(s.interval("http://a") == Approx(0.0));
  s.slow_down("http://a", 12, 11, std::nullopt, 60);  // a request sent after it: a new round
  CHECK(s.limit("http://a") == 2);
  s.slow_down("http://a", 14, 13, std::nullopt, 60);
  s.slow_down("http://a", 16, 15, std::nullopt, 60);  // one connection left: now the interval
  CHECK(s.limit("http://a") == 1);
  CHECK(s.interval("http://a") == Approx(1.0));
  s.speed_up("http://a");
  CHECK(s.interval("http://a") == Approx(0.0));
  CHECK(s.limit("http://a") == 1);
  for (int i = 0; i < 20; ++i) s.speed_up("http://a");
  CHECK(s.limit("http://a") == 8);

  // The limit holds: with two connections allowed, a third job waits for a finish.
  fetch::HostScheduler t(4, 0, 1.0);
  t.slow_down("http://b", 1, 0, std::nullopt, 60);
  for (fetch::HostScheduler::JobId id = 1; id <= 3; ++id) t.push("http://b", id, 0);
  CHECK(start_all(t, 2) == Ids{1, 2});
  t.finish("http://b");
  CHECK(start_all(t, 2) == Ids{3});
}

TEST_CASE("retry policy: statuses, Retry-After, backoff", "[retry]") {
  struct Case {
    int status;
    FetchOutcome outcome;
    bool retry;
  };
  for (const Case& c : std::vector<Case>{{200, FetchOutcome::fetched, false},
                                         {206, FetchOutcome::fetched, false},
                                         {304, FetchOutcome::not_modified, false},
                                         {301, FetchOutcome::failed, false},
                                         {404, FetchOutcome::http_4xx, false},
                                         {410, FetchOutcome::http_4xx, false},
                                         {403, FetchOutcome::http_4xx, false},
                                         {408, FetchOutcome::http_4xx, true},
                                         {429, FetchOutcome::http_4xx, true},
                                         {500, FetchOutcome::http_5xx, true},
                                         {503, FetchOutcome::http_5xx, true},
                                         {999, FetchOutcome::failed, false}}) {
    INFO(c.status);
    CHECK(fetch::outcome_for_status(c.status) == c.outcome);
    CHECK(fetch::retryable_status(c.status) == c.retry);
  }
  CHECK(fetch::slow_down_status(429));
  CHECK(fetch::slow_down_status(503));
  CHECK(!fetch::slow_down_status(500));

  const std::int64_t now = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(fetch::parse_retry_after("120", now) == Approx(120));
  CHECK(fetch::parse_retry_after(" 0 ", now) == Approx(0));
  CHECK(fetch::parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now) == Approx(60));
  CHECK(fetch::parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", now) == Approx(10));
  CHECK(fetch::parse_retry_after("Sun Nov  6 08:49:57 1994", now) == Approx(20));
  CHECK(fetch::parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now) == Approx(0));  // past
  CHECK(!fetch::parse_retry_after("", now));
  CHECK(!fetch::parse_retry_after("soon", now));
  CHECK(!fetch::parse_retry_after("-5", now));
  CHECK(*fetch::parse_retry_after("99999999999999999999", now) >= 1e9);

  CHECK(fetch::backoff_delay(1.0, 1, 0.0, 100) == Approx(0.5));
  CHECK(fetch::backoff_delay(1.0, 1, 0.999, 100) == Approx(1.499));
  CHECK(fetch::backoff_delay(1.0, 3, 0.5, 100) == Approx(4.0));
  CHECK(fetch::backoff_delay(1.0, 40, 0.5, 100) == Approx(100));
  CHECK(fetch::backoff_delay(0.0, 3, 0.5, 100) == Approx(0));
}

TEST_CASE("content decoding: gzip, deflate, limits, garbage", "[decode]") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "line " + std::to_string(i) + " of an old page\n";
  std::string gz = compress(text, 15 + 16);

  auto ok = [&](std::string_view encoding, const std::string& raw) {
    auto d = fetch::decode_content(encoding, raw, 1 << 20);
    INFO(encoding << ": " << d.error);
    CHECK(d.status == fetch::DecodeStatus::ok);
    return d.body;
  };
  CHECK(ok("gzip", gz) == text);
  CHECK(ok(" X-GZIP ", gz) == text);
  CHECK(ok("deflate", compress(text, 15)) == text);
  CHECK(ok("deflate", compress(text, -15)) == text);
  CHECK(ok("", text) == text);
  CHECK(ok("identity", text) == text);
  CHECK(ok("gzip, gzip", compress(gz, 15 + 16)) == text);
  CHECK(ok("gzip", gz + compress("more\n", 15 + 16)) == text + "more\n");  // two members
  CHECK(ok("gzip", gz.substr(0, gz.size() / 2)).size() < text.size());     // truncated: a prefix
  CHECK(ok("gzip", "").empty());                                           // 204/304 with a header

  CHECK(fetch::decode_content("gzip", gz, 100).status == fetch::DecodeStatus::too_large);
  CHECK(fetch::decode_content("gzip", "not gzip at all", 1000).status ==
        fetch::DecodeStatus::corrupt);
  CHECK(fetch::decode_content("deflate", "\x01\x02\x03garbage", 1000).status ==
        fetch::DecodeStatus::corrupt);
  auto br = fetch::decode_content("br", "abc", 1000);
  CHECK(br.status == fetch::DecodeStatus::unsupported);
  CHECK(br.error.find("br") != std::string::npos);
}
