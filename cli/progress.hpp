#pragma once
// Progress of a long run on stderr: on a terminal, one line redrawn in place at most four times a
// second; otherwise (a log file), a plain line every `log_every` seconds (10 by default), so a
// 500,000-page batch shows its pace in its log. Each shows done/total, the rate and an ETA.

#include <chrono>
#include <cstdio>
#include <string>

namespace salvage::cli {

class Progress {
 public:
  Progress(std::string label, bool enabled, std::string unit = "pages");
  ~Progress();  // clears the line if one is shown
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Shows "label: <done>/<total> <unit> (<rate>/s) <details>" when enough time has passed.
  void update(std::size_t done, std::size_t total, const std::string& details);
  // Prints a line of its own on stderr (an error, the summary), clearing the progress line first.
  void message(const std::string& text);
  // Seconds since construction.
  double elapsed() const;
  // Seconds between plain progress lines when stderr is not a terminal, for every Progress made
  // after the call (--verbose makes it shorter).
  static void set_log_interval(double seconds);

 private:
  void clear();
  std::string m_label;
  std::string m_unit;
  bool m_enabled;
  bool m_terminal;
  bool m_shown = false;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last;
};

}  // namespace salvage::cli
