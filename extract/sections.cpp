#include "extract/sections.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include "core/text.hpp"
#include "extract/profile.hpp"
#include "extract/reply_sections.hpp"
#include "extract/section_labels.hpp"
#include "extract/head_fields.hpp"
#include "extract/signoff.hpp"

namespace salvage::extract {

namespace {

bool is_rule(std::string_view s) {
  if (s.size() < 5) return false;
  for (char c : s)
    if (c != '_' && c != '-' && c != '=' && c != '*' && c != '~' && c != ' ') return false;
  return true;
}

// Phrases that open a line of navigation, sharing, ads or footer, trusted on short lines only.
constexpr std::string_view k_chrome_openers[] = {
    "related question", "related article", "related topic", "related post", "related page",
    "more questions", "other questions", "similar questions", "recent questions", "popular questions",
    "other answers", "more answers", "similar topics", "share and enjoy", "filed under", "posted in ", "tags:",
    "leave a comment",
    "leave a reply", "post a comment", "add comment", "comments are closed", "no comments",
    "\xC2\xAB ", "was this answer helpful", "was this helpful", "rate this", "back to top", "top of page", "return to top",
    "all times are", "you cannot post", "you can post", "page 1 of", "previous question", "next question", "\xC2\xAB previous", "\xC2\xAB prev", "< previous",
    "<< previous",
    "sponsored link", "advertisement", "ads by google", "privacy policy", "terms of use",
    "site map", "sitemap", "contact us", "powered by", "print this", "printer friendly",
    "printer-friendly", "email this", "e-mail this", "share this", "bookmark", "tell a friend",
    "you are visitor", "visitors since", "this page is archived", "follow ups", "follow-ups",
    "followups", "post a followup", "post a follow-up", "more about ", "most read", "most popular",
    "most viewed", "most e-mailed", "most emailed", "article rating",
    // mailing-list archives (Pipermail, MHonArc, Hypermail)
    "previous message", "next message", "messages sorted by", "more information about the",
    "next in thread", "previous in thread", "reply via email", "prev by date", "next by date",
    "prev by thread", "next by thread",
    // ad headers of mirrors in other languages
    "anzeige", "werbung", "publicit\xC3\xA9", "\xD1\x80\xD0\xB5\xD0\xBA\xD0\xBB\xD0\xB0\xD0\xBC\xD0\xB0",
    "\xD0\xA0\xD0\xB5\xD0\xBA\xD0\xBB\xD0\xB0\xD0\xBC\xD0\xB0"};

// Navigation that is chrome only as a link or a short line: "Back to the index", "Go back",
// "Ask a question" (but a column's title may be "Ask the Expert: Forward bends ...").
constexpr std::string_view k_navigation_openers[] = {"back to ",         "return to ",     "go back",
                                                     "ask a question",   "ask your question", "ask the expert",
                                                     "submit a question"};

// Phrases that mark a footer at any length.
constexpr std::string_view k_footer_openers[] = {
    "copyright", "\xC2\xA9", "(c) 1", "(c) 2", "disclaimer"};

// A medical disclaimer under the answer: "These answers are general information ... and are not
// a substitute for a visit to your own doctor." Both its opening and its hedge are needed: an
// answer may well say that stretching "is not a substitute for" strength work.
bool is_disclaimer(std::string_view lower, int words) {
  if (words > 80) return false;
  bool opens = false;
  for (std::string_view opener : {"this information", "the information", "information on this", "information provided",
                                  "these answers", "the answers", "this answer", "this site", "this page",
                                  "the content", "this content", "the material", "this material", "note:",
                                  "medical disclaimer", "important:"})
    opens = opens || lower.starts_with(opener);
  if (!opens) return false;
  for (std::string_view hedge : {"not a substitute", "not intended to", "not meant to", "informational purposes",
                                 "educational purposes", "not medical advice", "does not constitute",
                                 "should not be used"})
    if (lower.find(hedge) != std::string_view::npos) return true;
  return false;
}

bool is_menu_row(const Line& line) {
  return line.anchors.size() >= 2 && is_link_only(line);
}

bool is_paragraph_level(const Node* element) {
  std::string tag = tag_name(element);
  return is_inline_element(element) || tag == "p" || (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6');
}

// The element a label opens: the nearest block above it that also holds the line after it
// (<div class="answer"><h2>Answer</h2><p>...</p></div> -> the div; a label in a table row of
// its own -> the table). A section never runs past it. nullptr: the whole page.
const Node* label_scope(const std::vector<Line>& lines, std::size_t label, const Node* body,
                        std::size_t reach = 1) {
  if (label + reach >= lines.size()) return nullptr;
  for (const Node* n = parent(lines[label].node); n && n != body; n = parent(n))
    if (!is_paragraph_level(n) && is_inside(lines[label + reach].node, n)) return n;
  return nullptr;
}

// ---- labelled sections ----

// A label as found on the page: usually one line; a block when a name line follows the label
// ("Expert Answer" then "Answered by Lawrence Gold": first..last, named by the second).
struct FoundLabel {
  std::size_t first = 0;
  std::size_t last = 0;
  SectionLabel label;
};

std::vector<FoundLabel> find_labels(const std::vector<Line>& lines) {
  std::vector<FoundLabel> labels;
  bool single_q = false, single_a = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto label = match_section_label(lines[i]);
    if (!label) continue;
    if (label->single_letter) (label->kind == SectionKind::question ? single_q : single_a) = true;
    FoundLabel* previous = labels.empty() ? nullptr : &labels.back();
    if (previous && previous->last + 1 == i && previous->label.kind == label->kind &&
        previous->label.text_offset >= lines[previous->last].text.size()) {
      previous->last = i;
      previous->label.text_offset = label->text_offset;
      if (label->name) previous->label.name = label->name;
      continue;
    }
    labels.push_back({i, i, std::move(*label)});
  }
  // "Q:"/"A:" labels are trusted only when both kinds appear; weak answer labels ("Reply",
  // "Response") only after a question label, since comment threads are full of them.
  if (!(single_q && single_a)) std::erase_if(labels, [](const FoundLabel& l) { return l.label.single_letter; });
  bool any_question = std::any_of(labels.begin(), labels.end(),
                                  [](const FoundLabel& l) { return l.label.kind == SectionKind::question; });
  if (!any_question) std::erase_if(labels, [](const FoundLabel& l) { return l.label.weak; });
  return labels;
}

// The first answer label with a question label before it, and the nearest such question label
// (a stray "Your question:" in an ask-the-expert form earlier on the page loses). Without such a
// pair: the first question label, else the first answer label.
std::pair<const FoundLabel*, const FoundLabel*> pick_pair(const std::vector<FoundLabel>& labels) {
  const FoundLabel* last_question = nullptr;
  for (const FoundLabel& l : labels) {
    if (l.label.kind == SectionKind::question) last_question = &l;
    else if (last_question) return {last_question, &l};
  }
  if (last_question) {
    for (const FoundLabel& l : labels)
      if (l.label.kind == SectionKind::question) return {&l, nullptr};
  }
  return {nullptr, labels.empty() ? nullptr : &labels.front()};
}

// "Lawrence Gold is a certified ... Write to him at ...": a name, "is a", and how to reach the
// writer or where the column runs.
bool is_writer_bio(std::string_view text) {
  std::size_t is = text.find(" is a");
  if (is == std::string_view::npos || is > 40 || !byline_name(text.substr(0, is))) return false;
  std::string lower = core::to_lower_ascii(text);
  for (std::string_view sign : {"write to", "e-mail", "email", "column", "@", "contact"})
    if (lower.find(sign) != std::string::npos) return true;
  return false;
}

// A teaser's link to the full page: "Read more...", "Continue reading »", "Full answer".
bool is_read_more(const Line& line) {
  if (!is_link_only(line) || core::word_count(line.text) > 4) return false;
  for (std::string_view more : {"read more", "continue reading", "full answer", "read the answer", "more..."})
    if (core::istarts_with(line.text, more)) return true;
  return false;
}

bool cut_off(std::string_view text) { return text.ends_with("...") || text.ends_with("\xE2\x80\xA6"); }

// Excerpts of other pages: lines cut off with an ellipsis ("My knee hurts when I…").
int excerpt_count(const std::vector<Line>& lines) {
  int n = 0;
  for (const Line& line : lines) n += cut_off(line.text) && core::word_count(line.text) >= 5;
  return n;
}

// A search-result or category page lists excerpts: several labelled questions whose text is
// cut off with an ellipsis ("Question: My knee hurts when..."), or a thread list whose rows
// carry a "Question" icon each, with no answer anywhere. A guestbook's or comment page's several
// replies ("Dr. Frank says: ...") under no question label are no Q&A page either.
bool is_listing(const std::vector<Line>& lines, const std::vector<FoundLabel>& labels) {
  int excerpts = 0, questions = 0, answers = 0;
  for (const FoundLabel& l : labels) {
    std::string_view text = lines[l.last].text;
    if (l.label.text_offset < text.size() && cut_off(text)) ++excerpts;
    ++(l.label.kind == SectionKind::question ? questions : answers);
  }
  return excerpts >= 2 || (questions >= 3 && answers == 0) || (answers >= 2 && questions == 0);
}

// The answer of a page that labels only the question ("Asked by Helen on 11/5/2010"): a greeting
// inside the question that names the asker, or follows the asker's valediction, starts it.
std::optional<std::size_t> unlabelled_answer_start(const std::vector<Line>& lines, const Section& question) {
  for (std::size_t i = question.begin + 1; i < question.end; ++i) {
    if (!lines[i].paragraph_start) continue;
    auto greeted = greeting_name(lines[i].text);
    if (!greeted) continue;
    bool names_asker = question.label_name && core::iequals(*greeted, *question.label_name);
    bool after_valediction = i >= 2 && is_valediction(lines[i - 2].text);
    if (names_asker || after_valediction) return i;
  }
  return std::nullopt;
}

// The question of a page that labels only the answer: the paragraphs right above the answer
// label, from a greeting ("Dear Lawrence,") on, up to a heading, a date or chrome.
std::optional<Section> unlabelled_question_before(const std::vector<Line>& lines, std::size_t answer_label) {
  std::optional<std::size_t> start;
  for (std::size_t i = answer_label; i-- > 0;) {
    const Line& line = lines[i];
    if (line.heading || is_chrome_line(line) || is_link_only(line) || has_date_label(line.text)) break;
    if (line.paragraph_start && greeting_name(line.text)) start = i;
  }
  if (!start) return std::nullopt;
  return Section{*start, answer_label, 0, std::nullopt};
}

std::optional<Sections> labelled_sections(const std::vector<Line>& lines, const Node* body) {
  std::vector<FoundLabel> labels = find_labels(lines);
  if (is_listing(lines, labels)) return std::nullopt;
  auto [q, a] = pick_pair(labels);
  if (!q && !a) return std::nullopt;

  auto is_label_line = [&](std::size_t i) {
    return std::any_of(labels.begin(), labels.end(), [&](const FoundLabel& l) { return l.first <= i && i <= l.last; });
  };
  // A section runs from its label until another label, chrome, or the end of the label's scope.
  auto section_of = [&](const FoundLabel& found, std::size_t limit) {
    Section s;
    bool inline_text = found.label.text_offset < lines[found.last].text.size();
    s.begin = inline_text ? found.last : found.last + 1;
    s.first_offset = inline_text ? found.label.text_offset : 0;
    s.label_name = found.label.name;
    const Node* scope = label_scope(lines, found.last, body);
    // A scope of the label and one short bold line is a post's header: an icon labelled
    // "Question" beside the post's subject. The subject is no text; the section is the post below.
    std::size_t after = found.last + 2;
    const Line& next = lines[std::min(found.last + 1, lines.size() - 1)];
    if (!inline_text && scope && after < limit && !is_inside(lines[after].node, scope) &&
        (next.emphasized || next.heading) && core::word_count(next.text) <= 12 && !is_label_line(found.last + 1)) {
      s.begin = found.last + 2;
      scope = label_scope(lines, found.last, body, 2);
    }
    std::size_t i = inline_text ? s.begin + 1 : s.begin;
    while (i < limit && !is_chrome_line(lines[i]) && !(scope && !is_inside(lines[i].node, scope)) &&
           !is_label_line(i))
      ++i;
    s.end = i;
    return s;
  };

  Sections out;
  if (q) out.question = section_of(*q, a ? a->first : lines.size());
  if (a) out.answer = section_of(*a, lines.size());
  out.head_end = q ? q->first : a->first;
  if (!out.question && out.answer) {
    out.question = unlabelled_question_before(lines, a->first);
    out.unlabelled = out.question.has_value();
    if (out.question) out.head_end = out.question->begin;
  }
  if (out.question) {
    if (auto start = unlabelled_answer_start(lines, *out.question)) {
      // The answer label, if any, was a byline after the text ("Answered by Dr. Mira Patel").
      Section answer{*start, out.question->end, 0, a ? a->label.name : std::nullopt};
      out.question->end = *start;
      out.answer = answer;
      out.unlabelled = true;
    }
  }
  // A byline right after the answer names its author ("Answered by Karen Ho").
  if (out.answer && !out.answer->label_name && out.answer->end < lines.size()) {
    auto byline = match_section_label(lines[out.answer->end]);
    if (byline && byline->kind == SectionKind::answer && byline->name) out.answer->label_name = byline->name;
  }
  return out;
}

// ---- sections named by class or id ----

// Splits "qa-answerBody" into lower-case words: "qa", "answer", "body".
std::vector<std::string> name_words(const char* value) {
  std::vector<std::string> words;
  if (!value) return words;
  std::string current;
  char previous = 0;
  for (const char* p = value; *p; ++p) {
    char c = *p;
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool boundary = !letter || (c >= 'A' && c <= 'Z' && previous >= 'a' && previous <= 'z');
    if (boundary && !current.empty()) {
      words.push_back(current);
      current.clear();
    }
    if (letter) current += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    previous = c;
  }
  if (!current.empty()) words.push_back(current);
  return words;
}

// The section kind an element's class or id names, if any. Parts of a section ("question-title",
// "answer-date", "answer-author") and containers of both ("qa", "question-answer") are not.
std::optional<SectionKind> named_kind(const Node* element) {
  static constexpr std::string_view k_parts[] = {
      "title", "date", "meta", "info", "head", "header", "author", "user", "list", "link",
      "nav", "count", "vote", "tags", "number", "subject", "heading"};
  bool question = false, answer = false;
  for (const char* attr : {"class", "id"}) {
    for (const std::string& w : name_words(attribute(element, attr))) {
      for (auto part : k_parts)
        if (w == part) return std::nullopt;
      question = question || w == "question" || w == "query";
      answer = answer || w == "answer" || w == "reply" || w == "response";
    }
  }
  if (question == answer) return std::nullopt;
  return question ? SectionKind::question : SectionKind::answer;
}

std::optional<Sections> named_sections(const std::vector<Line>& lines, const Node* body) {
  Sections out;
  out.unlabelled = true;
  std::size_t head_end = lines.size();
  // Each element is judged once; lines look at most k_depth ancestors up.
  constexpr int k_depth = 32;
  std::unordered_map<const Node*, std::optional<SectionKind>> judged;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    int depth = 0;
    for (const Node* n = parent(lines[i].node); n && n != body && depth < k_depth; n = parent(n), ++depth) {
      auto [it, fresh] = judged.try_emplace(n);
      if (fresh) it->second = is_element(n) ? named_kind(n) : std::nullopt;
      auto kind = it->second;
      if (!kind) continue;
      std::optional<Section>& slot = *kind == SectionKind::question ? out.question : out.answer;
      if (slot) break;
      Section s;
      s.begin = i;
      s.end = i;
      while (s.end < lines.size() && is_inside(lines[s.end].node, n) && !is_chrome_line(lines[s.end]))
        ++s.end;
      // A label inside the element ("<div class=answer><h3>Answer</h3>...") is not text.
      if (auto label = match_section_label(lines[s.begin])) {
        if (label->text_offset >= lines[s.begin].text.size()) ++s.begin;
        else s.first_offset = label->text_offset;
        s.label_name = label->name;
      }
      head_end = std::min(head_end, i);
      slot = s;
      i = s.end > i ? s.end - 1 : i;
      break;
    }
  }
  // One named element alone is too weak a sign: comment threads have "reply" boxes.
  if (!out.question || !out.answer) return std::nullopt;
  out.head_end = head_end;
  return out;
}

// ---- sections pinned by a profile ----

std::optional<Section> pinned_section(const std::vector<Line>& lines, const Node* body,
                                      const Selector& selector) {
  std::vector<const Node*> matches = selector.select_all(body);
  if (matches.empty()) return std::nullopt;
  std::unordered_set<const Node*> elements(matches.begin(), matches.end());
  Section s;
  bool found = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    bool inside = false;
    for (const Node* n = lines[i].node; n && !inside; n = parent(n)) inside = elements.count(n) > 0;
    if (inside && !found) {
      s.begin = i;
      found = true;
    }
    if (inside) s.end = i + 1;
  }
  if (!found) return std::nullopt;
  if (auto label = match_section_label(lines[s.begin])) {
    if (label->text_offset >= lines[s.begin].text.size()) ++s.begin;
    else s.first_offset = label->text_offset;
    s.label_name = label->name;
  }
  return s;
}

}  // namespace

