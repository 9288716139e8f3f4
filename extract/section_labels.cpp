#include "extract/section_labels.hpp"

#include <array>

#include "core/text.hpp"
#include "extract/layout.hpp"

namespace salvage::extract {

namespace {

using core::iequals;
using core::istarts_with;

struct Word {
  std::string_view text;
  SectionKind kind;
  // Words an answer may also use for a quote of the letter ("You asked:") or a reply of its own,
  // and that pages which are no Q&A pages use ("Reply", "Solution"): trusted only beside a
  // question label.
  bool weak = false;
};

// Whole-label phrases, compared case-insensitively after the trailing ":", "-", "." is dropped.
constexpr std::array k_phrases{
    Word{"question", SectionKind::question},        Word{"the question", SectionKind::question},
    Word{"your question", SectionKind::question},   Word{"reader question", SectionKind::question},
    Word{"reader's question", SectionKind::question}, Word{"readers question", SectionKind::question},
    Word{"original question", SectionKind::question}, Word{"patient question", SectionKind::question},
    Word{"patient's question", SectionKind::question}, Word{"query", SectionKind::question},
    Word{"the query", SectionKind::question},       Word{"question asked", SectionKind::question},
    Word{"frage", SectionKind::question, true},           Word{"answer", SectionKind::answer},
    Word{"the answer", SectionKind::answer},        Word{"our answer", SectionKind::answer},
    Word{"expert answer", SectionKind::answer},     Word{"expert's answer", SectionKind::answer},
    Word{"the expert's answer", SectionKind::answer}, Word{"expert reply", SectionKind::answer},
    Word{"doctor's answer", SectionKind::answer},   Word{"the doctor's answer", SectionKind::answer},
    Word{"reply", SectionKind::answer, true},             Word{"our reply", SectionKind::answer, true},
    Word{"response", SectionKind::answer, true},          Word{"the response", SectionKind::answer, true},
    Word{"our response", SectionKind::answer, true},      Word{"antwort", SectionKind::answer, true},
    Word{"you asked", SectionKind::question, true},       Word{"you ask", SectionKind::question, true},
    Word{"a reader asks", SectionKind::question},
    Word{"reader asks", SectionKind::question},     Word{"a reader writes", SectionKind::question},
    Word{"expert response", SectionKind::answer},   Word{"expert's response", SectionKind::answer},
    Word{"doctor's response", SectionKind::answer}, Word{"our expert replies", SectionKind::answer},
    Word{"our expert responds", SectionKind::answer}, Word{"our expert answers", SectionKind::answer},
    Word{"the expert replies", SectionKind::answer}, Word{"the doctor replies", SectionKind::answer},
    Word{"my answer", SectionKind::answer},         Word{"my reply", SectionKind::answer},
    // A knowledge base's article: "Question" / "Resolution", "PROBLEM" / "SOLUTION".
    Word{"resolution", SectionKind::answer, true},        Word{"solution", SectionKind::answer, true},
    Word{"problem", SectionKind::question, true},
    // Community Q&A: the asker's question and the answer chosen among several.
    Word{"resolved question", SectionKind::question}, Word{"open question", SectionKind::question},
    Word{"best answer", SectionKind::answer},       Word{"asker's best answer", SectionKind::answer},
    Word{"chosen answer", SectionKind::answer},     Word{"accepted answer", SectionKind::answer},
};

// "<prefix> <name>": "Question from Jason", "Answer by Lawrence Gold".
constexpr std::array k_name_prefixes{
    Word{"question from ", SectionKind::question}, Word{"question by ", SectionKind::question},
    Word{"asked by ", SectionKind::question},      Word{"question submitted by ", SectionKind::question},
    Word{"answer from ", SectionKind::answer},     Word{"answer by ", SectionKind::answer},
    Word{"answered by ", SectionKind::answer},     Word{"reply from ", SectionKind::answer},
    Word{"reply by ", SectionKind::answer},        Word{"response from ", SectionKind::answer},
    Word{"response by ", SectionKind::answer},
};

// "<name> <suffix>": "Jason asks", "Lawrence Gold answers", "Dr. Gold's answer".
constexpr std::array k_name_suffixes{
    Word{" asks", SectionKind::question},      Word{" asked", SectionKind::question},
    Word{" writes", SectionKind::question},    Word{"'s question", SectionKind::question},
    Word{" answers", SectionKind::answer},     Word{" replies", SectionKind::answer},
    Word{" responds", SectionKind::answer},    Word{" answered", SectionKind::answer},
    Word{" replied", SectionKind::answer},     Word{"'s answer", SectionKind::answer},
    Word{"'s reply", SectionKind::answer},     Word{"'s response", SectionKind::answer},
};

// "Question:", "--- Question ---", "[Answer]", "** ANSWER **" -> the words.
std::string_view strip_label_punctuation(std::string_view s) {
  auto decoration = [](char c) {
    return c == ':' || c == '-' || c == '.' || c == ' ' || c == '=' || c == '*' || c == '[' || c == ']' ||
           c == '#' || c == '~' || c == '_' || c == '<' || c == '>';
  };
  s = core::trim(s);
  while (!s.empty() && decoration(s.back())) s.remove_suffix(1);
  while (!s.empty() && decoration(s.front()) && s.front() != '.') s.remove_prefix(1);
  return s;
}

// A person's name as labels carry it: 1-5 words, 40 bytes at most, starting with a capital.
bool looks_like_name(std::string_view s) {
  s = core::trim(s);
  if (s.empty() || s.size() > 40) return false;
  if (!(s[0] >= 'A' && s[0] <= 'Z') && static_cast<unsigned char>(s[0]) < 0x80) return false;
  int words = 1;
  for (char c : s) {
    if (c == ' ') ++words;
    if (c == ':' || c == '?' || c == '!' || c == ';' || c == '"' || (c >= '0' && c <= '9')) return false;
  }
  // Every word capitalised but particles: "Lawrence Gold", "Ludwig van Beethoven", "Maria in
  // Ohio"; not "You may not post replies".
  for (std::size_t start = 0; start < s.size();) {
    std::size_t end = std::min(s.find(' ', start), s.size());
    std::string_view word = s.substr(start, end - start);
    bool particle = false;
    for (std::string_view p : {"van", "von", "de", "der", "den", "la", "le", "da", "du", "di", "del", "bin", "al",
                               "in", "of", "and", "&"})  // "Maria in Ohio", "Mother of Two"
      particle = particle || word == p;
    if (!word.empty() && word[0] >= 'a' && word[0] <= 'z' && !particle) return false;
    start = end + 1;
  }
  return words <= 5;
}

// "Question 12", "Question #12", "Question No. 12" -> "Question".
std::string_view drop_number(std::string_view s) {
  std::size_t end = s.size();
  while (end > 0 && s[end - 1] >= '0' && s[end - 1] <= '9') --end;
  if (end == s.size() || end == 0) return s;
  std::string_view head = core::trim(s.substr(0, end));
  if (!head.empty() && head.back() == '#') head = core::trim(head.substr(0, head.size() - 1));
  if (head.size() > 3 && iequals(head.substr(head.size() - 3), "no.")) head = core::trim(head.substr(0, head.size() - 3));
  return head;
}

// "Jason on 9/23/2009" -> "Jason": a name label may end with the post's date. The name ends at
// the joint nearest the date, so that "Lawrence Gold, CHSE · 4 March 2012" keeps the credential.
std::string_view name_before_date(std::string_view rest) {
  rest = core::trim(rest);
  std::size_t digit = rest.find_first_of("0123456789");
  if (digit == std::string_view::npos) return rest;
  std::size_t end = std::string_view::npos;
  for (std::string_view joint : {" on ", ", ", " (", " at ", " - ", " \xC2\xB7 ", " | "}) {
    std::size_t at = rest.rfind(joint, digit);
    if (at != std::string_view::npos && at < digit && (end == std::string_view::npos || at > end)) end = at;
  }
  return end == std::string_view::npos ? rest : rest.substr(0, end);
}

// "Here is what Martha wrote me on Oct. 3, 2001": a letter's introduction names its writer.
// A bare "Dave Kowalczyk wrote:" is a mail attribution above a quote (reply_sections.hpp), and
// "You wrote:" quotes the letter inside an answer.
std::optional<SectionLabel> letter_introduction(std::string_view s) {
  std::string_view intro = s;
  bool introduced = false;
  for (std::string_view lead : {"here is what ", "here's what ", "this is what "})
    if (intro.size() > lead.size() && iequals(intro.substr(0, lead.size()), lead))
      intro.remove_prefix(lead.size()), introduced = true;
  std::size_t wrote = intro.find(" wrote");
  if (wrote == std::string_view::npos || wrote == 0) return std::nullopt;
  std::string_view name = intro.substr(0, wrote);
  std::string_view rest = core::trim(intro.substr(wrote + 6));
  bool to_us = introduced && rest.empty();
  for (std::string_view tail : {"me", "to me", "us", "to us"})
    to_us = to_us || (rest.size() >= tail.size() && iequals(rest.substr(0, tail.size()), tail) &&
                      (rest.size() == tail.size() || rest[tail.size()] == ' '));
  for (std::string_view pronoun : {"you", "i", "we", "he", "she", "they", "someone", "somebody"})
    if (iequals(name, pronoun)) return std::nullopt;
  if (!to_us || core::word_count(rest) > 8 || !looks_like_name(name)) return std::nullopt;
  return SectionLabel{SectionKind::question, 0, false, false, std::string(name)};
}

// "Dr. Bob says": an expert's words. Only a titled name; "Tom says" could be either side.
std::optional<SectionLabel> titled_name_says(std::string_view s) {
  constexpr std::string_view k_says = " says";
  if (s.size() <= k_says.size() || !iequals(s.substr(s.size() - k_says.size()), k_says)) return std::nullopt;
  std::string_view name = s.substr(0, s.size() - k_says.size());
  for (std::string_view title : {"Dr. ", "Dr ", "Doctor ", "Doc ", "Prof. ", "Professor ", "Coach ", "Nurse "})
    if (name.starts_with(title) && looks_like_name(name))
      return SectionLabel{SectionKind::answer, 0, false, false, std::string(name)};
  return std::nullopt;
}

std::optional<SectionLabel> match_whole_label(std::string_view written) {
  // Typographic apostrophes read as ASCII ones: "Lawrence’s answer".
  std::string normalised;
  normalised.reserve(written.size());
  for (std::size_t i = 0; i < written.size();) {
    bool apostrophe = written.substr(i, 3) == "\xE2\x80\x99";
    normalised += apostrophe ? '\'' : written[i];
    i += apostrophe ? 3 : 1;
  }
  std::string_view s = normalised;
  std::string_view bare = drop_number(s);
  for (const Word& w : k_phrases) {
    if (!iequals(bare, w.text)) continue;
    SectionLabel label{w.kind, 0, false, false, std::nullopt};
    label.weak = w.weak && bare.size() == s.size();  // "Reply #3" numbers a post: no weak word
    return label;
  }
  if (iequals(s, "q") || iequals(s, "a"))
    return SectionLabel{iequals(s, "q") ? SectionKind::question : SectionKind::answer, 0, true, false,
                        std::nullopt};
  for (const Word& w : k_name_prefixes) {
    if (!istarts_with(s, w.text)) continue;
    std::string_view name = name_before_date(s.substr(w.text.size()));
    if (looks_like_name(name)) return SectionLabel{w.kind, 0, false, false, std::string(name)};
  }
  for (const Word& w : k_name_suffixes)
    if (s.size() > w.text.size() && iequals(s.substr(s.size() - w.text.size()), w.text) &&
        looks_like_name(s.substr(0, s.size() - w.text.size())))
      return SectionLabel{w.kind, 0, false, false, std::string(s.substr(0, s.size() - w.text.size()))};
  if (auto label = letter_introduction(s)) return label;
  return titled_name_says(s);
}

// Where a run-in label ends: the first ':' or spaced dash (" - ", " -- ", " – ", " — "), and where
// the text after it starts; {0, 0} when there is neither.
std::pair<std::size_t, std::size_t> run_in_label_end(std::string_view text) {
  text = text.substr(0, 64);  // a label ends within 60 bytes: no need to scan a paragraph
  std::size_t colon = text.find(':');
  std::size_t best = colon, after = colon == std::string_view::npos ? 0 : colon + 1;
  for (std::string_view dash : {" - ", " -- ", " \xE2\x80\x93 ", " \xE2\x80\x94 "}) {
    std::size_t at = text.find(dash);
    if (at != std::string_view::npos && at < best) best = at, after = at + dash.size();
  }
  if (best == std::string_view::npos) return {0, 0};
  return {best, after};
}

}  // namespace

std::optional<std::string> byline_name(std::string_view after_by) {
  std::string_view name = name_before_date(after_by);
  if (!looks_like_name(name)) return std::nullopt;
  for (std::string_view nobody : {"anonymous", "anon", "guest", "unknown", "name withheld", "withheld"})
    if (iequals(name, nobody)) return std::nullopt;
  return std::string(name);
}

std::optional<std::string> article_byline_name(std::string_view line_text) {
  std::size_t skip = core::istarts_with(line_text, "written by ") ? 11 : core::istarts_with(line_text, "by ") ? 3 : 0;
  if (skip == 0) return std::nullopt;
  std::string_view name = line_text.substr(skip);
  name = core::trim(name.substr(0, name.find_first_of(",|(")));
  for (std::string_view role : {"administrator", "admin", "editor", "staff", "webmaster", "guest"})
    if (core::iequals(name, role)) return std::nullopt;
  return byline_name(name);
}

bool is_section_label_text(std::string_view text) {
  std::string_view s = strip_label_punctuation(text);
  return s.size() <= 60 && match_whole_label(s).has_value();
}

std::string_view without_edit_link(std::string_view text) {
  for (std::string_view edit : {"[edit]", "[edit source]"}) {
    if (text.size() > edit.size() && iequals(text.substr(0, edit.size()), edit)) text = core::trim(text.substr(edit.size()));
    if (text.size() > edit.size() && iequals(text.substr(text.size() - edit.size()), edit))
      text = core::trim(text.substr(0, text.size() - edit.size()));
  }
  return text;
}

std::optional<SectionLabel> match_section_label(const Line& line) {
  if (is_link_only(line)) return std::nullopt;
  std::string_view text = line.text;
  // The whole line is the label.
  std::string_view whole = line.heading ? without_edit_link(text) : text;
  if (whole.size() <= 60) {
    if (auto label = match_whole_label(strip_label_punctuation(whole))) {
      label->text_offset = text.size();
      if (label->single_letter) {
        // A lone "A" or "Q" line is a label only when written as one: "Q:", "A.", or in bold.
        char last = core::trim(text).back();
        if (!(last == ':' || last == '.' || line.emphasized || line.heading)) return std::nullopt;
      }
      return label;
    }
  }
  // "Q. My knee ..." / "A. Try ...": a capital letter and a period open the paragraph.
  if (text.size() > 3 && (text[0] == 'Q' || text[0] == 'A') && text[1] == '.' && text[2] == ' ')
    return SectionLabel{text[0] == 'Q' ? SectionKind::question : SectionKind::answer, 3, true, false,
                        std::nullopt};
  // A label that opens a paragraph, the text following: "Question: My knee ...", "Q: ...",
  // "Jason asks: ...", "Question - Dear Mr. Gold, ...". The label ends at the first ':' or
  // spaced dash.
  auto [end, after] = run_in_label_end(text);
  if (end == 0 || end > 60) return std::nullopt;
  std::string_view head = core::trim(text.substr(0, end));
  auto label = match_whole_label(head);
  if (!label) return std::nullopt;
  std::size_t offset = after;
  while (offset < text.size() && text[offset] == ' ') ++offset;
  if (offset >= text.size()) return std::nullopt;  // handled above
  // "Best Answer - Chosen by Voters": the rest says how the answer was chosen; no text follows.
  std::string_view rest = text.substr(offset);
  if (core::word_count(rest) <= 4 && (core::istarts_with(rest, "chosen by") || core::istarts_with(rest, "selected by")))
    offset = text.size();
  label->text_offset = offset;
  return label;
}

}  // namespace salvage::extract
