// The charset decision and the conversion to UTF-8. Labels, Content-Type and the <meta> prescan
// are in encoding_labels.cpp.
//
// Conversion: UTF-8, windows-1252 (most pages), UTF-16 and x-user-defined are decoded here; the
// other single-byte encodings through a 128-entry table built once from glibc iconv and patched
// where WHATWG's index differs; the multi-byte CJK encodings through iconv with error recovery.

#include "fetch/charset.hpp"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <array>
#include <cerrno>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>

#include "core/text.hpp"

namespace salvage::fetch {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
// Enough for uchardet to settle on real pages, and bounded for multi-megabyte ones.
constexpr std::size_t k_detect_bytes = 64 * 1024;


// ---- detection ----------------------------------------------------------------------------

struct UchardetDeleter {
  void operator()(uchardet_t detector) const { uchardet_delete(detector); }
};
using Uchardet = std::unique_ptr<std::remove_pointer_t<uchardet_t>, UchardetDeleter>;

// uchardet's name as a WHATWG encoding. Names WHATWG has no encoding for (EUC-TW, JOHAB, IBM852,
// IBM855, MAC-CENTRALEUROPE, VISCII, UTF-32, GEORGIAN-*...) give nullopt, and so does what
// WHATWG decodes as "replacement" (ISO-2022-KR/CN, HZ): a guess must not blank the page.
std::optional<std::string> from_detector_name(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> k_aliases[] = {
      {"uhc", "euc-kr"},  // WHATWG's euc-kr is windows-949, i.e. UHC
      {"cp949", "euc-kr"},
      {"cp932", "shift_jis"},  // WHATWG's shift_jis is windows-31j
      {"mac-cyrillic", "x-mac-cyrillic"},
      {"maccyrillic", "x-mac-cyrillic"},
      {"mac-roman", "macintosh"},
  };
  std::string lowered = core::to_lower_ascii(name);
  for (const auto& [alias, encoding] : k_aliases)
    if (lowered == alias) return std::string(encoding);
  auto encoding = canonical_encoding(lowered);  // "ASCII" and "ISO-8859-1" are windows-1252 labels
  if (encoding == "replacement") return std::nullopt;
  return encoding;
}

std::optional<std::string> detect(std::string_view bytes) {
  if (bytes.empty()) return std::nullopt;
  Uchardet detector(uchardet_new());
  if (!detector) return std::nullopt;
  std::string_view sample = bytes.substr(0, k_detect_bytes);
  if (uchardet_handle_data(detector.get(), sample.data(), sample.size()) != 0) return std::nullopt;
  uchardet_data_end(detector.get());
  const char* name = uchardet_get_charset(detector.get());
  if (name == nullptr || *name == '\0') return std::nullopt;
  return from_detector_name(name);
}

// ---- decoders that need no iconv ------------------------------------------------------------

std::string decode_utf8(std::string_view in, bool& invalid) {
  if (in.substr(0, 3) == k_utf8_bom) in.remove_prefix(3);
  std::string out = core::sanitize_utf8(in);
  invalid = out.size() != in.size();  // every U+FFFD replaces one byte with three
  return out;
}

// windows-1252's 0x80-0x9F (0xA0-0xFF are U+00A0-U+00FF). WHATWG fills the five holes
// (0x81, 0x8D, 0x8F, 0x90, 0x9D) with the C1 control of the same value, where iconv fails.
constexpr char16_t k_windows_1252_c1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 0x80
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 0x88
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 0x90
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 0x98
};

std::string decode_windows_1252(std::string_view in) {
  std::string out;
  out.reserve(in.size() + in.size() / 4);
  std::size_t run = 0;  // ASCII is copied in runs
  for (std::size_t i = 0; i < in.size(); ++i) {
    auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) continue;
    out.append(in, run, i - run);
    core::append_utf8(out, c < 0xA0 ? k_windows_1252_c1[c - 0x80] : c);
    run = i + 1;
  }
  out.append(in, run, in.size() - run);
  return out;
}

std::string decode_x_user_defined(std::string_view in) {
  std::string out;
  out.reserve(in.size() * 2);
  for (char ch : in) {
    auto c = static_cast<unsigned char>(ch);
    core::append_utf8(out, c < 0x80 ? c : 0xF780 + (c - 0x80));
  }
  return out;
}

std::string decode_utf16(std::string_view in, bool big_endian, bool& invalid) {
  auto unit_at = [&](std::size_t i) -> char32_t {
    auto a = static_cast<unsigned char>(in[i]), b = static_cast<unsigned char>(in[i + 1]);
    return big_endian ? (a << 8 | b) : (b << 8 | a);
  };
  std::size_t i = in.size() >= 2 && unit_at(0) == 0xFEFF ? 2 : 0;
  std::string out;
  out.reserve(in.size() * 3 / 2);
  while (i + 1 < in.size()) {
    char32_t unit = unit_at(i);
    i += 2;
    if (unit < 0xD800 || unit > 0xDFFF) {
      core::append_utf8(out, unit);
    } else if (char32_t next = i + 1 < in.size() ? unit_at(i) : 0;
               unit <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF) {
      core::append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (next - 0xDC00));
      i += 2;
    } else {  // an unpaired surrogate
      out += core::k_utf8_replacement;
      invalid = true;
    }
  }
  if (i < in.size()) {  // an odd last byte
    out += core::k_utf8_replacement;
    invalid = true;
  }
  return out;
}

