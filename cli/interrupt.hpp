#pragma once
// Ctrl-C and SIGTERM during a long run: the first one asks the run to stop after its current
// batch is committed (the same command resumes it); the second one exits at once (the store
// stays consistent: it only loses the uncommitted batch).

#include <atomic>

namespace salvage::cli {

// Installs the handlers and returns the flag they set. Call once per command.
const std::atomic<bool>* install_interrupt_handler();
bool interrupted();

}  // namespace salvage::cli
