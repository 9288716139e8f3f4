#pragma once
// The fetch engine's inside, shared by engine.cpp (the loop: admitting, scheduling and starting
// requests) and engine_finish.cpp (what a finished transfer leads to: redirects, retries,
// outcomes, robots.txt rules). Internal to fetch/.

#include <curl/curl.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "fetch/engine.hpp"
#include "fetch/host_scheduler.hpp"
#include "fetch/robots.hpp"
#include "fetch/transfer.hpp"

namespace salvage::fetch {

using JobId = HostScheduler::JobId;

// One request on its way: the caller's, or the engine's own fetch of a host's robots.txt.
struct Job {
  JobId id = 0;
  FetchResult result;   // filled as hops complete; result.request is the caller's request
  std::string url;      // the hop to fetch next (the request's URL, then redirect targets)
  std::string host;     // its scheduler key, "scheme://host[:port]"
  std::string path;     // its path and query, for robots.txt
  bool robots = false;  // a robots.txt fetch for `robots_for`
  std::string robots_for;
  int retries = 0;     // retries used so far
  double created = 0;  // on the engine's clock
  double started = 0;  // when the current attempt's transfer started
};

struct HostRobots {
  enum class State { unknown, fetching, ready } state = State::unknown;
  RobotsRules rules;
  std::string note;  // why the rules are not the site's own, for the next result
};

struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};

// "scheme://host[:port]" (default port left out) and "/path?query" of an http(s) URL, or
// nullopt when curl cannot parse it.
struct UrlParts {
  std::string host;
  std::string path;
};
std::optional<UrlParts> split_url(const std::string& url);

struct Engine::Impl {
  Impl(EngineOptions options, std::shared_ptr<Clock> clock);
  ~Impl();  // abandons whatever is running (curl handles go before the multi handle)

  // --- engine.cpp
  void admit(FetchRequest request);
  // Queues `job` for its current URL's host (fetching that host's robots.txt first when due).
  void enqueue(Job& job, double ready_at);
  void start_ready();
  void start_transfer(Job& job);
  bool collect_finished();  // true when any transfer finished
  void abandon();           // forget everything queued and running (stop, or leaving run)
  double now() { return clock->now(); }

  // --- engine_finish.cpp
  void on_transfer_done(Job& job, TransferResult&& transfer);
  // Ends `job` (reports it, or applies a robots.txt) and forgets it.
  void finish(Job& job, core::FetchOutcome outcome, std::string error = {});
  // Another attempt at the same hop, when the budget allows (false when not): after `delay`
  // seconds, or after the exponential backoff with jitter when that is longer and `backoff`.
  bool retry(Job& job, double delay, bool backoff = true);
  // Whether the request's final_answer hook takes this transient-looking answer as final.
  bool final_for_caller(const Job& job, const TransferResult& transfer) const;
  void follow_redirect(Job& job, TransferResult& transfer);
  void apply_robots(Job& job, core::FetchOutcome outcome);

  EngineOptions options;
  std::shared_ptr<Clock> clock;
  Slist connect_to;  // options.connect_to for curl, alive as long as any transfer
  TransferSettings settings;
  std::unique_ptr<CURLM, MultiDeleter> multi;
  HostScheduler scheduler;
  std::vector<EasyHandle> idle_handles;
  std::unordered_map<JobId, std::unique_ptr<Job>> jobs;
  std::unordered_map<JobId, std::unique_ptr<Transfer>> running;
  std::unordered_map<std::string, HostRobots> robots;
  JobId next_id = 1;
  std::size_t user_jobs = 0;   // caller requests admitted and not yet reported
  std::uint64_t reported = 0;  // results handed to `done` so far
  std::mt19937_64 random{std::random_device{}()};
  const std::function<void(FetchResult&&)>* done = nullptr;  // during run()
};

}  // namespace salvage::fetch
