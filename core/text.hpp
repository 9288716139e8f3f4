#pragma once
// Text helpers over UTF-8 strings. Whitespace means ASCII whitespace and U+00A0 (NBSP).

#include <string>
#include <string_view>

namespace salvage::core {

// Every whitespace run (NBSP included) becomes one space; leading and trailing ones are dropped.
std::string collapse_whitespace(std::string_view text);

std::string_view trim(std::string_view text);  // ASCII whitespace and NBSP at both ends
std::string to_lower_ascii(std::string_view text);
bool iequals(std::string_view a, std::string_view b);  // ASCII case-insensitive
bool istarts_with(std::string_view text, std::string_view prefix);
bool is_space_byte(unsigned char c);  // ASCII whitespace
int word_count(std::string_view text);  // runs of non-space characters (words split by ' ')

// Replaces invalid UTF-8 sequences with U+FFFD so that downstream JSON and XML stay valid.
std::string sanitize_utf8(std::string_view text);

// Appends code point `cp` as UTF-8; a surrogate or a value past U+10FFFF becomes U+FFFD.
void append_utf8(std::string& out, char32_t cp);

}  // namespace salvage::core
