#pragma once
// A progress line for long runs: redrawn in place on a terminal at most a few times a second,
// silent when stderr is not a terminal (logs get the summary line only).

#include <chrono>
#include <cstdio>
#include <string>

namespace salvage::cli {

class Progress {
 public:
  Progress(std::string label, bool enabled);
  ~Progress();  // clears the line if one is shown
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Shows "label: <done>/<total> <unit> (<rate>/s) <details>" when enough time has passed.
  void update(std::size_t done, std::size_t total, const std::string& details);
  // Prints a line of its own on stderr (an error, the summary), clearing the progress line first.
  void message(const std::string& text);
  // Seconds since construction.
  double elapsed() const;

 private:
  void clear();
  std::string m_label;
  bool m_enabled;
  bool m_shown = false;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last;
};

}  // namespace salvage::cli
