#include "extract/reply_sections.hpp"

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/text.hpp"
#include "extract/layout.hpp"
#include "extract/section_labels.hpp"
#include "extract/signoff.hpp"

namespace salvage::extract {

namespace {

// "post_message_31142" -> "post_message_"; "" when the id does not end in digits after a name.
std::string_view numbered_id_prefix(const char* id) {
  if (!id) return {};
  std::string_view s = id;
  std::size_t end = s.size();
  while (end > 0 && s[end - 1] >= '0' && s[end - 1] <= '9') --end;
  if (end == s.size() || end == 0) return {};
  return s.substr(0, end);
}

// Whether one of the first three lines of [from, to) greets someone ("Dear Lawrence,"): a letter
// or its reply, which a quoted console session or a blog article's teaser is not.
bool greets(const std::vector<Line>& lines, std::size_t from, std::size_t to) {
  for (std::size_t k = from; k < to && k < from + 3; ++k)
    if (greeting_name(lines[k].text)) return true;
  return false;
}

// The name a mail attribution gives: "On Tue, 23 Sep 2003, Jason Miller wrote:", "Dave K.
// wrote:", "On Sun, Mar 14, 2010 at 9:41 PM, Priya Raman <priya at gmail.com> wrote:" (the last
// one may wrap before "wrote:"). The name is what stands after the last comma, address left out.
std::optional<std::string> attribution_name(std::string_view text) {
  if (!text.ends_with("wrote:")) return std::nullopt;
  text = core::trim(text.substr(0, text.size() - 6));
  if (std::size_t address = text.find_first_of("<("); address != std::string_view::npos)
    text = core::trim(text.substr(0, address));
  if (std::size_t comma = text.rfind(','); comma != std::string_view::npos) text = core::trim(text.substr(comma + 1));
  return byline_name(text);
}

// The sender a mail archive's header names: "Lawrence Gold lgold at somatics.com", "From:
// Lawrence Gold <lgold@somatics.com>": a name, then an address (plain, in brackets, or written
// "user at host.tld" as list archives hide them), and nothing else.
std::optional<std::string> sender_name(std::string_view text) {
  if (core::istarts_with(text, "from:")) text = core::trim(text.substr(5));
  std::size_t cut = text.find_first_of("<(");
  if (cut == std::string_view::npos) {
    // The last word is the host of "user at host.tld" or an address with '@'.
    std::size_t at = text.rfind(" at ");
    std::size_t space = at == std::string_view::npos ? std::string_view::npos : text.rfind(' ', at - 1);
    bool hidden = space != std::string_view::npos && text.find('.', at) != std::string_view::npos &&
                  text.find(' ', at + 4) == std::string_view::npos;
    std::size_t sign = text.rfind('@');
    if (hidden) cut = space;
    else if (sign != std::string_view::npos) cut = text.rfind(' ', sign);
  }
  if (cut == std::string_view::npos || cut == 0) return std::nullopt;
  return byline_name(core::trim(text.substr(0, cut)));
}

}  // namespace

// A mail or board reply that quotes the message it answers ("> Dear Lawrence, ...", WWWBoard's
// ": ...") and answers below the quote: the quoted run is the question, the unquoted text after
// it, up to chrome or another quote, the answer.
std::optional<Sections> quoted_reply_sections(const std::vector<Line>& lines) {
  constexpr int k_min_words = 8;  // a quoted line or two ("> thanks") is no question
  auto words = [&](std::size_t from, std::size_t to) {
    int n = 0;
    for (std::size_t i = from; i < to; ++i) n += core::word_count(lines[i].text);
    return n;
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].quoted) continue;
    std::size_t quote_end = i;
    while (quote_end < lines.size() && lines[quote_end].quoted) ++quote_end;
    std::size_t reply_end = quote_end;
    while (reply_end < lines.size() && !lines[reply_end].quoted && !is_chrome_line(lines[reply_end])) ++reply_end;
    // A letter and its reply: one of the two greets someone, or the line that introduces the
    // quote says it is one ("In Reply to: ...", "Jason wrote:"); a quoted console session
    // (">>> import x") or a comment quoted in a discussion has neither.
    auto introduced = [&] {
      for (std::size_t k = i; k-- > 0 && k + 4 > i;) {
        std::string_view t = lines[k].text;
        if (core::istarts_with(t, "in reply to") || t.ends_with("wrote:")) return true;
      }
      return false;
    };
    if (words(i, quote_end) >= k_min_words && words(quote_end, reply_end) >= k_min_words &&
        (greets(lines, i, quote_end) || greets(lines, quote_end, reply_end) || introduced())) {
      // The quote may carry the list's footer the asker's mail program quoted too.
      std::size_t question_end = i;
      while (question_end < quote_end && !is_chrome_line(lines[question_end])) ++question_end;
      Sections out;
      out.question = Section{i, question_end, 0, std::nullopt};
      out.answer = Section{quote_end, reply_end, 0, std::nullopt};
      out.head_end = i;
      out.unlabelled = true;
      // A mail attribution above the quote names the asker ("Jason Miller wrote:"), the
      // archive's header the sender of the reply.
      for (std::size_t k = i; k-- > 0 && k + 3 > i;) {
        std::string text = lines[k].text;
        if (text == "wrote:" && k > 0) text = lines[k - 1].text + " " + text;
        if (auto name = attribution_name(text)) {
          out.question->label_name = name;
          for (std::size_t h = 0; h < k && !out.answer->label_name; ++h) out.answer->label_name = sender_name(lines[h].text);
          break;
        }
      }
      // Above the quote, the reply's byline ("Posted by Lawrence Gold on ...") and the quoted
      // message's ("In Reply to: <subject> posted by Jason on ...") name the two sides.
      for (std::size_t h = 0; h < i; ++h) {
        std::string_view text = lines[h].text;
        std::string lower = core::to_lower_ascii(text);
        std::size_t by = lower.find("posted by ");
        if (by == std::string::npos) continue;
        std::optional<std::string> name = byline_name(text.substr(by + 10));
        bool question = lower.starts_with("in reply to");
        if (!name || (!question && by != 0)) continue;
        std::optional<std::string>& slot = question ? out.question->label_name : out.answer->label_name;
        if (!slot) slot = name;
      }
      return out;
    }
    i = quote_end - 1;
  }
  return std::nullopt;
}

