#pragma once
// Site profiles: a small text file that pins the fields of a known template to selectors.
// The format is documented in docs/profiles.md:
//
//   # comment
//   name       = bone-health-classic
//   breadcrumb = td.crumbs            # one element: split at separators; several: one item each
//   title      = h2.qtitle
//   date       = span.posted
//   question   = h3:text(Question) + div
//   answer     = h3:text(Answer) + div
//   exclude    = div.ad, script       # removed before anything else is looked at
//
// Any field left out is found by the default heuristics. Unknown keys are errors (typos must not
// silently fall back to heuristics).

#include <optional>
#include <string>
#include <string_view>

#include "extract/selector.hpp"

namespace salvage::extract {

struct Profile {
  std::string name;
  std::optional<Selector> breadcrumb;
  std::optional<Selector> title;
  std::optional<Selector> date;
  std::optional<Selector> question;
  std::optional<Selector> answer;
  std::optional<Selector> exclude;
};

// Parses profile text. Throws core::Error(ExitCode::input) naming `source` and the line.
Profile parse_profile(std::string_view text, std::string_view source = "profile");

// Reads and parses a profile file. Throws core::Error(ExitCode::input) when unreadable or invalid.
Profile load_profile(const std::string& path);

}  // namespace salvage::extract