bool is_chrome_line(const Line& line) {
  std::string lower = core::to_lower_ascii(line.heading ? without_edit_link(line.text) : std::string_view(line.text));
  // "--" alone is the e-mail signature separator; the newsletter's footer follows it.
  if (is_rule(lower) || lower == "--" || is_menu_row(line)) return true;
  int words = core::word_count(lower);
  for (auto opener : k_footer_openers)
    if (lower.starts_with(opener) && words <= 60) return true;
  if (lower.find("all rights reserved") != std::string::npos && words <= 30) return true;
  if (is_disclaimer(lower, words)) return true;
  for (auto opener : k_navigation_openers)
    if (lower.starts_with(opener) && (is_link_only(line) || words <= 4)) return true;
  if (words > 12) return false;
  // Past a separator drawn before it: "| Share", "» Related articles".
  std::string_view bare = lower;
  for (bool more = true; more && !bare.empty();) {
    more = false;
    for (std::string_view mark : {"|", "-", " ", "\xC2\xBB", "\xC2\xB7", "\xE2\x80\xA2"})
      if (bare.starts_with(mark) && bare.size() > mark.size()) bare.remove_prefix(mark.size()), more = true;
  }
  for (auto opener : k_chrome_openers)
    if (lower.starts_with(opener) || bare.starts_with(opener)) return true;
  for (std::string_view share : {"share", "share:", "share it", "comments"})
    if (bare == share) return true;
  if (bare.starts_with("related ") && words <= 4) return true;  // "Related Links", "Related stories"
  if (bare.starts_with("comments (")) return true;
  // A comment thread's heading: "3 Responses to ...", "12 comments".
  std::size_t digits = 0;
  while (digits < lower.size() && lower[digits] >= '0' && lower[digits] <= '9') ++digits;
  if (digits > 0)
    for (std::string_view thread : {" response", " comment", " repl", " thought"})
      if (std::string_view(lower).substr(digits).starts_with(thread)) return true;
  return lower == "top" || lower == "^ top" || lower == "[top]";
}

