// The link checker end to end against tests/server/test_server.py on 127.0.0.1: one exact class
// per path of the server (issue 5), what is not a web server at all, and one request per
// distinct URL however often it is linked. Also the engine's HEAD and read_limit, which the
// checker is built on.

#include "fetch/link_checker.hpp"

#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fetch/engine.hpp"
#include "tests/server/server_counts.hpp"
#include "tests/server/server_process.hpp"

namespace fetch = salvage::fetch;
using salvage::core::link_class_name;
using salvage::core::LinkClass;
using salvage::core::LinkHealth;
using salvage::core::LinkVerdict;
using salvage::testing::TestServer;

namespace {

// Small timeouts, retries and backoffs: the whole file runs in well under a minute.
fetch::LinkCheckOptions fast_options() {
  fetch::LinkCheckOptions o;
  o.engine.concurrency = 16;
  o.engine.per_host = 6;
  o.engine.delay_seconds = 0;
  o.engine.user_agent = "salvage-test/1.0 (+https://example.org/bot)";
  o.engine.connect_timeout = 2;
  o.engine.total_timeout = 2;
  o.engine.low_speed_bytes = 100;
  o.engine.low_speed_seconds = 1;
  o.engine.max_retries = 1;
  o.engine.backoff_base = 0.05;
  o.engine.retry_after_cap = 2;
  o.engine.max_redirects = 5;
  o.read_bytes = 64u << 10;
  return o;
}

std::map<std::string, LinkHealth> check_all(fetch::LinkChecker& checker,
                                            const std::vector<std::string>& urls) {
  std::size_t i = 0;
  std::map<std::string, LinkHealth> out;
  checker.run(
      [&]() -> std::optional<std::string> {
        if (i == urls.size()) return std::nullopt;
        return urls[i++];
      },
      [&](LinkHealth&& h) {
        CHECK(out.count(h.url) == 0);  // one verdict per URL
        std::string url = h.url;
        out.emplace(url, std::move(h));
      });
  return out;
}

// The server's request log.
nlohmann::json request_log(const TestServer& server) { return salvage::testing::server_counts(server)["log"]; }

int requests(const nlohmann::json& log, const std::string& path, const std::string& method) {
  int n = 0;
  for (const auto& entry : log)
    if (entry["path"] == path && entry["method"] == method) ++n;
  return n;
}

// Requests for "<folder><24 letters or digits>.html": the soft-404 probes.
int probes(const nlohmann::json& log, const std::string& folder) {
  int n = 0;
  for (const auto& entry : log) {
    std::string path = entry["path"].get<std::string>();
    if (path.size() != folder.size() + 29 || path.rfind(folder, 0) != 0 ||
        path.compare(path.size() - 5, 5, ".html") != 0)
      continue;
    std::string name = path.substr(folder.size(), 24);
    if (std::all_of(name.begin(), name.end(),
                    [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }))
      ++n;
  }
  return n;
}

std::string closed_port_url() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/x";
}

struct Expect {
  std::string url;
  LinkClass link_class;
  LinkVerdict verdict;
  int status;
};

void check_table(const std::map<std::string, LinkHealth>& got, const std::vector<Expect>& table,
                 std::int64_t before) {
  REQUIRE(got.size() == table.size());
  for (const Expect& e : table) {
    INFO(e.url);
    REQUIRE(got.count(e.url) == 1);
    const LinkHealth& h = got.at(e.url);
    INFO("error: " << h.error);
    CHECK(link_class_name(h.link_class) == link_class_name(e.link_class));
    CHECK(h.verdict() == e.verdict);
    CHECK(h.http_status == e.status);
    CHECK(h.error.empty() == (e.link_class == LinkClass::ok));
    CHECK(!h.final_url.empty());
    CHECK(h.checked_at >= before);
    CHECK(h.checked_at <= static_cast<std::int64_t>(std::time(nullptr)));
    CHECK(h.elapsed_seconds >= 0);
    CHECK(h.elapsed_seconds < 30);
  }
}

}  // namespace

