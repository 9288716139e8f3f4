#pragma once
// The records as a clean SQLite database for consumers (docs/exports-sqlite.md): records, the
// category tree of their breadcrumbs, their links, link health, an FTS5 index over title,
// question and answer, and views for the common questions. Not the working store
// (docs/schema.md): this file is written once, whole, and never migrated.

#include <memory>
#include <string>

#include "export/export_record.hpp"

namespace salvage::exporter {

// The consumer database's schema version (`PRAGMA user_version`), raised on any change to its
// tables, columns or views. A file whose user_version is 0 was never finished.
inline constexpr int k_sqlite_export_version = 1;

// `PRAGMA application_id` of the consumer database: "SLVG" in ASCII.
inline constexpr int k_sqlite_export_application_id = 0x534C5647;

// Writes the database at `path`, which the caller then renames into place. An existing file at
// `path` (a leftover of an interrupted export) is deleted first, with its -journal, -wal and
// -shm files: the path is meant to be the caller's own temporary name. Everything is written in
// one transaction without a rollback journal, so a writer that fails or is destroyed before
// finish() leaves a file to discard. Output is byte-identical for the same sequence of calls
// (fixed page size, no WAL, no timestamps). Memory stays flat with the number of records (SQLite's
// page cache is bounded); only the category map grows, with the number of distinct categories.
// Errors throw core::Error(ExitCode::output).
class SqliteWriter final : public RecordWriter {
 public:
  explicit SqliteWriter(const std::string& path);
  ~SqliteWriter() override;
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // Throws when a record with the same id was already written (the id is UNIQUE).
  void write(const ExportRecord& record) override;
  // Throws when the same URL was already given (the URL is the table's key).
  void write_link_health(const LinkHealthRow& row) override;
  // Creates the indexes, merges the full-text index, sets user_version, commits and closes the
  // file. Nothing may be written after it.
  void finish() override;

 private:
  struct Impl;
  std::string m_path;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace salvage::exporter