// ---- single-byte encodings: a table per encoding, built from iconv on first use -------------

struct SingleByte {
  SingleByte(std::string_view whatwg, const char* glibc) : name(whatwg), iconv_name(glibc) {}
  std::string_view name;
  const char* iconv_name;
  std::once_flag built;
  std::array<char16_t, 128> high{};  // bytes 0x80-0xFF; 0 where the byte maps to nothing
};

SingleByte single_byte_tables[] = {
    {"ibm866", "IBM866"},          {"iso-8859-2", "ISO-8859-2"},   {"iso-8859-3", "ISO-8859-3"},
    {"iso-8859-4", "ISO-8859-4"},  {"iso-8859-5", "ISO-8859-5"},   {"iso-8859-6", "ISO-8859-6"},
    {"iso-8859-7", "ISO-8859-7"},  {"iso-8859-8", "ISO-8859-8"},   {"iso-8859-8-i", "ISO-8859-8"},
    {"iso-8859-10", "ISO-8859-10"}, {"iso-8859-13", "ISO-8859-13"}, {"iso-8859-14", "ISO-8859-14"},
    {"iso-8859-15", "ISO-8859-15"}, {"iso-8859-16", "ISO-8859-16"}, {"koi8-r", "KOI8-R"},
    {"koi8-u", "KOI8-U"},          {"macintosh", "MACINTOSH"},     {"windows-874", "CP874"},
    {"windows-1250", "CP1250"},    {"windows-1251", "CP1251"},     {"windows-1253", "CP1253"},
    {"windows-1254", "CP1254"},    {"windows-1255", "CP1255"},     {"windows-1256", "CP1256"},
    {"windows-1257", "CP1257"},    {"windows-1258", "CP1258"},
    {"x-mac-cyrillic", "MAC-CYRILLIC"},
};

// Where glibc's table differs from WHATWG's index (checked entry by entry against the index
// files): beyond these, the windows-* encodings map their holes in 0x80-0x9F to C1 controls.
struct Patch {
  std::string_view name;
  unsigned char byte;
  char16_t code_point;
};
constexpr Patch k_patches[] = {
    {"koi8-u", 0xAE, 0x045E},    {"koi8-u", 0xBE, 0x040E},       {"macintosh", 0xC6, 0x2206},
    {"macintosh", 0xF0, 0xF8FF}, {"windows-1255", 0xCA, 0x05BA}, {"x-mac-cyrillic", 0xFF, 0x20AC},
};

void build_table(SingleByte& encoding) {
  iconv_t cd = iconv_open("UTF-32LE", encoding.iconv_name);
  if (cd == reinterpret_cast<iconv_t>(-1)) return;  // every high byte will be U+FFFD
  for (int byte = 0x80; byte <= 0xFF; ++byte) {
    char in = static_cast<char>(byte);
    char* in_ptr = &in;
    std::size_t in_left = 1;
    unsigned char out[16];
    char* out_ptr = reinterpret_cast<char*>(out);
    std::size_t out_left = sizeof out;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    std::size_t result = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    iconv(cd, nullptr, nullptr, &out_ptr, &out_left);  // CP1255/CP1258 hold a base letter back
    if (result == static_cast<std::size_t>(-1) || sizeof out - out_left != 4) continue;
    char32_t cp = out[0] | out[1] << 8 | out[2] << 16 | static_cast<char32_t>(out[3]) << 24;
    if (cp <= 0xFFFF) encoding.high[byte - 0x80] = static_cast<char16_t>(cp);
  }
  iconv_close(cd);
  if (encoding.name.substr(0, 8) == "windows-")
    for (int byte = 0x80; byte < 0xA0; ++byte)
      if (encoding.high[byte - 0x80] == 0) encoding.high[byte - 0x80] = static_cast<char16_t>(byte);
  for (const Patch& patch : k_patches)
    if (patch.name == encoding.name) encoding.high[patch.byte - 0x80] = patch.code_point;
}

SingleByte* find_single_byte(std::string_view name) {
  for (SingleByte& encoding : single_byte_tables)
    if (encoding.name == name) return &encoding;
  return nullptr;
}

std::string decode_single_byte(std::string_view in, SingleByte& encoding, bool& invalid) {
  std::call_once(encoding.built, build_table, std::ref(encoding));
  std::string out;
  out.reserve(in.size() * 2);
  for (char ch : in) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else if (char16_t cp = encoding.high[c - 0x80]) {
      core::append_utf8(out, cp);
    } else {
      out += core::k_utf8_replacement;
      invalid = true;
    }
  }
  return out;
}

// ---- multi-byte encodings: iconv, resynchronising one byte after each error ---------------