Sections find_sections(const std::vector<Line>& lines, const Node* body, const Profile* profile) {
  Sections out;
  if (auto labelled = labelled_sections(lines, body)) out = *labelled;
  else if (auto named = named_sections(lines, body)) out = *named;
  else if (auto quoted = quoted_reply_sections(lines)) out = *quoted;
  else if (auto thread = thread_sections(lines, body)) out = *thread;
  else if (auto letter = letter_sections(lines)) out = *letter;
  else if (auto italic = italic_letter_sections(lines)) out = *italic;
  else out.head_end = lines.size();

  if (profile && (profile->question || profile->answer)) {
    if (profile->question) out.question = pinned_section(lines, body, *profile->question);
    if (profile->answer) out.answer = pinned_section(lines, body, *profile->answer);
    out.unlabelled = false;
    std::size_t head_end = lines.size();
    if (out.question) head_end = std::min(head_end, out.question->begin);
    if (out.answer) head_end = std::min(head_end, out.answer->begin);
    out.head_end = std::min(out.head_end, head_end);
  }
  // An empty range ("Answer" followed by nothing) is no section.
  for (std::optional<Section>* s : {&out.question, &out.answer})
    if (*s && (*s)->end <= (*s)->begin) s->reset();
  // Excerpts of other pages all over, and no answer or a cut-off section: a category or tag
  // page whose teasers looked like a question ("Question: I'm 67 and…", "Read more") and an
  // answer ("Answered by Lawrence Gold · ...").
  auto cut_section = [&](const std::optional<Section>& s) {
    if (!s) return false;
    for (std::size_t i = s->begin; i < s->end; ++i)
      if (cut_off(lines[i].text)) return true;
    return false;
  };
  // A columnist's bio closing the answer ("Lawrence Gold is a certified Hanna Somatic Educator
  // ... Write to him at ..."): about the writer, not part of the answer.
  if (out.answer && out.answer->end > out.answer->begin + 1) {
    std::size_t last = out.answer->end - 1;
    while (last > out.answer->begin && !lines[last].paragraph_start) --last;
    if (last > out.answer->begin && is_writer_bio(lines[last].text)) out.answer->end = last;
  }
  // A "Read more..." link inside the sections or right after them: they are teasers of other
  // pages (a CMS's category blog), and the page is a listing.
  auto teaser_inside = [&] {
    std::size_t from = out.question ? out.question->begin : out.answer ? out.answer->begin : 0;
    std::size_t to = out.answer ? out.answer->end : out.question ? out.question->end : 0;
    for (std::size_t i = from; i <= to && i < lines.size(); ++i)  // the line that ended them too
      if (is_read_more(lines[i])) return true;
    return false;
  };
  bool pinned = profile && (profile->question || profile->answer);
  if (!pinned && teaser_inside()) {
    out.question.reset();
    out.answer.reset();
  }
  if (!pinned && (!out.answer || cut_section(out.question) || cut_section(out.answer)) && excerpt_count(lines) >= 3) {
    out.question.reset();
    out.answer.reset();
  }
  return out;
}

}  // namespace salvage::extract
