#pragma once
// Checking outbound links (issue 5): each distinct URL once, HEAD first and GET when HEAD is
// refused or unreliable (405, 501, some 403/404 on HEAD only), reading at most a few hundred KB
// of a GET for soft-404 detection (a 200 whose page says it is not found, or a deep URL
// redirected to the site's root, compared with a probe of a random path on the same host). The
// same engine as fetching (fetch/engine.hpp): keep-alive, global and per-host limits, per-host
// interval, backoff on 429/503, Retry-After honoured, retries with jitter.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/link_health.hpp"
#include "fetch/engine.hpp"

namespace salvage::fetch {

struct LinkCheckOptions {
  EngineOptions engine;                  // robots.txt is not consulted for link checks
  std::size_t read_bytes = 256u << 10;   // of a GET body, for soft-404 detection
  std::vector<int> accept;               // statuses counted as ok (--accept 403,999)
};

class LinkChecker {
 public:
  explicit LinkChecker(LinkCheckOptions options);
  ~LinkChecker();
  LinkChecker(const LinkChecker&) = delete;
  LinkChecker& operator=(const LinkChecker&) = delete;

  // Pulls URLs from `next` (nullopt: none left) and hands each verdict to `done`, both on the
  // calling thread, until all are checked or `*stop` is set. Each URL is requested once per
  // method even when `next` yields it again; probes for soft-404 detection are one per host.
  void run(const std::function<std::optional<std::string>()>& next,
           const std::function<void(core::LinkHealth&&)>& done, const std::atomic<bool>* stop = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace salvage::fetch
