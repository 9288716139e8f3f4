#include "fetch/host_scheduler.hpp"

#include <algorithm>

namespace salvage::fetch {

HostScheduler::HostScheduler(unsigned per_host, double min_interval, double penalty_base)
    : m_per_host(std::max(1u, per_host)),
      m_min_interval(std::max(0.0, min_interval)),
      m_penalty_base(std::max(0.001, penalty_base)) {}

HostScheduler::Host& HostScheduler::host(const std::string& name) {
  auto [it, inserted] = m_hosts.try_emplace(name);
  if (inserted) {
    it->second.min_interval = m_min_interval;
    it->second.limit = m_per_host;
  }
  return it->second;
}

double HostScheduler::effective_interval(const Host& h) const {
  return std::max(h.min_interval, h.penalty);
}

double HostScheduler::interval(const std::string& name) const {
  auto it = m_hosts.find(name);
  return it == m_hosts.end() ? m_min_interval : effective_interval(it->second);
}

unsigned HostScheduler::limit(const std::string& name) const {
  auto it = m_hosts.find(name);
  return it == m_hosts.end() ? m_per_host : it->second.limit;
}

void HostScheduler::push(const std::string& name, JobId id, double ready_at, bool urgent) {
  Host& h = host(name);
  if (urgent)
    h.queue.push_front({id, ready_at, true});
  else
    h.queue.push_back({id, ready_at, false});
  ++m_queued;
  if (!h.active) {
    h.active = true;
    m_turns.push_back(name);
  }
}

long HostScheduler::ready_entry(const Host& h, double now) const {
  if (h.in_flight >= h.limit || now < h.next_start) return -1;
  for (std::size_t i = 0; i < h.queue.size(); ++i) {
    const Entry& e = h.queue[i];
    if ((!h.held || e.urgent) && e.ready_at <= now) return static_cast<long>(i);
  }
  return -1;
}

std::optional<HostScheduler::Pick> HostScheduler::pick(double now) {
  for (std::size_t n = m_turns.size(); n > 0; --n) {
    std::string name = std::move(m_turns.front());
    m_turns.pop_front();
    Host& h = m_hosts.at(name);
    long i = ready_entry(h, now);
    if (i < 0) {
      m_turns.push_back(std::move(name));
      continue;
    }
    JobId id = h.queue[static_cast<std::size_t>(i)].id;
    h.queue.erase(h.queue.begin() + i);
    --m_queued;
    if (h.queue.empty())
      h.active = false;
    else
      m_turns.push_back(name);  // its next job waits for the other hosts' turns
    return Pick{id, std::move(name)};
  }
  return std::nullopt;
}

void HostScheduler::start(const std::string& name, double now) {
  Host& h = host(name);
  ++h.in_flight;
  h.next_start = std::max(h.next_start, now + effective_interval(h));
}

void HostScheduler::finish(const std::string& name) {
  Host& h = host(name);
  if (h.in_flight > 0) --h.in_flight;
}

void HostScheduler::hold(const std::string& name, bool held) { host(name).held = held; }

void HostScheduler::set_min_interval(const std::string& name, double seconds) {
  Host& h = host(name);
  double old = h.min_interval;
  h.min_interval = std::max(m_min_interval, seconds);
  h.next_start += std::max(0.0, h.min_interval - old);
}

void HostScheduler::slow_down(const std::string& name, double now, double started,
                              std::optional<double> retry_after, double cap) {
  Host& h = host(name);
  cap = std::max(cap, 0.0);
  if (!h.slowed_at || started >= *h.slowed_at) {
    h.slowed_at = now;
    if (h.limit > 1) {
      h.limit /= 2;
    } else {
      double first = std::max(m_penalty_base, 2 * h.min_interval);
      h.penalty = std::min(h.penalty > 0 ? h.penalty * 2 : first, std::max(cap, h.min_interval));
    }
  }
  h.next_start = std::max(h.next_start, now + h.penalty);
  if (retry_after) h.next_start = std::max(h.next_start, now + std::min(*retry_after, cap));
}

void HostScheduler::speed_up(const std::string& name) {
  Host& h = host(name);
  if (h.penalty > 0) {
    h.penalty /= 2;
    if (h.penalty < m_penalty_base) h.penalty = 0;
  } else if (h.limit < m_per_host) {
    ++h.limit;
  }
}

std::optional<double> HostScheduler::next_event(double now) const {
  std::optional<double> best;
  for (const std::string& name : m_turns) {
    const Host& h = m_hosts.at(name);
    if (h.in_flight >= h.limit) continue;
    std::optional<double> earliest;
    for (const Entry& e : h.queue)
      if (!h.held || e.urgent) earliest = std::min(earliest.value_or(e.ready_at), e.ready_at);
    if (!earliest) continue;
    double t = std::max({*earliest, h.next_start, now});
    if (!best || t < *best) best = t;
  }
  return best;
}

std::vector<HostScheduler::JobId> HostScheduler::drain() {
  std::vector<JobId> ids;
  for (auto& [name, h] : m_hosts) {
    for (const Entry& e : h.queue) ids.push_back(e.id);
    h.queue.clear();
    h.in_flight = 0;
    h.active = false;
    h.held = false;
  }
  m_turns.clear();
  m_queued = 0;
  return ids;
}

}  // namespace salvage::fetch
