#include "core/fetched_page.hpp"

#include <array>

#include "core/text.hpp"

namespace salvage::core {

namespace {

constexpr std::array<std::pair<FetchOutcome, std::string_view>, 12> k_names{{
    {FetchOutcome::fetched, "fetched"},       {FetchOutcome::not_modified, "not_modified"},
    {FetchOutcome::redirected, "redirected"}, {FetchOutcome::http_4xx, "http_4xx"},
    {FetchOutcome::http_5xx, "http_5xx"},     {FetchOutcome::timeout, "timeout"},
    {FetchOutcome::refused, "refused"},       {FetchOutcome::dns, "dns"},
    {FetchOutcome::robots_denied, "robots_denied"}, {FetchOutcome::too_large, "too_large"},
    {FetchOutcome::skipped, "skipped"},       {FetchOutcome::failed, "failed"},
}};

}  // namespace

std::string_view outcome_name(FetchOutcome outcome) {
  for (const auto& [o, name] : k_names)
    if (o == outcome) return name;
  return "failed";
}

std::optional<FetchOutcome> outcome_from_name(std::string_view name) {
  for (const auto& [o, n] : k_names)
    if (n == name) return o;
  return std::nullopt;
}

std::optional<std::string> header_value(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return std::nullopt;
}

}  // namespace salvage::core
