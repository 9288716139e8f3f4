#include "extract/selector.hpp"

#include <optional>
#include <unordered_map>
#include <utility>

#include "core/error.hpp"
#include "core/text.hpp"

namespace salvage::extract {

namespace {

enum class Combinator : unsigned char { none, descendant, child, next_sibling, later_sibling };

}  // namespace

struct Selector::Compound {
  Combinator combinator = Combinator::none;  // how this compound relates to the one on its left
  std::string tag;                           // lower-case; empty for "*" or no type selector
  std::vector<std::string> ids;
  std::vector<std::string> classes;
  struct Attribute {
    std::string name;
    std::optional<std::string> value;  // nullopt: presence only
  };
  std::vector<Attribute> attributes;
  struct TextTest {
    bool whole;          // :text (whole text equals) rather than :contains
    std::string needle;  // normalised like the element text, lower-cased
  };
  std::vector<TextTest> texts;
};

struct Selector::Complex {
  std::vector<Compound> compounds;  // left to right; compounds[0].combinator is none
};

Selector::Selector() = default;
Selector::~Selector() = default;
Selector::Selector(Selector&&) noexcept = default;
Selector& Selector::operator=(Selector&&) noexcept = default;
Selector::Selector(const Selector&) = default;
Selector& Selector::operator=(const Selector&) = default;

namespace {

using Compound = Selector::Compound;
using Complex = Selector::Complex;

// ---- text normalisation shared by the needle and the element text ----

// The text :text compares: whitespace collapsed, a trailing colon (ASCII or the full-width one
// CJK templates use) dropped and the rest trimmed again, lower-cased.
std::string label_form(std::string_view text) {
  std::string s = core::collapse_whitespace(text);
  if (!s.empty() && s.back() == ':') {
    s.pop_back();
  } else if (s.size() >= 3 && s.compare(s.size() - 3, 3, "\xEF\xBC\x9A") == 0) {
    s.resize(s.size() - 3);
  }
  return core::to_lower_ascii(core::trim(s));
}

// ---- parser ----

bool is_ident_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c >= 0x80 || c == '\\';
}

bool is_name_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  std::vector<Complex> parse_list() {
    std::vector<Complex> list;
    skip_space();
    if (at_end()) fail("empty selector", m_pos);
    for (;;) {
      if (at_end() || peek() == ',') fail("expected a selector", m_pos);
      list.push_back(complex());
      if (at_end()) break;
      ++m_pos;  // the ','
      skip_space();
    }
    return list;
  }

 private:
  [[noreturn]] void fail(const std::string& what, std::size_t pos) const {
    throw core::Error(core::ExitCode::input, "selector \"" + std::string(m_text) + "\": " + what +
                                                 " at column " + std::to_string(pos + 1));
  }
  bool at_end() const { return m_pos >= m_text.size(); }
  char peek() const { return m_text[m_pos]; }
  bool skip_space() {
    std::size_t start = m_pos;
    while (!at_end() && core::is_space_byte(static_cast<unsigned char>(peek()))) ++m_pos;
    return m_pos != start;
  }
  std::string quote_char(char c) const { return std::string("\"") + c + "\""; }

  // A name, with "\x" standing for a literal x (so `o\:p` names the tag <o:p>).
  std::string identifier(std::string_view what, bool allow_colon = false) {
    std::string out;
    while (!at_end()) {
      auto c = static_cast<unsigned char>(peek());
      if (!is_ident_byte(c) && !(allow_colon && c == ':')) break;
      if (c == '\\') {
        if (m_pos + 1 >= m_text.size()) fail("nothing to escape after \"\\\"", m_pos);
        ++m_pos;
      }
      out += m_text[m_pos++];
    }
    if (out.empty()) fail("expected " + std::string(what), m_pos);
    return out;
  }

  Complex complex() {
    Complex result;
    result.compounds.emplace_back();
    if (!compound(result.compounds.back()))
      fail("unexpected " + quote_char(peek()), m_pos);
    for (;;) {
      bool spaced = skip_space();
      if (at_end() || peek() == ',') return result;
      Combinator combinator = Combinator::descendant;
      std::size_t at = m_pos;
      switch (peek()) {
        case '>': combinator = Combinator::child; break;
        case '+': combinator = Combinator::next_sibling; break;
        case '~': combinator = Combinator::later_sibling; break;
        default:
          if (!spaced) fail("unexpected " + quote_char(peek()), m_pos);
      }
      if (combinator != Combinator::descendant) {
        ++m_pos;
        skip_space();
      }
      result.compounds.emplace_back();
      result.compounds.back().combinator = combinator;
      if (!compound(result.compounds.back())) {
        if (combinator == Combinator::descendant || (!at_end() && peek() != ','))
          fail("unexpected " + quote_char(peek()), m_pos);
        fail("expected a selector after " + quote_char(m_text[at]), m_pos);
      }
    }
  }

