// The page date: line_date, has_date_label and find_page_date of head_fields.hpp.
#include <array>

#include "core/text.hpp"
#include "extract/head_fields.hpp"
#include "extract/profile.hpp"
#include "extract/sections.hpp"

namespace salvage::extract {

namespace {

constexpr std::string_view k_member_labels[] = {
    "joined", "member since", "registered", "last visit", "last login", "birthday"};

bool is_member_line(std::string_view text) {
  for (auto label : k_member_labels)
    if (core::istarts_with(text, label)) return true;
  return false;
}

bool has_digit(std::string_view s) {
  for (char c : s)
    if (c >= '0' && c <= '9') return true;
  return false;
}

// A form's label cell over its value cell: "Date responded:" / "Thursday, June 10, 2004".
std::optional<DateMatch> label_cell_date(const std::vector<Line>& lines, std::size_t label) {
  std::string_view text = core::trim(lines[label].text);
  if (label + 1 >= lines.size() || !has_date_label(text) || !strip_date_label(text).empty()) return std::nullopt;
  auto d = line_date(lines[label + 1].text);
  if (d && d->strength == DateStrength::strong) return d;
  return std::nullopt;
}

}  // namespace

bool has_date_label(std::string_view line_text) {
  return strip_date_label(line_text).size() != line_text.size();
}

std::optional<DateMatch> line_date(std::string_view text) {
  if (!has_digit(text) || text.size() > 300 || is_member_line(text)) return std::nullopt;
  std::string_view rest = strip_date_label(core::trim(text));
  std::size_t label_length = text.size() - rest.size();
  auto date = find_date(rest);
  if (!date) return std::nullopt;
  // "1/2 cup" in a sentence is no date; "9/23" alone on its line is.
  if (date->strength == DateStrength::weak && date->length + 4 < core::trim(rest).size())
    return std::nullopt;
  date->offset += label_length;
  return date;
}

std::optional<DateMatch> find_page_date(const std::vector<Line>& lines, std::size_t head_end,
                                        const Node* body, const Profile* profile) {
  if (profile && profile->date) {
    if (const Node* e = profile->date->select_first(body)) {
      std::string text = text_content(e);
      if (auto d = find_date(strip_date_label(text))) return d;
    }
    return std::nullopt;  // pinned: no guessing when the template's element is missing
  }
  // A reply page dates its question on the "In Reply to: ... posted by Jason on <date>" line.
  for (std::size_t i = 0; i < head_end && i < lines.size(); ++i)
    if (core::istarts_with(lines[i].text, "in reply to"))
      if (auto d = find_date(lines[i].text); d && d->strength == DateStrength::strong) return d;
  std::optional<DateMatch> nearest;
  for (std::size_t i = 0; i < head_end && i < lines.size(); ++i) {
    if (is_chrome_line(lines[i])) continue;
    if (auto d = label_cell_date(lines, i)) return d;
    auto d = line_date(lines[i].text);
    if (!d) continue;
    if (has_date_label(lines[i].text)) return d;
    nearest = d;
  }
  if (nearest) return nearest;
  // Below the head: a labelled date ("Posted: ...") or a byline's ("Asked by Priya on ...").
  for (std::size_t i = head_end; i < lines.size(); ++i) {
    std::string_view text = lines[i].text;
    bool byline = false;
    for (std::string_view by : {"asked by ", "submitted by ", "posted by ", "question from ", "answered by ",
                                "answer by "})
      byline = byline || core::istarts_with(text, by);
    if (!(has_date_label(text) || byline) || is_chrome_line(lines[i])) continue;
    if (auto d = byline ? find_date(text) : line_date(text); d && d->strength == DateStrength::strong) return d;
    if (auto d = byline ? std::nullopt : label_cell_date(lines, i)) return d;
  }
  return std::nullopt;
}

}  // namespace salvage::extract