// A letter and its reply on one page, neither labelled: a paragraph that greets someone ("Hi
// Lawrence,") opens the letter, and the next paragraph that greets someone else ("Hi Dana,")
// opens the reply, which runs up to chrome. Both must be real texts, and nothing between the two
// greetings may be chrome (comments greeting each other sit in separate, chrome-led boxes).
namespace {

// The letter lines[letter, reply) and the reply from `reply` up to chrome or the end of the
// element that holds both texts (the article, the message); nullopt when the reply is shorter
// than `min_reply_words`.
std::optional<Sections> letter_and_reply(const std::vector<Line>& lines, std::size_t letter, std::size_t reply,
                                         int min_reply_words) {
  const Node* holder = parent(lines[letter].node);
  while (holder && !is_inside(lines[reply].node, holder)) holder = parent(holder);
  std::size_t end = reply;
  int words = 0;
  while (end < lines.size() && !is_chrome_line(lines[end]) && (!holder || is_inside(lines[end].node, holder)))
    words += core::word_count(lines[end++].text);
  if (words < min_reply_words) return std::nullopt;
  Sections out;
  out.question = Section{letter, reply, 0, std::nullopt};
  out.answer = Section{reply, end, 0, std::nullopt};
  out.head_end = letter;
  out.unlabelled = true;
  return out;
}

}  // namespace

std::optional<Sections> letter_sections(const std::vector<Line>& lines) {
  constexpr int k_min_question_words = 15, k_min_answer_words = 20;
  for (std::size_t g1 = 0; g1 < lines.size(); ++g1) {
    if (!lines[g1].paragraph_start) continue;
    std::optional<std::string> asked = greeting_name(lines[g1].text);
    if (!asked) continue;
    int words = 0;
    for (std::size_t g2 = g1 + 1; g2 < lines.size() && !is_chrome_line(lines[g2]); ++g2) {
      std::optional<std::string> answered = lines[g2].paragraph_start ? greeting_name(lines[g2].text) : std::nullopt;
      if (!answered || core::iequals(*answered, *asked)) {
        words += core::word_count(lines[g2].text);
        continue;
      }
      if (words < k_min_question_words) break;
      return letter_and_reply(lines, g1, g2, k_min_answer_words);
    }
  }
  return std::nullopt;
}

namespace {

// A letter's sign-off, not a name or title standing alone: it opens with a valediction
// ("Thanks in advance!") or a dash ("-- Maria K.", "— Worried in Ohio").
bool signs_a_letter(std::string_view block) {
  std::string_view first = block.substr(0, block.find('\n'));
  return is_valediction(first) || first.starts_with("-") || first.starts_with("\u2014") ||
         first.starts_with("\u2013");
}

}  // namespace

