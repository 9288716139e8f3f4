#pragma once
// Text helpers over UTF-8 strings. Whitespace means ASCII whitespace and U+00A0 (NBSP).

#include <cstddef>
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

// Replaces invalid UTF-8 sequences with U+FFFD so that downstream JSON and XML stay valid: each
// byte that does not start a valid character becomes one U+FFFD.
std::string sanitize_utf8(std::string_view text);

// The length in bytes of the valid UTF-8 character at text[i] (i < text.size()), or 0 when none
// starts there (a stray continuation byte, a truncated or overlong sequence, a surrogate, past
// U+10FFFF).
std::size_t utf8_char_length(std::string_view text, std::size_t i);

inline constexpr std::string_view k_utf8_replacement = "\xEF\xBF\xBD";  // U+FFFD

// Appends code point `cp` as UTF-8; a surrogate or a value past U+10FFFF becomes U+FFFD.
void append_utf8(std::string& out, char32_t cp);

}  // namespace salvage::core
