#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/export_command.hpp"
#include "cli/extract_command.hpp"
#include "cli/links_command.hpp"
#include "cli/run_command.hpp"
#include "cli/store_commands.hpp"
#include "core/error.hpp"

namespace salvage::cli {

namespace {

constexpr const char* k_version = "salvage 0.1.0";

void add_extract(CLI::App& app, ExtractOptions& o, ExtractStoreCommandOptions& s) {
  CLI::App* cmd = app.add_subcommand("extract", "Extract one JSON record per Q&A page (JSON Lines)");
  cmd->add_option("paths", o.paths, "Page files and folders (searched recursively)");
  cmd->add_option("--db", s.db, "Extract the pages of this working store instead of files");
  cmd->add_flag("--force", s.force, "With --db: extract pages that were extracted before, too");
  cmd->add_option("--url", o.url, "Page URL of a single file");
  cmd->add_option("--base-url", o.base_url, "URL that a folder's relative paths are resolved against");
  cmd->add_option("--profile", o.profile_path, "Site profile pinning fields to selectors (docs/profiles.md)");
  cmd->add_option("--charset", o.charset, "Charset the pages were served with (as an HTTP Content-Type would say)");
  cmd->add_option("-o,--output", o.output, "Write the records to FILE instead of stdout");
  cmd->add_option("-j,--jobs", o.jobs, "Worker threads (default: one per core)");
  cmd->add_flag("-q,--quiet", o.quiet, "No progress and no summary on stderr");
}

// How pages are fetched: shared by crawl, fetch and run.
void add_fetch_options(CLI::App* cmd, FetchCommandOptions& o) {
  cmd->add_option("--concurrency", o.engine.concurrency, "Transfers in flight overall")->capture_default_str();
  cmd->add_option("--per-host", o.engine.per_host, "Connections per host")->capture_default_str();
  cmd->add_option("--delay", o.engine.delay_seconds, "Minimum seconds between requests to one host")
      ->capture_default_str();
  cmd->add_flag("--ignore-robots", o.ignore_robots, "Do not obey robots.txt (for a site you own)");
  cmd->add_option("--user-agent", o.engine.user_agent, "User-Agent header")->capture_default_str();
  cmd->add_option("--connect-to", o.engine.connect_to, "HOST:PORT:ADDR:PORT: send a host's requests elsewhere (curl's CONNECT_TO)");
  cmd->add_option("--timeout", o.engine.total_timeout, "Seconds per attempt")->capture_default_str();
  cmd->add_option("--connect-timeout", o.engine.connect_timeout, "Seconds to connect")->capture_default_str();
  cmd->add_option("--retries", o.engine.max_retries, "Further attempts on transient failures")->capture_default_str();
  cmd->add_option("--max-redirects", o.engine.max_redirects, "Redirects followed per URL")->capture_default_str();
  cmd->add_option("--max-body", o.max_body_mb, "Largest body in MB")->capture_default_str();
  cmd->add_option("--warc", o.warc, "Also write every fetch to this WARC file (gzip per record)");
}

// Which links a crawl follows: shared by crawl and run.
void add_scope_options(CLI::App* cmd, FetchCommandOptions& o) {
  cmd->add_option("--scope", o.scope_name, "Links followed: host, prefix or domain")->capture_default_str();
  cmd->add_option("--include", o.scope.include, "Follow only URLs matching this regular expression");
  cmd->add_option("--exclude", o.scope.exclude, "Never follow URLs matching this regular expression");
  cmd->add_option("--max-depth", o.scope.max_depth, "Link distance from a start URL (-1: unlimited)")
      ->capture_default_str();
  cmd->add_option("--max-pages", o.scope.max_pages, "Stop after this many fetches in this run (0: unlimited)")
      ->capture_default_str();
}

void add_engine_options(CLI::App* cmd, FetchCommandOptions& o) {
  cmd->add_option("--db", o.db, "The working store (created when missing)")->capture_default_str();
  add_fetch_options(cmd, o);
  cmd->add_flag("--refresh", o.refresh, "Fetch stored pages again, conditionally (ETag / Last-Modified)");
  cmd->add_flag("-q,--quiet", o.quiet, "No progress and no summary on stderr");
}

void add_crawl(CLI::App& app, FetchCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand("crawl", "Crawl a live site into the working store, breadth-first");
  cmd->add_option("urls", o.urls, "Start URLs")->required();
  add_scope_options(cmd, o);
  add_engine_options(cmd, o);
}

void add_fetch(CLI::App& app, FetchCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand("fetch", "Fetch listed pages (a URL list or a sitemap) into the working store");
  auto* urls = cmd->add_option("--urls", o.url_list, "A file of URLs, one per line (- for stdin)");
  auto* sitemap = cmd->add_option("--sitemap", o.sitemap, "A sitemap or sitemap index URL (.xml or .xml.gz)");
  urls->excludes(sitemap);
  add_engine_options(cmd, o);
}

void add_import(CLI::App& app, ImportCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand("import", "Import mirror folders and WARC/ARC files into the working store");
  cmd->add_option("paths", o.paths, "Mirror folders (wget -m, HTTrack, plain) and .warc/.arc files, gzipped or not")
      ->required();
  cmd->add_option("--db", o.db, "The working store (created when missing)")->capture_default_str();
  cmd->add_option("--base-url", o.base_url, "URL that a plain mirror folder's relative paths are resolved against");
  cmd->add_flag("-q,--quiet", o.quiet, "No progress and no summary on stderr");
}

void add_check(CLI::App& app, CheckCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand("check", "Check every outbound link of the stored records and store verdicts");
  cmd->add_option("--db", o.db, "The working store")->capture_default_str();
  cmd->add_flag("--internal", o.internal, "Check links to the site's own pages too");
  cmd->add_option("--max-age", o.max_age, "Re-check URLs checked longer ago than this (90m, 12h, 7d)")
      ->capture_default_str();
  cmd->add_flag("--recheck", o.recheck, "Re-check every URL");
  cmd->add_option("--exclude", o.exclude, "Never check URLs matching this regular expression");
  cmd->add_option("--accept", o.accept, "HTTP statuses that count as ok for this site (403,999)");
  cmd->add_option("--timeout", o.engine.total_timeout, "Seconds per attempt")->capture_default_str();
  cmd->add_option("--concurrency", o.engine.concurrency, "Requests in flight overall")->capture_default_str();
  cmd->add_option("--per-host", o.engine.per_host, "Connections per host")->capture_default_str();
  cmd->add_option("--delay", o.engine.delay_seconds, "Minimum seconds between requests to one host")
      ->capture_default_str();
  cmd->add_option("--retries", o.engine.max_retries, "Further attempts on transient failures")->capture_default_str();
  cmd->add_option("--user-agent", o.engine.user_agent, "User-Agent header")->capture_default_str();
  cmd->add_option("--connect-to", o.engine.connect_to, "HOST:PORT:ADDR:PORT: send a host's requests elsewhere (curl's CONNECT_TO)");
  cmd->add_flag("--suggest", o.suggest, "Ask a Wayback availability endpoint for replacements of dead links");
  cmd->add_option("--wayback-url", o.wayback_url, "The availability endpoint")->capture_default_str();
  cmd->add_flag("-q,--quiet", o.quiet, "No progress and no summary on stderr");
}

void add_report(CLI::App& app, ReportCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand("report", "Write the link-health report (html, csv or json)");
  cmd->add_option("--db", o.db, "The working store")->capture_default_str();
  cmd->add_option("--format", o.format, "html, csv or json")->capture_default_str();
  cmd->add_option("-o,--output", o.output, "Write to FILE instead of stdout");
  cmd->add_flag("--internal", o.internal, "Include links to the site's own pages");
}

void add_export(CLI::App& app, ExportCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand("export", "Export the records (sqlite, json, jsonl, xml or csv) for other systems");
  cmd->add_option("--db", o.db, "The working store")->capture_default_str();
  cmd->add_option("--format", o.format, "sqlite, json, jsonl, xml or csv")->capture_default_str();
  cmd->add_option("-o,--output", o.output, "The file to write (- for stdout; required for sqlite and csv)");
  cmd->add_option("--links-output", o.links_output, "csv: the links file (default: links.csv next to -o)");
  cmd->add_option("--since", o.since, "Only records changed since this time (Unix seconds or ISO UTC)");
  cmd->add_flag("-q,--quiet", o.quiet, "No progress and no summary on stderr");
}

void add_run(CLI::App& app, RunCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand("run", "The whole job: fetch or import, extract, check links, export, report");
  cmd->add_option("sources", o.sources,
                  "Start URLs to crawl, sitemap URLs, mirror folders, WARC/ARC files, files of URLs")
      ->required();
  cmd->add_option("--out", o.out, "Folder for the store, the exports and the report (resumable)")->required();
  cmd->add_option("--formats", o.formats, "Outputs: jsonl, json, xml, sqlite, csv, report")->capture_default_str();
  cmd->add_flag("--no-check", o.no_check, "Skip the link check");
  cmd->add_flag("-q,--quiet", o.quiet, "No progress and no summary on stderr");
  cmd->add_flag("-v,--verbose", o.verbose, "Name each stage as it starts; progress lines every 2 s in logs");
  // Fetching and importing.
  add_scope_options(cmd, o.fetch);
  add_fetch_options(cmd, o.fetch);
  cmd->add_option("--base-url", o.base_url, "URL that a plain mirror folder's relative paths are resolved against");
  // Extraction.
  cmd->add_option("--profile", o.profile_path, "Site profile pinning fields to selectors (docs/profiles.md)");
  cmd->add_option("-j,--jobs", o.jobs, "Extraction worker threads (default: one per core)");
  // Link check.
  CheckCommandOptions& c = o.check;
  cmd->add_option("--check-timeout", c.engine.total_timeout, "Seconds per link-check attempt")->capture_default_str();
  cmd->add_option("--check-delay", c.engine.delay_seconds, "Minimum seconds between link checks to one host")
      ->capture_default_str();
  cmd->add_option("--max-age", c.max_age, "Re-check URLs checked longer ago than this (90m, 12h, 7d)")->capture_default_str();
  cmd->add_flag("--recheck", c.recheck, "Re-check every link URL");
  cmd->add_option("--check-exclude", c.exclude, "Never check link URLs matching this regular expression");
  cmd->add_option("--accept", c.accept, "HTTP statuses that count as ok for this site (403,999)");
  cmd->add_flag("--suggest", c.suggest, "Ask a Wayback availability endpoint for replacements of dead links");
  cmd->add_option("--wayback-url", c.wayback_url, "The availability endpoint")->capture_default_str();
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
  ExtractStoreCommandOptions extract_store_options;
  FetchCommandOptions crawl_options, fetch_options;
  ImportCommandOptions import_options;
  LinksOptions links_options;
  CheckCommandOptions check_options;
  ReportCommandOptions report_options;
  ExportCommandOptions export_options;
  RunCommandOptions run_options;
  // Link checks touch each host rarely: be brisk but polite, and do not let one hanging or
  // rate-limiting URL hold a whole host back (a verdict of unverifiable is the honest answer).
  check_options.engine.delay_seconds = 0.5;
  check_options.engine.total_timeout = 20;
  check_options.engine.max_retries = 1;
  check_options.engine.retry_after_cap = 10;
  run_options.check.engine = check_options.engine;
  app.set_config("--config", "", "Read options from this file (CLI11 INI/TOML: a [run] section for run)");
  add_run(app, run_options);
  add_extract(app, extract_options, extract_store_options);
  add_check(app, check_options);
  add_report(app, report_options);
  add_export(app, export_options);
  add_crawl(app, crawl_options);
  add_fetch(app, fetch_options);
  add_import(app, import_options);
  add_links(app, links_options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(core::ExitCode::usage);
  }
  try {
    if (app.got_subcommand("extract")) {
      if (!extract_store_options.db.empty()) {
        if (!extract_options.paths.empty())
          throw core::Error(core::ExitCode::usage, "extract takes page files or --db, not both");
        extract_store_options.output = extract_options.output;
        extract_store_options.jobs = extract_options.jobs;
        extract_store_options.quiet = extract_options.quiet;
        extract_store_options.profile_path = extract_options.profile_path;
        return run_extract_store(extract_store_options).code;
      }
      if (extract_options.paths.empty())
        throw core::Error(core::ExitCode::usage, "extract needs page files and folders, or --db FILE");
      return run_extract(extract_options);
    }
    if (app.got_subcommand("crawl")) return run_crawl(crawl_options).code;
    if (app.got_subcommand("fetch")) return run_fetch(fetch_options).code;
    if (app.got_subcommand("import")) return run_import(import_options).code;
    if (app.got_subcommand("check")) return run_check(check_options).code;
    if (app.got_subcommand("report")) return run_report(report_options).code;
    if (app.got_subcommand("export")) return run_export(export_options);
    if (app.got_subcommand("run")) {
      // The link check goes to the same hosts, as the same client, as the crawl.
      run_options.check.engine.connect_to = run_options.fetch.engine.connect_to;
      run_options.check.engine.user_agent = run_options.fetch.engine.user_agent;
      run_options.check.engine.concurrency = run_options.fetch.engine.concurrency;
      return run_run(std::move(run_options));
    }
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
