#include "pipeline/export.hpp"

#include <filesystem>
#include <exception>
#include <algorithm>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "core/bounded_queue.hpp"
#include "core/in_order.hpp"
#include "core/error.hpp"
#include "core/output_file.hpp"
#include "export/record_csv.hpp"
#include "export/record_json.hpp"
#include "export/record_sqlite.hpp"
#include "export/record_xml.hpp"
#include "store/store.hpp"

namespace salvage::pipeline {

namespace {

using exporter::ExportRecord;
using exporter::RecordWriter;

constexpr std::string_view k_format_names[] = {"jsonl", "json", "xml", "csv", "sqlite"};

bool is_stdout(const std::string& path) { return path.empty() || path == "-"; }

// A database file written under "<path>.partial": renamed by commit(), removed otherwise.
class PartialDatabase {
 public:
  explicit PartialDatabase(std::string path) : m_path(std::move(path)), m_partial(m_path + ".partial") {
    std::error_code ec;
    std::filesystem::remove(m_partial, ec);
  }
  ~PartialDatabase() {
    if (m_committed) return;
    std::error_code ec;
    std::filesystem::remove(m_partial, ec);
    std::filesystem::remove(m_partial + "-journal", ec);
  }
  PartialDatabase(const PartialDatabase&) = delete;
  PartialDatabase& operator=(const PartialDatabase&) = delete;
  const std::string& partial() const { return m_partial; }
  void commit() {
    std::error_code ec;
    std::filesystem::rename(m_partial, m_path, ec);
    if (ec) throw core::Error(core::ExitCode::output, "cannot rename to " + m_path + ": " + ec.message());
    m_committed = true;
  }

 private:
  std::string m_path, m_partial;
  bool m_committed = false;
};

// One target on its way: its files and its writer. Members are destroyed writer first, so a
// writer never outlives what it writes to.
struct Output {
  ExportTarget target;
  std::unique_ptr<core::OutputFile> file, links_file;
  std::unique_ptr<PartialDatabase> database;
  std::unique_ptr<RecordWriter> writer;

