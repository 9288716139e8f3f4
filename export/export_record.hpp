#pragma once
// What the exporters write (`salvage export`, `salvage run`; docs/exports.md): a record of the
// extractor with its stable id, when it last changed, and the link check's verdict on each of its
// links. Every format is a RecordWriter fed one record at a time in a stable order (by record
// id), so memory stays flat with the number of records and the same store gives byte-identical
// files. Writers never touch the file system themselves except the SQLite writer, which is given
// the path of a new file; making files appear whole (temporary name, rename) is the caller's job.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/link_health.hpp"
#include "core/record.hpp"

namespace salvage::exporter {

// The link check's word on one link URL (absent when the URL was never checked).
struct LinkCheck {
  std::string verdict;     // "alive", "dead" or "unverifiable" (core::verdict_name)
  std::string link_class;  // "ok", "not_found", ... (core::link_class_name)
  int http_status = 0;     // 0 when no answer came
  std::int64_t checked_at = 0;

  bool operator==(const LinkCheck&) const = default;
};

// One link of a record, outbound ones first, then internal ones (the store's order).
struct ExportLink {
  core::Link link;  // url, anchor text, section
  bool internal = false;
  int position = 0;  // 0-based, over outbound then internal links
  std::optional<LinkCheck> check;
};

struct ExportRecord {
  std::string id;               // record_id(record.url): 16 lower-case hex digits
  core::Record record;          // as the extractor made it (docs/record.md)
  std::int64_t changed_at = 0;  // Unix time the record last changed (first stored, or re-extracted
                                // with a different result)
  std::vector<ExportLink> links;
};

// The stable id of a record: the first 16 hex digits of the SHA-256 of its canonical URL (the
// record's url field). The same page keeps its id from run to run and store to store.
std::string record_id(std::string_view canonical_url);

// A Unix time as ISO 8601 UTC, "2026-11-25T09:30:00Z", the form every export writes times in.
std::string utc_timestamp(std::int64_t unix_seconds);

// One link URL's full check, for the formats that carry link health as its own table.
struct LinkHealthRow {
  core::LinkHealth health;
  std::optional<std::int64_t> first_seen_dead;
  std::optional<std::int64_t> last_seen_alive;
  std::string suggestion;  // an archived copy for a dead link (check --suggest), or empty
};

// What a writer had to change to keep its output valid, for the summary.
struct WriterCounts {
  std::size_t records = 0;
  std::size_t links = 0;
  std::size_t replaced_characters = 0;  // characters the format cannot carry (XML 1.0 controls)
};

// One export format. Usage: write() each record in order, write_link_health() each checked URL
// (formats without a link-health table ignore it), then finish(), which completes the output
// (closing elements, indexes). A writer destroyed without finish() leaves its output incomplete;
// the caller discards it. Errors throw core::Error(ExitCode::output).
class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  virtual void write(const ExportRecord& record) = 0;
  virtual void write_link_health(const LinkHealthRow&) {}
  virtual void finish() = 0;
  const WriterCounts& counts() const { return m_counts; }

 protected:
  WriterCounts m_counts;
};

}  // namespace salvage::exporter
