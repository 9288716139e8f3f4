#pragma once
// Checking outbound links (issue 5): each distinct URL once, HEAD first and GET when HEAD is
// refused or unreliable (400, 403, 404, 405, 406, 5xx, a refused or garbled HEAD) and for every
// 2xx HTML page, reading at most read_bytes of a GET for soft-404 detection (a 200 whose page
// says it is not found, or a deep URL redirected to the site's root, or a page near-identical to
// the answer for a random path on the same host and top-level folder). The rules are in
// fetch/link_classify.hpp and fetch/soft_404.hpp. The same engine as fetching
// (fetch/engine.hpp): keep-alive, global and per-host limits, per-host interval, backoff on
// 429/503, Retry-After honoured, retries with jitter; robots.txt is not consulted.

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
  // calling thread, until all are checked or `*stop` is set (checks under way are then dropped,
  // unreported). A URL `next` yields again within a run is skipped: its one verdict is reported
  // once, and it is requested at most once per method. URLs that are not requested (invalid,
  // other schemes) are reported at once. Probes for soft-404 detection are one per host and
  // top-level folder, kept for the LinkChecker's lifetime.
  void run(const std::function<std::optional<std::string>()>& next,
           const std::function<void(core::LinkHealth&&)>& done, const std::atomic<bool>* stop = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace salvage::fetch
