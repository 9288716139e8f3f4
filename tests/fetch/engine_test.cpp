// The fetch engine end to end against tests/server/test_server.py on 127.0.0.1: one server per
// test case, so that its request and connection counts belong to that case alone.

#include "fetch/engine.hpp"

#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/server/server_counts.hpp"
#include "tests/server/server_process.hpp"

namespace fetch = salvage::fetch;
using salvage::core::FetchOutcome;
using salvage::testing::TestServer;
using salvage::testing::server_counts;

namespace {

// Small timeouts and backoffs: the whole file runs in well under a minute.
fetch::EngineOptions fast_options() {
  fetch::EngineOptions o;
  o.concurrency = 4;
  o.per_host = 4;
  o.delay_seconds = 0;
  o.user_agent = "salvage-test/1.0 (+https://example.org/bot)";
  o.connect_timeout = 2;
  o.total_timeout = 4;
  o.low_speed_bytes = 100;
  o.low_speed_seconds = 1;
  o.max_retries = 2;
  o.backoff_base = 0.05;
  o.retry_after_cap = 5;
  return o;
}

std::vector<fetch::FetchResult> fetch_all(const fetch::EngineOptions& options,
                                          const std::vector<std::string>& urls) {
  fetch::Engine engine(options);
  std::size_t i = 0;
  std::vector<fetch::FetchResult> results;
  engine.run(
      [&]() -> std::optional<fetch::FetchRequest> {
        if (i == urls.size()) return std::nullopt;
        fetch::FetchRequest r;
        r.url = urls[i];
        r.tag = static_cast<std::int64_t>(i++);
        return r;
      },
      [&](fetch::FetchResult&& r) { results.push_back(std::move(r)); });
  std::sort(results.begin(), results.end(),
            [](const auto& a, const auto& b) { return a.request.tag < b.request.tag; });
  return results;
}

fetch::FetchResult fetch_one(const fetch::EngineOptions& options, const std::string& url) {
  auto results = fetch_all(options, {url});
  REQUIRE(results.size() == 1);
  return std::move(results.front());
}


int requests_to(const TestServer& server, const std::string& path) {
  auto c = server_counts(server);
  return c["requests"].contains(path) ? c["requests"][path].get<int>() : 0;
}

// Start times of the requests the server saw, in order.
std::vector<double> start_times(const TestServer& server) {
  std::vector<double> times;
  nlohmann::json c = server_counts(server);
  for (const auto& entry : c["log"]) times.push_back(entry["t"].get<double>());
  return times;
}

std::string write_temp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              ("salvage-engine-test-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("engine: a page is fetched with its exchange recorded as on the wire", "[engine]") {
  TestServer server;
  auto r = fetch_one(fast_options(), server.url("/echo"));
  CHECK(r.outcome == FetchOutcome::fetched);
  CHECK(r.error.empty());
  CHECK(r.attempts == 1);
  CHECK(r.page.status == 200);
  CHECK(r.page.requested_url == server.url("/echo"));
  CHECK(r.page.final_url == server.url("/echo"));
  CHECK(r.page.redirects.empty());
  CHECK(r.page.provenance.kind == "live");
  CHECK(std::abs(r.page.fetched_at - static_cast<std::int64_t>(std::time(nullptr))) < 10);
  CHECK(salvage::core::header_value(r.page.headers, "content-type") == "application/json");

  auto echoed = nlohmann::json::parse(r.page.body)["headers"];
  CHECK(echoed["User-Agent"] == "salvage-test/1.0 (+https://example.org/bot)");
  CHECK(echoed["Accept-Encoding"] == "gzip, deflate");

  REQUIRE(r.exchanges.size() == 1);
  const auto& x = r.exchanges[0];
  CHECK(x.url == server.url("/echo"));
  CHECK(x.request_head.rfind("GET /echo HTTP/1.1\r\n", 0) == 0);
  CHECK(contains(x.request_head, "User-Agent: salvage-test/1.0"));
  CHECK(x.request_head.size() >= 4);
  CHECK(x.request_head.substr(x.request_head.size() - 4) == "\r\n\r\n");
  CHECK(x.response_head.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(x.response_head.substr(x.response_head.size() - 4) == "\r\n\r\n");
  CHECK(x.response_body == r.page.body);
  CHECK(x.remote_ip == "127.0.0.1");
}

TEST_CASE("engine: redirects are followed with every hop recorded", "[engine]") {
  TestServer server;
  for (std::string kind : {"/redirect/3", "/redirect-abs/3"}) {
    auto r = fetch_one(fast_options(), server.url(kind));
    CHECK(r.outcome == FetchOutcome::fetched);
    CHECK(r.page.status == 200);
    std::string stem = kind.substr(0, kind.size() - 1);
    CHECK(r.page.redirects == std::vector<std::string>{server.url(stem + "2"),
                                                       server.url(stem + "1"), server.url("/ok")});
    CHECK(r.page.final_url == server.url("/ok"));
    REQUIRE(r.exchanges.size() == 4);
    CHECK(r.exchanges[0].url == server.url(kind));
    CHECK(r.exchanges[0].response_head.rfind("HTTP/1.1 302", 0) == 0);
    CHECK(r.exchanges[3].url == server.url("/ok"));
  }
}

TEST_CASE("engine: redirect loops, long chains and other schemes end the request", "[engine]") {
  TestServer server;
  auto loop = fetch_one(fast_options(), server.url("/redirect-loop"));
  CHECK(loop.outcome == FetchOutcome::failed);
  CHECK(contains(loop.error, "redirect loop"));
  CHECK(loop.exchanges.size() == 2);

  auto options = fast_options();
  options.max_redirects = 2;
  auto chain = fetch_one(options, server.url("/redirect/5"));
  CHECK(chain.outcome == FetchOutcome::failed);
  CHECK(contains(chain.error, "too many redirects"));
  CHECK(chain.page.redirects.size() == 2);

  auto ftp = fetch_one(fast_options(), server.url("/redirect-to?url=ftp://files.example/a.txt"));
  CHECK(ftp.outcome == FetchOutcome::redirected);
  CHECK(ftp.page.final_url == "ftp://files.example/a.txt");
  CHECK(ftp.page.status == 302);

  options.max_redirects = 0;
  auto unfollowed = fetch_one(options, server.url("/redirect/1"));
  CHECK(unfollowed.outcome == FetchOutcome::redirected);
  CHECK(unfollowed.page.redirects == std::vector<std::string>{server.url("/ok")});

  auto no_location = fetch_one(fast_options(), server.url("/status/302"));
  CHECK(no_location.outcome == FetchOutcome::failed);
  CHECK(contains(no_location.error, "without a usable Location"));
}

TEST_CASE("engine: permanent HTTP errors are not retried, transient ones are", "[engine]") {
  TestServer server;
  auto results = fetch_all(fast_options(), {server.url("/status/404"), server.url("/status/410"),
                                            server.url("/status/500"), server.url("/flaky/2"),
                                            server.url("/status/503"), server.url("/status/408")});
  REQUIRE(results.size() == 6);
  CHECK(results[0].outcome == FetchOutcome::http_4xx);
  CHECK(results[0].page.status == 404);
  CHECK(results[0].attempts == 1);
  CHECK(results[1].outcome == FetchOutcome::http_4xx);
  CHECK(results[1].page.status == 410);
  CHECK(results[2].outcome == FetchOutcome::http_5xx);
  CHECK(results[2].page.status == 500);
  CHECK(results[2].attempts == 3);
  CHECK(contains(results[2].page.body, "status 500"));
  CHECK(results[3].outcome == FetchOutcome::fetched);
  CHECK(results[3].attempts == 3);
  CHECK(results[4].outcome == FetchOutcome::http_5xx);
  CHECK(results[5].outcome == FetchOutcome::http_4xx);
  CHECK(results[5].attempts == 3);

  auto c = server_counts(server);
  CHECK(c["requests"]["/status/404"] == 1);
  CHECK(c["requests"]["/status/410"] == 1);
  CHECK(c["requests"]["/status/500"] == 3);
  CHECK(c["requests"]["/flaky/2"] == 3);
  CHECK(c["requests"]["/robots.txt"] == 1);
}

TEST_CASE("engine: 429 with Retry-After waits as told, capped", "[engine]") {
  TestServer server;
  auto seconds = fetch_one(fast_options(), server.url("/retry-after/1"));
  CHECK(seconds.outcome == FetchOutcome::fetched);
  CHECK(seconds.attempts == 2);
  CHECK(seconds.elapsed_seconds >= 1.0);

  auto date = fetch_one(fast_options(), server.url("/retry-after-date/1"));
  CHECK(date.outcome == FetchOutcome::fetched);
  CHECK(date.elapsed_seconds >= 1.0);

  auto options = fast_options();
  options.retry_after_cap = 0.3;
  auto capped = fetch_one(options, server.url("/retry-after/60"));
  CHECK(capped.outcome == FetchOutcome::fetched);
  CHECK(capped.elapsed_seconds < 3);
  CHECK(requests_to(server, "/retry-after/60") == 2);
}

TEST_CASE("engine: slow, hanging and resetting servers", "[engine]") {
  TestServer server;
  auto options = fast_options();
  options.max_retries = 0;
  auto results =
      fetch_all(options, {server.url("/slow/10"), server.url("/hang"), server.url("/reset")});
  REQUIRE(results.size() == 3);
  CHECK(results[0].outcome == FetchOutcome::timeout);
  CHECK(results[0].elapsed_seconds < 4);
  CHECK(results[1].outcome == FetchOutcome::timeout);
  CHECK(results[1].elapsed_seconds < 6);
  CHECK(results[2].outcome == FetchOutcome::refused);
  CHECK(results[0].exchanges.empty());
  CHECK(!results[0].error.empty());

  options.max_retries = 1;
  options.low_speed_bytes = 0;  // only the total timeout now
  options.total_timeout = 0.8;
  auto slow = fetch_one(options, server.url("/slow/5"));
  CHECK(slow.outcome == FetchOutcome::timeout);
  CHECK(slow.attempts == 2);
  CHECK(requests_to(server, "/slow/5") == 2);
}

TEST_CASE("engine: gzip and deflate are decoded by us, the raw bytes kept", "[engine]") {
  TestServer server;
  auto results = fetch_all(fast_options(), {server.url("/gzip"), server.url("/deflate"),
                                            server.url("/deflate-raw"), server.url("/bad-gzip")});
  REQUIRE(results.size() == 4);
  for (int i = 0; i < 3; ++i) {
    INFO(results[i].request.url);
    CHECK(results[i].outcome == FetchOutcome::fetched);
    CHECK(contains(results[i].page.body, "compressed text compressed text"));
    REQUIRE(results[i].exchanges.size() == 1);
    CHECK(results[i].exchanges[0].response_body.size() < results[i].page.body.size());
  }
  CHECK(results[0].exchanges[0].response_body.substr(0, 2) == "\x1f\x8b");
  CHECK(results[3].outcome == FetchOutcome::failed);
  CHECK(contains(results[3].error, "compressed"));
}

TEST_CASE("engine: size limits while downloading and after decoding", "[engine]") {
  TestServer server;
  auto options = fast_options();
  options.max_body_bytes = 100000;
  options.max_decompressed_bytes = 1000000;
  auto results = fetch_all(options, {server.url("/big/200000"), server.url("/big/200000?chunked"),
                                     server.url("/big/50000"), server.url("/big-gzip/5000000"),
                                     server.url("/big-gzip/500000")});
  REQUIRE(results.size() == 5);
  CHECK(results[0].outcome == FetchOutcome::too_large);
  CHECK(results[1].outcome == FetchOutcome::too_large);
  CHECK(results[1].attempts == 1);
  CHECK(results[2].outcome == FetchOutcome::fetched);
  CHECK(results[2].page.body.size() == 50000);
  CHECK(results[3].outcome == FetchOutcome::too_large);
  CHECK(results[4].outcome == FetchOutcome::fetched);
  CHECK(results[4].page.body.size() == 500000);
}

TEST_CASE("engine: robots.txt is fetched once per host and obeyed", "[engine][robots]") {
  std::string robots =
      write_temp("robots.txt",
                 "User-agent: *\nDisallow: /page/\n\n"
                 "User-agent: salvage-test\nDisallow: /status/\nAllow: /status/404\n");
  TestServer server({"--robots", robots});
  auto results = fetch_all(
      fast_options(), {server.url("/status/500"), server.url("/status/404"), server.url("/page/x"),
                       server.url("/ok"), server.url("/redirect-to?url=/status/403")});
  REQUIRE(results.size() == 5);
  CHECK(results[0].outcome == FetchOutcome::robots_denied);
  CHECK(results[0].attempts == 0);
  CHECK(results[1].outcome == FetchOutcome::http_4xx);  // allowed by the longer Allow
  CHECK(results[2].outcome == FetchOutcome::fetched);   // our group replaces "*"
  CHECK(results[3].outcome == FetchOutcome::fetched);
  CHECK(results[4].outcome == FetchOutcome::robots_denied);  // a redirect target is checked too
  CHECK(results[4].page.final_url == server.url("/status/403"));
  auto c = server_counts(server);
  CHECK(c["requests"]["/robots.txt"] == 1);
  CHECK(!c["requests"].contains("/status/500"));
  CHECK(!c["requests"].contains("/status/403"));

  auto options = fast_options();
  options.obey_robots = false;
  auto ignored = fetch_one(options, server.url("/status/500"));
  CHECK(ignored.outcome == FetchOutcome::http_5xx);
  CHECK(server_counts(server)["requests"]["/robots.txt"] == 1);
  std::filesystem::remove(robots);
}

TEST_CASE("engine: robots.txt answered with an error", "[engine][robots]") {
  std::string empty = write_temp("robots-empty.txt", "");
  SECTION("403: the host is off limits") {
    TestServer server({"--robots", empty, "--robots-status", "403"});
    auto r = fetch_one(fast_options(), server.url("/ok"));
    CHECK(r.outcome == FetchOutcome::robots_denied);
    CHECK(contains(r.note, "403"));
    CHECK(requests_to(server, "/ok") == 0);
  }
  SECTION("404: everything is allowed") {
    TestServer server({"--robots", empty, "--robots-status", "404"});
    auto r = fetch_one(fast_options(), server.url("/ok"));
    CHECK(r.outcome == FetchOutcome::fetched);
    CHECK(r.note.empty());
  }
  SECTION("500: allowed, with a note on the first result only") {
    TestServer server({"--robots", empty, "--robots-status", "500"});
    auto options = fast_options();
    options.concurrency = 1;
    auto results = fetch_all(options, {server.url("/ok"), server.url("/page/2")});
    REQUIRE(results.size() == 2);
    CHECK(results[0].outcome == FetchOutcome::fetched);
    CHECK(contains(results[0].note, "robots.txt unavailable"));
    CHECK(results[1].note.empty());
  }
  std::filesystem::remove(empty);
}

TEST_CASE("engine: what is not fetched at all", "[engine]") {
  auto options = fast_options();
  options.max_retries = 1;
  // A port nobody listens on: bound, then closed.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  std::string closed = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/x";

  auto results = fetch_all(options, {"ftp://example.org/file.txt", "mailto:someone@example.org",
                                     "http://no-such-host.invalid/page", closed, "http://"});
  REQUIRE(results.size() == 5);
  CHECK(results[0].outcome == FetchOutcome::skipped);
  CHECK(results[0].attempts == 0);
  CHECK(results[1].outcome == FetchOutcome::skipped);
  CHECK(results[2].outcome == FetchOutcome::dns);
  CHECK(results[2].attempts == 1);
  CHECK(results[3].outcome == FetchOutcome::refused);
  CHECK(results[3].attempts == 2);
  CHECK(results[4].outcome == FetchOutcome::failed);
}

TEST_CASE("engine: per-host interval, Crawl-delay and concurrency caps", "[engine][slow]") {
  SECTION("delay between request starts to one host") {
    TestServer server;
    auto options = fast_options();
    options.delay_seconds = 0.4;
    auto results =
        fetch_all(options, {server.url("/page/1"), server.url("/page/2"), server.url("/page/3")});
    for (const auto& r : results) CHECK(r.outcome == FetchOutcome::fetched);
    auto times = start_times(server);  // robots.txt, then the three pages
    REQUIRE(times.size() == 4);
    for (std::size_t i = 1; i < times.size(); ++i) CHECK(times[i] - times[i - 1] >= 0.3);
  }
  SECTION("Crawl-delay raises the interval") {
    std::string robots = write_temp("robots-delay.txt", "User-agent: *\nCrawl-delay: 0.5\n");
    TestServer server({"--robots", robots});
    auto results = fetch_all(fast_options(),
                             {server.url("/page/1"), server.url("/page/2"), server.url("/page/3")});
    auto times = start_times(server);
    REQUIRE(times.size() == 4);
    for (std::size_t i = 2; i < times.size(); ++i) CHECK(times[i] - times[i - 1] >= 0.4);
    std::filesystem::remove(robots);
  }
  SECTION("overall concurrency") {
    TestServer server;
    auto options = fast_options();
    options.concurrency = 2;
    options.per_host = 8;
    std::vector<std::string> urls;
    for (int i = 0; i < 6; ++i) urls.push_back(server.url("/sleep/0.5?n=" + std::to_string(i)));
    for (const auto& r : fetch_all(options, urls)) CHECK(r.outcome == FetchOutcome::fetched);
    CHECK(server_counts(server)["max_active"] == 2);
  }
  SECTION("connections per host") {
    TestServer server;
    auto options = fast_options();
    options.concurrency = 8;
    options.per_host = 3;
    std::vector<std::string> urls;
    for (int i = 0; i < 9; ++i) urls.push_back(server.url("/sleep/0.5?n=" + std::to_string(i)));
    for (const auto& r : fetch_all(options, urls)) CHECK(r.outcome == FetchOutcome::fetched);
    CHECK(server_counts(server)["max_active"] == 3);
  }
}

TEST_CASE("engine: keep-alive reuses one connection", "[engine]") {
  TestServer server;
  auto options = fast_options();
  options.concurrency = 1;
  options.per_host = 1;
  std::vector<std::string> urls;
  for (int i = 0; i < 10; ++i) urls.push_back(server.url("/page/" + std::to_string(i)));
  urls.push_back(server.url("/redirect/2"));
  for (const auto& r : fetch_all(options, urls)) CHECK(r.outcome == FetchOutcome::fetched);
  auto c = server_counts(server);
  CHECK(c["log"].size() == 14);  // robots.txt, 10 pages, 2 redirects and /ok
  CHECK(c["connections"] == 1);
}

TEST_CASE("engine: conditional re-fetch", "[engine]") {
  TestServer server;
  fetch::Engine engine(fast_options());
  std::vector<fetch::FetchRequest> requests(3);
  requests[0].url = requests[1].url = requests[2].url = server.url("/conditional");
  requests[0].etag = "\"v1\"";
  requests[1].last_modified = "Sat, 01 Jan 2000 00:00:00 GMT";
  requests[2].etag = "\"v0\"";
  for (int i = 0; i < 3; ++i) requests[i].tag = i;
  std::vector<fetch::FetchResult> results(3);
  std::size_t next = 0;
  engine.run(
      [&]() -> std::optional<fetch::FetchRequest> {
        if (next == requests.size()) return std::nullopt;
        return requests[next++];
      },
      [&](fetch::FetchResult&& r) {
        results[static_cast<std::size_t>(r.request.tag)] = std::move(r);
      });
  CHECK(results[0].outcome == FetchOutcome::not_modified);
  CHECK(results[0].page.status == 304);
  CHECK(contains(results[0].exchanges.at(0).request_head, "If-None-Match: \"v1\""));
  CHECK(results[1].outcome == FetchOutcome::not_modified);
  CHECK(results[2].outcome == FetchOutcome::fetched);
}

TEST_CASE("engine: the caller's queue grows from results, and stop abandons", "[engine]") {
  TestServer server;
  fetch::Engine engine(fast_options());
  // A crawler's loop over the trap: each page's link is queued when its result comes back.
  std::vector<std::string> frontier{server.url("/trap/1")};
  std::vector<std::string> fetched;
  engine.run(
      [&]() -> std::optional<fetch::FetchRequest> {
        if (frontier.empty()) return std::nullopt;
        fetch::FetchRequest r;
        r.url = frontier.back();
        frontier.pop_back();
        return r;
      },
      [&](fetch::FetchResult&& r) {
        fetched.push_back(r.page.final_url);
        if (fetched.size() < 5)
          frontier.push_back(r.page.final_url + "/" + std::to_string(fetched.size() + 1));
      });
  CHECK(fetched.size() == 5);
  CHECK(fetched.back() == server.url("/trap/1/2/3/4/5"));

  // The engine is reusable, and a stop request abandons what is in flight.
  std::atomic<bool> stop{false};
  std::vector<std::string> urls{server.url("/ok"), server.url("/hang")};
  std::vector<fetch::FetchResult> results;
  auto started = std::chrono::steady_clock::now();
  engine.run(
      [&]() -> std::optional<fetch::FetchRequest> {
        if (urls.empty()) return std::nullopt;
        fetch::FetchRequest r;
        r.url = urls.back();
        urls.pop_back();
        return r;
      },
      [&](fetch::FetchResult&& r) {
        results.push_back(std::move(r));
        stop = true;
      },
      &stop);
  REQUIRE(results.size() == 1);
  CHECK(results[0].page.final_url == server.url("/ok"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
}

TEST_CASE("engine: a redirect to another host asks that host's robots.txt", "[engine][robots]") {
  std::string deny = write_temp("robots-deny.txt", "User-agent: *\nDisallow: /\n");
  TestServer open_host;
  TestServer closed_host({"--robots", deny});
  auto r = fetch_one(fast_options(), open_host.url("/redirect-to?url=" + closed_host.url("/ok")));
  CHECK(r.outcome == FetchOutcome::robots_denied);
  CHECK(r.page.redirects == std::vector<std::string>{closed_host.url("/ok")});
  CHECK(r.exchanges.size() == 1);
  auto c = server_counts(closed_host);
  CHECK(c["requests"]["/robots.txt"] == 1);
  CHECK(!c["requests"].contains("/ok"));
  std::filesystem::remove(deny);
}

TEST_CASE("engine: servers that do not speak proper HTTP or TLS", "[engine]") {
  auto options = fast_options();
  options.max_retries = 0;
  {
    TestServer server;
    auto r = fetch_one(options, server.url("/garbage"));
    CHECK(r.outcome == FetchOutcome::failed);
    CHECK(!r.error.empty());
  }
  // A self-signed certificate: the TLS error is the message.
  auto dir = std::filesystem::temp_directory_path() / ("salvage-tls-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " + key +
      " -out " + cert + " >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) {
    WARN("openssl is not available: the TLS case is skipped");
  } else {
    TestServer server({"--tls", cert, key});
    std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/ok";
    auto r = fetch_one(options, url);
    CHECK(r.outcome == FetchOutcome::failed);
    CHECK((contains(r.error, "SSL") || contains(r.error, "certificate")));
    CHECK(contains(r.note, "robots.txt unavailable"));
  }
  std::filesystem::remove_all(dir);
}
