#include "extract/layout.hpp"

#include <gumbo.h>

#include <cstdlib>
#include <utility>

#include "core/text.hpp"
#include "extract/selector.hpp"

namespace salvage::extract {

namespace {

enum class Break { none, line, paragraph };

bool has_ad_token(const char* value) {
  if (!value) return false;
  static constexpr std::string_view k_tokens[] = {
      "ad",       "ads",       "advert",  "adverts", "advertisement", "advertising", "adsense",
      "adbox",    "adblock",   "banner",  "banners", "sponsor",       "sponsors",    "sponsored",
      "googlead", "google_ad", "adslot",  "promo"};
  std::string lower = core::to_lower_ascii(value);
  std::size_t i = 0;
  while (i < lower.size()) {
    // Tokens are runs of letters: "ad-box" -> "ad", "box"; "top_banner" -> "top", "banner".
    while (i < lower.size() && !(lower[i] >= 'a' && lower[i] <= 'z')) ++i;
    std::size_t start = i;
    while (i < lower.size() && lower[i] >= 'a' && lower[i] <= 'z') ++i;
    std::string_view token(lower.data() + start, i - start);
    for (auto t : k_tokens)
      if (token == t) return true;
  }
  return false;
}

constexpr int k_max_form_words = 40;

// Whether the text under `node` has fewer than `limit` words; stops counting at the limit (an
// ASP.NET form holds the whole page).
bool fewer_words_than(const Node* node, int limit) {
  int words = 0;
  std::vector<const Node*> stack{node};
  while (!stack.empty() && words < limit) {
    const Node* n = stack.back();
    stack.pop_back();
    if (is_text(n)) words += core::word_count(node_text(n));
    else if (is_element(n) && !is_hidden_element(n))
      for (unsigned i = child_count(n); i-- > 0;) stack.push_back(child(n, i));
  }
  return words < limit;
}

// Elements that never hold page content.
bool is_skipped(const Node* node, const LayoutOptions& options) {
  if (is_hidden_element(node)) return true;
  switch (node->v.element.tag) {
    case GUMBO_TAG_NAV:  // unless it holds the trail: <nav class="breadcrumb">
      return !names_a_trail(node);
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER:
      return true;
    case GUMBO_TAG_FORM:
      // A search box, an "ask a question" or "rate this answer" form: captions, not content
      // ("Your question:"). Not a form with the page in it: ASP.NET wraps the whole body in one.
      if (fewer_words_than(node, k_max_form_words)) return true;
      break;
    default:
      break;
  }
  if (has_ad_token(attribute(node, "class")) || has_ad_token(attribute(node, "id"))) return true;
  return options.exclude && options.exclude->matches(node);
}

bool is_heading_tag(GumboTag tag) {
  return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 ||
         tag == GUMBO_TAG_H4 || tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

// <b>, <strong>, <big>, <th>, and <font size=4..7 / +1..> make a line look like a heading.
bool is_emphasis(const Node* node) {
  switch (node->v.element.tag) {
    case GUMBO_TAG_B: case GUMBO_TAG_STRONG: case GUMBO_TAG_BIG: case GUMBO_TAG_TH:
      return true;
    case GUMBO_TAG_FONT: {
      const char* size = attribute(node, "size");
      if (!size) return false;
      std::string_view s = core::trim(size);
      if (!s.empty() && s[0] == '+') return true;
      return std::atoi(std::string(s).c_str()) >= 4;
    }
    default:
      return false;
  }
}

// <i>, <em> and <cite>: browsers set them in italics (a newspaper sets a reader's letter so).
bool is_italic(const Node* node) {
  GumboTag tag = node->v.element.tag;
  return tag == GUMBO_TAG_I || tag == GUMBO_TAG_EM || tag == GUMBO_TAG_CITE;
}

// How the text being added is set: inside how many headings, emphasis and italic elements.
struct TextStyle {
  int heading = 0, emphasis = 0, italic = 0;
};

class LineBuilder {
 public:
  explicit LineBuilder(std::vector<Line>& out) : m_out(out) {}

  void request_break(Break b) {
    if (b > m_break) m_break = b;
  }

  void line_break_element() {  // <br> or a newline inside <pre>
    ++m_breaks_in_row;
    request_break(m_breaks_in_row >= 2 ? Break::paragraph : Break::line);
  }

  // Appends text whose whitespace runs (NBSP included) fold into single spaces.
  void add_text(std::string_view text, const TextStyle& style, const Node* node) {
    for (std::size_t i = 0; i < text.size();) {
      auto c = static_cast<unsigned char>(text[i]);
      bool nbsp = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0;
      if (core::is_space_byte(c) || nbsp) {
        m_space = true;
        i += nbsp ? 2 : 1;
        continue;
      }
      std::size_t run = i;
      while (run < text.size() && !core::is_space_byte(static_cast<unsigned char>(text[run])) &&
             !(static_cast<unsigned char>(text[run]) == 0xC2 && run + 1 < text.size() &&
               static_cast<unsigned char>(text[run + 1]) == 0xA0))
        ++run;
      add_word(text.substr(i, run - i), style, node);
      i = run;
    }
  }

  // An image that shows no text: remembered where it sits when words stand on both sides of it,
  // and it parts them as a space would ("Q&A<img src=arrow.gif>Knees" reads "Q&A Knees").
  void image() {
    if (m_break != Break::none || m_current.text.empty()) return;
    m_current.image_gaps.push_back(m_current.text.size());
    m_space = true;
  }

  void open_anchor(const char* href) {
    m_href = href;
    m_anchor_begin = std::string::npos;  // set when its first word arrives
  }

  void close_anchor() {
    if (!m_href) return;
    std::size_t end = m_current.text.size();
    std::size_t begin = m_anchor_begin == std::string::npos ? end : m_anchor_begin;
    // An anchor without text in a block of its own (an image button in the next table row)
    // belongs to no line: the line still open is the previous block's.
    bool stray = m_anchor_begin == std::string::npos && m_break != Break::none;
    if (!stray) m_current.anchors.push_back({begin, end, m_href});
    m_href = nullptr;
  }

  void finish() {
    close_anchor();
    flush();
  }

 private:
  void add_word(std::string_view word, const TextStyle& style, const Node* node) {
    if (m_break != Break::none && !m_current.text.empty()) {
      // An anchor that has text on this line is split; one without text yet moves whole.
      const char* href = m_href;
      bool started = href && m_anchor_begin != std::string::npos;
      if (started) close_anchor();
      m_href = nullptr;
      flush();
      if (href) open_anchor(href);
    }
    if (m_current.text.empty()) {
      m_current.node = node;
      m_current.paragraph_start = m_break == Break::paragraph || m_out.empty();
      m_current.heading = style.heading > 0;
      m_current.emphasized = style.emphasis > 0;
      m_current.italic = style.italic > 0;
    } else if (m_space) {
      m_current.text += ' ';
    }
    if (m_href && m_anchor_begin == std::string::npos) m_anchor_begin = m_current.text.size();
    m_current.heading = m_current.heading && style.heading > 0;
    m_current.emphasized = m_current.emphasized && style.emphasis > 0;
    m_current.italic = m_current.italic && style.italic > 0;
    m_current.text += word;
    m_space = false;
    m_break = Break::none;
    m_breaks_in_row = 0;
  }

  void flush() {
    if (!m_current.text.empty()) m_out.push_back(std::move(m_current));
    m_current = Line{};
    m_space = false;
    m_anchor_begin = std::string::npos;
  }

  std::vector<Line>& m_out;
  Line m_current;
  Break m_break = Break::none;
  int m_breaks_in_row = 0;
  bool m_space = false;
  const char* m_href = nullptr;
  std::size_t m_anchor_begin = std::string::npos;
};

// Text inside <pre>: each newline is a line break, so blank lines become paragraph breaks and
// hard-wrapped lines join with a space.
void add_preformatted(LineBuilder& builder, std::string_view text, const TextStyle& style, const Node* node) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    std::string_view piece = text.substr(start, nl == std::string_view::npos ? text.npos : nl - start);
    if (!core::trim(piece).empty()) builder.add_text(piece, style, node);
    if (nl == std::string_view::npos) break;
    builder.line_break_element();
    start = nl + 1;
  }
}

// Length of a quote marker opening `text` ("> ", ">> ", ">", or WWWBoard's ": " and ":"), or 0.
std::size_t quote_marker(std::string_view text) {
  std::size_t i = 0;
  if (text.starts_with('>')) {
    while (i < text.size() && (text[i] == '>' || text[i] == ' ')) ++i;
  } else if (text == ":" || text.starts_with(": ")) {  // not "::" (a trail separator), not ":text"
    for (i = 1; i < text.size() && text[i] == ' ';) ++i;
  }
  return i;
}

// Quoted mail ("> Dear Lawrence,") reads without its markers. Only runs of two or more quoted
// lines count, so a lone line that starts with ">" or ":" keeps it. A quoted empty line (">") is
// a paragraph break.
void strip_quote_markers(std::vector<Line>& lines) {
  std::vector<Line> out;
  out.reserve(lines.size());
  std::vector<bool> marked(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) marked[i] = quote_marker(lines[i].text) > 0;
  bool pending_paragraph = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    bool quoted = marked[i] && ((i + 1 < lines.size() && marked[i + 1]) || (i > 0 && marked[i - 1]));
    Line line = std::move(lines[i]);
    if (quoted) {
      line.quoted = true;
      std::size_t cut = quote_marker(line.text);
      line.text.erase(0, cut);
      for (Anchor& a : line.anchors) {
        a.begin = a.begin > cut ? a.begin - cut : 0;
        a.end = a.end > cut ? a.end - cut : 0;
      }
      if (line.text.empty()) {
        pending_paragraph = true;
        continue;
      }
    }
    line.paragraph_start = line.paragraph_start || pending_paragraph;
    pending_paragraph = false;
    out.push_back(std::move(line));
  }
  lines = std::move(out);
}

}  // namespace

