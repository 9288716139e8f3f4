#pragma once
// The sections of pages that label neither side but show that one message answers another:
// a reply quoting its question (mail's "> ", WWWBoard's ": "), a board thread whose posts are
// numbered alike, a letter followed by its reply, each greeting the other side, and a signed
// letter set in italics before its reply. find_sections (sections.hpp) tries them after labels
// and class names.

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

// A letter and its reply, each opened by a greeting to the other side ("Hi Lawrence," ... "Hi
// Dana,"): the letter is the question, the reply up to chrome the answer.
std::optional<Sections> letter_sections(const std::vector<Line>& lines);

// A letter set in italics and closed by the reader's sign-off, its reply in roman after it: the
// letter is the question, the reply up to chrome the answer.
std::optional<Sections> italic_letter_sections(const std::vector<Line>& lines);

// Posts are the elements numbered alike and named for posts ("post_message_31142"), the
// smallest such family; the first post (which asks something) is the question, the longest
// reply the answer; one of the two greets someone.
std::optional<Sections> thread_sections(const std::vector<Line>& lines, const Node* body);

}  // namespace salvage::extract
