#pragma once
// The per-host scheduler above curl: which queued job may start now. A host is
// "scheme://host:port". Per host: at most `per_host` requests at once, a minimum interval between
// request starts (the
// --delay, or robots.txt's Crawl-delay when larger), an adaptive penalty that doubles on 429/503
// and halves on success, Retry-After honoured, and a hold while its robots.txt is being fetched.
// Jobs are opaque ids; times are seconds on the engine's Clock, passed in, so tests drive it
// with made-up times. Hosts take turns. Not thread-safe. Internal to fetch/.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace salvage::fetch {

class HostScheduler {
 public:
  using JobId = std::uint64_t;

  // `penalty_base`: the first step of the adaptive penalty (seconds).
  HostScheduler(unsigned per_host, double min_interval, double penalty_base = 1.0);

  // Queues `id` for `host`, not to start before `ready_at`. An urgent job (robots.txt) goes
  // first and ignores the hold.
  void push(const std::string& host, JobId id, double ready_at, bool urgent = false);

  struct Pick {
    JobId id;
    std::string host;
  };
  // Takes the next job that may start at `now`, or nullopt. The caller then calls start() for
  // it, or drops it without a request (robots-denied), which costs the host nothing.
  std::optional<Pick> pick(double now);
  void start(const std::string& host, double now);
  void finish(const std::string& host);

  // While held, only urgent jobs of the host start.
  void hold(const std::string& host, bool held);
  // Raises the host's minimum interval (Crawl-delay); never below the engine's delay.
  void set_min_interval(const std::string& host, double seconds);
  // 429/503: the penalty doubles (from max(penalty_base, twice the interval)), capped at `cap`;
  // with a Retry-After, nothing starts on the host before now + min(retry_after, cap).
  void slow_down(const std::string& host, double now, std::optional<double> retry_after,
                 double cap);
  // A success: the penalty halves, and is gone under penalty_base.
  void speed_up(const std::string& host);

  // The earliest time a queued job could start (a host with all its connections busy waits for a
  // finish instead); nullopt when nothing is queued that time alone would release.
  std::optional<double> next_event(double now) const;
  // Forgets every queued job (the run was stopped) and every in-flight count; keeps what was
  // learnt about hosts. Returns the ids forgotten.
  std::vector<JobId> drain();

  std::size_t queued() const { return m_queued; }
  double interval(const std::string& host) const;  // the current effective interval

 private:
  struct Entry {
    JobId id;
    double ready_at;
    bool urgent;
  };
  struct Host {
    std::deque<Entry> queue;
    unsigned in_flight = 0;
    double next_start = 0;
    double min_interval = 0;
    double penalty = 0;
    bool held = false;
    bool active = false;  // listed in m_turns
  };
  Host& host(const std::string& name);
  double effective_interval(const Host& h) const;
  // The position of the first entry of `h` that may start at `now`, or -1.
  long ready_entry(const Host& h, double now) const;

  unsigned m_per_host;
  double m_min_interval;
  double m_penalty_base;
  std::unordered_map<std::string, Host> m_hosts;
  std::deque<std::string> m_turns;  // hosts with queued jobs, in turn order
  std::size_t m_queued = 0;
};

}  // namespace salvage::fetch
