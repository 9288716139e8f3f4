#include <algorithm>
#include <ctime>

#include "core/text.hpp"
#include "core/url.hpp"
#include "fetch/content_decoding.hpp"
#include "fetch/engine_impl.hpp"
#include "fetch/retry_policy.hpp"

// What a finished transfer leads to. In order: a transport failure (retried when transient), a
// redirect (followed through the scheduler, so the target host's robots.txt and interval apply),
// a transient status (retried; 429/503 slow the whole host down), else the final response,
// decoded. robots.txt fetches end in apply_robots instead of the caller's callback.

namespace salvage::fetch {

namespace {

using core::FetchOutcome;

constexpr int k_robots_max_redirects = 5;  // RFC 9309 2.3.1.2
constexpr int k_robots_max_retries = 1;
constexpr double k_max_crawl_delay = 600;  // a Crawl-delay beyond 10 minutes is a typo or a trap

bool is_redirect(int status) { return status >= 300 && status <= 399 && status != 304; }

std::string status_error(int status) { return "HTTP status " + std::to_string(status); }

}  // namespace

bool Engine::Impl::retry(Job& job, double delay, bool backoff) {
  int budget =
      job.robots ? std::min(options.max_retries, k_robots_max_retries) : options.max_retries;
  if (job.retries >= budget) return false;
  ++job.retries;
  if (backoff) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    delay = std::max(delay, backoff_delay(options.backoff_base, job.retries, unit(random),
                                          options.retry_after_cap));
  }
  scheduler.push(job.host, job.id, now() + delay, job.robots);
  return true;
}

bool Engine::Impl::final_for_caller(const Job& job, const TransferResult& transfer) const {
  const auto& hook = job.result.request.final_answer;
  if (!hook || job.robots) return false;
  std::string encoding = core::header_value(transfer.headers, "Content-Encoding").value_or("");
  DecodedBody decoded =
      decode_content(encoding, transfer.exchange.response_body, options.max_decompressed_bytes);
  std::string_view body = decoded.status == DecodeStatus::ok ? std::string_view(decoded.body)
                                                             : std::string_view();
  return hook(transfer.status, transfer.headers, body);
}

void Engine::Impl::on_transfer_done(Job& job, TransferResult&& transfer) {
  core::FetchedPage& page = job.result.page;
  page.final_url = job.url;
  if (!transfer.complete) {
    // A timed-out attempt has already waited the whole timeout: its retry goes without backoff.
    bool timed_out = transfer.failure == FetchOutcome::timeout;
    if (transfer.retryable && retry(job, 0, !timed_out)) return;
    if (transfer.tls) job.result.failure = FailureDetail::tls;
    if (transfer.unreached) job.result.failure = FailureDetail::unreached;
    finish(job, transfer.failure, std::move(transfer.error));
    return;
  }

  int status = transfer.status;
  if (is_redirect(status) && core::header_value(transfer.headers, "Location")) {
    follow_redirect(job, transfer);
    return;
  }
  // A transient answer is retried (429/503 also slow the host down), unless the caller ends
  // 5xx answers at once (a HEAD the link checker follows with a GET) or takes this one as final
  // (a bot wall): then the answer is no overload signal either. Any other answer is the host
  // keeping up, and eases a slow-down.
  bool may_retry = status < 500 || job.robots || job.result.request.retry_server_errors;
  if (retryable_status(status) && may_retry && !final_for_caller(job, transfer)) {
    double wait = 0;
    if (slow_down_status(status)) {
      std::optional<double> retry_after;
      if (auto value = core::header_value(transfer.headers, "Retry-After"))
        retry_after = parse_retry_after(*value, std::time(nullptr));
      scheduler.slow_down(job.host, now(), job.started, retry_after, options.retry_after_cap);
      wait = std::min(retry_after.value_or(0.0), options.retry_after_cap);
    }
    if (retry(job, wait)) return;
  } else if (status >= 200 && status <= 499 && !retryable_status(status)) {
    scheduler.speed_up(job.host);
  }

  page.status = status;
  page.headers = std::move(transfer.headers);
  job.result.truncated = transfer.truncated;
  std::string& raw = transfer.exchange.response_body;
  std::string encoding = core::header_value(page.headers, "Content-Encoding").value_or("");
  // Without exchanges to keep, a body sent as is becomes the page's body without a copy.
  DecodedBody decoded = encoding.empty() && !options.keep_exchanges
                            ? DecodedBody{DecodeStatus::ok, std::move(raw), {}}
                            : decode_content(encoding, raw, options.max_decompressed_bytes);
  if (options.keep_exchanges) job.result.exchanges.push_back(std::move(transfer.exchange));
  const std::string& kept = options.keep_exchanges ? job.result.exchanges.back().response_body : raw;
  FetchOutcome outcome = outcome_for_status(status);
  if (decoded.status == DecodeStatus::too_large) {
    finish(job, FetchOutcome::too_large, std::move(decoded.error));
    return;
  }
  if (decoded.status != DecodeStatus::ok) {
    page.body = kept;  // an error page we cannot decode is still kept as it came
    if (outcome == FetchOutcome::fetched) {
      finish(job, FetchOutcome::failed, std::move(decoded.error));
      return;
    }
  } else {
    page.body = std::move(decoded.body);
  }
  std::string error;
  if (outcome != FetchOutcome::fetched && outcome != FetchOutcome::not_modified) {
    error = is_redirect(status) ? status_error(status) + " without a usable Location"
                                : status_error(status);
    if (is_redirect(status)) job.result.failure = FailureDetail::bad_redirect;
  }
  finish(job, outcome, std::move(error));
}

