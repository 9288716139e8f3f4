#pragma once
// The page as a browser would lay it out in reading order: a flat list of lines, each knowing
// whether a paragraph break comes before it, which links it holds and which DOM node it starts
// in. Every field extractor reads this list instead of walking Gumbo's tree, which is what lets
// one heuristic work on table layouts, <div> layouts, <pre> print pages and Word exports alike.
//
// Breaks: block elements (p, div, td, li, h1-h6, pre, table rows ...) and <br><br> are paragraph
// breaks; a single <br> or a newline inside <pre> is a line break; a blank line inside <pre> is
// a paragraph break. Scripts, styles, comments, form controls, iframes, <nav> (but a trail's),
// <aside>, <footer>, small forms (a search box, "Ask a question", "Rate this answer": under 40
// words) and ad containers (class or id "ad", "ads", "advert", "banner", "sponsor"...) produce
// no lines.

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "extract/dom.hpp"

namespace salvage::extract {

class Selector;

struct Anchor {
  std::size_t begin = 0;  // byte range of the anchor's text in Line::text
  std::size_t end = 0;
  std::string href;       // as written in the page
};

struct Line {
  std::string text;              // whitespace collapsed, trimmed, never empty
  std::vector<Anchor> anchors;
  const Node* node = nullptr;    // the node the line's first text comes from
  bool paragraph_start = false;  // a paragraph break comes before this line
  bool heading = false;          // all of its text sits in <h1>-<h6>
  bool emphasized = false;       // all of its text sits in <b>, <strong>, <big>, <th> or large <font>
  bool italic = false;           // all of its text sits in <i>, <em> or <cite>
  bool quoted = false;           // quoted mail ("> ", or WWWBoard's ": "), the markers stripped
  // Byte offsets in `text` where an inline image showing no text sat between words: the arrow
  // images that separate a trail's items ("Home [>] Knees [>] Knee pain when kneeling").
  std::vector<std::size_t> image_gaps;
};

struct LayoutOptions {
  const Selector* exclude = nullptr;  // a site profile's elements to leave out
  // An <img> whose alt text this accepts becomes a line of its own (label images such as
  // <img alt="Answer">); other images produce no text.
  std::function<bool(std::string_view alt)> keep_image_alt;
};

std::vector<Line> lay_out(const Node* root, const LayoutOptions& options = {});

// True when `node` is `ancestor` or inside it.
bool is_inside(const Node* node, const Node* ancestor);

// Lines as plain text: the lines of a paragraph joined by one space, paragraphs by "\n\n".
// The first line starts at byte `first_offset` (to skip an inline label such as "Q:").
std::string paragraphs_text(std::span<const Line> lines, std::size_t first_offset = 0);

// True when every visible character of the line is link text (a menu entry, "Back to top").
bool is_link_only(const Line& line);

// True when an element's class, id or aria-label names a breadcrumb ("crumb", "trail").
bool names_a_trail(const Node* element);

}  // namespace salvage::extract
