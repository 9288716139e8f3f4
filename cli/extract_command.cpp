#include "cli/extract_command.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "pipeline/extract_page.hpp"
#include "cli/inputs.hpp"
#include "core/output_file.hpp"
#include "cli/progress.hpp"
#include "core/error.hpp"
#include "export/record_json.hpp"
#include "extract/profile.hpp"
#include "fetch/charset.hpp"

namespace salvage::cli {

namespace {

constexpr std::size_t k_max_page_bytes = 64u << 20;  // larger files are not web pages
constexpr std::size_t k_window = 1024;               // pages in flight between workers and writer

enum class Outcome { record, not_qa, unreadable };

struct Slot {
  bool ready = false;
  Outcome outcome = Outcome::not_qa;
  std::string json;     // the record's line
  std::string problem;  // why a page was unreadable
};

std::optional<std::string> read_file(const std::filesystem::path& path, std::string& problem) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    problem = ec.message();
    return std::nullopt;
  }
  if (size > k_max_page_bytes) {
    problem = "larger than 64 MiB, not read";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = "cannot open";
    return std::nullopt;
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

// Workers extract pages in any order; the writer emits them in input order, so the output is
// the same for any number of threads. At most k_window pages wait between the two.
class OrderedRun {
 public:
  OrderedRun(const std::vector<InputPage>& pages, const ExtractOptions& options,
             const extract::Profile* profile)
      : m_pages(pages), m_options(options), m_profile(profile), m_slots(k_window) {}

  void work() {
    for (;;) {
      std::size_t index = m_next.fetch_add(1);
      if (index >= m_pages.size()) return;
      {
        std::unique_lock lock(m_mutex);
        m_space.wait(lock, [&] { return index < m_written + k_window; });
      }
      Slot slot = process(m_pages[index]);
      slot.ready = true;
      {
        std::lock_guard lock(m_mutex);
        m_slots[index % k_window] = std::move(slot);
      }
      m_filled.notify_all();
    }
  }

  // Called by the writer for index m_written; blocks until that page is done.
  Slot take() {
    std::unique_lock lock(m_mutex);
    Slot& slot = m_slots[m_written % k_window];
    m_filled.wait(lock, [&] { return slot.ready; });
    Slot out = std::move(slot);
    slot = Slot{};
    ++m_written;
    lock.unlock();
    m_space.notify_all();
    return out;
  }

 private:
  Slot process(const InputPage& page) {
    Slot slot;
    auto bytes = read_file(page.path, slot.problem);
    if (!bytes) {
      slot.outcome = Outcome::unreadable;
      return slot;
    }
    auto record = pipeline::extract_page(*bytes, page.url, m_options.charset, m_profile);
    if (!record) return slot;
    slot.outcome = Outcome::record;
    slot.json = exporter::record_to_json_line(*record);
    return slot;
  }

  const std::vector<InputPage>& m_pages;
  const ExtractOptions& m_options;
  const extract::Profile* m_profile;
  std::vector<Slot> m_slots;
  std::atomic<std::size_t> m_next{0};
  std::size_t m_written = 0;
  std::mutex m_mutex;
  std::condition_variable m_filled, m_space;
};

}  // namespace

int run_extract(const ExtractOptions& options) {
  if (!options.charset.empty() && !fetch::canonical_encoding(options.charset))
    throw core::Error(core::ExitCode::usage, "--charset: unknown encoding \"" + options.charset + "\"");
  std::optional<extract::Profile> profile;
  if (!options.profile_path.empty()) profile = extract::load_profile(options.profile_path);

  std::vector<std::string> problems;
  std::vector<InputPage> pages = gather_inputs(options.paths, {options.url, options.base_url}, problems);
  for (const auto& p : problems) std::cerr << "salvage extract: " << p << "\n";

  core::OutputFile out(options.output);
  OrderedRun run(pages, options, profile ? &*profile : nullptr);
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::jthread> workers;
  for (unsigned i = 0; i < std::min<std::size_t>(jobs, std::max<std::size_t>(pages.size(), 1)); ++i)
    workers.emplace_back([&run] { run.work(); });

  Progress progress("extract", !options.quiet);
  std::size_t records = 0, not_qa = 0, unreadable = 0;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    Slot slot = run.take();
    switch (slot.outcome) {
      case Outcome::record:
        out.write_line(slot.json);
        ++records;
        break;
      case Outcome::not_qa:
        ++not_qa;
        break;
      case Outcome::unreadable:
        ++unreadable;
        progress.message("salvage extract: " + pages[i].path.string() + ": " + slot.problem);
        break;
    }
    progress.update(i + 1, pages.size(),
                    std::to_string(records) + " records, " + std::to_string(not_qa) + " not Q&A");
  }
  workers.clear();
  out.commit();
  double seconds = progress.elapsed();
  if (!options.quiet) {
    char summary[256];
    std::snprintf(summary, sizeof summary,
                  "salvage extract: %zu pages: %zu records, %zu not Q&A pages, %zu unreadable; %.1f s (%.0f pages/s)",
                  pages.size(), records, not_qa, unreadable, seconds,
                  seconds > 0 ? static_cast<double>(pages.size()) / seconds : 0.0);
    progress.message(summary + (options.output.empty() ? std::string() : " -> " + options.output));
  }
  if (unreadable > 0 || !problems.empty()) return static_cast<int>(core::ExitCode::partial);
  return 0;
}

}  // namespace salvage::cli
