#pragma once
// The sections of pages that label neither side but show that one message answers another:
// a reply quoting its question (mail's "> ", WWWBoard's ": ") and a board thread whose posts are
// numbered alike. find_sections (sections.hpp) tries them after labels and class names.

#include <optional>
#include <vector>

#include "extract/dom.hpp"
#include "extract/sections.hpp"

namespace salvage::extract {

struct Line;

// The quoted run is the question, the unquoted text after it (up to chrome or another quote)
// the answer; the "Posted by" and "In Reply to: ... posted by" bylines above name the sides.
// Only when a greeting, or an "In Reply to" / "wrote:" line before the quote, shows a letter
// and its reply.
std::optional<Sections> quoted_reply_sections(const std::vector<Line>& lines);

// Posts are the elements numbered alike and named for posts ("post_message_31142"), the
// smallest such family; the first post (which asks something) is the question, the longest
// reply the answer; one of the two greets someone.
std::optional<Sections> thread_sections(const std::vector<Line>& lines, const Node* body);

}  // namespace salvage::extract
