#pragma once
// The command line: builds the CLI11 command tree, runs one subcommand, and maps every error to
// the exit codes of docs/cli.md. main() only forwards here, so all of it is testable in-process.

namespace salvage::cli {

int run(int argc, const char* const* argv);

}  // namespace salvage::cli
