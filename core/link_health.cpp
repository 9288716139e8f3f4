#include "core/link_health.hpp"

#include <array>
#include <utility>

namespace salvage::core {

namespace {

constexpr std::array<std::pair<LinkClass, std::string_view>, 18> k_classes{{
    {LinkClass::ok, "ok"},
    {LinkClass::redirected, "redirected"},
    {LinkClass::not_found, "not_found"},
    {LinkClass::gone, "gone"},
    {LinkClass::client_error, "client_error"},
    {LinkClass::blocked, "blocked"},
    {LinkClass::rate_limited, "rate_limited"},
    {LinkClass::server_error, "server_error"},
    {LinkClass::timeout, "timeout"},
    {LinkClass::dns_failure, "dns_failure"},
    {LinkClass::connection_refused, "connection_refused"},
    {LinkClass::tls_error, "tls_error"},
    {LinkClass::redirect_loop, "redirect_loop"},
    {LinkClass::too_many_redirects, "too_many_redirects"},
    {LinkClass::redirect_to_dead, "redirect_to_dead"},
    {LinkClass::soft_404, "soft_404"},
    {LinkClass::invalid_url, "invalid_url"},
    {LinkClass::unsupported_scheme, "unsupported_scheme"},
}};

}  // namespace

std::string_view link_class_name(LinkClass c) {
  for (const auto& [k, name] : k_classes)
    if (k == c) return name;
  return "invalid_url";
}

std::optional<LinkClass> link_class_from_name(std::string_view name) {
  for (const auto& [k, n] : k_classes)
    if (n == name) return k;
  return std::nullopt;
}

std::string_view verdict_name(LinkVerdict v) {
  switch (v) {
    case LinkVerdict::alive: return "alive";
    case LinkVerdict::dead: return "dead";
    case LinkVerdict::unverifiable: return "unverifiable";
  }
  return "unverifiable";
}

LinkVerdict verdict_of(LinkClass c) {
  switch (c) {
    case LinkClass::ok:
    case LinkClass::redirected:
      return LinkVerdict::alive;
    case LinkClass::blocked:
    case LinkClass::rate_limited:
    case LinkClass::timeout:
    case LinkClass::tls_error:
    case LinkClass::unsupported_scheme:
      return LinkVerdict::unverifiable;
    default:
      return LinkVerdict::dead;
  }
}

}  // namespace salvage::core
