#pragma once
// A small CSS-like selector engine over Gumbo's tree, for site profiles.
//
// Grammar (whitespace around combinators is free):
//   selector   := compound (combinator compound)*     ; a list "a, b" matches either
//   combinator := " " (descendant) | ">" (child) | "+" (next sibling) | "~" (later sibling)
//   compound   := [tag | "*"] ( "." class | "#" id | "[" attr ( "=" value )? "]"
//                 | ":text(" string ")" | ":contains(" string ")" )*
// Tags and attribute names compare case-insensitively, classes and ids exactly, attribute
// values exactly (quotes optional). :text(S) matches an element whose whole text, whitespace
// collapsed and trimmed and a trailing ":" dropped, equals S case-insensitively (a heading that
// reads "Answer"); :contains(S) matches when that text contains S case-insensitively.
// Sibling combinators skip text and comment nodes.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extract/dom.hpp"

namespace salvage::extract {

class Selector {
 public:
  // Throws core::Error(ExitCode::input) with the position of the problem on a syntax error.
  static Selector parse(std::string_view text);

  // Matching elements under `root` (root included), in document order, without duplicates.
  std::vector<const Node*> select_all(const Node* root) const;
  // The first match in document order, or nullptr.
  const Node* select_first(const Node* root) const;
  bool matches(const Node* element) const;

  const std::string& text() const { return m_text; }

  struct Compound;  // defined in selector.cpp
  struct Complex;
  Selector();
  ~Selector();
  Selector(Selector&&) noexcept;
  Selector& operator=(Selector&&) noexcept;
  Selector(const Selector&);
  Selector& operator=(const Selector&);

 private:
  std::string m_text;
  std::vector<Complex> m_alternatives;
};

}  // namespace salvage::extract
