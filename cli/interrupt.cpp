#include "cli/interrupt.hpp"

#include <csignal>
#include <unistd.h>

namespace salvage::cli {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int signal) {
  if (g_stop.exchange(true)) _exit(128 + signal);
  static const char k_message[] = "\nsalvage: stopping after the current batch (again to quit now)\n";
  (void)!write(STDERR_FILENO, k_message, sizeof k_message - 1);
}

}  // namespace

const std::atomic<bool>* install_interrupt_handler() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  return &g_stop;
}

bool interrupted() { return g_stop.load(); }

}  // namespace salvage::cli
