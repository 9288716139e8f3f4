#include "fetch/charset.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace fetch = salvage::fetch;
using namespace std::string_literals;

namespace {

bool is_valid_utf8(const std::string& text) { return salvage::core::sanitize_utf8(text) == text; }

// The same Russian sentence and Japanese sentence in three legacy encodings, for detection and
// for conversion. Every byte is escaped so that no escape swallows a following letter.
const std::string k_russian =
    "Москва - столица России, крупнейший по численности населения город страны. В городе много "
    "музеев, театров и парков.";
const std::string k_russian_koi8_r =
    "\xED\xCF\xD3\xCB\xD7\xC1\x20\x2D\x20\xD3\xD4\xCF\xCC\xC9\xC3\xC1\x20\xF2\xCF\xD3\xD3\xC9"
    "\xC9\x2C\x20\xCB\xD2\xD5\xD0\xCE\xC5\xCA\xDB\xC9\xCA\x20\xD0\xCF\x20\xDE\xC9\xD3\xCC\xC5"
    "\xCE\xCE\xCF\xD3\xD4\xC9\x20\xCE\xC1\xD3\xC5\xCC\xC5\xCE\xC9\xD1\x20\xC7\xCF\xD2\xCF\xC4"
    "\x20\xD3\xD4\xD2\xC1\xCE\xD9\x2E\x20\xF7\x20\xC7\xCF\xD2\xCF\xC4\xC5\x20\xCD\xCE\xCF\xC7"
    "\xCF\x20\xCD\xD5\xDA\xC5\xC5\xD7\x2C\x20\xD4\xC5\xC1\xD4\xD2\xCF\xD7\x20\xC9\x20\xD0\xC1"
    "\xD2\xCB\xCF\xD7\x2E";
const std::string k_russian_windows_1251 =
    "\xCC\xEE\xF1\xEA\xE2\xE0\x20\x2D\x20\xF1\xF2\xEE\xEB\xE8\xF6\xE0\x20\xD0\xEE\xF1\xF1\xE8"
    "\xE8\x2C\x20\xEA\xF0\xF3\xEF\xED\xE5\xE9\xF8\xE8\xE9\x20\xEF\xEE\x20\xF7\xE8\xF1\xEB\xE5"
    "\xED\xED\xEE\xF1\xF2\xE8\x20\xED\xE0\xF1\xE5\xEB\xE5\xED\xE8\xFF\x20\xE3\xEE\xF0\xEE\xE4"
    "\x20\xF1\xF2\xF0\xE0\xED\xFB\x2E\x20\xC2\x20\xE3\xEE\xF0\xEE\xE4\xE5\x20\xEC\xED\xEE\xE3"
    "\xEE\x20\xEC\xF3\xE7\xE5\xE5\xE2\x2C\x20\xF2\xE5\xE0\xF2\xF0\xEE\xE2\x20\xE8\x20\xEF\xE0"
    "\xF0\xEA\xEE\xE2\x2E";
const std::string k_japanese =
    "日本語の文章です。東京は日本の首都であり、人口が最も多い都市です。今日はとても良い天気ですね。";
const std::string k_japanese_shift_jis =
    "\x93\xFA\x96\x7B\x8C\xEA\x82\xCC\x95\xB6\x8F\xCD\x82\xC5\x82\xB7\x81\x42\x93\x8C\x8B\x9E"
    "\x82\xCD\x93\xFA\x96\x7B\x82\xCC\x8E\xF1\x93\x73\x82\xC5\x82\xA0\x82\xE8\x81\x41\x90\x6C"
    "\x8C\xFB\x82\xAA\x8D\xC5\x82\xE0\x91\xBD\x82\xA2\x93\x73\x8E\x73\x82\xC5\x82\xB7\x81\x42"
    "\x8D\xA1\x93\xFA\x82\xCD\x82\xC6\x82\xC4\x82\xE0\x97\xC7\x82\xA2\x93\x56\x8B\x43\x82\xC5"
    "\x82\xB7\x82\xCB\x81\x42";

const std::vector<std::string> k_canonical_names = {
    "utf-8",        "ibm866",       "iso-8859-2",   "iso-8859-3",   "iso-8859-4",    "iso-8859-5",
    "iso-8859-6",   "iso-8859-7",   "iso-8859-8",   "iso-8859-8-i", "iso-8859-10",   "iso-8859-13",
    "iso-8859-14",  "iso-8859-15",  "iso-8859-16",  "koi8-r",       "koi8-u",        "macintosh",
    "windows-874",  "windows-1250", "windows-1251", "windows-1252", "windows-1253",  "windows-1254",
    "windows-1255", "windows-1256", "windows-1257", "windows-1258", "x-mac-cyrillic", "gbk",
    "gb18030",      "big5",         "euc-jp",       "iso-2022-jp",  "shift_jis",     "euc-kr",
    "replacement",  "utf-16be",     "utf-16le",     "x-user-defined",
};

}  // namespace

