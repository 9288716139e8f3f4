#pragma once
// The working store: one SQLite file (WAL mode) holding the crawl frontier, every page obtained
// (raw bytes compressed, headers, provenance, outcome), the records extracted from them and
// their links. Every stage reads and writes it, which is what makes a 500,000-page batch
// resumable: after a crash or a kill -9 the file opens cleanly, everything committed is there,
// and nothing committed is fetched again. Schema and migrations: docs/schema.md.
//
// Thread safety: a Store is used from one thread at a time (the writer); the connection is opened
// without SQLite's own per-call locking, which that makes redundant. Writes are grouped in
// transactions by Batch; a write outside a Batch commits on its own.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fetched_page.hpp"
#include "core/link_health.hpp"
#include "core/record.hpp"

namespace salvage::store {

inline constexpr int k_schema_version = 3;

struct FrontierEntry {
  std::string url;
  int depth = 0;
};

// A page as stored: the fetched page (body decompressed) and what the store knows of it.
struct StoredPage {
  std::int64_t id = 0;
  core::FetchedPage page;
  core::FetchOutcome outcome = core::FetchOutcome::failed;
  std::string error;
};

struct StoreCounts {
  std::size_t pages = 0;        // rows in pages (any outcome)
  std::size_t queued = 0;       // frontier entries still to fetch
  std::size_t records = 0;      // pages with a record
  std::size_t unextracted = 0;  // fetched pages not yet extracted
};

class Store {
 public:
  // Opens or creates the store at `path` and migrates it to k_schema_version. Throws
  // core::Error(ExitCode::input) when the file is not a salvage store or is newer than this
  // program, core::Error(ExitCode::output) when it cannot be created.
  explicit Store(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version() const;
  StoreCounts counts() const;

  // ---- pages ----
  // True when a page was stored under `url` (requested or final URL).
  bool has_page(std::string_view url) const;
  // A body as stored: compressed, with the content hash of the raw bytes. Pure: any thread may
  // prepare one for put_page (the crawl does, off the thread that writes the store).
  struct PreparedBody {
    std::string compressed;  // empty for an empty body
    std::string sha256;      // "" for an empty body
    std::size_t size = 0;    // raw bytes
  };
  static PreparedBody prepare_body(std::string_view raw);
  // Stores (or replaces) the page under its requested URL and marks that URL done in the
  // frontier. Returns the page id. `prepared`: its body already prepared (else done here).
  std::int64_t put_page(const core::FetchedPage& page, core::FetchOutcome outcome, std::string_view error = {},
                        const PreparedBody* prepared = nullptr);
  std::optional<StoredPage> page(std::string_view url) const;
  // The validators of a stored page, for a conditional re-fetch: {ETag, Last-Modified}.
  std::pair<std::optional<std::string>, std::optional<std::string>> validators(std::string_view url) const;
  // Streams fetched pages (outcome fetched) to `visit`, in id order: those not yet extracted, or
  // all with `include_extracted`. Bodies are decompressed one page at a time.
  void for_each_page_to_extract(bool include_extracted, const std::function<void(StoredPage&&)>& visit) const;

  // ---- frontier (breadth-first: by depth, then by the order URLs were found) ----
  // Queues `url` unless it is already queued, done, or stored. Returns true when queued.
  bool enqueue(std::string_view url, int depth, std::string_view found_on = {});
  // Queues `url` again even when stored or done (a --refresh run). Returns true when queued.
  bool requeue(std::string_view url, int depth);
  // Up to `limit` queued entries, marked active so that they are not handed out twice. Entries
  // still active when the store is next opened (a crash) are queued again.
  std::vector<FrontierEntry> take_queued(std::size_t limit);
  // Marks a URL done without storing a page (skipped: out of scope, another scheme).
  void mark_done(std::string_view url, core::FetchOutcome outcome, std::string_view reason = {});
  std::size_t queued_count() const;

  // ---- records ----
  // Stores the record of page `page_id` (or that it has none: not a Q&A page) and its links,
  // replacing earlier ones; marks the page extracted.
  void put_record(std::int64_t page_id, const std::optional<core::Record>& record, std::string_view record_json);
  // Streams stored record lines (JSON) in page id order.
  void for_each_record(const std::function<void(std::string_view json)>& visit) const;
  // A record as the exporters read it, with each of its links and that link's check.
  struct ExportRow {
    std::string json;             // the record (docs/record.md)
    std::int64_t changed_at = 0;  // Unix time its content last changed
    struct Link {
      int position = 0;
      std::string url, text, section;
      bool internal = false;
      std::string verdict, link_class;  // empty when never checked
      int http_status = 0;
      std::int64_t checked_at = 0;
    };
    std::vector<Link> links;  // by position
  };
  // Streams the records changed at or after `since` (Unix time; 0 for all) in record URL order,
  // one per record URL (when several pages gave the same record URL, the latest page's). The
  // store may not be written during the visit.
  void for_each_export_row(std::int64_t since, const std::function<void(ExportRow&&)>& visit) const;

  // ---- link health ----
  // Streams the distinct link URLs of stored records that need a check: never checked, or
  // checked before `checked_before` (Unix time; pass INT64_MAX to recheck all). Outbound links
  // only unless `include_internal`.
  void for_each_link_to_check(std::int64_t checked_before, bool include_internal,
                              const std::function<void(const std::string& url)>& visit) const;
  // How many URLs for_each_link_to_check would visit now (a progress line's total).
  std::size_t count_links_to_check(std::int64_t checked_before, bool include_internal) const;
  // The same, one page at a time: up to `limit` URLs sorted after `after`.
  std::vector<std::string> links_to_check(const std::string& after, std::int64_t checked_before,
                                          bool include_internal, std::size_t limit) const;
  // The date (ISO, else as displayed) of a record that links to `url`, for --suggest.
  std::string linking_record_date(const std::string& url) const;
  // Stores a verdict, keeping history: first_seen_dead starts a dead streak and ends with the
  // next alive verdict, last_seen_alive is the last alive check.
  void put_link_health(const core::LinkHealth& health);
  void put_link_suggestion(const std::string& url, const std::string& suggestion);
  struct LinkHealthRow {
    core::LinkHealth health;
    std::optional<std::int64_t> first_seen_dead, last_seen_alive;
    std::string suggestion;
  };
  std::optional<LinkHealthRow> link_health(std::string_view url) const;
  // Every checked link URL (outbound and internal), in URL order.
  void for_each_link_health(const std::function<void(LinkHealthRow&&)>& visit) const;
  // Every distinct link URL of the records (outbound only unless `include_internal`), with its
  // health when checked and every page that links to it: (page URL, record JSON, section, text).
  struct LinkUse {
    std::string page_url, record_json, section, text;
  };
  void for_each_link_use(bool include_internal,
                         const std::function<void(const std::string& url, const std::optional<LinkHealthRow>& health,
                                                  const std::vector<LinkUse>& uses)>& visit) const;

  // ---- transactions ----
  // Groups writes; commit() makes them durable. A Batch destroyed without commit() rolls back.
  class Batch {
   public:
    explicit Batch(Store& store);
    ~Batch();
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;
    void commit();

   private:
    Store& m_store;
    bool m_done = false;
  };

  // For long jobs: keeps a Batch open and commits it after `every_writes` writes or once
  // `every_ms` milliseconds have passed, so an interruption loses at most one batch. finish()
  // commits the rest; destroying it without finish() rolls the open batch back.
  class Committer {
   public:
    Committer(Store& store, std::size_t every_writes, long every_ms);
    ~Committer();
    void wrote();
    void finish();

   private:
    void open();
    Store& m_store;
    std::size_t m_every;
    long m_every_ms;
    std::unique_ptr<Batch> m_batch;
    std::size_t m_pending = 0;
    std::int64_t m_opened_ms = 0;
  };

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace salvage::store