void Engine::Impl::follow_redirect(Job& job, TransferResult& transfer) {
  core::FetchedPage& page = job.result.page;
  std::string location = core::header_value(transfer.headers, "Location").value_or("");
  page.status = transfer.status;
  page.headers = std::move(transfer.headers);
  page.body = transfer.exchange.response_body;
  if (options.keep_exchanges) job.result.exchanges.push_back(std::move(transfer.exchange));

  std::optional<std::string> target = core::resolve_url(job.url, location);
  std::string hop = status_error(page.status) + " from " + job.url;
  if (!target) {
    job.result.failure = FailureDetail::bad_redirect;
    finish(job, FetchOutcome::failed, hop + " to an invalid Location \"" + location + "\"");
    return;
  }
  int limit = job.robots ? k_robots_max_redirects : options.max_redirects;
  std::string scheme = core::url_scheme(*target);
  if (limit <= 0 || (scheme != "http" && scheme != "https")) {
    // Not followed: the target is recorded for the caller to store or queue under its own name.
    page.redirects.push_back(*target);
    page.final_url = *target;
    finish(job, FetchOutcome::redirected,
           limit <= 0 ? "redirect not followed (max_redirects is 0)"
                      : "redirect to a " + scheme + ": URL, not fetched");
    return;
  }
  bool loop =
      *target == job.result.request.url ||
      std::find(page.redirects.begin(), page.redirects.end(), *target) != page.redirects.end();
  if (loop) {
    job.result.failure = FailureDetail::redirect_loop;
    finish(job, FetchOutcome::failed, "redirect loop: " + hop + " back to " + *target);
    return;
  }
  if (page.redirects.size() >= static_cast<std::size_t>(limit)) {
    job.result.failure = FailureDetail::too_many_redirects;
    finish(
        job, FetchOutcome::failed,
        "too many redirects (more than " + std::to_string(limit) + "): " + hop + " to " + *target);
    return;
  }
  page.redirects.push_back(*target);
  page.final_url = *target;
  page.status = 0;  // the page now stands for the target, which has not answered yet
  page.headers.clear();
  page.body.clear();
  job.url = *target;
  enqueue(job, now());
}

void Engine::Impl::finish(Job& job, FetchOutcome outcome, std::string error) {
  std::unique_ptr<Job> owned;
  if (auto it = jobs.find(job.id); it != jobs.end()) {
    owned = std::move(it->second);
    jobs.erase(it);
  }
  if (job.robots) {
    apply_robots(job, outcome);
    return;
  }
  FetchResult& result = job.result;
  result.outcome = outcome;
  result.error = std::move(error);
  result.page.requested_url = result.request.url;
  if (result.page.final_url.empty()) result.page.final_url = result.request.url;
  result.page.fetched_at = static_cast<std::int64_t>(std::time(nullptr));
  result.page.provenance.kind = "live";
  result.elapsed_seconds = now() - job.created;
  if (!job.host.empty()) {
    auto it = robots.find(job.host);
    if (it != robots.end() && !it->second.note.empty()) {
      result.note = std::move(it->second.note);
      it->second.note.clear();
    }
  }
  if (user_jobs > 0) --user_jobs;
  ++reported;
  if (done && *done) (*done)(std::move(result));
}

void Engine::Impl::apply_robots(Job& job, FetchOutcome outcome) {
  HostRobots& state = robots[job.robots_for];
  state.state = HostRobots::State::ready;
  int status = job.result.page.status;
  std::string what = job.robots_for + "/robots.txt";
  if (outcome == FetchOutcome::fetched) {
    state.rules = RobotsRules::parse(job.result.page.body, options.user_agent);
  } else if (outcome == FetchOutcome::http_4xx && (status == 401 || status == 403)) {
    state.rules = RobotsRules::deny_all();
    state.note =
        what + " answered " + std::to_string(status) + ": the host is treated as disallowed";
  } else if (outcome == FetchOutcome::http_4xx) {
    state.rules = RobotsRules::allow_all();  // no robots.txt: everything allowed (RFC 9309)
  } else {
    state.rules = RobotsRules::allow_all();
    std::string why = std::string(core::outcome_name(outcome));
    if (status) why += " " + std::to_string(status);
    state.note = what + " unavailable (" + why + "): the host is treated as allowed";
  }
  if (auto delay = state.rules.crawl_delay())
    scheduler.set_min_interval(job.robots_for, std::min(*delay, k_max_crawl_delay));
  scheduler.hold(job.robots_for, false);
}

}  // namespace salvage::fetch
