#include "export/export_record.hpp"

#include <ctime>

#include "core/sha256.hpp"

namespace salvage::exporter {

std::string record_id(std::string_view canonical_url) {
  return core::sha256_hex(canonical_url).substr(0, 16);
}

std::string utc_timestamp(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace salvage::exporter