  // Parses one compound into `out`; false when nothing at the current position starts one.
  bool compound(Compound& out) {
    std::size_t start = m_pos;
    if (!at_end() && peek() == '*') {
      ++m_pos;
    } else if (!at_end() && is_ident_byte(static_cast<unsigned char>(peek()))) {
      out.tag = core::to_lower_ascii(identifier("a tag name"));
    }
    while (!at_end()) {
      char c = peek();
      if (c == '.') {
        ++m_pos;
        out.classes.push_back(identifier("a class name after \".\""));
      } else if (c == '#') {
        ++m_pos;
        out.ids.push_back(identifier("an id after \"#\""));
      } else if (c == '[') {
        attribute(out);
      } else if (c == ':') {
        pseudo_class(out);
      } else {
        break;
      }
    }
    return m_pos != start;
  }

  void attribute(Compound& out) {
    std::size_t open = m_pos++;
    skip_space();
    Compound::Attribute attr;
    attr.name = core::to_lower_ascii(identifier("an attribute name after \"[\"", true));
    skip_space();
    if (!at_end() && peek() == '=') {
      ++m_pos;
      skip_space();
      if (!at_end() && (peek() == '"' || peek() == '\'')) {
        attr.value = quoted();
      } else {
        std::string value;
        while (!at_end() && peek() != ']' && !core::is_space_byte(static_cast<unsigned char>(peek())))
          value += m_text[m_pos++];
        if (value.empty()) fail("expected a value after \"=\"", m_pos);
        attr.value = std::move(value);
      }
      skip_space();
    }
    if (at_end()) fail("unclosed \"[\"", open);
    if (peek() != ']') {
      if (std::string_view("~|^$*").find(peek()) != std::string_view::npos)
        fail("unsupported attribute operator " + quote_char(peek()) + " (only [attr] and "
             "[attr=value])", m_pos);
      fail("expected \"=\" or \"]\" but found " + quote_char(peek()), m_pos);
    }
    ++m_pos;
    out.attributes.push_back(std::move(attr));
  }

  // A '…' or "…" string; a backslash takes the next byte literally.
  std::string quoted() {
    std::size_t open = m_pos;
    char quote = m_text[m_pos++];
    std::string out;
    for (;;) {
      if (at_end()) fail("unterminated string", open);
      char c = m_text[m_pos++];
      if (c == quote) return out;
      if (c == '\\' && !at_end()) c = m_text[m_pos++];
      out += c;
    }
  }

  void pseudo_class(Compound& out) {
    std::size_t colon = m_pos++;
    std::string name;
    while (!at_end() && is_name_byte(peek()))
      name += m_text[m_pos++];
    if (name.empty()) fail("expected a pseudo-class name after \":\"", colon);
    std::string lower = core::to_lower_ascii(name);
    if (lower != "text" && lower != "contains")
      fail("unknown pseudo-class \":" + name + "\"", colon);
    if (at_end() || peek() != '(') fail("expected \"(\" after \":" + name + "\"", m_pos);
    ++m_pos;
    skip_space();
    std::string argument;
    if (!at_end() && (peek() == '"' || peek() == '\'')) {
      argument = quoted();
      skip_space();
      if (at_end() || peek() != ')') fail("expected \")\" after the string", m_pos);
    } else {
      // Unquoted: up to the matching ')', nested parentheses allowed.
      int depth = 0;
      while (!at_end() && (peek() != ')' || depth > 0)) {
        if (peek() == '(') ++depth;
        if (peek() == ')') --depth;
        argument += m_text[m_pos++];
      }
      if (at_end()) fail("unclosed \":" + name + "(\"", colon);
    }
    ++m_pos;  // the ')'
    bool whole = lower == "text";
    std::string needle = whole ? label_form(argument)
                               : core::to_lower_ascii(core::collapse_whitespace(argument));
    if (!whole && needle.empty()) fail("empty argument to \":" + name + "\"", colon);
    out.texts.push_back({whole, std::move(needle)});
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
};

// ---- matcher ----

bool has_class(const char* attr, std::string_view wanted) {
  std::string_view rest = attr ? attr : "";
  while (!rest.empty()) {
    std::size_t n = 0;
    while (n < rest.size() && !core::is_space_byte(static_cast<unsigned char>(rest[n]))) ++n;
    if (rest.substr(0, n) == wanted) return true;
    while (n < rest.size() && core::is_space_byte(static_cast<unsigned char>(rest[n]))) ++n;
    rest.remove_prefix(n);
  }
  return false;
}

bool compound_matches(const Compound& c, const Node* n) {
  if (!is_element(n)) return false;
  if (!c.tag.empty() && tag_name(n) != c.tag) return false;
  for (const std::string& id : c.ids) {
    const char* value = attribute(n, "id");
    if (!value || id != value) return false;
  }
  for (const std::string& cls : c.classes)
    if (!has_class(attribute(n, "class"), cls)) return false;
  for (const Compound::Attribute& a : c.attributes) {
    const char* value = attribute(n, a.name);
    if (!value || (a.value && *a.value != value)) return false;
  }
  if (c.texts.empty()) return true;  // text last: it walks the whole subtree
  std::string text = text_content(n);
  for (const Compound::TextTest& t : c.texts) {
    if (t.whole ? label_form(text) != t.needle
                : core::to_lower_ascii(text).find(t.needle) == std::string::npos)
      return false;
  }
  return true;
}

const Node* previous_element(const Node* n) {
  const Node* p = parent(n);
  if (!p) return nullptr;
  unsigned index = index_in_parent(n);
  if (child(p, index) != n) {  // defensive: never trust a cached index blindly
    index = 0;
    while (index < child_count(p) && child(p, index) != n) ++index;
  }
  while (index > 0) {
    const Node* s = child(p, --index);
    if (is_element(s)) return s;
  }
  return nullptr;
}

// Right-to-left matching of one complex selector, memoised per (compound, node) so that
// descendant and later-sibling combinators cost amortised O(1) per node even on pages nested
// thousands deep. Recursion depth is bounded by the number of compounds, never by the tree.
// Combinators look at the whole document, not only below the select_all root (like
// querySelectorAll).
class Matcher {
 public:
  explicit Matcher(const Complex& complex)
      : m_compounds(complex.compounds),
        m_match(m_compounds.size()),
        m_ancestor(m_compounds.size()),
        m_earlier(m_compounds.size()) {}

