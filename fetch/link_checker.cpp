#include "fetch/link_checker.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include "fetch/link_classify.hpp"
#include "fetch/page_text.hpp"
#include "fetch/soft_404.hpp"

// Each URL is a small state machine over the engine: HEAD; then a GET when the HEAD answer calls
// for one (link_classify.hpp: head_needs_get); then, for a 2xx HTML page that no rule has
// flagged, a wait for the probe of its host and top-level folder (soft_404.hpp), which is one
// more request, made once and shared by every URL it serves. The engine does the rest (limits,
// politeness, retries, redirects); everything runs on the thread that calls run().

namespace salvage::fetch {

namespace {

using Steady = std::chrono::steady_clock;

constexpr std::size_t k_probe_name_length = 24;

bool answered(const FetchResult& r) {
  return r.page.status != 0 || r.failure == FailureDetail::redirect_loop ||
         r.failure == FailureDetail::too_many_redirects || r.failure == FailureDetail::bad_redirect;
}

bool success(const FetchResult& r) { return r.page.status >= 200 && r.page.status <= 299; }

// Whether `path` is `folder` itself or its index page ("/soft/", "/soft/index.html", "/").
bool index_of(const std::string& folder, const std::string& path) {
  if (path.compare(0, folder.size(), folder) != 0) return false;
  std::string_view rest = std::string_view(path).substr(folder.size());
  return rest.empty() || (rest.find('/') == std::string_view::npos &&
                          (rest.rfind("index.", 0) == 0 || rest.rfind("default.", 0) == 0));
}

}  // namespace

struct LinkChecker::Impl {
  struct Check {
    std::string url;
    Steady::time_point started;
    int attempts = 0;
    std::optional<FetchResult> head;  // a HEAD answer, while the GET it called for runs
    core::LinkHealth verdict;         // while waiting for a probe: the verdict without it
    TextPrint print;                  // ... and the page's text, to compare
  };
  struct Probe {
    std::string url;
    bool done = false;
    bool comparable = false;  // a 2xx HTML answer with enough text
    TextPrint print;
    std::vector<std::int64_t> waiting;  // checks
  };

  explicit Impl(LinkCheckOptions o);

  std::optional<FetchRequest> next_request(const std::function<std::optional<std::string>()>& next);
  void on_result(FetchResult&& result);
  void decide(std::int64_t id, Check& check, FetchResult& result);
  void compare(std::int64_t id, Check& check, const Probe& probe);
  void report(core::LinkHealth&& health, const Check* check);
  FetchRequest request(std::int64_t tag, const std::string& url, Method method) const;
  std::string probe_url(const std::string& folder_url);
  void forget_run();  // what a stopped or failed run leaves behind