TEST_CASE("canonical_encoding maps WHATWG labels, trimmed and case-insensitive") {
  struct Case {
    std::string label, expected;
  };
  const std::vector<Case> cases = {
      {" UTF8 ", "utf-8"},
      {"unicode-1-1-utf-8", "utf-8"},
      {"latin1", "windows-1252"},
      {"ISO-8859-1", "windows-1252"},
      {"us-ascii", "windows-1252"},
      {"ascii", "windows-1252"},
      {"\tKOI8-R\n", "koi8-r"},
      {"koi8-ru", "koi8-u"},
      {"x-mac-ukrainian", "x-mac-cyrillic"},
      {"sjis", "shift_jis"},
      {"Windows-31J", "shift_jis"},
      {"gb2312", "gbk"},
      {"GB18030", "gb18030"},
      {"big5-hkscs", "big5"},
      {"ks_c_5601-1987", "euc-kr"},
      {"iso-2022-kr", "replacement"},
      {"hz-gb-2312", "replacement"},
      {"utf-16", "utf-16le"},
      {"unicodeFFFE", "utf-16be"},
      {"iso-8859-9", "windows-1254"},
      {"tis-620", "windows-874"},
      {"iso-8859-11", "windows-874"},
      {"logical", "iso-8859-8-i"},
      {"iso8859-2", "iso-8859-2"},
      {"cp1251", "windows-1251"},
      {"866", "ibm866"},
      {"mac", "macintosh"},
      {"cseucpkdfmtjapanese", "euc-jp"},
      {"x-user-defined", "x-user-defined"},
  };
  for (const auto& c : cases) {
    INFO("label: " << c.label);
    CHECK(fetch::canonical_encoding(c.label).value_or("(none)") == c.expected);
  }
  for (const auto& name : k_canonical_names) {
    INFO("name: " << name);
    CHECK(fetch::canonical_encoding(name).value_or("(none)") == name);
  }
  const std::vector<std::string> unknown_labels = {
      "", "   ", "utf-7", "utf-32", "latin 1", "iso-8859-1x", "\vutf-8", "utf\0-8"s,
      "windows-1252 windows-1252 windows-1252"};
  for (const auto& unknown : unknown_labels) {
    INFO("unknown: " << unknown);
    CHECK_FALSE(fetch::canonical_encoding(unknown));
  }
}

TEST_CASE("charset_from_content_type reads the charset parameter") {
  struct Case {
    std::string content_type, expected;
  };
  const std::vector<Case> cases = {
      {"text/html; charset=koi8-r", "koi8-r"},
      {"text/html;charset=\"UTF-8\"", "UTF-8"},
      {"text/html; Charset=utf-8 ", "utf-8"},
      {"text/html; format=flowed; charset=iso-8859-1;x=y", "iso-8859-1"},
      {"text/html; foo=\"a;charset=bad\"; charset=utf-8", "utf-8"},
      {"text/html; charset=\"sh\\ift_jis\"", "shift_jis"},
      {"text/html; charset=; charset=big5", "big5"},
      {"text/html", ""},
      {"text/html; charset", ""},
      {"text/html; charset=", ""},
      {"", ""},
  };
  for (const auto& c : cases) {
    INFO("content type: " << c.content_type);
    CHECK(fetch::charset_from_content_type(c.content_type) == c.expected);
  }
}

