#include "extract/date.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using salvage::extract::DateMatch;
using salvage::extract::DateStrength;
using salvage::extract::find_date;
using salvage::extract::strip_date_label;

constexpr DateStrength weak = DateStrength::weak;
constexpr DateStrength strong = DateStrength::strong;

struct Found {
  std::string_view text;
  std::string_view raw;
  std::size_t offset;
  std::optional<int> year, month, day;
  std::optional<std::string> time;
  std::optional<std::string> iso;
  DateStrength strength;
};

// clang-format off
const std::vector<Found> k_found = {
    // US numeric
    {"9/23 17:33:34", "9/23 17:33:34", 0, {}, 9, 23, "17:33:34", {}, strong},  // the seed page
    {"Posted: 9/23/2004", "9/23/2004", 8, 2004, 9, 23, {}, "2004-09-23", strong},
    {"on 9/23/04.", "9/23/04", 3, 2004, 9, 23, {}, "2004-09-23", strong},
    {"12/31/69", "12/31/69", 0, 1969, 12, 31, {}, "1969-12-31", strong},
    {"1/1/68", "1/1/68", 0, 2068, 1, 1, {}, "2068-01-01", strong},
    {"1/1/00", "1/1/00", 0, 2000, 1, 1, {}, "2000-01-01", strong},
    {"09-23-2004", "09-23-2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"9-23-04 5:33 PM", "9-23-04 5:33 PM", 0, 2004, 9, 23, "17:33:00", "2004-09-23T17:33:00", strong},
    {"9-23 17:33", "9-23 17:33", 0, {}, 9, 23, "17:33:00", {}, strong},
    {"1/2 cup of flour", "1/2", 0, {}, 1, 2, {}, {}, weak},
    {"due 9/23", "9/23", 4, {}, 9, 23, {}, {}, weak},
    {"9/23 17:33", "9/23 17:33", 0, {}, 9, 23, "17:33:00", {}, strong},
    // a time before its date (newspapers)
    {"2:17 PM, Mar. 14, 2011", "2:17 PM, Mar. 14, 2011", 0, 2011, 3, 14, "14:17:00", "2011-03-14T14:17:00", strong},
    {"Updated 17:33 9/23", "17:33 9/23", 8, {}, 9, 23, "17:33:00", {}, strong},
    {"2/29/2004", "2/29/2004", 0, 2004, 2, 29, {}, "2004-02-29", strong},
    {"2/29/2000", "2/29/2000", 0, 2000, 2, 29, {}, "2000-02-29", strong},
    {"2/29", "2/29", 0, {}, 2, 29, {}, {}, weak},  // no year: Feb 29 may exist
    {"from 9/23/2004-9/24/2004", "9/23/2004", 5, 2004, 9, 23, {}, "2004-09-23", strong},
    // ISO
    {"2004-09-23", "2004-09-23", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"2004-9-3", "2004-9-3", 0, 2004, 9, 3, {}, "2004-09-03", strong},
    {"2004-09-23T17:33:34Z", "2004-09-23T17:33:34Z", 0, 2004, 9, 23, "17:33:34", "2004-09-23T17:33:34", strong},
    {"2004-09-23T17:33:34.250+01:00;", "2004-09-23T17:33:34.250+01:00", 0, 2004, 9, 23, "17:33:34", "2004-09-23T17:33:34", strong},
    {"2004-09-23 17:33", "2004-09-23 17:33", 0, 2004, 9, 23, "17:33:00", "2004-09-23T17:33:00", strong},
    // day-first dotted
    {"23.09.2004", "23.09.2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"am 23.09.04 um 17:33", "23.09.04", 3, 2004, 9, 23, {}, "2004-09-23", strong},
    {"23.09.04 17:33", "23.09.04 17:33", 0, 2004, 9, 23, "17:33:00", "2004-09-23T17:33:00", strong},
    {"version 2.4.1 released 23.09.2004", "23.09.2004", 23, 2004, 9, 23, {}, "2004-09-23", strong},
    // month names
    {"September 23, 2004", "September 23, 2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"Sep 23 2004", "Sep 23 2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"23 September 2004", "23 September 2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"23 Sept. 2004", "23 Sept. 2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"10 DEC 19", "10 DEC 19", 0, 2019, 12, 10, {}, "2019-12-10", strong},
    {"23 Sep 17:33", "23 Sep 17:33", 0, {}, 9, 23, "17:33:00", {}, strong},
    {"Sep 23 04", "Sep 23", 0, {}, 9, 23, {}, {}, strong},  // month first: four-digit years only
    {"23-Sep-2004", "23-Sep-2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"23-Sep-04", "23-Sep-04", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"[23/Sep/2004:17:33:34 +0100]", "23/Sep/2004:17:33:34 +0100", 1, 2004, 9, 23, "17:33:34", "2004-09-23T17:33:34", strong},
    {"September 23rd, 2004", "September 23rd, 2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"23rd September", "23rd September", 0, {}, 9, 23, {}, {}, strong},
    {"Sept. 23", "Sept. 23", 0, {}, 9, 23, {}, {}, strong},
    {"Sept. 23.", "Sept. 23", 0, {}, 9, 23, {}, {}, strong},
    {"on 23 Sep.", "23 Sep", 3, {}, 9, 23, {}, {}, strong},
    {"SEPT 23, 2004", "SEPT 23, 2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"Sep\xC2\xA0" "23,\xC2\xA0" "2004", "Sep\xC2\xA0" "23,\xC2\xA0" "2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"Feb 29, 2004", "Feb 29, 2004", 0, 2004, 2, 29, {}, "2004-02-29", strong},
    {"May 5", "May 5", 0, {}, 5, 5, {}, {}, strong},
    {"July 4, 1776", "July 4, 1776", 0, 1776, 7, 4, {}, "1776-07-04", strong},
    // weekdays
    {"Thursday, September 23, 2004", "Thursday, September 23, 2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    {"Thu, 23 Sep 2004 17:33:34 +0100", "Thu, 23 Sep 2004 17:33:34 +0100", 0, 2004, 9, 23, "17:33:34", "2004-09-23T17:33:34", strong},
    // ctime and date(1): the year after the time (a zone between).
    {"Posted: Fri Mar  5 09:41:27 1999", "Fri Mar  5 09:41:27 1999", 8, 1999, 3, 5, "09:41:27", "1999-03-05T09:41:27", strong},
    {"Thu Sep 23 17:33:34 EDT 2004.", "Thu Sep 23 17:33:34 EDT 2004", 0, 2004, 9, 23, "17:33:34", "2004-09-23T17:33:34", strong},
    {"Sep 23 17:33 12345 views", "Sep 23 17:33", 0, {}, 9, 23, "17:33:00", {}, strong},
    {"Date: Tues. Sep 23", "Tues. Sep 23", 6, {}, 9, 23, {}, {}, strong},
    {"Monday 9/23/2004", "Monday 9/23/2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},
    // times
    {"Sept. 23, 2004 5:33 PM", "Sept. 23, 2004 5:33 PM", 0, 2004, 9, 23, "17:33:00", "2004-09-23T17:33:00", strong},
    {"Jan 1, 2005 12:05 AM", "Jan 1, 2005 12:05 AM", 0, 2005, 1, 1, "00:05:00", "2005-01-01T00:05:00", strong},
    {"Jan 1, 2005 12:05 PM", "Jan 1, 2005 12:05 PM", 0, 2005, 1, 1, "12:05:00", "2005-01-01T12:05:00", strong},
    {"9/23/2004 5:33pm", "9/23/2004 5:33pm", 0, 2004, 9, 23, "17:33:00", "2004-09-23T17:33:00", strong},
    {"9/23/2004 5:33 p.m. today", "9/23/2004 5:33 p.m.", 0, 2004, 9, 23, "17:33:00", "2004-09-23T17:33:00", strong},
    {"9/23/2004 5:33:12 am.", "9/23/2004 5:33:12 am", 0, 2004, 9, 23, "05:33:12", "2004-09-23T05:33:12", strong},
    {"September 23, 2004 at 5:33 PM EST", "September 23, 2004 at 5:33 PM EST", 0, 2004, 9, 23, "17:33:00", "2004-09-23T17:33:00", strong},
    {"9/23/2004 @ 17:33", "9/23/2004 @ 17:33", 0, 2004, 9, 23, "17:33:00", "2004-09-23T17:33:00", strong},
    {"9/23/2004 - 17:33 GMT+1", "9/23/2004 - 17:33 GMT+1", 0, 2004, 9, 23, "17:33:00", "2004-09-23T17:33:00", strong},
    {"9/23/2004, 17:33.", "9/23/2004, 17:33", 0, 2004, 9, 23, "17:33:00", "2004-09-23T17:33:00", strong},
    {"9/23/2004 17:33abc", "9/23/2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},   // not a time
    {"9/23/2004 25:00", "9/23/2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},      // hour 25
    {"9/23/2004 13:05 PM", "9/23/2004 13:05", 0, 2004, 9, 23, "13:05:00", "2004-09-23T13:05:00", strong},  // no PM after 12
    {"9/23 17:33 Am I right?", "9/23 17:33", 0, {}, 9, 23, "17:33:00", {}, strong},
    {"9/23/2004, then", "9/23/2004", 0, 2004, 9, 23, {}, "2004-09-23", strong},      // "," without a time
    // impossible dates and look-alikes are skipped, the scan goes on
    {"13/1/2004 or 9/23/2004", "9/23/2004", 13, 2004, 9, 23, {}, "2004-09-23", strong},
    {"Feb 30, 2004, then Mar 1, 2004", "Mar 1, 2004", 19, 2004, 3, 1, {}, "2004-03-01", strong},
    {"10/2004 or 9/23", "9/23", 11, {}, 9, 23, {}, {}, weak},
    {"call 555-1234 on 9/23/2004", "9/23/2004", 17, 2004, 9, 23, {}, "2004-09-23", strong},
    {"600KCal, 8 kms, 70 degrees on Sept. 23", "Sept. 23", 30, {}, 9, 23, {}, {}, strong},
    {"it may 2 be, May 2", "May 2", 13, {}, 5, 2, {}, {}, strong},
};

const std::vector<std::string_view> k_not_found = {
    "", "no digits at all", "1998", "10/2004", "1234/5/6", "2.4.1", "v1.2.3.4", "10.10.10.10",
    "192.168.1.1", "12.5", "555-1234", "1-800-555-1234", "(555) 123-4567", "600KCal", "8 kms",
    "70 degrees", "13/1/2004", "9/32/2004", "0/5", "9/0", "24/7", "Feb 30, 2004", "2/29/2003",
    "2/29/1900", "Feb 29, 2003", "31-Feb-2004", "2004-13-01", "2004-02-30", "2004/09/23",
    "9-23", "pages 10-12", "12:30", "17:33:34", "ab9/23", "9/23ab", "9/23/123", "9/23/2004/5",
    "Sep2004", "Sept 2004", "3 may work", "march 3", "Monday, Feb 30", "23.09", "23.13.2004",
};
// clang-format on

void check_consistent(std::string_view text, const DateMatch& m) {
  INFO("text: " << text << " raw: " << m.raw);
  REQUIRE(m.offset + m.length <= text.size());
  REQUIRE(m.raw == text.substr(m.offset, m.length));
  REQUIRE(m.parts.month);
  REQUIRE(*m.parts.month >= 1);
  REQUIRE(*m.parts.month <= 12);
  REQUIRE(m.parts.day);
  REQUIRE(*m.parts.day >= 1);
  REQUIRE(*m.parts.day <= 31);
  if (m.parts.year) {
    REQUIRE(*m.parts.year >= 1000);
    REQUIRE(*m.parts.year <= 2999);
  }
  REQUIRE(m.iso.has_value() == m.parts.year.has_value());
  if (m.parts.time) {
    const std::string& t = *m.parts.time;
    REQUIRE(t.size() == 8);
    REQUIRE(t[2] == ':');
    REQUIRE(t[5] == ':');
    REQUIRE(std::stoi(t.substr(0, 2)) <= 23);
    REQUIRE(std::stoi(t.substr(3, 2)) <= 59);
    REQUIRE(std::stoi(t.substr(6, 2)) <= 59);
  }
  if (m.iso) REQUIRE(m.iso->size() == (m.parts.time ? 19u : 10u));
  if (m.strength == DateStrength::weak) REQUIRE_FALSE((m.parts.year || m.parts.time));
  // The match stands on its own: found again, whole, in its raw text.
  std::optional<DateMatch> again = find_date(m.raw);
  REQUIRE(again);
  REQUIRE(again->offset == 0);
  REQUIRE(again->raw == m.raw);
  REQUIRE(again->parts == m.parts);
}

}  // namespace

TEST_CASE("find_date finds and parses displayed dates", "[date]") {
  for (const Found& c : k_found) {
    INFO("text: " << c.text);
    std::optional<DateMatch> m = find_date(c.text);
    REQUIRE(m);
    CHECK(m->raw == c.raw);
    CHECK(m->offset == c.offset);
    CHECK(m->length == c.raw.size());
    CHECK(m->parts.year == c.year);
    CHECK(m->parts.month == c.month);
    CHECK(m->parts.day == c.day);
    CHECK(m->parts.time == c.time);
    CHECK(m->iso == c.iso);
    CHECK(m->strength == c.strength);
    check_consistent(c.text, *m);
  }
}

TEST_CASE("find_date rejects impossible dates, numbers and words", "[date]") {
  for (std::string_view text : k_not_found) {
    std::optional<DateMatch> m = find_date(text);
    INFO("text: " << text << " matched: " << (m ? m->raw : std::string()));
    CHECK_FALSE(m);
  }
}

TEST_CASE("strip_date_label removes a leading label and its spaces", "[date]") {
  struct Case {
    std::string_view text, rest;
  };
  // clang-format off
  const Case cases[] = {
      {"Posted: 9/23/2004", "9/23/2004"},       {"posted on 9/23", "9/23"},
      {"Posted 9/23", "9/23"},                  {"Posted on: Sept. 23", "Sept. 23"},
      {"DATE: 2004-09-23", "2004-09-23"},       {"Dated:23.09.2004", "23.09.2004"},
      {"Submitted: Sep 23", "Sep 23"},          {"Submitted on  Sep 23", "Sep 23"},
      {"Asked: 9/23", "9/23"},                  {"Asked on 9/23", "9/23"},
      {"Answered: 9/23", "9/23"},               {"Answered on 9/23", "9/23"},
      {"Last updated: 9/23", "9/23"},           {"Last  Updated:\t9/23", "9/23"},
      {"Updated: 9/23", "9/23"},                {"Published: 9/23", "9/23"},
      {"  Posted:\xC2\xA0" "9/23", "9/23"},     {"Posted:", ""},
      {"Last Updated ( Thursday, 12 March 2009 08:05 )", "Thursday, 12 March 2009 08:05 )"},
      {"Published February 27, 2006", "February 27, 2006"},
      // not labels: returned unchanged
      {"9/23/2004", "9/23/2004"},               {"Postedby admin", "Postedby admin"},
      {"Dates: 9/23", "Dates: 9/23"},           {"Date 9/23", "Date 9/23"},
      {"Asked by Jason", "Asked by Jason"},     {"", ""},
  };
  // clang-format on
  for (const Case& c : cases) {
    INFO("text: " << c.text);
    CHECK(strip_date_label(c.text) == c.rest);
  }
}

TEST_CASE("find_date keeps its contract on random date-like text", "[date][robustness]") {
  // Single characters and whole fragments, so that both near-misses and real dates come up.
  static constexpr std::array<std::string_view, 52> k_pieces = {
      "0",   "1",     "2",     "3",         "9",         "12",   "23",    "29",   "31",  "04",
      "69",  "2004",  "1900",  "/",         "/",         ".",    ":",     "-",    " ",   " ",
      ",",   "Sep",   "Sept.", "September", "Feb",       "May",  "may",   "Thu",  "PM",  "a.m.",
      "T",   "EST",   "+0100", "Z",         "at ",       "rd",   "\xC2\xA0", "x",   "@",   "9/23",
      "2/29", "9/23/", "23.09.", "Sep 23",  "23 Sep",    ", 2004", " 17:33", ":34", "2004-09-",
      "Thursday, ", " 12:05 ", "-Sep-"};
  std::mt19937 rng(20040923);
  std::uniform_int_distribution<std::size_t> piece(0, k_pieces.size() - 1);
  std::uniform_int_distribution<int> count(1, 14);
  int matches = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string text;
    for (int n = count(rng); n > 0; --n) text += k_pieces[piece(rng)];
    if (std::optional<DateMatch> m = find_date(text)) {
      ++matches;
      check_consistent(text, *m);
    }
  }
  CHECK(matches > 300);  // the generator does make dates
}
