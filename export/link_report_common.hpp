#pragma once
// Helpers shared by the three link-report writers (JSON, CSV, HTML); not part of the contract.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/link_health.hpp"
#include "export/link_report.hpp"

namespace salvage::exporter::report {

inline constexpr std::size_t k_class_count = 18;  // core::LinkClass values, 0 .. 17
inline constexpr std::size_t k_verdict_count = 3;  // core::LinkVerdict values, 0 .. 2

constexpr core::LinkClass class_at(std::size_t i) { return static_cast<core::LinkClass>(i); }
constexpr core::LinkVerdict verdict_at(std::size_t i) { return static_cast<core::LinkVerdict>(i); }

// "alive", "dead", "unverifiable", or "unchecked" for a link not checked yet.
std::string_view verdict_label(const ReportLink& link);
// The class name, or "" for a link not checked yet.
std::string_view class_label(const ReportLink& link);

// "2024-05-01T12:00:00Z" for a Unix time; "" for 0 (never checked).
std::string iso8601_utc(std::int64_t unix_seconds);

}  // namespace salvage::exporter::report