std::vector<Line> lay_out(const Node* root, const LayoutOptions& options) {
  std::vector<Line> lines;
  LineBuilder builder(lines);
  TextStyle style;
  int pre_depth = 0;

  struct Frame {
    const Node* node;
    unsigned next_child;
  };
  std::vector<Frame> stack{{root, 0}};
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const Node* node = frame.node;
    if (is_text(node)) {
      if (pre_depth > 0)
        add_preformatted(builder, node_text(node), style, node);
      else
        builder.add_text(node_text(node), style, node);
      stack.pop_back();
      continue;
    }
    if (!is_element(node)) {  // comments, doctype
      stack.pop_back();
      continue;
    }
    GumboTag tag = node->v.element.tag;
    if (frame.next_child == 0) {  // entering
      if (node != root && is_skipped(node, options)) {
        stack.pop_back();
        continue;
      }
      if (tag == GUMBO_TAG_BR) {
        builder.line_break_element();
        stack.pop_back();
        continue;
      }
      if (tag == GUMBO_TAG_IMG) {
        const char* alt = attribute(node, "alt");
        if (alt && options.keep_image_alt && options.keep_image_alt(core::trim(alt))) {
          builder.request_break(Break::paragraph);
          builder.add_text(alt, TextStyle{1, 1, 0}, node);
          builder.request_break(Break::paragraph);
        } else {
          builder.image();
        }
        stack.pop_back();
        continue;
      }
      if (!is_inline_element(node)) builder.request_break(Break::paragraph);
      if (is_heading_tag(tag)) ++style.heading;
      if (is_emphasis(node)) ++style.emphasis;
      if (is_italic(node)) ++style.italic;
      if (tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING || tag == GUMBO_TAG_PLAINTEXT ||
          tag == GUMBO_TAG_XMP)
        ++pre_depth;
      if ((tag == GUMBO_TAG_A || tag == GUMBO_TAG_AREA) && attribute(node, "href"))
        builder.open_anchor(attribute(node, "href"));
    }
    if (frame.next_child < child_count(node)) {
      const Node* c = child(node, frame.next_child++);
      stack.push_back({c, 0});
      continue;
    }
    // leaving
    if ((tag == GUMBO_TAG_A || tag == GUMBO_TAG_AREA) && attribute(node, "href")) builder.close_anchor();
    if (is_heading_tag(tag)) --style.heading;
    if (is_emphasis(node)) --style.emphasis;
    if (is_italic(node)) --style.italic;
    if (tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING || tag == GUMBO_TAG_PLAINTEXT ||
        tag == GUMBO_TAG_XMP)
      --pre_depth;
    if (!is_inline_element(node)) builder.request_break(Break::paragraph);
    stack.pop_back();
  }
  builder.finish();
  strip_quote_markers(lines);
  return lines;
}