  bool matches(const Node* n) { return prefix_matches(m_compounds.size() - 1, n); }

 private:
  using Memo = std::unordered_map<const Node*, bool>;

  // compounds[0..i] match with compounds[i] at n.
  bool prefix_matches(std::size_t i, const Node* n) {
    if (!is_element(n)) return false;
    if (auto it = m_match[i].find(n); it != m_match[i].end()) return it->second;
    const Compound& c = m_compounds[i];
    bool ok = compound_matches(c, n);
    if (ok && i > 0) {
      switch (c.combinator) {
        case Combinator::child: ok = prefix_matches(i - 1, parent(n)); break;
        case Combinator::descendant: ok = any_along(i - 1, parent(n), m_ancestor, parent); break;
        case Combinator::next_sibling: ok = prefix_matches(i - 1, previous_element(n)); break;
        case Combinator::later_sibling:
          ok = any_along(i - 1, previous_element(n), m_earlier, previous_element);
          break;
        case Combinator::none: break;
      }
    }
    m_match[i][n] = ok;
    return ok;
  }

  // Whether n or a node reached from it by repeated `step` matches compounds[0..i]. Walks
  // iteratively to the nearest memoised node, then fills the memo back down.
  bool any_along(std::size_t i, const Node* n, std::vector<Memo>& memo,
                 const Node* (*step)(const Node*)) {
    std::vector<const Node*> chain;
    bool result = false;
    for (const Node* p = n; is_element(p); p = step(p)) {
      if (auto it = memo[i].find(p); it != memo[i].end()) {
        result = it->second;
        break;
      }
      chain.push_back(p);
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      result = result || prefix_matches(i, *it);
      memo[i][*it] = result;
    }
    return result;
  }

  const std::vector<Compound>& m_compounds;
  std::vector<Memo> m_match, m_ancestor, m_earlier;
};

// Calls visit(element) for each element under root (root included) in document order until it
// returns false. Iterative: no recursion over the tree.
template <class Visit>
void walk(const Node* root, Visit visit) {
  std::vector<const Node*> stack;
  if (root) stack.push_back(root);
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (is_element(n) && !visit(n)) return;
    for (unsigned i = child_count(n); i > 0; --i) stack.push_back(child(n, i - 1));
  }
}

std::vector<Matcher> matchers(const std::vector<Complex>& alternatives) {
  std::vector<Matcher> out;
  out.reserve(alternatives.size());
  for (const Complex& c : alternatives) out.emplace_back(c);
  return out;
}

bool any_matches(std::vector<Matcher>& ms, const Node* n) {
  for (Matcher& m : ms)
    if (m.matches(n)) return true;
  return false;
}

}  // namespace

Selector Selector::parse(std::string_view text) {
  Selector s;
  s.m_text = std::string(text);
  s.m_alternatives = Parser(text).parse_list();
  return s;
}

std::vector<const Node*> Selector::select_all(const Node* root) const {
  std::vector<const Node*> out;
  std::vector<Matcher> ms = matchers(m_alternatives);
  walk(root, [&](const Node* n) {
    if (any_matches(ms, n)) out.push_back(n);
    return true;
  });
  return out;
}

const Node* Selector::select_first(const Node* root) const {
  const Node* found = nullptr;
  std::vector<Matcher> ms = matchers(m_alternatives);
  walk(root, [&](const Node* n) {
    if (any_matches(ms, n)) found = n;
    return found == nullptr;
  });
  return found;
}

bool Selector::matches(const Node* element) const {
  std::vector<Matcher> ms = matchers(m_alternatives);
  return any_matches(ms, element);
}

}  // namespace salvage::extract