// glibc's nearest converters to WHATWG's decoders: WHATWG's gbk decoder is its gb18030 decoder,
// big5 is Big5-HKSCS, shift_jis is windows-31j (CP932), euc-kr is windows-949 (UHC). EUC-JP-MS
// has the NEC/IBM rows WHATWG's jis0208 index has (both Microsoft variants map a few symbols to
// their fullwidth forms, e.g. U+FF5E where WHATWG has U+301C). glibc's plain ISO-2022-JP passes
// the katakana escape ESC ( I through raw; its ISO-2022-JP-2 decodes it, as WHATWG does.
const char* multi_byte_iconv_name(std::string_view name) {
  if (name == "gbk" || name == "gb18030") return "GB18030";
  if (name == "big5") return "BIG5-HKSCS";
  if (name == "euc-jp") return "EUC-JP-MS";
  if (name == "iso-2022-jp") return "ISO-2022-JP-2";
  if (name == "shift_jis") return "CP932";
  if (name == "euc-kr") return "CP949";
  return nullptr;
}

std::string decode_with_iconv(std::string_view in, const char* iconv_name, bool& invalid) {
  iconv_t cd = iconv_open("UTF-8", iconv_name);
  if (cd == reinterpret_cast<iconv_t>(-1)) {  // no gconv modules: keep the ASCII, flag the rest
    invalid = true;
    return core::sanitize_utf8(in);
  }
  std::string out;
  out.reserve(in.size() * 3 / 2);
  char buffer[16384];
  char* in_ptr = const_cast<char*>(in.data());  // iconv's signature; it does not write
  std::size_t in_left = in.size();
  while (in_left > 0) {
    char* out_ptr = buffer;
    std::size_t out_left = sizeof buffer;
    std::size_t result = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    out.append(buffer, out_ptr - buffer);
    if (result != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG && out_ptr != buffer) continue;
    out += core::k_utf8_replacement;
    invalid = true;
    if (errno == EINVAL) break;  // an incomplete sequence at the end
    ++in_ptr;                    // EILSEQ: skip one byte and resynchronise
    --in_left;
  }
  char* out_ptr = buffer;
  std::size_t out_left = sizeof buffer;
  iconv(cd, nullptr, nullptr, &out_ptr, &out_left);  // return to the initial shift state
  out.append(buffer, out_ptr - buffer);
  iconv_close(cd);
  // Belt and braces: the result is promised valid whatever the converter does.
  std::string valid = core::sanitize_utf8(out);
  if (valid.size() != out.size()) invalid = true;
  return valid;
}

std::string decode(std::string_view in, std::string_view encoding, bool& invalid) {
  if (encoding == "utf-8") return decode_utf8(in, invalid);
  if (encoding == "windows-1252") return decode_windows_1252(in);
  if (encoding == "utf-16le" || encoding == "utf-16be")
    return decode_utf16(in, encoding == "utf-16be", invalid);
  if (encoding == "x-user-defined") return decode_x_user_defined(in);
  if (encoding == "replacement") {  // one U+FFFD for the whole input, none for no input
    invalid = !in.empty();
    return invalid ? std::string(core::k_utf8_replacement) : std::string();
  }
  if (SingleByte* table = find_single_byte(encoding))
    return decode_single_byte(in, *table, invalid);
  if (const char* iconv_name = multi_byte_iconv_name(encoding))
    return decode_with_iconv(in, iconv_name, invalid);
  return decode_windows_1252(in);  // unreachable: every canonical name is handled above
}

}  // namespace

CharsetDecision decide_charset(std::string_view bytes, std::string_view transport_charset) {
  if (bytes.substr(0, 3) == k_utf8_bom) return {"utf-8", "bom"};
  if (bytes.substr(0, 2) == "\xFE\xFF") return {"utf-16be", "bom"};
  if (bytes.substr(0, 2) == "\xFF\xFE") return {"utf-16le", "bom"};
  if (auto encoding = canonical_encoding(transport_charset)) return {*encoding, "http"};
  if (auto encoding = prescan_meta_charset(bytes)) return {*encoding, "meta"};
  // Undeclared pure ASCII comes back from uchardet as "ASCII", a windows-1252 label: "detected"
  // windows-1252, which decodes it exactly as the default would.
  if (auto encoding = detect(bytes)) return {*encoding, "detected"};
  return {"windows-1252", "default"};
}

std::string to_utf8(std::string_view bytes, const std::string& encoding, bool* had_invalid) {
  bool invalid = false;
  // A label that is not a canonical name is resolved; an unknown one decodes as the web's default.
  std::string canonical = canonical_encoding(encoding).value_or("windows-1252");
  std::string out = decode(bytes, canonical, invalid);
  if (had_invalid != nullptr) *had_invalid = invalid;
  return out;
}

std::string to_utf8(std::string_view bytes, const std::string& encoding) {
  return to_utf8(bytes, encoding, nullptr);
}

DecodedPage decode_page(std::string_view bytes, std::string_view transport_charset) {
  DecodedPage page;
  page.charset = decide_charset(bytes, transport_charset);
  page.utf8 = to_utf8(bytes, page.charset.encoding, &page.had_invalid_bytes);
  return page;
}

}  // namespace salvage::fetch
