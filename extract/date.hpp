#pragma once
// Finding and parsing displayed dates: "9/23 17:33:34", "Sept. 23, 2004 5:33 PM",
// "23.09.2004", "2004-09-23", "Thursday, September 23, 2004", two-digit years.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/record.hpp"

namespace salvage::extract {

// How sure the parser is that a match is a date and not, say, a fraction ("1/2 cup").
enum class DateStrength {
  weak,    // bare numeric month/day without year or time ("9/23")
  strong,  // has a year, a month name, or a time
};

struct DateMatch {
  std::size_t offset = 0;  // byte offset of the match in the searched text
  std::size_t length = 0;  // byte length; raw == text.substr(offset, length)
  std::string raw;         // the date as displayed (date and time), without any label
  core::DateParts parts;
  std::optional<std::string> iso;  // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS"; null without year
  DateStrength strength = DateStrength::weak;
};

// The first date in `text` (a line of UTF-8 text), or nullopt. Rules:
// - US numeric M/D/Y and M/D (slashes or dashes), ISO Y-M-D, day-first dotted D.M.Y;
// - month names and abbreviations in English ("Sept.", "Sep", "September"), either order
//   ("September 23, 2004", "23 Sep 2004"), an optional weekday before;
// - an optional time after the date (optionally "at"/","/"-" between): H:MM, H:MM:SS, with
//   am/pm/a.m./p.m. converted to 24 hours; seconds "00" when only minutes are shown;
// - two-digit years: 00-68 are 20xx, 69-99 are 19xx (POSIX strptime);
// - impossible dates (month 13, day 32, Feb 30) are not matches.
std::optional<DateMatch> find_date(std::string_view text);

// Strips a leading date label such as "Posted:", "Posted on", "Date:", "Submitted:", "Asked on",
// "Answered:" (case-insensitive) and returns the rest; returns `text` unchanged when none.
std::string_view strip_date_label(std::string_view text);

// The vocabulary and calendar rules of dates (extract/date_words.cpp), used by the scanner in
// extract/date.cpp. A word is a maximal run of ASCII letters; month and weekday names must start
// with a capital ("Sep", "SEPT") so that "may" and "march" in prose are not months.
namespace date_words {
int month_number(std::string_view word);   // 1-12 for "September", "Sep", "Sept"; 0 otherwise
bool is_weekday(std::string_view word);    // "Thursday", "Thu", "Thurs", "Tues"
bool is_zone_name(std::string_view word);  // upper-case zone abbreviations: "EST", "GMT", "UTC"
// The year written with `digits` digits: two-digit years pivot like POSIX strptime (00-68 are
// 20xx, 69-99 are 19xx); four-digit years count from 1000 to 2999; 0 when it is not a year.
int full_year(int value, int digits);
int days_in_month(int year, int month);  // month 1-12; year 0 (not shown): February has 29
}  // namespace date_words

}  // namespace salvage::extract
