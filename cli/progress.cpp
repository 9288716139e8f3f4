#include "cli/progress.hpp"

#include <unistd.h>

namespace salvage::cli {

namespace {
double g_log_interval = 10;
}

void Progress::set_log_interval(double seconds) { g_log_interval = seconds; }

Progress::Progress(std::string label, bool enabled, std::string unit)
    : m_label(std::move(label)),
      m_unit(std::move(unit)),
      m_enabled(enabled),
      m_terminal(isatty(fileno(stderr)) != 0),
      m_start(std::chrono::steady_clock::now()),
      m_last(m_start) {}

Progress::~Progress() { clear(); }

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

void Progress::update(std::size_t done, std::size_t total, const std::string& details) {
  if (!m_enabled) return;
  auto now = std::chrono::steady_clock::now();
  auto every = m_terminal ? std::chrono::duration<double>(0.25) : std::chrono::duration<double>(g_log_interval);
  if (now - m_last < every && (done != total || !m_terminal)) return;
  m_last = now;
  double seconds = elapsed();
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  double eta = rate > 0 && total > done ? static_cast<double>(total - done) / rate : 0;
  std::fprintf(stderr, "%s%s: %zu/%zu %s, %.0f/s, ETA %.0fs  %s%s", m_terminal ? "\r\033[K" : "", m_label.c_str(),
               done, total, m_unit.c_str(), rate, eta, details.c_str(), m_terminal ? "" : "\n");
  std::fflush(stderr);
  m_shown = m_terminal;
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
