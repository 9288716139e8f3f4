#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/extract_command.hpp"
#include "cli/links_command.hpp"
#include "core/error.hpp"

namespace salvage::cli {

namespace {

constexpr const char* k_version = "salvage 0.1.0";

void add_extract(CLI::App& app, ExtractOptions& o) {
  CLI::App* cmd = app.add_subcommand("extract", "Extract one JSON record per Q&A page (JSON Lines)");
  cmd->add_option("paths", o.paths, "Page files and folders (searched recursively)")->required();
  cmd->add_option("--url", o.url, "Page URL of a single file");
  cmd->add_option("--base-url", o.base_url, "URL that a folder's relative paths are resolved against");
  cmd->add_option("--profile", o.profile_path, "Site profile pinning fields to selectors (docs/profiles.md)");
  cmd->add_option("--charset", o.charset, "Charset the pages were served with (as an HTTP Content-Type would say)");
  cmd->add_option("-o,--output", o.output, "Write the records to FILE instead of stdout");
  cmd->add_option("-j,--jobs", o.jobs, "Worker threads (default: one per core)");
  cmd->add_flag("-q,--quiet", o.quiet, "No progress and no summary on stderr");
}

void add_links(CLI::App& app, LinksOptions& o) {
  CLI::App* cmd = app.add_subcommand("links", "List every hyperlink of a page, absolute, one per line");
  cmd->add_option("file", o.path, "The page file")->required();
  cmd->add_option("--url", o.url, "The page's URL (default: its file:// URL)");
  cmd->add_option("--charset", o.charset, "Charset the page was served with");
  cmd->add_option("-o,--output", o.output, "Write to FILE instead of stdout");
}

}  // namespace

int run(int argc, const char* const* argv) {
  CLI::App app{"salvage: rescue a legacy question-and-answer website into clean records"};
  app.set_version_flag("--version", k_version);
  app.require_subcommand(1);
  ExtractOptions extract_options;
  LinksOptions links_options;
  add_extract(app, extract_options);
  add_links(app, links_options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(core::ExitCode::usage);
  }
  try {
    if (app.got_subcommand("extract")) return run_extract(extract_options);
    if (app.got_subcommand("links")) return run_links(links_options);
  } catch (const core::Error& e) {
    std::cerr << "salvage: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "salvage: internal error: " << e.what() << "\n";
    return static_cast<int>(core::ExitCode::failure);
  }
  return static_cast<int>(core::ExitCode::usage);
}

}  // namespace salvage::cli
