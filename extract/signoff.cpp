#include "extract/signoff.hpp"

#include <array>

#include "core/text.hpp"
#include "extract/layout.hpp"

namespace salvage::extract {

namespace {

using core::iequals;
using core::istarts_with;

std::string_view strip_trailing_punctuation(std::string_view s) {
  s = core::trim(s);
  while (!s.empty() && (s.back() == ',' || s.back() == '.' || s.back() == '!' || s.back() == ':' ||
                        s.back() == ';' || s.back() == ' '))
    s.remove_suffix(1);
  return s;
}

// A signed name without trailing commas; a final "." stays after an initial or an
// abbreviation ("Martha K.", "M.D.") and goes after a word ("Jason.").
std::string clean_name(std::string_view s) {
  s = core::trim(s);
  while (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == '!' || s.back() == ' '))
    s.remove_suffix(1);
  if (!s.empty() && s.back() == '.') {
    std::size_t space = s.rfind(' ');
    std::string_view word = s.substr(space == std::string_view::npos ? 0 : space + 1);
    if (word.size() > 3 && word.substr(0, word.size() - 1).find('.') == std::string_view::npos)
      s.remove_suffix(1);
  }
  return std::string(s);
}

bool ends_with_word(std::string_view s, std::string_view word) {
  return s.size() >= word.size() && iequals(s.substr(s.size() - word.size()), word) &&
         (s.size() == word.size() || s[s.size() - word.size() - 1] == ' ');
}

constexpr std::string_view k_valedictions[] = {
    "sincerely",    "sincerely yours", "yours sincerely", "yours truly",   "truly yours",
    "very truly yours", "respectfully", "respectfully yours", "yours",      "cheers",
    "best",         "all the best",    "take care",       "good luck",     "be well",
    "yours in health", "in health",    "blessings",       "god bless",     "peace",
    "love",         "warmly",          "cordially",       "namaste",       "gratefully",
    "with gratitude", "with thanks",   "many thanks",     "much appreciated", "ciao",
    "hugs",         "in good health",  "to your health",  "be well and happy", "take good care",
    "with appreciation", "wishing you well", "stay well"};

// A person's name as signed: 1-5 words, starting with a capital (or a single lower-case word),
// not a sentence.
bool looks_like_signed_name(std::string_view s) {
  s = core::trim(s);
  if (s.empty() || s.size() > 50) return false;
  char last = s.back();
  if (last == '?' || last == ':' || last == ';' || last == '!') return false;
  int words = core::word_count(s);
  if (words > 5) return false;
  auto first = static_cast<unsigned char>(s[0]);
  bool capital = (first >= 'A' && first <= 'Z') || first >= 0x80;
  if (!capital && !(words == 1 && s.size() <= 20 && first >= 'a' && first <= 'z')) return false;
  // "Good luck." or "I hope this helps." are sentences, not names.
  return !is_valediction(s) && !(last == '.' && words >= 3 && s.find(". ") == std::string_view::npos &&
                                 s[s.size() - 2] >= 'a' && s[s.size() - 2] <= 'z');
}

// "Certified Hanna Somatic Educator", "M.D., Bone Health": short, and not a sentence.
bool looks_like_title_line(std::string_view s) {
  s = core::trim(s);
  if (s.empty() || s.size() > 80 || core::word_count(s) > 10 || s.back() == '?' || s.back() == ':') return false;
  bool sentence = s.back() == '.' && core::word_count(s) >= 4 && s[s.size() - 2] >= 'a' && s[s.size() - 2] <= 'z';
  return !sentence;
}

// "-- Jason", "- Dr. Gold", "—Lawrence Gold".
std::optional<std::string> dashed_name(std::string_view s) {
  s = core::trim(s);
  std::size_t i = 0;
  if (s.substr(0, 3) == "\xE2\x80\x94" || s.substr(0, 3) == "\xE2\x80\x93") i = 3;  // em/en dash
  else while (i < s.size() && s[i] == '-') ++i;
  if (i == 0 || i > 3) return std::nullopt;
  std::string_view name = core::trim(s.substr(i));
  if (name.empty() || !looks_like_signed_name(name)) return std::nullopt;
  return std::string(name);
}

// Finds "Regards, Jason" ending a line, after a sentence end or at the line's start.
std::optional<SignOff> inline_sign_off(const Line& line, std::size_t index) {
  std::string_view text = line.text;
  std::size_t search = 0;
  while (search < text.size()) {
    std::size_t start = search;
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) break;
    std::string_view valediction = text.substr(start, comma - start);
    std::string_view name = core::trim(text.substr(comma + 1));
    if (is_valediction(valediction) && looks_like_signed_name(name) && core::word_count(name) <= 3) {
      SignOff s;
      s.line = index;
      s.offset = start;
      s.end = index + 1;
      s.block = std::string(core::trim(text.substr(start)));
      s.name = clean_name(name);
      return s;
    }
    // Next candidate start: after the next sentence end.
    std::size_t next = text.find_first_of(".!?", start);
    if (next == std::string_view::npos) break;
    search = next + 1;
    while (search < text.size() && text[search] == ' ') ++search;
  }
  return std::nullopt;
}

}  // namespace

