// The question's title: find_title of head_fields.hpp.
#include <array>

#include "core/text.hpp"
#include "extract/fields.hpp"
#include "extract/head_fields.hpp"
#include "extract/profile.hpp"
#include "extract/section_labels.hpp"
#include "extract/sections.hpp"

namespace salvage::extract {

namespace {

constexpr std::string_view k_subject_labels[] = {
    "subject:", "title:", "topic:", "re:", "question title:"};

// "Subject: X" at the start of a line, or after other post details ("Posted: ... Post subject: X").
std::optional<std::string> subject_line(std::string_view text) {
  // A mailing list's tag comes first: "[Ask-lawrence] Re: scoliosis at 40".
  if (std::size_t close = text.find(']'); text.starts_with('[') && close < 40) text = core::trim(text.substr(close + 1));
  std::string lower = core::to_lower_ascii(text);
  for (auto label : k_subject_labels) {
    std::size_t at = lower.find(label);
    if (at == std::string::npos || (at > 0 && lower[at - 1] != ' ')) continue;
    if (at > 0 && label == "re:") continue;
    std::string_view rest = core::trim(text.substr(at + label.size()));
    if (!rest.empty()) return std::string(rest);
  }
  return std::nullopt;
}

// A line that could be a heading: not navigation, not a label, not a date line, not prose.
// A linked line qualifies when `linked_ok` (a CMS that links each title to its own page).
bool is_candidate(const Line& line, const std::optional<Breadcrumb>& trail, std::string_view site_name,
                  bool linked_ok = false) {
  if (line.text.size() > 200 || core::word_count(line.text) > 25) return false;
  if ((is_link_only(line) && !line.heading && !linked_ok) || is_chrome_line(line) || match_section_label(line) ||
      is_field_name(line.text) || is_section_label_text(line.text))  // also a linked "Reply" button
    return false;
  if (core::istarts_with(line.text, "welcome")) return false;  // "Welcome, backachebob." (a login box)
  // A byline ("By Lawrence Gold, Special to the Courier") names the writer, not the question.
  if (article_byline_name(line.text)) return false;
  if (has_date_label(line.text) || line_date(line.text)) {
    // A line that is a date, not a title that happens to hold one.
    auto date = find_date(line.text);
    if (!date || date->length * 2 >= line.text.size() || has_date_label(line.text)) return false;
  }
  // A trail's items above the page name its site and sections ("Home / Ask an Expert / Bones &
  // Joints"); only its last item may be the page's own title.
  if (trail)
    for (std::size_t k = 0; k + 1 < trail->items.size(); ++k)
      if (core::iequals(line.text, trail->items[k])) return false;
  if (!site_name.empty() && core::iequals(line.text, site_name)) return false;
  // Site banners name the address: "Bone Health · www.orthopaedics.win · printer-friendly".
  std::string lower = core::to_lower_ascii(line.text);
  return lower.find("www.") == std::string::npos && lower.find("http") == std::string::npos;
}

// True when `part` of a <title> names the site: the trail's first item, or words that open the
// page's first line, or that its copyright line, or a line naming its host ("Bone Health Newsletter --
// http://www.orthopaedics.win/") also carry.
bool names_the_site(std::string_view part, const std::vector<Line>& lines,
                    const std::optional<Breadcrumb>& trail, std::string_view page_host) {
  if (part.empty()) return false;
  if (trail && !trail->items.empty() && core::iequals(part, trail->items.front())) return true;
  std::string lower = core::to_lower_ascii(part);
  std::string host(page_host.starts_with("www.") ? page_host.substr(4) : page_host);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string text = core::to_lower_ascii(lines[i].text);
    if (text.find(lower) == std::string::npos) continue;
    // A banner names the site first ("Bone Health - Ask Lawrence"); a first line that only ends
    // with `part` is a trail or a heading.
    if ((i == 0 && text.starts_with(lower)) || text.find("copyright") != std::string::npos || text.find("\xC2\xA9") != std::string::npos ||
        (!host.empty() && text.find(host) != std::string::npos))
      return true;
  }
  return false;
}

// Where a <title> element's parts meet ("Hamstring tightness - Bone Health"), and one more.
constexpr std::array<std::string_view, 6> title_separators_and(std::string_view extra) {
  return {" | ", " - ", " :: ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", extra};
}

struct TitleElement {
  std::string title;      // without the part naming the site
  std::string site_name;  // that part, or ""
};

// The <title> element, split at " | ", " - ", " :: ", dashes or ": " when one end names the
// site: "Hamstring tightness - Bone Health" -> "Hamstring tightness" + "Bone Health". A title
// whose parts do not name the site stays whole.
TitleElement read_title_element(const Node* root, const std::vector<Line>& lines,
                                const std::optional<Breadcrumb>& trail, std::string_view page_host) {
  std::vector<const Node*> stack{root};
  const Node* element = nullptr;
  while (!stack.empty() && !element) {
    const Node* n = stack.back();
    stack.pop_back();
    if (tag_name(n) == "title") element = n;
    if (tag_name(n) == "body") continue;
    for (unsigned i = child_count(n); i-- > 0;) stack.push_back(child(n, i));
  }
  std::string text = text_content(element);
  std::string_view view = text;
  for (std::string_view sep : title_separators_and(": ")) {
    std::size_t first = view.find(sep), last = view.rfind(sep);
    if (first == std::string_view::npos) continue;
    std::string_view head = view.substr(0, first), tail = view.substr(last + sep.size());
    if (names_the_site(tail, lines, trail, page_host))
      return {std::string(core::trim(view.substr(0, last))), std::string(tail)};
    if (names_the_site(head, lines, trail, page_host))
      return {std::string(core::trim(view.substr(first + sep.size()))), std::string(head)};
  }
  return {text, ""};
}

// The <title> element names the page's own heading on most sites, whatever markup shows it (a
// table cell, a span, a bold run): the line above the question that reads like the <title> (its
// site part left out), or like one of its parts of three words or more ("Bone Health - Ask
// Lawrence - Knee pain when kneeling"), linked or not. The line nearest the question wins.
const Line* line_like_title_element(const std::vector<Line>& lines, std::size_t end, const TitleElement& element,
                                    const std::optional<Breadcrumb>& trail) {
  if (element.title.empty()) return nullptr;
  // Compared as lines are written: whitespace collapsed; case is ignored.
  std::vector<std::string> names{core::collapse_whitespace(element.title)};
  std::string_view rest = element.title;
  for (bool more = true; more;) {
    std::size_t cut = std::string_view::npos, skip = 0;
    for (std::string_view sep : title_separators_and(" \xC2\xBB "))
      if (std::size_t at = rest.find(sep); at < cut) cut = at, skip = sep.size();
    more = cut != std::string_view::npos;
    std::string_view part = core::trim(rest.substr(0, cut));
    if (core::word_count(part) >= 3 && part.size() < element.title.size())
      names.push_back(core::collapse_whitespace(part));
    if (more) rest = rest.substr(cut + skip);
  }
  // The cheap comparison first: the candidate checks parse dates and match labels.
  for (std::size_t i = end; i-- > 0;) {
    const Line& line = lines[i];
    for (const std::string& name : names)
      if (core::iequals(line.text, name) && is_candidate(line, trail, element.site_name, true)) return &line;
  }
  return nullptr;
}

}  // namespace

