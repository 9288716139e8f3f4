#pragma once
// The fields of the page head, the lines above the question: the breadcrumb trail, the title
// and the date. Each finder takes the laid-out lines and the index where the sections start.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "extract/date.hpp"
#include "extract/layout.hpp"

namespace salvage::extract {

struct Profile;

struct Breadcrumb {
  std::vector<std::string> items;
  std::size_t line = 0;  // the line it was read from (the title is looked for after it)
};

// A trail: an element whose class or id says "breadcrumb"/"crumbs"/"trail", else the head line
// nearest the question with items separated by ">", "»", "›", "->", ">>", "→" or "::"
// ("You are here:" dropped). One separator is enough when the line has links.
std::optional<Breadcrumb> find_breadcrumb(const std::vector<Line>& lines, std::size_t head_end,
                                          const Node* body, const Profile* profile);

// Splits a trail's text at its separators; empty when it has none.
std::vector<std::string> split_trail(std::string_view text);

struct Title {
  std::string text;
  bool from_title_element = false;
};

// The question's heading: "Subject: X" lines, else the heading (<h1>-<h6>), bold or large line
// nearest above the question, else (below a trail) a short line of its own just above it, else
// the <title> element without the part that names the site. The site's name (the
// trail's first item, or that part of <title>) is never the title. `page_host` helps recognise it.
std::optional<Title> find_title(const std::vector<Line>& lines, std::size_t head_end,
                                const std::optional<Breadcrumb>& trail, const Node* root,
                                const Profile* profile, std::string_view page_host);

// A date shown on the line, accepting a bare "9/23" only when the line is little else.
// Lines about members ("Joined: 12 Mar 2004") carry no page date.
std::optional<DateMatch> line_date(std::string_view line_text);

// True when the line starts with a date label ("Posted:", "Date:").
bool has_date_label(std::string_view line_text);

// The page date: a profile's date element, else the first labelled date in the head, else the
// date nearest above the question, else a labelled date anywhere outside `skip` ranges.
std::optional<DateMatch> find_page_date(const std::vector<Line>& lines, std::size_t head_end,
                                        const Node* body, const Profile* profile);

}  // namespace salvage::extract