bool is_valediction(std::string_view text) {
  std::string_view s = strip_trailing_punctuation(text);
  if (s.empty() || s.size() > 60 || core::word_count(s) > 8) return false;
  if (istarts_with(s, "thank")) return core::word_count(s) <= 6;  // "Thanks", "Thank you for your time"
  if (ends_with_word(s, "regards") || ends_with_word(s, "regard") || ends_with_word(s, "wishes"))
    return core::word_count(s) <= 4;
  if (istarts_with(s, "yours ")) return core::word_count(s) <= 5;  // "Yours faithfully", "Yours in good health"
  for (std::string_view v : k_valedictions)
    if (iequals(s, v)) return true;
  return false;
}

// Lines [from, to) of a sign-off block, joined by "\n".
static std::string block_of(std::span<const Line> lines, std::size_t from, std::size_t to) {
  std::string block;
  for (std::size_t i = from; i < to; ++i) {
    if (!block.empty()) block += '\n';
    block += lines[i].text;
  }
  return block;
}

// The sign-off ending exactly at line `end`.
static std::optional<SignOff> sign_off_ending_at(std::span<const Line> lines, std::size_t end) {

  // Valediction line, name line, optional title line in the name's paragraph.
  // Besides the known valedictions, any short closing that ends in a comma ("Safe travels,",
  // "Yours in movement,", "Your friend in fitness,") counts here, where a name must follow it and
  // end the section.
  auto closing = [](std::string_view text) {
    text = core::trim(text);
    return is_valediction(text) || (text.size() > 1 && text.back() == ',' && core::word_count(text) <= 5 &&
                                    text.front() >= 'A' && text.front() <= 'Z' && !greeting_name(text));
  };
  for (std::size_t v = end >= 4 ? end - 4 : 0; v + 1 < end; ++v) {
    if (!closing(lines[v].text)) continue;
    std::size_t name = v + 1;
    // The name as written, or dashed under the valediction ("Thanks in advance!" / "-- Maria K.").
    std::optional<std::string> signed_name;
    if (looks_like_signed_name(lines[name].text)) signed_name = clean_name(lines[name].text);
    else signed_name = dashed_name(lines[name].text);
    if (!signed_name) continue;
    // A title line belongs when it is set like the name: in its paragraph, or (Word's one
    // paragraph per line) in its own paragraph when the name has one too.
    std::size_t last = name;
    if (name + 1 < end && looks_like_title_line(lines[name + 1].text) &&
        (!lines[name + 1].paragraph_start || lines[name].paragraph_start))
      last = name + 1;
    if (last + 1 != end) continue;
    SignOff s;
    s.line = v;
    s.end = last + 1;
    s.block = block_of(lines, v, last + 1);
    s.name = *signed_name;
    return s;
  }
  const Line& final_line = lines[end - 1];
  if (auto name = dashed_name(final_line.text)) {
    SignOff s;
    s.line = end - 1;
    s.end = end;
    s.block = final_line.text;
    s.name = *name;
    return s;
  }
  return inline_sign_off(final_line, end - 1);
}