// A newspaper column's letter set in italics and signed, its reply in roman: the italic
// paragraphs ending with the reader's sign-off ("Thanks in advance!" / "-- Maria K.") are the
// question, the roman text after them the answer. The sign-off is what tells a letter from an
// italic standfirst or editor's note.
std::optional<Sections> italic_letter_sections(const std::vector<Line>& lines) {
  constexpr int k_min_question_words = 15, k_min_answer_words = 20;
  for (std::size_t begin = 0; begin < lines.size(); ++begin) {
    if (!lines[begin].paragraph_start || !lines[begin].italic || is_chrome_line(lines[begin])) continue;
    std::size_t end = begin;
    int words = 0;
    while (end < lines.size() && lines[end].italic && !is_chrome_line(lines[end]) && !is_link_only(lines[end]))
      words += core::word_count(lines[end++].text);
    std::span<const Line> letter(lines.data() + begin, end - begin);
    std::optional<SignOff> signed_by = words >= k_min_question_words ? find_sign_off(letter) : std::nullopt;
    if (end < lines.size() && signed_by && signed_by->name && signed_by->end == letter.size() &&
        signs_a_letter(signed_by->block) && lines[end].paragraph_start)
      if (auto out = letter_and_reply(lines, begin, end, k_min_answer_words)) return out;
    begin = end;
  }
  return std::nullopt;
}

// A forum thread whose posts say neither "Question" nor "Answer": the posts are the elements
// numbered alike ("post_message_31142", "post_message_31190"); of the families of such elements
// the one whose posts are smallest (the message, not the message with its author box) is taken.
// The first post is the question; the answer is the longest reply, the expert's as a rule
// (thank-you notes and members' tips are short).
std::optional<Sections> thread_sections(const std::vector<Line>& lines, const Node* body) {
  constexpr int k_min_question_words = 15, k_min_answer_words = 20;
  constexpr std::size_t k_max_posts = 40;  // a thread page, not an archive of posts
  struct Post {
    std::size_t begin, end;
    int words;
  };
  std::unordered_map<std::string_view, std::vector<Post>> families;
  std::unordered_map<const Node*, std::string_view> numbered;  // element -> its id's prefix
  std::vector<const Node*> stack{body};
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (!is_element(n)) continue;
    if (std::string_view prefix = numbered_id_prefix(attribute(n, "id")); !prefix.empty()) numbered[n] = prefix;
    for (unsigned i = child_count(n); i-- > 0;) stack.push_back(child(n, i));
  }
  if (numbered.size() < 2) return std::nullopt;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    for (const Node* n = parent(lines[i].node); n && n != body; n = parent(n)) {
      auto it = numbered.find(n);
      if (it == numbered.end()) continue;
      std::vector<Post>& posts = families[it->second];
      if (posts.empty() || posts.back().end != i || !is_inside(lines[posts.back().begin].node, n))
        posts.push_back({i, i, 0});
      posts.back().end = i + 1;
      posts.back().words += core::word_count(lines[i].text);
    }
  }
  // Board posts, not blog articles or comments: the family is named for posts or messages, its
  // first post asks something, and a post does not open with a link (a teaser's title).
  auto asks = [&](const Post& p) {
    if (is_link_only(lines[p.begin])) return false;
    for (std::size_t i = p.begin; i < p.end; ++i)
      if (lines[i].text.find('?') != std::string::npos) return true;
    return false;
  };
  auto board_name = [](std::string_view prefix) {
    std::string lower = core::to_lower_ascii(prefix);
    return lower.find("post") != std::string::npos || lower.find("msg") != std::string::npos ||
           lower.find("message") != std::string::npos;
  };
  const std::vector<Post>* best = nullptr;
  std::size_t best_lines = 0;
  for (const auto& [prefix, posts] : families) {
    if (posts.size() < 2 || posts.size() > k_max_posts || posts.front().words < k_min_question_words ||
        !board_name(prefix) || !asks(posts.front()))
      continue;
    std::size_t total = 0;
    for (const Post& p : posts) total += p.end - p.begin;
    if (!best || total < best_lines) best = &posts, best_lines = total;
  }
  if (!best) return std::nullopt;
  const Post* answer = nullptr;
  for (std::size_t k = 1; k < best->size(); ++k)
    if ((*best)[k].words >= k_min_answer_words && !is_link_only(lines[(*best)[k].begin]) &&
        (!answer || (*best)[k].words > answer->words))
      answer = &(*best)[k];
  if (!answer) return std::nullopt;
  // A letter and its reply: one of the two greets someone ("Hi Lawrence,", "Dear Carol,").
  const Post& question = best->front();
  if (!greets(lines, question.begin, question.end) && !greets(lines, answer->begin, answer->end))
    return std::nullopt;
  auto until_chrome = [&](const Post& p) {
    std::size_t end = p.begin;
    while (end < p.end && !is_chrome_line(lines[end])) ++end;
    return Section{p.begin, end, 0, std::nullopt};
  };
  Sections out;
  out.question = until_chrome(best->front());
  out.answer = until_chrome(*answer);
  out.head_end = best->front().begin;
  out.unlabelled = true;
  return out;
}

}  // namespace salvage::extract