std::optional<Title> find_title(const std::vector<Line>& lines, std::size_t head_end,
                                const std::optional<Breadcrumb>& trail, const Node* root,
                                const Profile* profile, std::string_view page_host) {
  if (profile && profile->title) {
    if (const Node* e = profile->title->select_first(root)) {
      std::string text = text_content(e);
      if (auto subject = subject_line(text)) return Title{*subject, false};
      if (!text.empty()) return Title{text, false};
    }
    return std::nullopt;  // pinned: no guessing when the template's element is missing
  }
  std::size_t end = std::min(head_end, lines.size());
  for (std::size_t i = 0; i < end; ++i)
    if (auto subject = subject_line(lines[i].text)) return Title{*subject, false};
  // A label cell over its value: "Subject" | "Sacroiliac pain after golf", a knowledge base's "Title:".
  if (auto subject = field_value(lines, end, {"subject", "topic", "question title", "title"}))
    return Title{*subject, false};

  TitleElement title_element = read_title_element(root, lines, trail, page_host);
  const std::string& site = title_element.site_name;
  if (auto* l = line_like_title_element(lines, end, title_element, trail)) return Title{l->text, false};
  // Below the trail, the nearest heading, else the nearest bold or large line; above the trail
  // (where the site's name sits) a heading only.
  std::size_t below = trail && trail->line < end ? trail->line + 1 : 0;
  auto nearest = [&](std::size_t from, auto accept) -> const Line* {
    for (std::size_t i = end; i-- > from;)
      if (accept(lines[i]) && is_candidate(lines[i], trail, site)) return &lines[i];
    return nullptr;
  };
  if (const Line* l = nearest(below, [](const Line& x) { return x.heading; })) {
    // A headline over its deck ("Sciatica may be a matter of habit" / "Tight muscles, not a
    // bulging disc, may keep ..."): the first of headings standing one after the other.
    while (l > &lines[below] && (l - 1)->heading && l->paragraph_start && is_candidate(*(l - 1), trail, site)) --l;
    return Title{l->text, false};
  }
  if (auto* l = nearest(below, [](const Line& x) { return x.emphasized; })) return Title{l->text, false};
  if (auto* l = nearest(0, [](const Line& x) { return x.heading; })) return Title{l->text, false};
  // Below a trail, a plain line standing alone right above the question (or its date line).
  for (std::size_t i = end, seen = 0; below > 0 && i-- > below && seen < 3;) {
    const Line& line = lines[i];
    if (!is_candidate(line, trail, site)) continue;
    ++seen;
    bool alone = line.paragraph_start && (i + 1 >= lines.size() || lines[i + 1].paragraph_start);
    if (alone) return Title{line.text, false};
  }
  // An article's header: the title, then its byline or date line ("Posted by: admin on Thursday,
  // June 23, 2005"), just above the text.
  for (std::size_t i = end, seen = 0; i-- > 0 && seen < 4; ++seen) {
    if (i + 1 >= lines.size() || !lines[i].paragraph_start || !is_candidate(lines[i], trail, site)) continue;
    if (i > 0 && !site.empty() && core::iequals(lines[i - 1].text, site)) continue;  // the site's tagline
    std::string_view next = lines[i + 1].text;
    bool byline = core::istarts_with(next, "posted by") || core::istarts_with(next, "written by") ||
                  core::istarts_with(next, "by ");
    if (byline || has_date_label(next) || line_date(next)) return Title{lines[i].text, false};
  }
  if (!title_element.title.empty()) return Title{title_element.title, true};
  return std::nullopt;
}

}  // namespace salvage::extract
