#include "cli/progress.hpp"

#include <unistd.h>

namespace salvage::cli {

Progress::Progress(std::string label, bool enabled)
    : m_label(std::move(label)),
      m_enabled(enabled && isatty(fileno(stderr))),
      m_start(std::chrono::steady_clock::now()),
      m_last(m_start) {}

Progress::~Progress() { clear(); }

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

void Progress::update(std::size_t done, std::size_t total, const std::string& details) {
  if (!m_enabled) return;
  auto now = std::chrono::steady_clock::now();
  if (now - m_last < std::chrono::milliseconds(250) && done != total) return;
  m_last = now;
  double seconds = elapsed();
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
  std::fprintf(stderr, "\r\033[K%s: %zu/%zu pages, %.0f/s, ETA %.0fs  %s", m_label.c_str(), done, total,
               rate, eta, details.c_str());
  std::fflush(stderr);
  m_shown = true;
}

void Progress::message(const std::string& text) {
  clear();
  std::fprintf(stderr, "%s\n", text.c_str());
  std::fflush(stderr);
}

void Progress::clear() {
  if (!m_shown) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  m_shown = false;
}

}  // namespace salvage::cli
