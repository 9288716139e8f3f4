#include <array>
#include <string_view>

#include "core/text.hpp"
#include "extract/date.hpp"

namespace salvage::extract {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_space(char c) { return core::is_space_byte(static_cast<unsigned char>(c)); }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// `text` from its first non-space on (NBSP included); the end is left as it is.
std::string_view skip_leading_space(std::string_view text) {
  std::string_view trimmed = core::trim(text);
  return trimmed.empty() ? text.substr(text.size())
                         : text.substr(static_cast<std::size_t>(trimmed.data() - text.data()));
}

constexpr std::array<std::string_view, 12> k_months = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

constexpr std::array<std::string_view, 7> k_weekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

// North American, European, Indian, Japanese and Australian abbreviations seen on the pages.
constexpr std::array<std::string_view, 26> k_zones = {
    "UTC", "GMT", "UT",  "EST", "EDT", "CST", "CDT", "MST",  "MDT",  "PST", "PDT", "AKST", "AKDT",
    "HST", "BST", "IST", "CET", "CEST", "EET", "EEST", "WET", "WEST", "JST", "AEST", "AEDT", "ET"};

// A label with a colon needs nothing after it; one without needs a space (or a colon) next, so
// "Postedby" and "Posted-it" are not labels. Longer labels come before their prefixes. A space in
// a label stands for any whitespace run.
constexpr std::string_view k_labels[] = {
    "date posted",  "date added", "date submitted", "datesubmitted", "date responded", "date created", "created:",
    "posted:",      "posted on",  "posted",       "date:",       "dated:",     "submitted:",
    "submitted on", "asked:",     "asked on",     "answered:",   "answered on", "answered",    "last updated:",
    "last updated", "updated:",     "published:", "published on", "published", "last modified:", "modified:", "last revised:", "revised:"};

// Whether `word` starts like `name`: its first three letters, ignoring case. Checked before
// anything else, since most capitalised words on a page are neither months nor weekdays.
bool same_start(std::string_view word, std::string_view name) {
  return lower(word[0]) == name[0] && lower(word[1]) == name[1] && lower(word[2]) == name[2];
}

}  // namespace

namespace date_words {

int month_number(std::string_view word) {
  if (word.size() < 3 || word.size() > 9 || !is_upper(word[0])) return 0;
  for (std::size_t i = 0; i < k_months.size(); ++i) {
    std::string_view name = k_months[i];
    if (!same_start(word, name)) continue;
    bool known = word.size() == 3 || core::iequals(word, name) || core::iequals(word, "sept");
    return known ? static_cast<int>(i) + 1 : 0;
  }
  return 0;
}

bool is_weekday(std::string_view word) {
  if (word.size() < 3 || word.size() > 9 || !is_upper(word[0])) return false;
  for (std::string_view name : k_weekdays) {
    if (!same_start(word, name)) continue;
    return word.size() == 3 || core::iequals(word, name) || core::iequals(word, "tues") ||
           core::iequals(word, "thur") || core::iequals(word, "thurs");
  }
  return false;
}

int full_year(int value, int digits) {
  if (digits == 2) return value < 69 ? 2000 + value : 1900 + value;
  if (digits == 4 && value >= 1000 && value <= 2999) return value;
  return 0;
}

int days_in_month(int year, int month) {
  static constexpr int k_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month != 2 || year == 0) return k_days[month - 1];
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return leap ? 29 : 28;
}

bool is_zone_name(std::string_view word) {
  for (std::string_view zone : k_zones)
    if (word == zone) return true;
  return false;
}

}  // namespace date_words

std::string_view strip_date_label(std::string_view text) {
  std::string_view rest = skip_leading_space(text);
  for (std::string_view label : k_labels) {
    std::size_t i = 0;  // position in `rest`
    std::size_t k = 0;  // position in `label`
    for (; k < label.size() && i < rest.size(); ++k) {
      if (label[k] == ' ') {
        if (!is_space(rest[i])) break;
        while (i < rest.size() && is_space(rest[i])) ++i;
      } else if (lower(rest[i]) == label[k]) {
        ++i;
      } else {
        break;
      }
    }
    if (k < label.size()) continue;
    if (label.back() != ':' && i < rest.size() && rest[i] == ':') ++i;  // "Posted on:"
    // Joomla's "Last Updated ( Thursday, 12 March 2009 08:05 )".
    if (std::string_view after = skip_leading_space(rest.substr(i)); after.starts_with('('))
      return skip_leading_space(after.substr(1));
    bool spaced = i == rest.size() || is_space(rest[i]) || rest.substr(i, 2) == "\xC2\xA0";
    if (label.back() != ':' && rest[i - 1] != ':' && !spaced) continue;
    return skip_leading_space(rest.substr(i));
  }
  return text;
}

}  // namespace salvage::extract
