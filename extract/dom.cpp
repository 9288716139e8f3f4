#include "extract/dom.hpp"

#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "extract/inert_markup.hpp"

namespace salvage::extract {

// Gumbo allocates every node, attribute, string and vector on its own, and frees them one by one
// when the tree is destroyed: with malloc, a third of a parse. A tree lives exactly as long as its
// Document, so its memory comes from one arena, freed at once; Gumbo's frees do nothing (what a
// growing vector leaves behind is at most as much again as the tree).
class Document::Arena {
 public:
  static void* allocate(void* self, std::size_t size) { return static_cast<Arena*>(self)->take(size); }
  static void release(void*, void*) {}

 private:
  static constexpr std::size_t k_block = 64 * 1024;
  static constexpr std::size_t k_align = alignof(std::max_align_t);

  void* take(std::size_t size) {
    size = (std::max<std::size_t>(size, 1) + k_align - 1) / k_align * k_align;
    if (size > k_block / 4) {  // a large piece gets a block of its own
      m_blocks.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
      return m_blocks.back().get();
    }
    if (m_used + size > m_size) {
      m_blocks.push_back(std::make_unique_for_overwrite<std::byte[]>(k_block));  // not zeroed: Gumbo writes before it reads
      m_current = m_blocks.back().get();
      m_used = 0;
      m_size = k_block;
    }
    void* p = m_current + m_used;
    m_used += size;
    return p;
  }

  std::vector<std::unique_ptr<std::byte[]>> m_blocks;
  std::byte* m_current = nullptr;
  std::size_t m_used = 0, m_size = 0;
};

Document::Document(std::string_view utf8_html, Inert inert)
    : m_html(inert == Inert::dropped ? without_inert_markup(utf8_html) : std::string(utf8_html)),
      m_arena(std::make_unique<Arena>()) {
  GumboOptions options = kGumboDefaultOptions;
  // Parse errors are not used; not recording them saves time on tag soup.
  options.max_errors = 0;
  options.allocator = &Arena::allocate;
  options.deallocator = &Arena::release;
  options.userdata = m_arena.get();
  m_output = gumbo_parse_with_options(&options, m_html.data(), m_html.size());
}

// The arena frees the tree; gumbo_destroy_output would only call the no-op release on each piece.
Document::~Document() = default;

const Node* Document::root() const { return m_output ? m_output->root : nullptr; }

const Node* Document::body() const {
  const Node* html = root();
  for (unsigned i = 0; i < child_count(html); ++i) {
    const Node* c = child(html, i);
    if (is_element(c) && c->v.element.tag == GUMBO_TAG_BODY) return c;
  }
  return html;
}

bool is_element(const Node* node) {
  return node && (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE);
}

bool is_text(const Node* node) {
  return node && (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
                  node->type == GUMBO_NODE_CDATA);
}

std::string tag_name(const Node* node) {
  if (!is_element(node)) return {};
  const GumboElement& e = node->v.element;
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  return core::to_lower_ascii(std::string_view(piece.data, piece.length));
}

const char* attribute(const Node* node, std::string_view name) {
  if (!is_element(node)) return nullptr;
  const GumboVector& attrs = node->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (core::iequals(a->name, name)) return a->value;
  }
  return nullptr;
}

std::string_view node_text(const Node* node) {
  return is_text(node) ? std::string_view(node->v.text.text) : std::string_view();
}

const Node* parent(const Node* node) { return node ? node->parent : nullptr; }

unsigned child_count(const Node* node) {
  if (!node) return 0;
  if (node->type == GUMBO_NODE_DOCUMENT) return node->v.document.children.length;
  return is_element(node) ? node->v.element.children.length : 0;
}

const Node* child(const Node* node, unsigned index) {
  if (index >= child_count(node)) return nullptr;
  const GumboVector& kids =
      node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
  return static_cast<const Node*>(kids.data[index]);
}

unsigned index_in_parent(const Node* node) {
  return node ? static_cast<unsigned>(node->index_within_parent) : 0;
}

std::string noframes_html(const Document& doc) {
  const Node* html = doc.root();
  bool frameset = false;
  for (unsigned i = 0; i < child_count(html); ++i)
    frameset = frameset || (is_element(child(html, i)) && child(html, i)->v.element.tag == GUMBO_TAG_FRAMESET);
  if (!frameset) return {};
  std::string out;
  std::vector<const Node*> stack{html};
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (!is_element(n)) continue;
    if (n->v.element.tag == GUMBO_TAG_NOFRAMES) {
      for (unsigned i = 0; i < child_count(n); ++i) out += node_text(child(n, i));
      continue;
    }
    for (unsigned i = child_count(n); i-- > 0;) stack.push_back(child(n, i));
  }
  return out;
}

bool is_hidden_element(const Node* node) {
  if (!is_element(node)) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_HEAD: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_MAP: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
      return true;
    default:
      return false;
  }
}

bool is_inline_element(const Node* node) {
  if (!is_element(node)) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_ACRONYM: case GUMBO_TAG_B:
    case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BDI: case GUMBO_TAG_BDO: case GUMBO_TAG_BIG:
    case GUMBO_TAG_BLINK: case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA:
    case GUMBO_TAG_DEL: case GUMBO_TAG_DFN: case GUMBO_TAG_EM: case GUMBO_TAG_FONT:
    case GUMBO_TAG_I: case GUMBO_TAG_IMG: case GUMBO_TAG_INS: case GUMBO_TAG_KBD:
    case GUMBO_TAG_LABEL: case GUMBO_TAG_MARK: case GUMBO_TAG_NOBR: case GUMBO_TAG_Q:
    case GUMBO_TAG_RP: case GUMBO_TAG_RT: case GUMBO_TAG_RUBY: case GUMBO_TAG_S:
    case GUMBO_TAG_SAMP: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN: case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_STRONG: case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_TIME:
    case GUMBO_TAG_TT: case GUMBO_TAG_U: case GUMBO_TAG_VAR: case GUMBO_TAG_WBR:
      return true;
    case GUMBO_TAG_UNKNOWN:
      return true;  // custom and misspelt tags (<o:p>, <blah>) flow with the text
    default:
      return false;
  }
}

namespace {

// Iterative walk: pages with tens of thousands of nested unclosed tags must not overflow the stack.
void append_text(const Node* top, std::string& out) {
  std::vector<std::pair<const Node*, unsigned>> stack{{top, 0}};
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (is_text(node)) {
      out += node_text(node);
      stack.pop_back();
      continue;
    }
    if (!is_element(node) || (next == 0 && node != top && is_hidden_element(node))) {
      stack.pop_back();
      continue;
    }
    // Blocks never run together: <td>a</td><td>b</td> reads "a b", <b>a</b>b reads "ab".
    if (next == 0 && !is_inline_element(node)) out += ' ';
    if (next < child_count(node)) {
      const Node* c = child(node, next++);
      stack.emplace_back(c, 0);
    } else {
      if (!is_inline_element(node)) out += ' ';
      stack.pop_back();
    }
  }
}

}  // namespace

std::string text_content(const Node* node) {
  std::string raw;
  append_text(node, raw);
  return core::collapse_whitespace(raw);
}

}  // namespace salvage::extract
