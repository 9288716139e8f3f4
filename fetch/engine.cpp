#include "fetch/engine.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/url.hpp"
#include "fetch/engine_impl.hpp"

// The loop: pull requests while the window has room, let the scheduler release the jobs whose
// host may take a request now, drive curl, turn finished transfers into results or further hops,
// and sleep in curl_multi_poll until a socket, a curl timer or the scheduler's next release.

namespace salvage::fetch {

namespace {

class SteadyClock : public Clock {
 public:
  double now() override {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
  }
};

void init_curl_once() {
  // curl_global_init is not thread-safe on every build: once per process, first use wins.
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialised;
}

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

std::optional<std::string> url_part(CURLU* url, CURLUPart part, unsigned flags) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, flags) != CURLUE_OK || !text) return std::nullopt;
  std::string out(text);
  curl_free(text);
  return out;
}

constexpr int k_max_poll_ms = 100;  // how soon a stop request is noticed

}  // namespace

std::optional<UrlParts> split_url(const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return std::nullopt;
  auto scheme = url_part(handle.get(), CURLUPART_SCHEME, 0);
  auto host = url_part(handle.get(), CURLUPART_HOST, 0);
  if (!scheme || !host || host->empty()) return std::nullopt;
  UrlParts parts;
  parts.host = core::to_lower_ascii(*scheme) + "://" + core::to_lower_ascii(*host);
  if (auto port = url_part(handle.get(), CURLUPART_PORT, CURLU_NO_DEFAULT_PORT))
    parts.host += ":" + *port;
  parts.path = url_part(handle.get(), CURLUPART_PATH, 0).value_or("/");
  if (auto query = url_part(handle.get(), CURLUPART_QUERY, 0)) parts.path += "?" + *query;
  return parts;
}

Engine::Impl::Impl(EngineOptions opts, std::shared_ptr<Clock> clk)
    : options(std::move(opts)),
      clock(clk ? std::move(clk) : std::make_shared<SteadyClock>()),
      scheduler(options.per_host, options.delay_seconds, options.backoff_base) {
  init_curl_once();
  options.concurrency = std::max(1u, options.concurrency);
  options.per_host = std::max(1u, options.per_host);
  settings.user_agent = options.user_agent;
  settings.max_body_bytes = options.max_body_bytes;
  settings.connect_timeout = options.connect_timeout;
  settings.total_timeout = options.total_timeout;
  settings.low_speed_bytes = options.low_speed_bytes;
  settings.low_speed_seconds = options.low_speed_seconds;
  settings.record_request_head = options.keep_exchanges;
  for (const std::string& entry : options.connect_to) {
    curl_slist* list = curl_slist_append(connect_to.get(), entry.c_str());
    if (!list) throw core::Error(core::ExitCode::failure, "out of memory");
    (void)connect_to.release();
    connect_to.reset(list);
  }
  settings.connect_to = connect_to.get();
  multi.reset(curl_multi_init());
  if (!multi) throw core::Error(core::ExitCode::failure, "curl_multi_init failed");
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS,
                    static_cast<long>(options.per_host));
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS,
                    static_cast<long>(options.concurrency));
  curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(options.concurrency * 4));
}

Engine::Impl::~Impl() { abandon(); }

void Engine::Impl::admit(FetchRequest request) {
  auto job = std::make_unique<Job>();
  job->id = next_id++;
  job->created = now();
  job->url = request.url;
  job->result.request = std::move(request);
  Job& ref = *job;
  jobs.emplace(ref.id, std::move(job));
  ++user_jobs;

  std::string scheme = core::url_scheme(ref.url);
  if (scheme != "http" && scheme != "https") {
    finish(ref, core::FetchOutcome::skipped,
           scheme.empty() ? "not an absolute URL" : "scheme \"" + scheme + "\" is not fetched");
    return;
  }
  enqueue(ref, ref.created);
}

void Engine::Impl::enqueue(Job& job, double ready_at) {
  auto parts = split_url(job.url);
  if (!parts) {
    finish(job, core::FetchOutcome::failed, "invalid URL: " + job.url);
    return;
  }
  job.host = std::move(parts->host);
  job.path = std::move(parts->path);
  if (options.obey_robots && !job.robots) {
    HostRobots& state = robots[job.host];
    if (state.state == HostRobots::State::unknown) {
      state.state = HostRobots::State::fetching;
      auto fetch = std::make_unique<Job>();
      fetch->id = next_id++;
      fetch->created = now();
      fetch->robots = true;
      fetch->robots_for = job.host;
      fetch->url = job.host + "/robots.txt";
      fetch->host = job.host;
      fetch->path = "/robots.txt";
      fetch->result.request.url = fetch->url;
      scheduler.hold(job.host, true);
      scheduler.push(job.host, fetch->id, fetch->created, true);
      jobs.emplace(fetch->id, std::move(fetch));
    }
  }
  scheduler.push(job.host, job.id, ready_at, job.robots);
}

