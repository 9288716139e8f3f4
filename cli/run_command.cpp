#include "cli/run_command.hpp"

#include <filesystem>
#include <iostream>

#include "cli/export_command.hpp"
#include "cli/progress.hpp"
#include "core/error.hpp"
#include "core/url.hpp"
#include "pipeline/export.hpp"

namespace salvage::cli {

namespace {

namespace fs = std::filesystem;

constexpr int k_interrupted = 130;

// The sources sorted by kind, in the order they are taken.
struct Sources {
  std::vector<std::string> imports;    // mirror folders, WARC/ARC files
  std::vector<std::string> url_lists;  // files of URLs
  std::vector<std::string> sitemaps;   // sitemap URLs
  std::vector<std::string> crawls;     // start URLs
};

Sources sort_sources(const std::vector<std::string>& sources) {
  Sources s;
  for (const std::string& source : sources) {
    std::string scheme = core::url_scheme(source);
    if (scheme == "http" || scheme == "https") {
      bool sitemap = source.ends_with(".xml") || source.ends_with(".xml.gz") ||
                     source.find("sitemap") != std::string::npos;
      (sitemap ? s.sitemaps : s.crawls).push_back(source);
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(source, ec)) {
      s.imports.push_back(source);
    } else if (fs::is_regular_file(source, ec)) {
      bool archive = source.ends_with(".warc") || source.ends_with(".warc.gz") || source.ends_with(".arc") ||
                     source.ends_with(".arc.gz");
      (archive ? s.imports : s.url_lists).push_back(source);
    } else {
      throw core::Error(core::ExitCode::input,
                        "source \"" + source + "\" is neither an http(s) URL nor an existing folder or file");
    }
  }
  return s;
}

struct Formats {
  std::vector<pipeline::ExportFormat> exports;
  bool report = false;
};

Formats parse_formats(const std::string& text) {
  Formats f;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string name = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (name == "report") {
      f.report = true;
    } else if (auto format = pipeline::export_format_from_name(name)) {
      f.exports.push_back(*format);
    } else if (!name.empty()) {
      throw core::Error(core::ExitCode::usage,
                        "--formats: \"" + name + "\" is not one of jsonl, json, xml, sqlite, csv, report");
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return f;
}

std::string file_name(pipeline::ExportFormat format) {
  return "records." + std::string(pipeline::export_format_name(format));
}

}  // namespace

int run_run(RunCommandOptions o) {
  if (o.sources.empty()) throw core::Error(core::ExitCode::usage, "run needs at least one source");
  if (o.out.empty()) throw core::Error(core::ExitCode::usage, "run needs --out DIR");
  Sources sources = sort_sources(o.sources);
  Formats formats = parse_formats(o.formats);
  std::error_code ec;
  fs::create_directories(o.out, ec);
  if (ec) throw core::Error(core::ExitCode::output, "cannot create " + o.out + ": " + ec.message());
  if (o.verbose) Progress::set_log_interval(2);
  const std::string db = (fs::path(o.out) / "salvage.db").string();
  bool quiet = o.quiet;
  auto say = [&](const std::string& line) {
    if (!quiet) std::cerr << line << "\n";
  };
  auto started = std::chrono::steady_clock::now();
  std::vector<std::string> summaries;
  int worst = 0;
  // Runs one stage; false when the run must stop (interrupted).
  auto stage = [&](const std::string& name, const auto& body) {
    if (o.verbose) say("salvage run: " + name);
    StageResult r = body();
    summaries.push_back(r.summary);
    if (r.code == k_interrupted) return false;
    if (r.code != 0 && worst == 0) worst = r.code;
    return true;
  };
  auto stopped = [&] {
    say("salvage run: interrupted; everything done so far is in " + db +
        "; run the same command again to continue");
    return k_interrupted;
  };

  // 1. Sources into the store.
  if (!sources.imports.empty()) {
    ImportCommandOptions import{db, sources.imports, o.base_url, quiet};
    if (!stage("import", [&] { return run_import(import); })) return stopped();
  }
  FetchCommandOptions fetch = o.fetch;
  fetch.db = db;
  fetch.quiet = quiet;
  fetch.extract = true;  // each page parsed once, for its links and its record
  fetch.profile_path = o.profile_path;
  for (const std::string& list : sources.url_lists) {
    FetchCommandOptions f = fetch;
    f.url_list = list;
    if (!stage("fetch " + list, [&] { return run_fetch(f); })) return stopped();
  }
  for (const std::string& sitemap : sources.sitemaps) {
    FetchCommandOptions f = fetch;
    f.sitemap = sitemap;
    if (!stage("fetch " + sitemap, [&] { return run_fetch(f); })) return stopped();
  }
  if (!sources.crawls.empty()) {
    // Given again after an interruption, the start URLs are known and the queue carries on.
    FetchCommandOptions f = fetch;
    f.urls = sources.crawls;
    if (!stage("crawl", [&] { return run_crawl(f); })) return stopped();
  }

  // 2. Records of the pages not extracted on the way (imported ones, a crawl stopped earlier).
  ExtractStoreCommandOptions extract{db, false, o.profile_path, "/dev/null", o.jobs, quiet};
  if (!stage("extract", [&] { return run_extract_store(extract); })) return stopped();

  // 3. Link health.
  if (!o.no_check) {
    CheckCommandOptions check = o.check;
    check.db = db;
    check.quiet = quiet;
    if (!stage("check", [&] { return run_check(check); })) return stopped();
  }

  // 4. Exports and the report.
  {
    pipeline::ExportOptions targets;
    for (pipeline::ExportFormat f : formats.exports)
      targets.targets.push_back({f, (fs::path(o.out) / file_name(f)).string(),
                                 f == pipeline::ExportFormat::csv ? (fs::path(o.out) / "links.csv").string() : ""});
    if (!targets.targets.empty()) {
      if (!stage("export", [&] { return export_store(db, targets, quiet); })) return stopped();
    }
    if (formats.report) {
      ReportCommandOptions report{db, "html", (fs::path(o.out) / "report.html").string(), false};
      stage("report", [&] {
        StageResult r = run_report(report);
        say(r.summary);
        return r;
      });
    }
  }

  if (!quiet) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "\nsalvage run: finished in " << static_cast<long>(seconds) << " s; everything is in "
              << fs::absolute(o.out).lexically_normal().string() << "\n";
    for (const std::string& s : summaries) std::cerr << "  " << s << "\n";
  }
  return worst;
}

}  // namespace salvage::cli
