#include "export/link_report_common.hpp"

#include <chrono>
#include <cstdio>

namespace salvage::exporter {

namespace report {

// The arrays in ReportSummary and the loops over classes rely on the enums being dense.
static_assert(static_cast<std::size_t>(core::LinkClass::unsupported_scheme) + 1 == k_class_count);
static_assert(static_cast<std::size_t>(core::LinkVerdict::unverifiable) + 1 == k_verdict_count);
static_assert(std::tuple_size_v<decltype(ReportSummary::by_class)> == k_class_count);
static_assert(std::tuple_size_v<decltype(ReportSummary::by_verdict)> == k_verdict_count);

std::string_view verdict_label(const ReportLink& link) {
  return link.checked ? core::verdict_name(link.health.verdict()) : std::string_view("unchecked");
}

std::string_view class_label(const ReportLink& link) {
  return link.checked ? core::link_class_name(link.health.link_class) : std::string_view();
}

std::string iso8601_utc(std::int64_t unix_seconds) {
  if (unix_seconds == 0) return {};
  using namespace std::chrono;
  const sys_seconds t{seconds{unix_seconds}};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{t - day};
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buffer;
}

}  // namespace report

ReportSummary summarize_report(const std::vector<ReportLink>& links) {
  ReportSummary summary;
  summary.links = links.size();
  for (const ReportLink& link : links) {
    if (!link.checked) {
      ++summary.unchecked;
      continue;
    }
    const auto c = static_cast<std::size_t>(link.health.link_class);
    if (c >= report::k_class_count) continue;  // not a LinkClass value: never produced, not counted
    ++summary.by_verdict[static_cast<std::size_t>(link.health.verdict())];
    ++summary.by_class[c];
  }
  return summary;
}

}  // namespace salvage::exporter
