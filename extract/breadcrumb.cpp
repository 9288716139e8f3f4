// The breadcrumb trail: find_breadcrumb and split_trail of head_fields.hpp.
#include <array>

#include "core/text.hpp"
#include "extract/head_fields.hpp"
#include "extract/profile.hpp"
#include "extract/section_labels.hpp"

namespace salvage::extract {

namespace {

// Most specific first, so that "->" is not read as ">".
constexpr std::string_view k_separators[] = {
    "\xC2\xBB", "\xE2\x80\xBA", "\xE2\x86\x92", "->", ">>", "::", ">", "\xE2\x80\xA2"};

constexpr std::string_view k_prefixes[] = {
    "you are here:", "you are here", "you are in:", "location:", "path:", "navigation:", "home page:"};

std::string_view strip_prefix(std::string_view item) {
  for (auto p : k_prefixes)
    if (core::istarts_with(item, p)) return core::trim(item.substr(p.size()));
  return item;
}

std::vector<std::string> split_on(std::string_view text, std::string_view sep) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (true) {
    std::size_t at = text.find(sep, start);
    std::string_view item = core::trim(text.substr(start, at == std::string_view::npos ? text.npos : at - start));
    if (items.empty()) item = strip_prefix(item);
    if (!item.empty()) items.emplace_back(item);
    if (at == std::string_view::npos) break;
    start = at + sep.size();
  }
  return items;
}

bool is_separator(std::string_view s) {
  for (auto sep : k_separators)
    if (s == sep) return true;
  return s == "|" || s == "/";
}

// An item as a trail element writes it, without the separator drawn in its own text:
// "<li>Home /</li>", "<li>» Posture</li>".
std::string_view without_separators(std::string_view item) {
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view sep : k_separators) {
      if (item.ends_with(sep)) item = core::trim(item.substr(0, item.size() - sep.size())), changed = true;
      if (item.starts_with(sep)) item = core::trim(item.substr(sep.size())), changed = true;
    }
    for (std::string_view sep : {"|", "/"}) {
      if (item.size() > 1 && item.ends_with(sep)) item = core::trim(item.substr(0, item.size() - 1)), changed = true;
      if (item.size() > 1 && item.starts_with(sep)) item = core::trim(item.substr(1)), changed = true;
    }
  }
  return item;
}

bool plausible_items(const std::vector<std::string>& items) {
  if (items.size() < 2 || items.size() > 12) return false;
  for (const auto& item : items)
    if (item.size() > 100) return false;
  return true;
}

// A trail drawn with arrow images between its links: the line's text cut where the images sat,
// every item but the last a whole link. Three items at least: two links with an image between
// are as often a menu as a trail.
std::vector<std::string> image_separated_items(const Line& line) {
  if (line.image_gaps.size() < 2) return {};
  std::string_view text = line.text;
  // True when `item`, found in text[begin, end), is one link's whole text.
  auto whole_link = [&](std::string_view item, std::size_t begin, std::size_t end) {
    for (const Anchor& a : line.anchors)
      if (a.begin >= begin && a.end <= end && item == text.substr(a.begin, a.end - a.begin)) return true;
    return false;
  };
  std::vector<std::string> items;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.image_gaps.size(); ++i) {
    bool last = i == line.image_gaps.size();
    std::size_t end = last ? text.size() : std::min(line.image_gaps[i], text.size());
    if (end < start) return {};
    std::string_view item = core::trim(text.substr(start, end - start));
    if (items.empty()) item = strip_prefix(item);
    if (item.empty() || (!last && !whole_link(item, start, end))) return {};
    items.emplace_back(item);
    start = end;
  }
  if (items.size() < 3 || !plausible_items(items)) return {};
  return items;
}

// Items of a trail element: one per line when its items are blocks (<li>), else split.
std::vector<std::string> element_items(const std::vector<Line>& lines, const Node* element) {
  std::vector<std::string> items;
  for (const Line& line : lines) {
    if (!is_inside(line.node, element)) continue;
    std::vector<std::string> parts = split_trail(line.text);
    if (parts.empty()) parts = image_separated_items(line);
    if (parts.empty()) {
      std::string_view item = without_separators(strip_prefix(line.text));
      if (!item.empty() && !is_separator(item)) items.emplace_back(item);
    } else {
      items.insert(items.end(), parts.begin(), parts.end());
    }
  }
  return items;
}

}  // namespace

std::vector<std::string> split_trail(std::string_view text) {
  for (auto sep : k_separators) {
    if (text.find(sep) == std::string_view::npos) continue;
    std::vector<std::string> items = split_on(text, sep);
    return plausible_items(items) ? items : std::vector<std::string>{};
  }
  // " / " and " | " join menus and dates as often as trails: only after "You are in:".
  if (strip_prefix(text).size() != text.size()) {
    for (std::string_view sep : {" / ", " | "}) {
      if (text.find(sep) == std::string_view::npos) continue;
      std::vector<std::string> items = split_on(text, sep);
      return plausible_items(items) ? items : std::vector<std::string>{};
    }
  }
  return {};
}

std::optional<Breadcrumb> find_breadcrumb(const std::vector<Line>& lines, std::size_t head_end,
                                          const Node* body, const Profile* profile) {
  if (profile && profile->breadcrumb) {
    std::vector<const Node*> elements = profile->breadcrumb->select_all(body);
    Breadcrumb trail;
    if (elements.size() == 1) {
      trail.items = element_items(lines, elements[0]);
    } else {
      for (const Node* e : elements)
        if (std::string t = text_content(e); !t.empty()) trail.items.push_back(t);
    }
    for (std::size_t i = 0; i < lines.size() && !elements.empty(); ++i)
      if (is_inside(lines[i].node, elements[0])) { trail.line = i; break; }
    if (trail.items.empty()) return std::nullopt;  // pinned: no guessing
    return trail;
  }
  std::size_t end = head_end > 0 ? head_end : lines.size();
  // A trail named as such by the template.
  for (std::size_t i = 0; i < end; ++i) {
    for (const Node* n = parent(lines[i].node); n && n != body; n = parent(n)) {
      if (!is_element(n) || !names_a_trail(n)) continue;
      Breadcrumb trail{element_items(lines, n), i};
      if (plausible_items(trail.items)) return trail;
      break;
    }
  }
  // A line of separated items, the one nearest the question.
  for (std::size_t i = end; i-- > 0;) {
    const Line& line = lines[i];
    if (line.text.size() > 400 || match_section_label(line)) continue;
    std::vector<std::string> items = split_trail(line.text);
    if (items.empty()) items = image_separated_items(line);
    if (items.empty()) continue;
    if (items.size() == 2 && line.anchors.empty()) continue;  // "a > b" in prose is no trail
    return Breadcrumb{std::move(items), i};
  }
  return std::nullopt;
}

}  // namespace salvage::extract
