#pragma once
// Bytes become UTF-8 before Gumbo sees them, decided as a browser decides (WHATWG Encoding and
// HTML standards): BOM, then the transport's charset (HTTP Content-Type, or --charset), then a
// <meta> prescan of the first 1024 bytes, then detection (uchardet), then windows-1252.

#include <optional>
#include <string>
#include <string_view>

namespace salvage::fetch {

struct CharsetDecision {
  std::string encoding;  // WHATWG canonical name, lower-case: "utf-8", "windows-1252", "shift_jis"
  std::string source;    // "bom", "http", "meta", "detected" or "default"
};

// Maps an encoding label to its WHATWG canonical name ("latin1", "ISO-8859-1" and "us-ascii"
// map to "windows-1252"; " UTF8 " to "utf-8"); nullopt for labels WHATWG does not know.
std::optional<std::string> canonical_encoding(std::string_view label);

// The charset parameter of a Content-Type header value ("text/html; charset=koi8-r"), or "".
std::string charset_from_content_type(std::string_view content_type);

// The WHATWG <meta> prescan over the first 1024 bytes; nullopt when nothing usable is declared.
// A declared UTF-16 variant means utf-8, x-user-defined means windows-1252 (as the spec says).
// A tag that starts within the 1024 bytes is read to its end; without a usable <meta>, an XML
// declaration at the very start counts (the spec's "get an XML encoding").
std::optional<std::string> prescan_meta_charset(std::string_view bytes);

// The full decision. `transport_charset` is a label from HTTP or the command line, may be empty
// or unknown (then ignored).
CharsetDecision decide_charset(std::string_view bytes, std::string_view transport_charset);

// Converts `bytes` in `encoding` (a canonical name) to UTF-8, dropping a BOM. Invalid or
// unmappable sequences become U+FFFD; the result is always valid UTF-8. Never throws.
std::string to_utf8(std::string_view bytes, const std::string& encoding);
// The same, and sets `*had_invalid` (when not null) to whether any U+FFFD was substituted.
std::string to_utf8(std::string_view bytes, const std::string& encoding, bool* had_invalid);

struct DecodedPage {
  std::string utf8;
  CharsetDecision charset;
  bool had_invalid_bytes = false;  // some bytes became U+FFFD: the "invalid_bytes" warning
};

// decide_charset + to_utf8.
DecodedPage decode_page(std::string_view bytes, std::string_view transport_charset = {});

}  // namespace salvage::fetch