void Engine::Impl::start_ready() {
  double t = now();
  while (running.size() < options.concurrency) {
    auto pick = scheduler.pick(t);
    if (!pick) return;
    Job& job = *jobs.at(pick->id);
    if (options.obey_robots && !job.robots) {
      const HostRobots& state = robots[job.host];
      if (state.state == HostRobots::State::ready && !state.rules.allowed(job.path)) {
        job.result.page.final_url = job.url;
        finish(job, core::FetchOutcome::robots_denied, "robots.txt disallows " + job.path);
        continue;
      }
    }
    scheduler.start(pick->host, t);
    start_transfer(job);
  }
}

void Engine::Impl::start_transfer(Job& job) {
  EasyHandle handle;
  if (!idle_handles.empty()) {
    handle = std::move(idle_handles.back());
    idle_handles.pop_back();
  } else {
    handle.reset(curl_easy_init());
  }
  if (!handle) {
    scheduler.finish(job.host);
    finish(job, core::FetchOutcome::failed, "curl_easy_init failed");
    return;
  }
  const FetchRequest& request = job.result.request;
  auto transfer = std::make_unique<Transfer>(
      std::move(handle), settings, job.url, job.robots ? std::nullopt : request.etag,
      job.robots ? std::nullopt : request.last_modified, job.id,
      !job.robots && request.method == Method::head, job.robots ? 0 : request.read_limit);
  if (curl_multi_add_handle(multi.get(), transfer->handle()) != CURLM_OK) {
    scheduler.finish(job.host);
    finish(job, core::FetchOutcome::failed, "curl_multi_add_handle failed");
    return;
  }
  job.result.attempts = job.retries + 1;  // redirect hops are one attempt
  job.started = now();
  running.emplace(job.id, std::move(transfer));
}

bool Engine::Impl::collect_finished() {
  bool any = false;
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi.get(), &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    CURLcode code = message->data.result;  // copied: the message dies with the removal below
    char* owner = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &owner);
    curl_multi_remove_handle(multi.get(), easy);
    auto* transfer = reinterpret_cast<Transfer*>(owner);
    auto it = running.find(transfer->tag());
    if (it == running.end()) continue;
    std::unique_ptr<Transfer> owned = std::move(it->second);
    running.erase(it);
    TransferResult result = owned->result(code);
    if (idle_handles.size() < options.concurrency) idle_handles.push_back(owned->release());
    any = true;
    auto job = jobs.find(owned->tag());
    if (job == jobs.end()) continue;
    scheduler.finish(job->second->host);
    on_transfer_done(*job->second, std::move(result));
  }
  return any;
}

void Engine::Impl::abandon() {
  for (auto& [id, transfer] : running) curl_multi_remove_handle(multi.get(), transfer->handle());
  running.clear();
  scheduler.drain();
  jobs.clear();
  user_jobs = 0;
  for (auto& [host, state] : robots)
    if (state.state == HostRobots::State::fetching) state.state = HostRobots::State::unknown;
}

Engine::Engine(EngineOptions options, std::shared_ptr<Clock> clock)
    : m_impl(std::make_unique<Impl>(std::move(options), std::move(clock))) {}

Engine::~Engine() = default;

void Engine::run(const std::function<std::optional<FetchRequest>()>& next,
                 const std::function<void(FetchResult&&)>& done, const std::atomic<bool>* stop) {
  Impl& s = *m_impl;
  // Whatever way run() is left (a callback may throw), nothing stays queued or in flight.
  struct Leave {
    Impl& s;
    ~Leave() {
      s.abandon();
      s.done = nullptr;
    }
  } leave{s};
  s.done = &done;
  const std::size_t window = std::max<std::size_t>(256, std::size_t{s.options.concurrency} * 32);
  bool ask = true;
  std::uint64_t seen = s.reported;
  while (!(stop && stop->load())) {
    while (ask && s.user_jobs < window) {
      std::optional<FetchRequest> request = next();
      if (!request) {
        ask = false;
        break;
      }
      s.admit(std::move(*request));
    }
    if (s.reported != seen) {  // results may have given the caller more to fetch: ask again
      seen = s.reported;
      ask = true;
      continue;
    }
    if (!ask && s.user_jobs == 0) return;

    s.start_ready();
    int still_running = 0;
    curl_multi_perform(s.multi.get(), &still_running);
    if (s.collect_finished()) continue;

    int timeout_ms = k_max_poll_ms;
    if (s.running.size() < s.options.concurrency) {
      double t = s.now();
      if (auto next_event = s.scheduler.next_event(t))
        timeout_ms =
            std::clamp(static_cast<int>(std::ceil((*next_event - t) * 1000)), 0, k_max_poll_ms);
    }
    curl_multi_poll(s.multi.get(), nullptr, 0, timeout_ms, nullptr);
    curl_multi_perform(s.multi.get(), &still_running);
    s.collect_finished();
  }
}

}  // namespace salvage::fetch
