#pragma once
// The per-host scheduler above curl: which queued job may start now. A host is
// "scheme://host:port". Per host: at most `per_host` requests at once, a minimum interval between
// request starts (the --delay, or robots.txt's Crawl-delay when larger), an adaptive slow-down on
// 429/503 (fewer connections first, then a growing interval; undone step by step by answers that
// show the host keeping up), Retry-After honoured, and a hold while its robots.txt is fetched.
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
  // 429/503 to a request started at `started`, once per round: answers to requests that started
  // before the last reaction are the same overload, already reacted to (as TCP halves its window
  // once per round trip). A reaction halves the host's connection limit; at one connection, the
  // interval penalty doubles instead (from max(penalty_base, twice the interval)), capped at
  // `cap`. With a Retry-After, nothing starts on the host before now + min(retry_after, cap).
  void slow_down(const std::string& host, double now, double started,
                 std::optional<double> retry_after, double cap);
  // An answer that is no overload signal undoes one step: the penalty halves (gone under
  // penalty_base), or once it is gone, the connection limit grows by one up to `per_host`.
  void speed_up(const std::string& host);

  // The earliest time a queued job could start (a host with all its connections busy waits for a
  // finish instead); nullopt when nothing is queued that time alone would release.
  std::optional<double> next_event(double now) const;
  // Forgets every queued job (the run was stopped) and every in-flight count; keeps what was
  // learnt about hosts. Returns the ids forgotten.
  std::vector<JobId> drain();

  std::size_t queued() const { return m_queued; }
  double interval(const std::string& host) const;  // the current effective interval
  unsigned limit(const std::string& host) const;   // the current connection limit

 private:
  struct Entry {
    JobId id;
    double ready_at;
    bool urgent;
  };
  struct Host {
    std::deque<Entry> queue;
    unsigned in_flight = 0;
    unsigned limit = 0;  // connections at once now: per_host, less after a slow-down
    double next_start = 0;
    double min_interval = 0;
    double penalty = 0;
    std::optional<double> slowed_at;  // when the host was last slowed down
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