  LinkCheckOptions options;
  Engine engine;
  std::size_t read_limit;
  std::unordered_set<std::string> seen;
  std::unordered_map<std::int64_t, Check> checks;
  std::unordered_map<std::string, Probe> probes;  // by origin + top-level folder
  std::unordered_map<std::int64_t, std::string> probe_tags;
  std::deque<FetchRequest> queue;  // GETs and probes, before new URLs
  std::int64_t next_tag = 1;
  bool exhausted = false;
  std::mt19937_64 random{std::random_device{}()};
  const std::function<void(core::LinkHealth&&)>* done = nullptr;
};

namespace {

LinkCheckOptions prepared(LinkCheckOptions o) {
  o.engine.obey_robots = false;  // a link check reads one URL a page linked to, as a reader would
  return o;
}

}  // namespace

LinkChecker::Impl::Impl(LinkCheckOptions o)
    : options(prepared(std::move(o))),
      engine(options.engine),
      read_limit(std::clamp<std::size_t>(options.read_bytes, 1, options.engine.max_body_bytes)) {}

FetchRequest LinkChecker::Impl::request(std::int64_t tag, const std::string& url,
                                        Method method) const {
  FetchRequest r;
  r.url = url;
  r.tag = tag;
  r.method = method;
  if (method == Method::get) r.read_limit = read_limit;
  // A 5xx to a HEAD is often the HEAD alone: the GET that follows it has the retries.
  r.retry_server_errors = method == Method::get;
  // A bot wall's 503 is the answer (blocked), not an overload to wait out.
  r.final_answer = [](int status, const core::Headers& headers, std::string_view body) {
    return bot_wall(status, headers, body, page_text(headers, body)).has_value();
  };
  return r;
}

std::optional<FetchRequest> LinkChecker::Impl::next_request(
    const std::function<std::optional<std::string>()>& next) {
  if (!queue.empty()) {
    FetchRequest r = std::move(queue.front());
    queue.pop_front();
    return r;
  }
  while (!exhausted) {
    std::optional<std::string> url = next();
    if (!url) {
      exhausted = true;
      break;
    }
    if (!seen.insert(*url).second) continue;
    std::string why;
    if (auto c = precheck(*url, &why)) {
      core::LinkHealth health;
      health.url = *url;
      health.final_url = *url;
      health.link_class = *c;
      health.error = std::move(why);
      report(std::move(health), nullptr);
      continue;
    }
    std::int64_t id = next_tag++;
    Check& check = checks[id];
    check.url = *url;
    check.started = Steady::now();
    return request(id, *url, Method::head);
  }
  return std::nullopt;
}

void LinkChecker::Impl::on_result(FetchResult&& result) {
  std::int64_t tag = result.request.tag;
  if (auto p = probe_tags.find(tag); p != probe_tags.end()) {
    Probe& probe = probes[p->second];
    probe_tags.erase(p);
    probe.done = true;
    if (result.outcome == core::FetchOutcome::fetched && success(result) &&
        is_html_type(result.page.headers)) {
      probe.print = text_print(page_text(result.page.headers, result.page.body).text);
      probe.comparable = probe.print.words >= k_min_probe_words;
    }
    std::vector<std::int64_t> waiting = std::move(probe.waiting);
    probe.waiting.clear();
    for (std::int64_t id : waiting)
      if (auto c = checks.find(id); c != checks.end()) compare(id, c->second, probe);
    return;
  }
  auto found = checks.find(tag);
  if (found == checks.end()) return;
  Check& check = found->second;
  check.attempts += result.attempts;
  if (result.request.method == Method::head) {
    if (head_needs_get(result)) {
      queue.push_back(request(tag, check.url, Method::get));
      check.head = std::move(result);
      return;
    }
    decide(tag, check, result);
    return;
  }
  // A GET that brought no answer after a HEAD 2xx (it wanted the body only): the HEAD decides.
  if (check.head && success(*check.head) && !answered(result)) {
    decide(tag, check, *check.head);
    return;
  }
  decide(tag, check, result);
}

void LinkChecker::Impl::decide(std::int64_t id, Check& check, FetchResult& result) {
  bool body = result.request.method == Method::get && !result.page.body.empty();
  PageText text = body ? page_text(result.page.headers, result.page.body) : PageText{};
  LinkCall call = classify(result, options.accept, text);

  core::LinkHealth& h = check.verdict;
  h.url = check.url;
  h.link_class = call.link_class;
  h.error = std::move(call.error);
  h.http_status = result.page.status;
  h.final_url = result.page.final_url.empty() ? check.url : result.page.final_url;
  h.redirects = std::move(result.page.redirects);
  h.attempts = check.attempts;

  UrlSplit final_url = split_origin(h.final_url);
  std::string folder = probe_folder(final_url.path);
  bool alive =
      call.link_class == core::LinkClass::ok || call.link_class == core::LinkClass::redirected;
  bool accepted = std::find(options.accept.begin(), options.accept.end(), h.http_status) !=
                  options.accept.end();
  // A site's root, or a folder's own index, is what a catch-all host answers for unknown paths:
  // it is never a soft 404 by the probe.
  bool index = !final_url.query && index_of(folder, final_url.path);
  if (!body || !alive || accepted || !success(result) || !is_html_type(result.page.headers) ||
      index) {
    report(std::move(h), &check);
    checks.erase(id);
    return;
  }
  check.print = text_print(text.text);
  std::string key = final_url.origin + folder;
  Probe& probe = probes[key];
  if (probe.url.empty()) {
    probe.url = probe_url(key);
    std::int64_t tag = next_tag++;
    probe_tags[tag] = key;
    queue.push_back(request(tag, probe.url, Method::get));
  }
  if (probe.done)
    compare(id, check, probe);
  else
    probe.waiting.push_back(id);
}

void LinkChecker::Impl::compare(std::int64_t id, Check& check, const Probe& probe) {
  double score = 0;
  if (probe.comparable && same_as_probe(check.print, probe.print, &score)) {
    char figure[16];
    std::snprintf(figure, sizeof figure, "%.2f", score);
    check.verdict.link_class = core::LinkClass::soft_404;
    check.verdict.error =
        "soft 404: the same page as the random path " + probe.url + " (similarity " + figure + ")";
  }
  report(std::move(check.verdict), &check);
  checks.erase(id);
}

void LinkChecker::Impl::report(core::LinkHealth&& health, const Check* check) {
  if (check) {
    health.elapsed_seconds = std::chrono::duration<double>(Steady::now() - check->started).count();
  }
  health.checked_at = static_cast<std::int64_t>(std::time(nullptr));
  if (done && *done) (*done)(std::move(health));
}

std::string LinkChecker::Impl::probe_url(const std::string& folder_url) {
  static constexpr std::string_view k_chars = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::uniform_int_distribution<std::size_t> pick(0, k_chars.size() - 1);
  std::string name;
  for (std::size_t i = 0; i < k_probe_name_length; ++i) name += k_chars[pick(random)];
  return folder_url + name + ".html";
}

void LinkChecker::Impl::forget_run() {
  checks.clear();
  queue.clear();
  seen.clear();
  for (const auto& [tag, key] : probe_tags) probes.erase(key);  // unanswered: ask again next run
  probe_tags.clear();
  for (auto& [key, probe] : probes) probe.waiting.clear();
  exhausted = false;
  done = nullptr;
}

LinkChecker::LinkChecker(LinkCheckOptions options)
    : m_impl(std::make_unique<Impl>(std::move(options))) {}

LinkChecker::~LinkChecker() = default;

void LinkChecker::run(const std::function<std::optional<std::string>()>& next,
                      const std::function<void(core::LinkHealth&&)>& done,
                      const std::atomic<bool>* stop) {
  Impl& s = *m_impl;
  s.forget_run();
  struct Leave {
    Impl& s;
    ~Leave() { s.forget_run(); }
  } leave{s};
  s.done = &done;
  s.engine.run([&]() { return s.next_request(next); },
               [&](FetchResult&& result) { s.on_result(std::move(result)); }, stop);
}

}  // namespace salvage::fetch