// "Debbie K.", "Lawrence Gold", "Dr. Mira Patel": every word capitalised or an initial.
static bool looks_like_bare_name(std::string_view s) {
  s = core::trim(s);
  if (s.empty() || s.size() > 40 || core::word_count(s) > 4 || is_valediction(s)) return false;
  if (static_cast<unsigned char>(s.front()) < 0x80 && !(s.front() >= 'A' && s.front() <= 'Z')) return false;
  if (s.back() == '?' || s.back() == '!' || s.back() == ':' || s.back() == ',') return false;
  for (std::string_view common : {"Yes", "No", "OK", "Okay", "Good", "Great", "Thanks", "Help", "Please"})
    if (core::iequals(strip_trailing_punctuation(s), common)) return false;
  bool word_start = true;
  for (char c : s) {
    if (c >= '0' && c <= '9') return false;
    if (word_start && c >= 'a' && c <= 'z') return false;
    word_start = c == ' ';
  }
  return true;
}

std::optional<SignOff> find_sign_off(std::span<const Line> lines) {
  // A sign-off ends the section's text: what follows it is template text that leaked in
  // ("Back to top", "Have a question? E-mail us", "Last revised: ..."). Tried in order: the
  // sign-off as the last lines; before trailing menu links (a linked title line is thus tried
  // first); before at most three trailing paragraphs.
  if (auto s = sign_off_ending_at(lines, lines.size())) return s;
  std::size_t end = lines.size();
  while (end > 0 && is_link_only(lines[end - 1])) --end;
  if (end > 0 && end < lines.size())
    if (auto s = sign_off_ending_at(lines, end)) return s;
  for (std::size_t trailing = 1; trailing <= 3 && trailing < lines.size(); ++trailing) {
    std::size_t at = lines.size() - trailing;
    if (!lines[at].paragraph_start) continue;
    if (auto s = sign_off_ending_at(lines, at)) return s;
  }
  // Last: a name standing alone as the section's last paragraph, after some text, or with a
  // title line under it ("Lawrence Gold" / "Hanna Somatic Educator"); also before at most two
  // trailing paragraphs ("Last edited by ...").
  for (std::size_t stop = lines.size(), tried = 0; stop >= 2 && tried < 3; --stop) {
    if (stop < lines.size() && !lines[stop].paragraph_start) continue;
    ++tried;
    std::size_t name = lines[stop - 1].paragraph_start ? stop - 1 : stop - 2;
    if (name < 1 || !lines[name].paragraph_start || !looks_like_bare_name(lines[name].text)) continue;
    if (name + 1 < stop && !looks_like_title_line(lines[name + 1].text)) continue;
    SignOff s;
    s.line = name;
    s.end = stop;
    s.block = block_of(lines, name, stop);
    s.name = clean_name(lines[name].text);
    return s;
  }
  return std::nullopt;
}

std::optional<std::string> greeting_name(std::string_view line_text) {
  std::string_view s = core::trim(line_text);
  static constexpr std::string_view k_greetings[] = {
      "dear", "hello", "hi", "hey", "greetings", "good morning", "good afternoon", "good evening"};
  for (std::string_view g : k_greetings) {
    if (!istarts_with(s, g) || s.size() == g.size()) continue;
    char after = s[g.size()];
    if (after != ' ' && after != ',') continue;
    std::string_view rest = s.substr(g.size());
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == ',')) rest.remove_prefix(1);
    std::size_t end = rest.find_first_of(",:!\n");
    if (end == std::string_view::npos) {
      if (rest.size() > 40) return std::nullopt;  // no punctuation: a sentence, not a greeting
      end = rest.size();
    }
    std::string_view name = core::trim(rest.substr(0, end));
    while (!name.empty() && name.back() == '.') name.remove_suffix(1);
    static constexpr std::string_view k_generic[] = {
        "sir", "madam", "sir/madam", "sir or madam", "doctor", "doc", "all", "everyone",
        "there", "expert", "friends", "team"};
    for (std::string_view g2 : k_generic)
      if (iequals(name, g2)) return std::nullopt;
    auto first = name.empty() ? 0 : static_cast<unsigned char>(name[0]);
    if (name.empty() || core::word_count(name) > 4 || !((first >= 'A' && first <= 'Z') || first >= 0x80))
      return std::nullopt;
    return std::string(name);
  }
  return std::nullopt;
}

}  // namespace salvage::extract
