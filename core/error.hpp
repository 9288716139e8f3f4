#pragma once
// Setup errors (bad arguments, unreadable profile, unwritable output) throw core::Error; main maps
// it to an exit code in one place. Per-item failures (a page that is not a Q&A page, an undecodable
// byte) are values, never exceptions.

#include <stdexcept>
#include <string>

namespace salvage::core {

// Process exit codes, documented in docs/cli.md.
enum class ExitCode : int {
  ok = 0,
  failure = 1,        // unexpected internal error
  usage = 2,          // bad command line
  input = 3,          // an input path or profile could not be read or parsed
  output = 4,         // an output could not be written
  partial = 5,        // finished, but some inputs could not be read (counted on stderr)
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
  ExitCode code() const noexcept { return m_code; }

 private:
  ExitCode m_code;
};

}  // namespace salvage::core
