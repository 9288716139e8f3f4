#pragma once
// Recognising the labels that open a question or an answer, whatever the template: a heading or
// line that reads "Question", "ANSWER:", "Q:", "The Answer", "Question from Jason", "Lawrence
// Gold answers:", an <img alt="Answer">, or a label at the start of a paragraph
// ("Question: My knee ..." / "<b>A:</b> Try ...").

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace salvage::extract {

struct Line;

enum class SectionKind { question, answer };

struct SectionLabel {
  SectionKind kind = SectionKind::question;
  // Where the section's own text starts in the line: text.size() for a label that is the whole
  // line, else the byte after the label and its punctuation ("Q: My knee" -> 3).
  std::size_t text_offset = 0;
  bool single_letter = false;       // "Q:" / "A." (trusted only when both kinds appear)
  bool weak = false;                // "Reply", "Response": common outside Q&A pages too
  std::optional<std::string> name;  // "Jason" from "Jason asks:", "Lawrence Gold" from "Answer by Lawrence Gold"
};

// The label a line opens with, or nullopt. A line that is entirely a link (a menu entry such as
// "Question") is never a label.
std::optional<SectionLabel> match_section_label(const Line& line);

// True when `text` on its own would be a label (used for <img alt> text).
bool is_section_label_text(std::string_view text);

// A wiki heading's text without its edit link: "[edit] Question" -> "Question".
std::string_view without_edit_link(std::string_view text);

// The name a byline gives after its "by": "Lawrence Gold on May 16, 2000 at 16:20:41:" ->
// "Lawrence Gold"; nullopt when what stands there does not look like a person's name.
std::optional<std::string> byline_name(std::string_view after_by);

// The writer an article's byline line names: "Written by Lawrence Gold", "By Lawrence Gold,
// Special to the Courier", "Written by Lawrence Gold | Posted in Knees". The name ends at a comma,
// a bar or a parenthesis (a credit line follows); a role ("Written by Administrator") is no name.
std::optional<std::string> article_byline_name(std::string_view line_text);

}  // namespace salvage::extract