TEST_CASE("link checker: one exact class per path of the test server", "[link]") {
  TestServer server;
  using C = LinkClass;
  using V = LinkVerdict;
  auto u = [&](const std::string& path) { return server.url(path); };
  // A 429 holds its whole host for Retry-After: on its own host name, it holds nothing else.
  std::string limited = "http://localhost:" + std::to_string(server.port()) + "/link/429-always";
  const std::vector<Expect> table = {
      {u("/link/ok"), C::ok, V::alive, 200},
      {u("/link/file.pdf"), C::ok, V::alive, 200},
      {u("/link/redirect-ok"), C::redirected, V::alive, 200},
      {u("/link/404"), C::not_found, V::dead, 404},
      {u("/link/410"), C::gone, V::dead, 410},
      {u("/link/418"), C::client_error, V::dead, 418},
      {u("/link/401"), C::blocked, V::unverifiable, 401},
      {u("/link/403"), C::blocked, V::unverifiable, 403},
      {u("/link/999"), C::blocked, V::unverifiable, 999},
      {u("/link/botwall"), C::blocked, V::unverifiable, 503},
      {u("/link/botwall-200"), C::blocked, V::unverifiable, 200},
      {u("/link/botwall-cf"), C::blocked, V::unverifiable, 503},
      {limited, C::rate_limited, V::unverifiable, 429},
      {u("/link/500-always"), C::server_error, V::dead, 500},
      {u("/link/head-405"), C::ok, V::alive, 200},
      {u("/link/head-404"), C::ok, V::alive, 200},
      {u("/link/soft404-text"), C::soft_404, V::dead, 200},
      {u("/link/soft404-heading"), C::soft_404, V::dead, 200},
      {u("/link/soft404-de"), C::soft_404, V::dead, 200},
      {u("/link/deep/redirect-root"), C::soft_404, V::dead, 200},
      {u("/link/redirect-to-404"), C::redirect_to_dead, V::dead, 404},
      {u("/link/redirect-to-dns"), C::redirect_to_dead, V::dead, 0},
      {u("/link/redirect-loop"), C::redirect_loop, V::dead, 302},
      {u("/link/redirect-many"), C::too_many_redirects, V::dead, 302},
      {u("/soft/old-article"), C::soft_404, V::dead, 200},
      {u("/soft/deeper/gone.html"), C::soft_404, V::dead, 200},
      {u("/soft/real"), C::ok, V::alive, 200},
      {u("/soft/"), C::ok, V::alive, 200},  // the folder's own page, whatever the probe says
      {u("/hang"), C::timeout, V::unverifiable, 0},
      {u("/sleep/6"), C::timeout, V::unverifiable, 0},
  };
  std::vector<std::string> urls;
  for (const Expect& e : table) urls.push_back(e.url);

  auto before = static_cast<std::int64_t>(std::time(nullptr));
  fetch::LinkChecker checker(fast_options());
  auto got = check_all(checker, urls);
  check_table(got, table, before);

  const LinkHealth& moved = got.at(u("/link/redirect-ok"));
  CHECK(moved.final_url == u("/link/ok"));
  CHECK(moved.redirects == std::vector<std::string>{u("/link/ok")});
  CHECK(got.at(u("/link/deep/redirect-root")).final_url == u("/"));
  CHECK(got.at(u("/link/redirect-to-404")).final_url == u("/link/404"));
  CHECK(got.at(u("/link/redirect-many")).redirects.size() == 5);
  CHECK(got.at(u("/link/ok")).attempts == 2);          // HEAD, then GET for the soft-404 rules
  CHECK(got.at(u("/link/file.pdf")).attempts == 1);    // HEAD only
  CHECK(got.at(u("/link/head-405")).attempts == 2);    // HEAD refused, GET
  CHECK(got.at(u("/link/500-always")).attempts == 3);  // HEAD once, GET with its retry
  CHECK(got.at(limited).attempts == 2);                // HEAD, then again after Retry-After
  CHECK(got.at(u("/hang")).attempts == 2);             // a timeout is not asked again as a GET
  CHECK(got.at(u("/link/botwall")).attempts == 2);     // HEAD 503, GET: a wall, not retried
  CHECK(got.at(u("/link/botwall-cf")).attempts == 2);

  auto log = request_log(server);
  CHECK(probes(log, "/link/") == 1);  // one probe per host and top-level folder
  CHECK(probes(log, "/soft/") == 1);
  CHECK(requests(log, "/link/file.pdf", "GET") == 0);
  CHECK(requests(log, "/link/head-404", "HEAD") == 1);
  CHECK(requests(log, "/link/head-404", "GET") == 1);
  CHECK(requests(log, "/robots.txt", "GET") == 0);  // a link check reads no robots.txt
}

