// Encoding labels and the places a document names them: the WHATWG Encoding Standard's label
// table (https://encoding.spec.whatwg.org/#names-and-labels, encodings.json as of 2024-2026), the
// charset parameter of a Content-Type, and the HTML Standard's <meta> prescan ("prescan a byte
// stream to determine its encoding", https://html.spec.whatwg.org/multipage/parsing.html).

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/text.hpp"
#include "fetch/charset.hpp"

namespace salvage::fetch {

namespace {

struct EncodingLabels {
  std::string_view name;    // canonical, lower case
  std::string_view labels;  // space-separated, lower case
};

// Transcribed from the standard's table, one encoding a row.
constexpr EncodingLabels k_encodings[] = {
    {"utf-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"},
    {"ibm866", "866 cp866 csibm866 ibm866"},
    {"iso-8859-2",
     "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2"},
    {"iso-8859-3",
     "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3"},
    {"iso-8859-4",
     "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4"},
    {"iso-8859-5",
     "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 "
     "iso_8859-5:1988"},
    {"iso-8859-6",
     "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
     "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987"},
    {"iso-8859-7",
     "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
     "iso_8859-7 iso_8859-7:1987 sun_eu_greek"},
    {"iso-8859-8",
     "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
     "iso_8859-8 iso_8859-8:1988 visual"},
    {"iso-8859-8-i", "csiso88598i iso-8859-8-i logical"},
    {"iso-8859-10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"},
    {"iso-8859-13", "iso-8859-13 iso8859-13 iso885913"},
    {"iso-8859-14", "iso-8859-14 iso8859-14 iso885914"},
    {"iso-8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"},
    {"iso-8859-16", "iso-8859-16"},
    {"koi8-r", "cskoi8r koi koi8 koi8-r koi8_r"},
    {"koi8-u", "koi8-ru koi8-u"},
    {"macintosh", "csmacintosh mac macintosh x-mac-roman"},
    {"windows-874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"},
    {"windows-1250", "cp1250 windows-1250 x-cp1250"},
    {"windows-1251", "cp1251 windows-1251 x-cp1251"},
    {"windows-1252",
     "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
     "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252"},
    {"windows-1253", "cp1253 windows-1253 x-cp1253"},
    {"windows-1254",
     "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 "
     "latin5 windows-1254 x-cp1254"},
    {"windows-1255", "cp1255 windows-1255 x-cp1255"},
    {"windows-1256", "cp1256 windows-1256 x-cp1256"},
    {"windows-1257", "cp1257 windows-1257 x-cp1257"},
    {"windows-1258", "cp1258 windows-1258 x-cp1258"},
    {"x-mac-cyrillic", "x-mac-cyrillic x-mac-ukrainian"},
    {"gbk", "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk"},
    {"gb18030", "gb18030"},
    {"big5", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
    {"euc-jp", "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {"iso-2022-jp", "csiso2022jp iso-2022-jp"},
    {"shift_jis", "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"},
    {"euc-kr",
     "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
     "ksc_5601 windows-949"},
    // Encodings browsers refuse to decode (XSS through ISO-2022 escapes): the whole input
    // becomes one U+FFFD.
    {"replacement", "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement"},
    {"utf-16be", "unicodefffe utf-16be"},
    {"utf-16le", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"},
    {"x-user-defined", "x-user-defined"},
};

using LabelMap = std::unordered_map<std::string_view, std::string_view>;

LabelMap build_label_map() {
  LabelMap map;
  for (const auto& encoding : k_encodings) {
    std::string_view rest = encoding.labels;
    while (!rest.empty()) {
      std::size_t space = rest.find(' ');
      map.emplace(rest.substr(0, space), encoding.name);
      rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
    }
  }
  return map;
}

// The Encoding Standard's ASCII whitespace (no vertical tab, unlike core::is_space_byte).
bool is_label_space(char c) {
  return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

}  // namespace

std::optional<std::string> canonical_encoding(std::string_view label) {
  while (!label.empty() && is_label_space(label.front())) label.remove_prefix(1);
  while (!label.empty() && is_label_space(label.back())) label.remove_suffix(1);
  // The longest label has 19 bytes; longer input cannot match and is not worth lowering.
  if (label.empty() || label.size() > 32) return std::nullopt;
  std::string lowered(label);
  for (char& c : lowered)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  static const LabelMap k_map = build_label_map();  // thread-safe initialisation
  auto it = k_map.find(lowered);
  if (it == k_map.end()) return std::nullopt;
  return std::string(it->second);
}

// ---- Content-Type -------------------------------------------------------------------------

std::string charset_from_content_type(std::string_view content_type) {
  // The MIME type grammar: type/subtype, then `;`-separated name=value parameters whose values may
  // be quoted strings with backslash escapes (so a `;` inside quotes does not end a parameter).
  std::size_t pos = content_type.find(';');
  while (pos < content_type.size()) {
    ++pos;  // past ';'
    while (pos < content_type.size() && is_label_space(content_type[pos])) ++pos;
    std::size_t name_end = content_type.find_first_of(";=", pos);
    std::string_view name = content_type.substr(pos, name_end - pos);
    while (!name.empty() && is_label_space(name.back())) name.remove_suffix(1);
    if (name_end == std::string_view::npos) break;
    pos = name_end;
    if (content_type[pos] == ';') continue;
    ++pos;  // past '='
    while (pos < content_type.size() && is_label_space(content_type[pos])) ++pos;
    std::string value;
    if (pos < content_type.size() && content_type[pos] == '"') {
      for (++pos; pos < content_type.size() && content_type[pos] != '"'; ++pos) {
        if (content_type[pos] == '\\' && pos + 1 < content_type.size()) ++pos;
        value += content_type[pos];
      }
      pos = content_type.find(';', pos);
    } else {
      std::size_t end = content_type.find(';', pos);
      std::string_view raw = content_type.substr(pos, end - pos);
      while (!raw.empty() && is_label_space(raw.back())) raw.remove_suffix(1);
      value = raw;
      pos = end;
    }
    if (core::iequals(name, "charset") && !value.empty()) return value;
  }
  return {};
}

// ---- <meta> prescan -----------------------------------------------------------------------

namespace {

constexpr std::size_t k_prescan_bytes = 1024;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// A declared encoding as the parser may use it: the bytes cannot be UTF-16 if they were readable
// as ASCII, and x-user-defined is only for XMLHttpRequest.
std::optional<std::string> usable_declaration(std::optional<std::string> encoding) {
  if (encoding == "utf-16be" || encoding == "utf-16le") return "utf-8";
  if (encoding == "x-user-defined") return "windows-1252";
  return encoding;
}

enum class Got { attribute, none, end_of_bytes };

struct Attribute {
  std::string name, value;  // lower-cased, as the standard's "get an attribute" builds them
};

// "Get an attribute" at `pos`. `none` leaves `pos` on the tag's '>'.
Got get_attribute(std::string_view b, std::size_t& pos, Attribute& attr) {
  attr.name.clear();
  attr.value.clear();
  while (pos < b.size() && (is_label_space(b[pos]) || b[pos] == '/')) ++pos;
  if (pos >= b.size()) return Got::end_of_bytes;
  if (b[pos] == '>') return Got::none;
  bool has_value = false;
  for (;; ++pos) {  // the name; a leading '=' belongs to it
    if (pos >= b.size()) return Got::end_of_bytes;
    if (b[pos] == '=' && !attr.name.empty()) {
      ++pos;
      has_value = true;
      break;
    }
    if (is_label_space(b[pos])) break;
    if (b[pos] == '/' || b[pos] == '>') return Got::attribute;
    attr.name += lower(b[pos]);
  }
  if (!has_value) {  // spaces, then '=' or the end of a valueless attribute
    while (pos < b.size() && is_label_space(b[pos])) ++pos;
    if (pos >= b.size()) return Got::end_of_bytes;
    if (b[pos] != '=') return Got::attribute;
    ++pos;
  }
  while (pos < b.size() && is_label_space(b[pos])) ++pos;
  if (pos >= b.size()) return Got::end_of_bytes;
  if (b[pos] == '"' || b[pos] == '\'') {
    char quote = b[pos];
    for (++pos; pos < b.size(); ++pos) {
      if (b[pos] == quote) {
        ++pos;
        return Got::attribute;
      }
      attr.value += lower(b[pos]);
    }
    return Got::end_of_bytes;
  }
  if (b[pos] == '>') return Got::attribute;
  for (; pos < b.size(); ++pos) {
    if (is_label_space(b[pos]) || b[pos] == '>') return Got::attribute;
    attr.value += lower(b[pos]);
  }
  return Got::end_of_bytes;
}

// "The algorithm for extracting a character encoding from a meta element" (a content attribute).
std::optional<std::string> encoding_from_meta_content(std::string_view s) {
  std::size_t pos = 0;
  for (;;) {
    pos = s.find("charset", pos);  // `s` is already lower-cased
    if (pos == std::string_view::npos) return std::nullopt;
    pos += 7;
    while (pos < s.size() && is_label_space(s[pos])) ++pos;
    if (pos >= s.size() || s[pos] != '=') continue;
    ++pos;
    while (pos < s.size() && is_label_space(s[pos])) ++pos;
    if (pos >= s.size()) return std::nullopt;
    if (s[pos] == '"' || s[pos] == '\'') {
      std::size_t close = s.find(s[pos], pos + 1);
      if (close == std::string_view::npos) return std::nullopt;
      return canonical_encoding(s.substr(pos + 1, close - pos - 1));
    }
    std::size_t end = s.find_first_of("\t\n\f\r ;", pos);
    return canonical_encoding(s.substr(pos, end - pos));
  }
}

// The attributes of a <meta> from `pos` to its '>': the declared encoding, or nullopt with `pos`
// on the '>' (or at the end of the bytes, when `ran_out` is set).
std::optional<std::string> meta_declaration(std::string_view b, std::size_t& pos, bool& ran_out) {
  // Only these three names matter, so "already in the attribute list" needs only three flags.
  bool seen_http_equiv = false, seen_content = false, seen_charset = false;
  bool got_pragma = false;
  std::optional<bool> need_pragma;
  bool charset_set = false;  // charset is "failure" when set but empty
  std::optional<std::string> charset;
  Attribute attr;
  for (;;) {
    Got got = get_attribute(b, pos, attr);
    if (got == Got::end_of_bytes) {
      ran_out = true;
      return std::nullopt;
    }
    if (got == Got::none) break;
    if (attr.name == "http-equiv" && !seen_http_equiv) {
      seen_http_equiv = true;
      got_pragma = attr.value == "content-type";
    } else if (attr.name == "content" && !seen_content) {
      seen_content = true;
      auto found = encoding_from_meta_content(attr.value);
      if (found && !charset_set) {
        charset_set = true;
        charset = std::move(found);
        need_pragma = true;
      }
    } else if (attr.name == "charset" && !seen_charset) {
      seen_charset = true;
      charset_set = true;
      charset = canonical_encoding(attr.value);
      need_pragma = false;
    }
  }
  if (!need_pragma || (*need_pragma && !got_pragma)) return std::nullopt;
  return usable_declaration(std::move(charset));
}

// "Get an XML encoding": an encoding named by an XML declaration at the very start, which the
// prescan falls back to when it finds no usable <meta> (XHTML served as HTML).
std::optional<std::string> xml_declaration(std::string_view b) {
  b = b.substr(0, k_prescan_bytes);
  if (b.substr(0, 5) != "<?xml") return std::nullopt;
  std::string_view decl = b.substr(0, b.find('>'));
  if (decl.size() == b.size()) return std::nullopt;  // no '>'
  std::size_t pos = decl.find("encoding");
  if (pos == std::string_view::npos) return std::nullopt;
  auto skip_blanks = [&] {
    while (pos < decl.size() && static_cast<unsigned char>(decl[pos]) <= 0x20) ++pos;
  };
  pos += 8;
  skip_blanks();
  if (pos >= decl.size() || decl[pos] != '=') return std::nullopt;
  ++pos;
  skip_blanks();
  if (pos >= decl.size() || (decl[pos] != '"' && decl[pos] != '\'')) return std::nullopt;
  std::size_t close = decl.find(decl[pos], pos + 1);
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view label = decl.substr(pos + 1, close - pos - 1);
  for (char c : label)
    if (static_cast<unsigned char>(c) <= 0x20) return std::nullopt;
  return usable_declaration(canonical_encoding(label));
}

}  // namespace

std::optional<std::string> prescan_meta_charset(std::string_view b) {
  // An XML declaration in UTF-16 without a BOM names the real encoding of the bytes.
  using namespace std::string_view_literals;
  if (b.substr(0, 6) == "<\0?\0x\0"sv) return "utf-16le";
  if (b.substr(0, 6) == "\0<\0?\0x"sv) return "utf-16be";
  // Constructs must start within the first 1024 bytes; one that starts there is read to its end,
  // so a <meta> straddling byte 1024 still counts. Running out of bytes ends the scan.
  std::size_t pos = 0;
  bool ran_out = false;
  while (pos < std::min(b.size(), k_prescan_bytes) && !ran_out) {
    std::string_view rest = b.substr(pos);
    if (rest.substr(0, 4) == "<!--") {
      std::size_t close = b.find("-->", pos + 2);  // "<!-->" is a whole comment
      if (close == std::string_view::npos) break;
      pos = close + 3;
    } else if (rest.size() > 5 && core::istarts_with(rest, "<meta") &&
               (is_label_space(rest[5]) || rest[5] == '/')) {
      pos += 6;
      if (auto found = meta_declaration(b, pos, ran_out)) return found;
      ++pos;
    } else if (rest.size() > 1 && rest[0] == '<' &&
               (is_alpha(rest[1]) || (rest.size() > 2 && rest[1] == '/' && is_alpha(rest[2])))) {
      pos = b.find_first_of("\t\n\f\r >", pos + 1);
      if (pos == std::string_view::npos) break;
      Attribute attr;
      Got got;
      while ((got = get_attribute(b, pos, attr)) == Got::attribute) {
      }
      ran_out = got == Got::end_of_bytes;
      ++pos;
    } else if (rest.size() > 1 && rest[0] == '<' &&
               (rest[1] == '!' || rest[1] == '/' || rest[1] == '?')) {
      pos = b.find('>', pos + 1);
      if (pos == std::string_view::npos) break;
      ++pos;
    } else {
      ++pos;
    }
  }
  return xml_declaration(b);
}

}  // namespace salvage::fetch
