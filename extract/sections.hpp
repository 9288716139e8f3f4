#pragma once
// Where the question and the answer are: ranges of lines of the laid-out page.
//
// Default heuristics, in order:
// 1. Labels (section_labels.hpp): the first question label and the first answer label after it.
//    The question runs to the answer label; the answer runs until another label, a line of
//    template chrome ("Related questions", "Copyright", "Back to top", a "____" rule, a menu row),
//    or the end of the element that holds both labels.
// 2. Without labels: elements whose class or id names a question or an answer
//    ("question", "answer", "reply"); the warning `sections_unlabelled` says so.
// A site profile's selectors replace both for the fields they pin.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "extract/layout.hpp"

namespace salvage::extract {

struct Profile;

struct Section {
  std::size_t begin = 0;        // first line index
  std::size_t end = 0;          // one past the last line index
  std::size_t first_offset = 0; // where the text starts in the first line (after an inline label)
  std::optional<std::string> label_name;  // a name the label gave ("Jason asks:")
};

struct Sections {
  std::optional<Section> question;
  std::optional<Section> answer;
  std::size_t head_end = 0;  // lines before this index are the page head (trail, title, date)
  bool unlabelled = false;
};

Sections find_sections(const std::vector<Line>& lines, const Node* body, const Profile* profile);

// True for a line of template chrome that ends the content: "Related questions", "Copyright",
// "All rights reserved", "Back to top", "Sponsored links", a rule of underscores, a menu row.
bool is_chrome_line(const Line& line);

}  // namespace salvage::extract
