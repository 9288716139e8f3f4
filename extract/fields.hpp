#pragma once
// Label/value pairs that templates print around a Q&A: a table row "Expert | Peter Lindqvist",
// a label cell over its value ("Subject" / "Sacroiliac pain after golf"), or one line
// "Expert: Lawrence Gold - 9/23/2008". Templates that show no heading or byline often name the
// subject and the expert this way.

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salvage::extract {

struct Line;

// The value of the first field among lines [0, end) whose name is one of `names` (lower-case,
// compared case-insensitively, without the trailing colon): the rest of its line after the
// colon, else the next line when that is short and no field name itself. nullopt when none.
std::optional<std::string> field_value(const std::vector<Line>& lines, std::size_t end,
                                       std::initializer_list<std::string_view> names);

// The name that one part of a meta line gives after one of `openers` (lower-case: "asked by ",
// "answered by "); lines [0, end), each split into parts at " · ", " | " and " — ":
// "Ask the Expert · Asked by Margaret H on 3 March 2008 · Answered by Thomas Becker, PT" ->
// "Margaret H" for "asked by ". nullopt when no part names one.
std::optional<std::string> meta_line_name(const std::vector<Line>& lines, std::size_t end,
                                          std::initializer_list<std::string_view> openers);

// `text` without a dash opening it: "— Asked by Mike T." -> "Asked by Mike T.".
std::string_view without_leading_dash(std::string_view text);

// True when `text` is only a field's name ("Date", "Expert:", "Subject"): a label, no title.
bool is_field_name(std::string_view text);

}  // namespace salvage::extract
