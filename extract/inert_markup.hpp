#pragma once
// What a page holds that no field is ever read from: comments, the text of <script> and <style>
// elements (a fifth of a legacy page's bytes: ad scripts, rollover code, style sheets, template
// comments), and the attributes no field reads (width, bgcolor, onmouseover, style, title: a
// sixth of what is left). Gumbo tokenizes it byte by byte all the same, so Document hands Gumbo
// the page without it.

#include <string>
#include <string_view>

namespace salvage::extract {

// The page without its comments (`<!-- ... -->`, `<!-->`), with its <script> and <style> elements
// emptied (the tags stay), and with only these attributes left in start tags: href, src, alt,
// class, id, rel, aria-label (read by the extractor), and type, encoding, color, face, size (read
// by HTML5's tree builder). Everything else is copied byte for byte, so Gumbo builds the same
// elements and the same text from it, minus the comment nodes, the script and style text and the
// unread attributes. The scan follows HTML5's tokenizer where it matters: attributes split as it
// splits them (quoted values may hold '>'; a '/' right before '>' self-closes), the
// raw text of <style>, <textarea>, <title>, <xmp>, <iframe>, <noembed> and <noframes> (no comment
// inside them is removed), and a script's escaped `<!-- ... -->` parts, which may hold
// "</script>" without ending it. Where it cannot be sure (a comment or an element that never
// ends, <plaintext>), the rest of the page is copied as it is. Never throws on any bytes.
std::string without_inert_markup(std::string_view html);

}  // namespace salvage::extract
