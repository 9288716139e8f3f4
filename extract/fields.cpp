#include "extract/fields.hpp"

#include "core/text.hpp"
#include "extract/layout.hpp"
#include "extract/section_labels.hpp"

namespace salvage::extract {

namespace {

// The names of fields that Q&A templates print beside the text.
constexpr std::string_view k_field_names[] = {
    "subject", "title", "topic", "expert", "date", "category", "question", "answer", "rating",
    "from", "name", "location", "posted", "views", "replies", "author", "asked by", "answered by",
    "submitted by", "responded by", "date submitted", "date responded", "date created", "created"};

std::string_view without_colon(std::string_view text) {
  text = core::trim(text);
  if (text.ends_with(':')) text = core::trim(text.substr(0, text.size() - 1));
  return text;
}

bool names_one_of(std::string_view text, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names)
    if (core::iequals(text, n)) return true;
  return false;
}

}  // namespace

bool is_field_name(std::string_view text) {
  std::string_view name = without_colon(text);
  for (std::string_view n : k_field_names)
    if (core::iequals(name, n)) return true;
  return false;
}

std::optional<std::string> field_value(const std::vector<Line>& lines, std::size_t end,
                                       std::initializer_list<std::string_view> names) {
  constexpr int k_max_value_words = 15;
  for (std::size_t i = 0; i < end && i < lines.size(); ++i) {
    std::string_view text = lines[i].text;
    std::size_t colon = text.find(':');
    if (colon != std::string_view::npos && colon + 1 < text.size() &&
        names_one_of(core::trim(text.substr(0, colon)), names)) {
      std::string_view value = core::trim(text.substr(colon + 1));
      if (!value.empty() && core::word_count(value) <= k_max_value_words) return std::string(value);
      continue;
    }
    if (!names_one_of(without_colon(text), names) || i + 1 >= lines.size()) continue;
    const Line& next = lines[i + 1];
    if (!is_field_name(next.text) && core::word_count(next.text) <= k_max_value_words) return next.text;
  }
  return std::nullopt;
}

std::string_view without_leading_dash(std::string_view text) {
  text = core::trim(text);
  for (std::string_view dash : {"\xE2\x80\x94", "\xE2\x80\x93", "--", "-"})  // em dash, en dash
    if (text.starts_with(dash)) return core::trim(text.substr(dash.size()));
  return text;
}

std::optional<std::string> meta_line_name(const std::vector<Line>& lines, std::size_t end,
                                          std::initializer_list<std::string_view> openers) {
  constexpr int k_max_words = 30;
  for (std::size_t i = 0; i < end && i < lines.size(); ++i) {
    std::string_view text = lines[i].text;
    if (core::word_count(text) > k_max_words) continue;
    for (std::size_t start = 0; start < text.size();) {
      std::size_t cut = text.size(), next = text.size();
      for (std::string_view joint : {" \xC2\xB7 ", " | ", " \xE2\x80\x94 "})
        if (std::size_t at = text.find(joint, start); at != std::string_view::npos && at < cut)
          cut = at, next = at + joint.size();
      std::string_view part = without_leading_dash(text.substr(start, cut - start));
      for (std::string_view opener : openers)
        if (part.size() > opener.size() && core::istarts_with(part, opener))
          if (auto name = byline_name(part.substr(opener.size()))) return name;
      start = next;
    }
  }
  return std::nullopt;
}

}  // namespace salvage::extract
