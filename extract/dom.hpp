#pragma once
// A parsed HTML document: Gumbo's tree behind a small RAII owner, plus the node helpers every
// field extractor shares. Gumbo's header stays in the .cpp files; others see GumboNode opaquely.

#include <memory>
#include <string>
#include <string_view>

struct GumboInternalNode;
struct GumboInternalOutput;

namespace salvage::extract {

using Node = GumboInternalNode;

// What a parse keeps of the markup no field reads (extract/inert_markup.hpp).
enum class Inert {
  dropped,  // comments, script and style text and unread attributes are not parsed (the default)
  kept,     // the whole page is parsed: a site profile's selectors may match any of it
};

// How a page is parsed for extraction with `profile` (may be null): whole when there is one.
struct Profile;
inline Inert inert_for(const Profile* profile) { return profile ? Inert::kept : Inert::dropped; }

// Owns one parse. Not copyable; the nodes live as long as the Document.
class Document {
 public:
  // Parses UTF-8 HTML as HTML5 does. Never throws on any input bytes.
  explicit Document(std::string_view utf8_html, Inert inert = Inert::dropped);
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  const Node* root() const;  // the <html> element
  const Node* body() const;  // <body>, or root() when there is none (framesets)

 private:
  class Arena;
  std::string m_html;               // Gumbo points into this buffer
  std::unique_ptr<Arena> m_arena;   // holds the whole tree: freed at once with the Document
  GumboInternalOutput* m_output = nullptr;
};

// ---- node helpers (all accept nullptr and then return the empty/false answer) ----

bool is_element(const Node* node);
bool is_text(const Node* node);  // text, whitespace or CDATA
// Lower-case tag name ("div", "font", or the written name of an unknown tag).
std::string tag_name(const Node* node);
// Attribute value, or nullptr when absent. Names compare case-insensitively (Gumbo lowercases).
const char* attribute(const Node* node, std::string_view name);
// The node's text when it is a text node, else "".
std::string_view node_text(const Node* node);
const Node* parent(const Node* node);
// Children in document order (elements, text, comments). Index-based to avoid allocation.
unsigned child_count(const Node* node);
const Node* child(const Node* node, unsigned index);
// The node's position among its parent's children.
unsigned index_in_parent(const Node* node);

// Concatenated descendant text (scripts, styles and comments left out), whitespace collapsed
// to single spaces and trimmed. NBSP counts as whitespace.
std::string text_content(const Node* node);

// True for phrasing elements that flow inside a line (<a>, <b>, <font>, <span>, unknown tags);
// false for blocks, <br>, table cells, list items and everything else.
bool is_inline_element(const Node* node);

// The HTML a frameset page offers browsers without frames: the text of its <noframes> elements,
// which HTML5 parses as text. "" when the page is no frameset.
std::string noframes_html(const Document& doc);

// True for <script>, <style>, <noscript>, <template>, <head>, <select>, <iframe>, <object>
// and similar elements whose text is never page content.
bool is_hidden_element(const Node* node);

}  // namespace salvage::extract