TEST_CASE("prescan_meta_charset follows the HTML prescan") {
  const std::string padding(1100, ' ');
  struct Case {
    std::string bytes;
    std::optional<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"<meta charset=\"koi8-r\">", "koi8-r"},
      {"<META CHARSET='Shift_JIS'>", "shift_jis"},
      {"<meta charset=koi8-r>", "koi8-r"},  // unquoted
      {"<meta\ncharset=koi8-r >", "koi8-r"},
      {"<meta/charset=koi8-r>", "koi8-r"},
      {"<meta charset=koi8-r/>", std::nullopt},  // an unquoted value runs to a space or '>'
      {"<meta charset = \"koi8-r\" >", "koi8-r"},
      {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">",
       "windows-1251"},
      {"<meta content=\"text/html; charset='windows-1251'\" http-equiv=content-type>",
       "windows-1251"},
      {"<meta content=\"text/html; charset=windows-1251\">", std::nullopt},  // no http-equiv
      {"<meta http-equiv=\"refresh\" content=\"0; charset=windows-1251\">", std::nullopt},
      {"<meta charset=\"bogus\"><meta charset=\"koi8-r\">", "koi8-r"},
      {"<meta charset=\"koi8-r\"><meta charset=\"utf-8\">", "koi8-r"},  // the first one wins
      {"<meta charset=utf-16le>", "utf-8"},
      {"<meta charset=\"UTF-16BE\">", "utf-8"},
      {"<meta charset=x-user-defined>", "windows-1252"},
      {"<!-- <meta charset=\"koi8-r\"> --><meta charset=\"big5\">", "big5"},  // comment ignored
      {"<!-- <meta charset=\"koi8-r\"> -->", std::nullopt},
      {"<!--><meta charset=\"koi8-r\">", "koi8-r"},  // "<!-->" is a whole comment
      {"<p title=\"<meta charset=koi8-r>\"><meta charset=big5>", "big5"},  // skipped attribute
      {"<p title='x>\n<meta charset=koi8-r>", std::nullopt},
      {"<!DOCTYPE html></p><?php echo 1 ?><meta charset=big5>", "big5"},
      {"<? <meta charset=koi8-r> ?>", std::nullopt},  // "<?" skips to the first '>'
      {"</ <meta charset=koi8-r>", std::nullopt},
      {"<metacharset=koi8-r>", std::nullopt},
      {"<meta charset=koi8-r", std::nullopt},  // the bytes end inside the tag
      {padding + "<meta charset=koi8-r>", std::nullopt},  // after 1024 bytes
      {std::string(1000, ' ') + "<meta charset=\"koi8-r\">", "koi8-r"},  // starts before byte 1024
      {"<?xml version=\"1.0\" encoding=\"koi8-r\"?><rss/>", "koi8-r"},
      {"<?xml version=\"1.0\" encoding=\"koi8-r\"?><meta charset=big5>", "big5"},
      {" <?xml version=\"1.0\" encoding=\"koi8-r\"?>", std::nullopt},  // not at the start
      {"<\0?\0x\0m\0l\0"s, "utf-16le"},
      {"", std::nullopt},
  };
  for (const auto& c : cases) {
    INFO("bytes: " << c.bytes.substr(0, 80));
    CHECK(fetch::prescan_meta_charset(c.bytes).value_or("(none)") == c.expected.value_or("(none)"));
  }
}

TEST_CASE("decide_charset: BOM, then transport, then meta, then detection, then windows-1252") {
  const std::string meta_1251 = "<meta charset=windows-1251>";
  struct Case {
    std::string bytes, transport, encoding, source;
  };
  const std::vector<Case> cases = {
      {"\xEF\xBB\xBF" + meta_1251, "koi8-r", "utf-8", "bom"},
      {"\xFE\xFF\0<"s, "koi8-r", "utf-16be", "bom"},
      {"\xFF\xFE<\0"s, "", "utf-16le", "bom"},
      {meta_1251, " KOI8-R ", "koi8-r", "http"},
      {meta_1251, "bogus", "windows-1251", "meta"},
      {meta_1251, "", "windows-1251", "meta"},
      {"<p>" + k_russian_koi8_r + "</p>", "", "koi8-r", "detected"},
      {"<p>" + k_russian_windows_1251 + "</p>", "", "windows-1251", "detected"},
      {"<p>" + k_japanese_shift_jis + "</p>", "", "shift_jis", "detected"},
      {"<p>" + k_russian + "</p>", "", "utf-8", "detected"},
      {"<p>plain ASCII</p>", "", "windows-1252", "detected"},  // uchardet says "ASCII"
      {"", "", "windows-1252", "default"},
  };
  for (const auto& c : cases) {
    INFO("bytes: " << c.bytes.substr(0, 40) << " transport: " << c.transport);
    auto decision = fetch::decide_charset(c.bytes, c.transport);
    CHECK(decision.encoding == c.encoding);
    CHECK(decision.source == c.source);
  }
}

