#include "extract/extractor.hpp"

#include <algorithm>
#include <vector>

#include "core/text.hpp"
#include "core/url.hpp"
#include "extract/content_links.hpp"
#include "extract/dom.hpp"
#include "extract/fields.hpp"
#include "extract/head_fields.hpp"
#include "extract/links.hpp"
#include "extract/profile.hpp"
#include "extract/section_labels.hpp"
#include "extract/sections.hpp"
#include "extract/signoff.hpp"

namespace salvage::extract {

namespace {

struct SectionText {
  std::optional<std::string> text;
  std::optional<std::string> signature;
  std::optional<std::string> signed_name;
  std::optional<std::string> greeted_name;
};

// Lines that open a section but describe the post, not its text: "Posted: 9/23/2004",
// "Joined: 12 Mar 2004", "Posts: 12".
bool is_post_metadata(const Line& line) {
  std::string_view t = line.text;
  if (has_date_label(t) && line_date(t)) return true;
  for (std::string_view label : {"joined:", "posts:", "member since", "location:", "registered:", "total points",
                                 "points:", "best answers:", "answers:"})
    if (core::istarts_with(t, label) && t.size() < 60) return true;
  // A member's box between the label and the text: the name linked, "Add to My Contacts".
  if (is_link_only(line) && core::word_count(t) <= 5) return true;
  return core::istarts_with(t, "a top contributor") && core::word_count(t) <= 12;
}

// A byline naming the asker on a line of its own, above or below the letter: "— Asked by Mike
// T.", "Submitted by: Karen, 52, Portland". It names the asker (meta_line_name) and is no text.
bool is_asker_byline(const Line& line) {
  std::string_view t = without_leading_dash(line.text);
  if (core::word_count(t) > 10) return false;
  for (std::string_view opener : {"asked by ", "submitted by ", "submitted by:", "sent in by "})
    if (core::istarts_with(t, opener)) return true;
  return false;
}

// A board's caption over a quote box ("Quote:", "Originally Posted by jen_walsh"): the quoted
// words stay, the caption (and its "View Post" link) does not. ("You wrote:" is the expert's.)
bool is_quote_caption(const Line& line) {
  std::string_view t = line.text;
  if (core::word_count(t) > 8) return false;
  return core::iequals(t, "quote:") || core::istarts_with(t, "originally posted by ");
}

SectionText read_section(const std::vector<Line>& lines, Section section, std::string_view name,
                         LinkContext& links, core::Record& record,
                         std::optional<DateMatch>& post_date) {
  while (section.begin < section.end && section.first_offset == 0 &&
         (is_post_metadata(lines[section.begin]) || is_asker_byline(lines[section.begin]))) {
    if (!post_date) post_date = line_date(lines[section.begin].text);
    ++section.begin;
  }
  while (section.end > section.begin + 1 && is_asker_byline(lines[section.end - 1])) --section.end;
  std::span<const Line> span(lines.data() + section.begin, section.end - section.begin);
  std::vector<Line> uncaptioned;  // the section's lines without quote captions, when it has any
  if (std::any_of(span.begin() + (span.empty() ? 0 : 1), span.end(), is_quote_caption)) {
    bool after_caption = false;
    for (std::size_t i = 0; i < span.size(); ++i) {
      if (i > 0 && is_quote_caption(span[i])) {
        after_caption = true;
        continue;
      }
      uncaptioned.push_back(span[i]);
      uncaptioned.back().paragraph_start = uncaptioned.back().paragraph_start || after_caption;
      after_caption = false;
    }
    span = uncaptioned;
  }
  SectionText out;
  if (span.empty()) return out;

  std::vector<Line> body(span.begin(), span.end());
  std::span<const Line> link_span = span;
  if (auto sign = find_sign_off(span)) {
    out.signature = sign->block;
    out.signed_name = sign->name;
    link_span = span.subspan(0, sign->end);
    body.resize(sign->line + 1);
    Line& last = body.back();
    std::size_t cut = sign->offset;
    if (sign->line == 0) cut = std::max(cut, section.first_offset);
    last.text = std::string(core::trim(std::string_view(last.text).substr(0, cut)));
    if (last.text.empty()) body.pop_back();
  }
  collect_links(link_span, section.first_offset, name, links, record);
  std::string text = paragraphs_text(body, section.first_offset);
  if (!text.empty()) {
    std::string_view first = body.empty() ? std::string_view() : std::string_view(body[0].text);
    if (!body.empty()) first = first.substr(std::min(section.first_offset, first.size()));
    out.greeted_name = greeting_name(first);
    out.text = std::move(text);
  }
  if (!out.signed_name && section.label_name) out.signed_name = section.label_name;
  return out;
}

// The article's byline above the letter ("Written by Lawrence Gold"): the writer of a column or
// CMS article, who answers it.
std::optional<std::string> article_byline(const std::vector<Line>& lines, std::size_t head_end) {
  constexpr std::size_t k_lines_above = 8;
  for (std::size_t i = std::min(head_end, lines.size()); i-- > 0 && i + k_lines_above >= head_end;)
    if (auto name = article_byline_name(lines[i].text)) return name;
  return std::nullopt;
}

std::optional<core::Record> extract_from(const Document& doc, std::string_view page_url, const Profile* profile) {
  LayoutOptions options;
  options.exclude = profile && profile->exclude ? &*profile->exclude : nullptr;
  options.keep_image_alt = [](std::string_view alt) { return is_section_label_text(alt); };
  std::vector<Line> lines = lay_out(doc.body(), options);

  Sections sections = find_sections(lines, doc.body(), profile);
  if (!sections.question && !sections.answer) return std::nullopt;

  core::Record record;
  record.url = std::string(page_url);
  LinkContext links(document_base_url(doc, page_url), core::url_host(page_url));

  auto trail = find_breadcrumb(lines, sections.head_end, doc.body(), profile);
  if (trail) record.breadcrumb = trail->items;
  if (auto title = find_title(lines, sections.head_end, trail, doc.root(), profile, links.page_host)) {
    record.title = title->text;
    if (title->from_title_element) record.warnings.push_back("title_from_title_element");
  }
  // The date may sit in the label block too ("Asked by Jason on 9/23/2009").
  std::size_t first_text = sections.question ? sections.question->begin : sections.answer->begin;
  std::size_t date_end = std::max(sections.head_end, first_text);
  auto date = find_page_date(lines, date_end, doc.body(), profile);

  std::optional<DateMatch> post_date;
  SectionText question, answer;
  if (sections.question)
    question = read_section(lines, *sections.question, "question", links, record, post_date);
  if (sections.answer)
    answer = read_section(lines, *sections.answer, "answer", links, record, post_date);
  record.question = question.text;
  record.answer = answer.text;
  record.question_signature = question.signature;
  record.answer_signature = answer.signature;
  // A meta line's "Asked by Margaret H" names the asker before the answer's greeting does.
  std::size_t sections_end = sections.answer ? sections.answer->end : sections.question->end;
  record.asker = question.signed_name;
  if (!record.asker)
    record.asker = meta_line_name(lines, sections_end, {"asked by ", "submitted by: ", "submitted by ", "sent in by "});
  // A form's "Submitted by:" field (a database's two-column record) names the asker too.
  if (!record.asker)
    if (auto field = field_value(lines, sections_end, {"submitted by", "submittedby", "asked by", "question from"}))
      record.asker = byline_name(*field);
  if (!record.asker) record.asker = answer.greeted_name;
  record.expert = answer.signed_name;
  // An "Expert: Peter Lindqvist" field names the expert as a byline would, before a greeting.
  if (!record.expert && sections.answer)
    // The fields of a database's record may follow the answer ("Responded by:" under "Response:").
    if (auto field = field_value(lines, std::min(lines.size(), sections.answer->end + 6),
                                 {"expert", "answered by", "answeredby", "answer by", "responded by", "author"}))
      record.expert = byline_name(*field);
  if (!record.expert) record.expert = meta_line_name(lines, sections_end, {"answered by "});
  if (!record.expert) record.expert = article_byline(lines, sections.head_end);
  if (!record.expert) record.expert = question.greeted_name;
  if (!date) date = post_date;
  if (date) {
    record.date_raw = date->raw;
    record.date = date->iso;
    record.date_parts = date->parts;
  }

  // Warnings, in the order docs/record.md lists them.
  std::vector<std::string> warnings;
  if (!record.breadcrumb) warnings.push_back("no_breadcrumb");
  if (!record.title) warnings.push_back("no_title");
  for (auto& w : record.warnings) warnings.push_back(w);
  if (!date) warnings.push_back("no_date");
  else if (!date->iso) warnings.push_back("date_without_year");
  if (!record.question) warnings.push_back("no_question");
  if (!record.answer) warnings.push_back("no_answer");
  if (sections.unlabelled) warnings.push_back("sections_unlabelled");
  record.warnings = std::move(warnings);
  if (!record.question && !record.answer) return std::nullopt;
  return record;
}

}  // namespace

std::optional<core::Record> extract_record(std::string_view utf8_html, std::string_view page_url,
                                           const Profile* profile) {
  Document doc(utf8_html, inert_for(profile));
  return extract_record(doc, page_url, profile);
}

std::optional<core::Record> extract_record(const Document& doc, std::string_view page_url, const Profile* profile) {
  // A frameset page's content is the page it offers browsers without frames (one level: the
  // text of a frameset inside that is left as it is).
  if (std::string fallback = noframes_html(doc); !fallback.empty()) {
    Document inner(fallback, inert_for(profile));
    if (noframes_html(inner).empty()) return extract_from(inner, page_url, profile);
  }
  return extract_from(doc, page_url, profile);
}

}  // namespace salvage::extract