TEST_CASE("link checker: what is not a web server, or not a web URL", "[link]") {
  using C = LinkClass;
  using V = LinkVerdict;
  std::string closed = closed_port_url();
  std::vector<Expect> table = {
      {closed, C::connection_refused, V::dead, 0},
      {"http://no-such-host.invalid/page", C::dns_failure, V::dead, 0},
      {"mailto:someone@example.org", C::unsupported_scheme, V::unverifiable, 0},
      {"ftp://example.org/file.txt", C::unsupported_scheme, V::unverifiable, 0},
      {"news:comp.lang.c", C::unsupported_scheme, V::unverifiable, 0},
      {"http://[bad", C::invalid_url, V::dead, 0},
      {"not a url at all", C::invalid_url, V::dead, 0},
  };
  // A self-signed certificate: tls_error, unverifiable rather than dead.
  auto dir =
      std::filesystem::temp_directory_path() / ("salvage-lc-tls-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " + key +
      " -out " + cert + " >/dev/null 2>&1";
  std::unique_ptr<TestServer> tls;
  if (std::system(command.c_str()) == 0) {
    tls = std::make_unique<TestServer>(std::vector<std::string>{"--tls", cert, key});
    table.push_back({"https://127.0.0.1:" + std::to_string(tls->port()) + "/link/ok", C::tls_error,
                     V::unverifiable, 0});
  } else {
    WARN("openssl is not available: the TLS case is skipped");
  }
  std::vector<std::string> urls;
  for (const Expect& e : table) urls.push_back(e.url);

  auto before = static_cast<std::int64_t>(std::time(nullptr));
  fetch::LinkChecker checker(fast_options());
  auto got = check_all(checker, urls);
  check_table(got, table, before);
  CHECK(got.at(closed).attempts == 2);  // HEAD and its retry; no connection, so no GET
  CHECK(got.at("http://no-such-host.invalid/page").attempts == 1);
  CHECK(got.at("mailto:someone@example.org").attempts == 0);
  CHECK(got.at("http://[bad").attempts == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("link checker: 50 pages linking the same URL cause one request", "[link]") {
  TestServer server;
  std::string pdf = server.url("/link/file.pdf");
  std::string page = server.url("/link/other");
  std::vector<std::string> urls;
  for (int i = 0; i < 50; ++i) {
    urls.push_back(pdf);
    urls.push_back(page);
    urls.push_back("mailto:editor@example.org");
  }
  fetch::LinkChecker checker(fast_options());
  auto got = check_all(checker, urls);
  REQUIRE(got.size() == 3);
  CHECK(got.at(pdf).link_class == LinkClass::ok);
  CHECK(got.at(page).link_class == LinkClass::ok);

  auto log = request_log(server);
  CHECK(requests(log, "/link/file.pdf", "HEAD") + requests(log, "/link/file.pdf", "GET") == 1);
  CHECK(requests(log, "/link/other", "HEAD") == 1);  // and one GET, for the soft-404 rules
  CHECK(requests(log, "/link/other", "GET") == 1);
  CHECK(probes(log, "/link/") == 1);

  // A later run asks again (the store decides what is due), but the probe is remembered.
  got = check_all(checker, {page});
  CHECK(got.at(page).link_class == LinkClass::ok);
  log = request_log(server);
  CHECK(requests(log, "/link/other", "HEAD") == 2);
  CHECK(probes(log, "/link/") == 1);
}

TEST_CASE("engine: HEAD requests and read limits for the link checker", "[link][engine]") {
  TestServer server;
  fetch::EngineOptions options = fast_options().engine;
  options.obey_robots = false;
  options.max_body_bytes = 10000;
  fetch::Engine engine(options);
  std::vector<fetch::FetchRequest> queue(5);
  queue[0].url = server.url("/big/1000000");  // HEAD: an announced length over the limit is fine
  queue[0].method = fetch::Method::head;
  queue[1].url = server.url("/big/1000000");  // GET capped below max_body_bytes: a prefix
  queue[1].read_limit = 1000;
  queue[2].url = server.url("/big/1000000?chunked");
  queue[2].read_limit = 1000;
  queue[3].url = server.url("/gzip");  // the prefix of a compressed body decodes as far as it goes
  queue[3].read_limit = 60;
  queue[4].url = server.url("/big/1000000");  // no read limit: too large, as before
  for (std::size_t i = 0; i < queue.size(); ++i) queue[i].tag = static_cast<std::int64_t>(i);
  std::vector<fetch::FetchResult> results(queue.size());
  std::size_t next = 0;
  engine.run(
      [&]() -> std::optional<fetch::FetchRequest> {
        if (next == queue.size()) return std::nullopt;
        return queue[next++];
      },
      [&](fetch::FetchResult&& r) {
        auto tag = static_cast<std::size_t>(r.request.tag);
        results[tag] = std::move(r);
      });
  using salvage::core::FetchOutcome;
  CHECK(results[0].outcome == FetchOutcome::fetched);
  CHECK(results[0].page.status == 200);
  CHECK(results[0].page.body.empty());
  CHECK(results[0].exchanges.at(0).request_head.rfind("HEAD ", 0) == 0);
  CHECK(!results[0].truncated);
  for (std::size_t i : {1u, 2u}) {
    INFO(i);
    CHECK(results[i].outcome == FetchOutcome::fetched);
    CHECK(results[i].truncated);
    CHECK(results[i].page.body == std::string(1000, 'a'));
  }
  CHECK(results[3].outcome == FetchOutcome::fetched);
  CHECK(results[3].truncated);
  CHECK(!results[3].page.body.empty());
  CHECK(results[3].page.body.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(results[4].outcome == FetchOutcome::too_large);
}