TEST_CASE("to_utf8 converts, replaces and reports invalid bytes") {
  struct Case {
    std::string bytes, encoding, expected;
    bool invalid;
  };
  const std::vector<Case> cases = {
      // windows-1252, including the five bytes iconv rejects and WHATWG maps to C1 controls.
      {"caf\xE9 \x80\x9F", "windows-1252", "café €Ÿ", false},
      {"\x81", "windows-1252", "\xC2\x81", false},
      {"\x81\x8D\x8F\x90\x9D", "windows-1252", "\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D", false},
      {"\xE9", "latin1", "é", false},  // a label is resolved
      // UTF-8: validated, BOM dropped.
      {"\xEF\xBB\xBFhi", "utf-8", "hi", false},
      {"a\xFF" "b", "utf-8", "a\xEF\xBF\xBD" "b", true},
      {"\xC0\xAF", "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD", true},  // overlong
      {"\xE2\x82", "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD", true},  // truncated
      {"\xED\xA0\x80", "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", true},  // surrogate
      {k_russian, "utf-8", k_russian, false},
      // Single-byte encodings through the iconv-built tables, with WHATWG's corrections.
      {k_russian_koi8_r, "koi8-r", k_russian, false},
      {k_russian_windows_1251, "windows-1251", k_russian, false},
      {"\x98", "windows-1251", "\xC2\x98", false},
      {"\xAE\xBE", "koi8-u", "ўЎ", false},
      {"\xF0\xDB", "macintosh", "\xEF\xA3\xBF€", false},
      {"\xCA", "windows-1255", "\xD6\xBA", false},
      {"\xFF", "x-mac-cyrillic", "€", false},
      {"x\xAA", "windows-1253", "x\xEF\xBF\xBD", true},  // undefined in windows-1253
      {"\xA5", "iso-8859-3", "\xEF\xBF\xBD", true},
      {"\xE0", "iso-8859-8-i", "א", false},
      // Multi-byte encodings through iconv.
      {k_japanese_shift_jis, "shift_jis", k_japanese, false},
      {"\xB1", "shift_jis", "ｱ", false},
      {"\x93\xFA\x82", "shift_jis", "日\xEF\xBF\xBD", true},  // truncated at the end
      {"\x82\x0A" "a", "shift_jis", "\xEF\xBF\xBD\na", true},    // bad trail byte kept
      {"\xC6\xFC\xCB\xDC", "euc-jp", "日本", false},
      {"\x1B$BF|K\\\x1B(B!", "iso-2022-jp", "日本!", false},
      {"\x1B(I1\x1B(B", "iso-2022-jp", "ｱ", false},  // half-width katakana
      {"\xC4\xE3\xBA\xC3", "gbk", "你好", false},
      {"\x81\x30\x81\x30", "gb18030", "\xC2\x80", false},  // a four-byte sequence
      {"\xA7\x41\xA6\x6E", "big5", "你好", false},
      {"\xC7\xD1\xB1\xB9", "euc-kr", "한국", false},
      // Encodings decoded without iconv.
      {"\xFF\xFEh\0i\0"s, "utf-16le", "hi", false},
      {"\0h\0i"s, "utf-16be", "hi", false},
      {"\x3D\xD8\x00\xDE"s, "utf-16le", "😀", false},
      {"\x00\xD8" "a\0"s, "utf-16le", "\xEF\xBF\xBD" "a", true},  // unpaired surrogate
      {"a\0b"s, "utf-16le", "a\xEF\xBF\xBD", true},               // odd last byte
      {"a\x80\xFF", "x-user-defined", "a\xEF\x9E\x80\xEF\x9F\xBF", false},
      {"anything", "replacement", "\xEF\xBF\xBD", true},
      {"", "replacement", "", false},
  };
  for (const auto& c : cases) {
    INFO("encoding: " << c.encoding << " bytes: " << c.bytes);
    bool invalid = !c.invalid;
    CHECK(fetch::to_utf8(c.bytes, c.encoding, &invalid) == c.expected);
    CHECK(invalid == c.invalid);
    CHECK(fetch::to_utf8(c.bytes, c.encoding) == c.expected);
  }
}

TEST_CASE("to_utf8 returns valid UTF-8 for arbitrary bytes in every encoding") {
  std::mt19937 random(20240601);  // fixed seed: reproducible
  std::vector<std::string> inputs = {"\x1B",       "\x1B$",      "\x1B$B", "\x1B$B\x80",
                                     "\xFF\xFE\0"s, "\x81",       "\0"s,    "\xD8\x00"s,
                                     std::string(70000, '\x8E')};
  for (int i = 0; i < 60; ++i) {
    std::string bytes(random() % 300, '\0');
    for (char& c : bytes) c = static_cast<char>(random() % 256);
    inputs.push_back(bytes);
  }
  for (const auto& name : k_canonical_names) {
    for (const auto& bytes : inputs) {
      bool invalid = false;
      std::string out = fetch::to_utf8(bytes, name, &invalid);
      INFO("encoding: " << name << " size: " << bytes.size());
      REQUIRE(is_valid_utf8(out));
    }
  }
}

TEST_CASE("decode_page decides, converts and flags replacements") {
  auto page = fetch::decode_page("<meta charset=koi8-r><p>" + k_russian_koi8_r);
  CHECK(page.charset.encoding == "koi8-r");
  CHECK(page.charset.source == "meta");
  CHECK(page.utf8 == "<meta charset=koi8-r><p>" + k_russian);
  CHECK_FALSE(page.had_invalid_bytes);

  auto broken = fetch::decode_page("<p>caf\xC3\xA9 \xFF</p>", "utf-8");
  CHECK(broken.charset.source == "http");
  CHECK(broken.utf8 == "<p>café \xEF\xBF\xBD</p>");
  CHECK(broken.had_invalid_bytes);

  auto bom = fetch::decode_page("\xFF\xFEh\0i\0"s, "koi8-r");
  CHECK(bom.charset.encoding == "utf-16le");
  CHECK(bom.utf8 == "hi");
}