bool is_inside(const Node* node, const Node* ancestor) {
  for (; node; node = parent(node))
    if (node == ancestor) return true;
  return false;
}

std::string paragraphs_text(std::span<const Line> lines, std::size_t first_offset) {
  std::string out;
  std::string paragraph;
  auto end_paragraph = [&] {
    std::string text = core::collapse_whitespace(paragraph);
    if (!text.empty()) {
      if (!out.empty()) out += "\n\n";
      out += text;
    }
    paragraph.clear();
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].paragraph_start) end_paragraph();
    std::string_view text = lines[i].text;
    if (i == 0) text = text.substr(std::min(first_offset, text.size()));
    if (!paragraph.empty()) paragraph += ' ';
    paragraph += text;
  }
  end_paragraph();
  return out;
}

bool is_link_only(const Line& line) {
  if (line.anchors.empty()) return false;  // most lines: no need to count their text
  std::size_t visible = 0;
  for (char c : line.text)
    if (c != ' ' && c != '|' && c != '-' && c != '[' && c != ']' && c != '>') ++visible;
  std::size_t anchor_visible = 0;
  for (const Anchor& a : line.anchors)
    for (std::size_t i = a.begin; i < a.end && i < line.text.size(); ++i) {
      char c = line.text[i];
      if (c != ' ' && c != '|' && c != '-' && c != '[' && c != ']' && c != '>') ++anchor_visible;
    }
  return anchor_visible == visible;
}

bool names_a_trail(const Node* node) {
  for (const char* attr : {"class", "id", "aria-label"}) {
    const char* v = attribute(node, attr);
    if (!v) continue;
    std::string lower = core::to_lower_ascii(v);
    if (lower.find("crumb") != std::string::npos || lower.find("trail") != std::string::npos) return true;
  }
  return false;
}

}  // namespace salvage::extract