  void commit(ExportSummary& summary) {
    writer->finish();
    summary.replaced_characters += writer->counts().replaced_characters;
    writer.reset();  // closes a database before it is renamed
    if (file) file->commit();
    if (links_file) links_file->commit();
    if (database) database->commit();
    summary.written.push_back(is_stdout(target.path) ? "stdout" : target.path);
    if (links_file) summary.written.push_back(target.links_path);
  }
};

std::string default_links_path(const std::string& records_path) {
  std::filesystem::path folder = std::filesystem::path(records_path).parent_path();
  return (folder / "links.csv").string();
}

Output open_output(ExportTarget target) {
  Output o;
  std::string path = is_stdout(target.path) ? std::string() : target.path;
  switch (target.format) {
    case ExportFormat::jsonl:
    case ExportFormat::json:
    case ExportFormat::xml:
      o.file = std::make_unique<core::OutputFile>(path);
      if (target.format == ExportFormat::jsonl)
        o.writer = std::make_unique<exporter::JsonLinesWriter>(*o.file);
      else if (target.format == ExportFormat::json)
        o.writer = std::make_unique<exporter::JsonArrayWriter>(*o.file);
      else
        o.writer = std::make_unique<exporter::XmlWriter>(*o.file);
      break;
    case ExportFormat::csv:
      if (path.empty()) throw core::Error(core::ExitCode::usage, "csv writes two files: give -o FILE");
      if (target.links_path.empty()) target.links_path = default_links_path(path);
      if (target.links_path == path)
        throw core::Error(core::ExitCode::usage, "csv: the records and links files must differ");
      o.file = std::make_unique<core::OutputFile>(path);
      o.links_file = std::make_unique<core::OutputFile>(target.links_path);
      o.writer = std::make_unique<exporter::CsvWriter>(*o.file, *o.links_file);
      break;
    case ExportFormat::sqlite:
      if (path.empty()) throw core::Error(core::ExitCode::usage, "sqlite writes a database: give -o FILE");
      o.database = std::make_unique<PartialDatabase>(path);
      o.writer = std::make_unique<exporter::SqliteWriter>(o.database->partial());
      break;
  }
  o.target = std::move(target);
  return o;
}

std::optional<ExportRecord> to_export_record(store::Store::ExportRow&& row) {
  auto record = exporter::record_from_json(row.json);
  if (!record) return std::nullopt;
  ExportRecord e;
  e.id = exporter::record_id(record->url);
  e.record = std::move(*record);
  e.changed_at = row.changed_at;
  for (auto& l : row.links) {
    exporter::ExportLink& link = e.links.emplace_back();
    link.link = {std::move(l.url), std::move(l.text), std::move(l.section)};
    link.internal = l.internal;
    link.position = l.position;
    if (!l.verdict.empty())
      link.check = exporter::LinkCheck{std::move(l.verdict), std::move(l.link_class), l.http_status, l.checked_at};
  }
  return e;
}

}  // namespace

std::optional<ExportFormat> export_format_from_name(std::string_view name) {
  for (std::size_t i = 0; i < std::size(k_format_names); ++i)
    if (k_format_names[i] == name) return static_cast<ExportFormat>(i);
  return std::nullopt;
}

std::string_view export_format_name(ExportFormat format) {
  return k_format_names[static_cast<std::size_t>(format)];
}

std::string ExportSummary::summary() const {
  std::string s = std::to_string(records) + " records, " + std::to_string(links) + " links";
  if (unreadable) s += "; " + std::to_string(unreadable) + " unreadable stored records skipped";
  if (replaced_characters)
    s += "; " + std::to_string(replaced_characters) + " characters XML cannot carry replaced";
  return s;
}

ExportSummary export_records(const store::Store& store, const ExportOptions& options,
                             const std::function<void(std::size_t)>& progress, const std::atomic<bool>* stop) {
  std::size_t on_stdout = 0;
  for (const ExportTarget& t : options.targets) on_stdout += is_stdout(t.path) ? 1 : 0;
  if (on_stdout > 1) throw core::Error(core::ExitCode::usage, "only one export can go to stdout");

  std::vector<Output> outputs;
  for (const ExportTarget& t : options.targets) outputs.push_back(open_output(t));

  ExportSummary summary;
  {
    // Three kinds of thread: a reader takes the stored rows in the store's order, in numbered
    // batches; parsers (one per core) turn each batch's stored JSON into records; this thread
    // takes the parsed batches back in order and writes them. Parsing is most of an export's work.
    // Queues between them are bounded, so memory stays flat; batches make the threads wake each
    // other once per batch, not per record.
    constexpr std::size_t k_batch = 64;
    using Rows = std::pair<std::size_t, std::vector<store::Store::ExportRow>>;  // number, rows
    using Batch = std::vector<std::optional<ExportRecord>>;  // nullopt: an unreadable stored record
    struct Closed {};
    const unsigned parsers = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    core::BoundedQueue<Rows> rows(2 * parsers);
    core::InOrder<Batch> parsed(2 * parsers + 2);
    std::mutex error_mutex;
    std::exception_ptr read_error;
    auto fail = [&](std::exception_ptr e) {
      std::lock_guard lock(error_mutex);
      if (!read_error) read_error = e;
      rows.close();
      parsed.close();
    };
    std::vector<std::jthread> threads;
    threads.emplace_back([&] {
      try {
        std::size_t number = 0;
        std::vector<store::Store::ExportRow> batch;
        store.for_each_export_row(options.since, [&](store::Store::ExportRow&& row) {
          batch.push_back(std::move(row));
          if (batch.size() == k_batch && !rows.push({number++, std::exchange(batch, {})})) throw Closed{};
        });
        if (!batch.empty() && !rows.push({number++, std::move(batch)})) throw Closed{};
        parsed.finish(number);
      } catch (const Closed&) {  // the writing side stopped
      } catch (...) {
        fail(std::current_exception());
      }
      rows.close();
    });
    for (unsigned k = 0; k < parsers; ++k)
      threads.emplace_back([&] {
        try {
          while (std::optional<Rows> next = rows.pop()) {
            Batch batch;
            for (store::Store::ExportRow& row : next->second) batch.push_back(to_export_record(std::move(row)));
            if (!parsed.put(next->first, std::move(batch))) break;
          }
        } catch (...) {
          fail(std::current_exception());
        }
      });
    // However this scope is left, the other threads are released (closed) before they are joined.
    struct Release {
      core::BoundedQueue<Rows>& rows;
      core::InOrder<Batch>& parsed;
      ~Release() {
        rows.close();
        parsed.close();
      }
    } release{rows, parsed};

    while (std::optional<Batch> batch = parsed.take()) {
      for (const std::optional<ExportRecord>& record : *batch) {
        if (stop && stop->load()) {
          summary.interrupted = true;
          return summary;  // the outputs go away uncommitted: no file is renamed into place
        }
        if (!record) {
          ++summary.unreadable;
          continue;
        }
        for (Output& o : outputs) o.writer->write(*record);
        ++summary.records;
        summary.links += record->links.size();
        if (progress) progress(summary.records);
      }
    }
    for (std::jthread& t : threads) t.join();
    if (read_error) std::rethrow_exception(read_error);
  }
  store.for_each_link_health([&](store::Store::LinkHealthRow&& row) {
    exporter::LinkHealthRow out{std::move(row.health), row.first_seen_dead, row.last_seen_alive,
                                std::move(row.suggestion)};
    for (Output& o : outputs) o.writer->write_link_health(out);
  });
  for (Output& o : outputs) o.commit(summary);
  return summary;
}

}  // namespace salvage::pipeline
