#include "extract/date.hpp"

#include <utility>

#include "core/text.hpp"

// A hand-written scanner rather than std::regex: this runs on every text line of hundreds of
// thousands of pages. Lines without a digit are rejected by one pass, and a date is only tried
// where a word or a number starts, so each byte is looked at a small constant number of times.
//
// Choices beyond the header's rules, each to keep prose and numbers from passing as dates:
// - numeric dates are month-first ("18/10/2019" is not a date) and Y/M/D needs dashes;
// - "9-23" without a year counts only with a time ("pages 10-12" is a range);
// - month names are capitalised ("it may 2 be"); a two-digit year after a month name only in
//   the day-first "10 DEC 19" and "23-Sep-04";
// - a time's AM/PM counts after hours 1-12 only; "17:33 Am I ..." is 17:33.
// - a time may come before its date: "2:17 PM, Mar. 14, 2011".

namespace salvage::extract {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

// Separators that glue digit runs into one token: "1234/5/6", "2.4.1", "555-1234", "12:30".
bool is_joiner(char c) { return c == '/' || c == '.' || c == '-' || c == ':'; }

// A date may begin here: not inside a word or a longer number ("1234/5/6", "v2.4.1").
bool starts_token(std::string_view s, std::size_t p) {
  if (p == 0) return true;
  if (is_alnum(s[p - 1])) return false;
  return !(is_joiner(s[p - 1]) && p >= 2 && is_digit(s[p - 2]));
}

// A date may end here: not followed by a letter or by a joiner and a digit ("10/12/2004/5",
// "600KCal"). After a four-digit year a dash starts a range ("9/23/2004-9/24/2004"), which is fine.
bool ends_token(std::string_view s, std::size_t p, bool range_ok = false) {
  if (p >= s.size()) return true;
  if (is_alnum(s[p])) return false;
  if (!is_joiner(s[p]) || (range_ok && s[p] == '-')) return true;
  return !(p + 1 < s.size() && is_digit(s[p + 1]));
}

// A cursor over one line. Parsers try alternatives on a copy and assign it back on success, so
// a failed alternative never moves the caller.
struct Scanner {
  std::string_view s;
  std::size_t pos = 0;

  char peek(std::size_t ahead = 0) const { return pos + ahead < s.size() ? s[pos + ahead] : '\0'; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos;
    return true;
  }
  // Skips ASCII whitespace and NBSP (pages put &nbsp; between a date's parts); true if any.
  bool skip_space() {
    std::size_t start = pos;
    for (;;) {
      if (pos < s.size() && core::is_space_byte(static_cast<unsigned char>(s[pos])))
        ++pos;
      else if (peek() == '\xC2' && peek(1) == '\xA0')
        pos += 2;
      else
        return pos != start;
    }
  }
  // A digit run; `digits` is its length, 0 when there is none. Only its first 6 digits count
  // towards the value, which is enough since callers reject runs that long.
  int number(int& digits) {
    int value = 0;
    for (digits = 0; is_digit(peek()); ++digits, ++pos)
      if (digits < 6) value = value * 10 + (peek() - '0');
    return value;
  }
  // Spaces, at most one of `marks`, spaces: the glue between a date's parts; true if any.
  bool skip_glue(std::string_view marks) {
    std::size_t start = pos;
    skip_space();
    if (pos < s.size() && marks.find(s[pos]) != std::string_view::npos) {
      ++pos;
      skip_space();
    }
    return pos != start;
  }
  std::string_view word() {
    std::size_t start = pos;
    while (is_alpha(peek())) ++pos;
    return s.substr(start, pos - start);
  }
};

// The date part of a match, before any time.
struct Found {
  std::size_t begin = 0, end = 0;
  int year = 0, month = 0, day = 0;  // year 0: not shown
  bool numeric_md = false;  // "9/23": weak unless a year or a time is shown
  bool needs_time = false;  // "9-23" (a range as often as a date) only counts with a time
  bool iso = false;         // "2004-09-23T17:33"
  bool range_ok = false;    // ends with a four-digit year: "-" may follow, ":" may join a time
};

struct Clock {
  std::size_t end = 0;
  int hour = 0, minute = 0, second = 0;
};

bool valid_date(const Found& f) {
  return f.month >= 1 && f.month <= 12 && f.day >= 1 &&
         f.day <= date_words::days_in_month(f.year, f.month);
}

// "rd" in "23rd"; it must end the word ("23rds" is not a day).
void skip_ordinal(Scanner& sc) {
  Scanner t = sc;
  std::string_view w = t.word();
  if (core::iequals(w, "st") || core::iequals(w, "nd") || core::iequals(w, "rd") ||
      core::iequals(w, "th"))
    sc = t;
}

// The two- or four-digit year of "9/23/04" or "23-Sep-2004".
bool numeric_year(Scanner& sc, Found& f) {
  int digits = 0;
  int value = sc.number(digits);
  f.year = date_words::full_year(value, digits);
  f.range_ok = digits == 4;
  return f.year != 0;
}

// ", 2004" or " 2004" after a named date, or " 19" after a day-first one ("10 DEC 19");
// false, with `sc` and `f` unchanged, when there is none.
bool trailing_year(Scanner& sc, Found& f, bool short_ok) {
  Scanner t = sc;
  Found g = f;
  if (!t.skip_glue(",") || !is_digit(t.peek()) || !numeric_year(t, g)) return false;
  if ((!g.range_ok && !short_ok) || !ends_token(t.s, t.pos, g.range_ok)) return false;
  sc = t;
  f = g;
  return true;
}

// "September 23, 2004", "Sep 23 2004", "Sept. 23", "September 23rd, 2004".
std::optional<Found> month_first(std::string_view s, std::size_t p) {
  Scanner sc{s, p};
  Found f;
  f.begin = p;
  f.month = date_words::month_number(sc.word());
  if (!f.month || !sc.skip_glue(".")) return std::nullopt;
  int digits = 0;
  f.day = sc.number(digits);
  if (digits < 1 || digits > 2) return std::nullopt;
  skip_ordinal(sc);
  if (!ends_token(s, sc.pos)) return std::nullopt;
  trailing_year(sc, f, false);
  f.end = sc.pos;
  return f;
}

// Everything that starts with digits: ISO "2004-09-23", US "9/23/2004", "9/23", "9-23-04",
// dotted "23.09.2004", "23-Sep-2004", "23 September 2004", "23rd Sep".
std::optional<Found> number_first(std::string_view s, std::size_t p) {
  Scanner sc{s, p};
  Found f;
  f.begin = p;
  int na = 0, nb = 0;
  int a = sc.number(na);
  char sep = sc.peek();
  if (na == 4 && sep == '-') {
    sc.pos++;
    f.year = date_words::full_year(a, na);
    f.month = sc.number(nb);
    if (!f.year || nb < 1 || nb > 2 || !sc.eat('-')) return std::nullopt;
    f.day = sc.number(nb);
    if (nb < 1 || nb > 2) return std::nullopt;
    f.iso = true;
  } else if (na > 2) {
    return std::nullopt;
  } else if ((sep == '/' || sep == '-') && is_alpha(sc.peek(1))) {
    sc.pos++;
    f.day = a;
    f.month = date_words::month_number(sc.word());
    if (!f.month || !sc.eat(sep) || !numeric_year(sc, f)) return std::nullopt;
  } else if ((sep == '/' || sep == '-' || sep == '.') && is_digit(sc.peek(1))) {
    sc.pos++;
    int b = sc.number(nb);
    if (nb > 2) return std::nullopt;
    f.month = sep == '.' ? b : a;
    f.day = sep == '.' ? a : b;
    if (sc.peek() == sep && is_digit(sc.peek(1))) {
      sc.pos++;
      if (!numeric_year(sc, f)) return std::nullopt;
    } else if (sep == '.') {
      return std::nullopt;  // "2.4" is a number, not a date
    }
    f.numeric_md = sep != '.';
    f.needs_time = sep == '-' && !f.year;
  } else {
    f.day = a;
    skip_ordinal(sc);
    if (!sc.skip_space()) return std::nullopt;
    f.month = date_words::month_number(sc.word());
    if (!f.month) return std::nullopt;
    Scanner t = sc;  // the month's dot belongs to the date only when a year follows
    t.eat('.');
    if (trailing_year(t, f, true)) sc = t;
  }
  f.end = sc.pos;
  return f;
}

std::optional<Found> date_at(std::string_view s, std::size_t p) {
  std::optional<Found> f = is_digit(s[p]) ? number_first(s, p) : month_first(s, p);
  if (f && !valid_date(*f)) return std::nullopt;
  return f;
}

// "Thursday, September 23, 2004", "Thu, 23 Sep 2004": the weekday becomes part of the match.
std::optional<Found> weekday_first(std::string_view s, std::size_t p) {
  Scanner sc{s, p};
  if (!date_words::is_weekday(sc.word())) return std::nullopt;
  bool separated = sc.skip_glue(".");
  separated = sc.skip_glue(",") || separated;
  if (!separated || !is_alnum(sc.peek())) return std::nullopt;
  std::optional<Found> f = date_at(s, sc.pos);
  if (f) f->begin = p;
  return f;
}

// "AM", "pm", "a.m.", "P.M.", with or without a space before; 1 for am, 2 for pm, 0 for none.
int meridiem(Scanner& sc) {
  Scanner t = sc;
  t.skip_space();
  char half = static_cast<char>(t.peek() | 0x20);
  if (half != 'a' && half != 'p') return 0;
  t.pos++;
  bool dotted = t.eat('.');
  if ((t.peek() | 0x20) != 'm') return 0;
  t.pos++;
  if (dotted && !t.eat('.')) return 0;
  if (is_alnum(t.peek())) return 0;
  sc = t;
  return half == 'a' ? 1 : 2;
}

// A zone after a time ("EST", "GMT+1", "+0100", "+01:00", "Z") is shown in raw, not converted.
void skip_timezone(Scanner& sc) {
  Scanner t = sc;
  if (t.eat('Z') && !is_alnum(t.peek())) {
    sc = t;
    return;
  }
  t = sc;
  t.skip_space();
  Scanner named = t;
  bool has_name = date_words::is_zone_name(named.word());
  if (has_name) t = named;
  bool has_offset = false;
  if ((t.peek() == '+' || t.peek() == '-') && is_digit(t.peek(1))) {
    Scanner o = t;
    o.pos++;
    int digits = 0;
    o.number(digits);
    if (digits == 2 && o.peek() == ':' && is_digit(o.peek(1))) {
      o.pos++;
      o.number(digits);
      digits = digits == 2 ? 4 : 0;
    }
    has_offset = digits == 4 || (has_name && digits <= 2);
    if (has_offset) t = o;
  }
  if ((has_name || has_offset) && !is_alnum(t.peek())) sc = t;
}

// "17:33", "17:33:34", "17:33:34.250", "5:33 PM", "5:33pm", "5:33 p.m.", then an optional zone.
std::optional<Clock> read_clock(std::string_view s, std::size_t p) {
  Scanner sc{s, p};
  Clock c;
  int nh = 0, nm = 0, ns = 2;
  c.hour = sc.number(nh);
  if (nh < 1 || nh > 2 || !sc.eat(':')) return std::nullopt;
  c.minute = sc.number(nm);
  if (sc.peek() == ':' && is_digit(sc.peek(1))) {
    sc.pos++;
    c.second = sc.number(ns);
    if (sc.peek() == '.' && is_digit(sc.peek(1))) {
      sc.pos++;
      int fraction_digits = 0;
      sc.number(fraction_digits);
    }
  }
  if (nm != 2 || ns != 2 || c.minute > 59 || c.second > 59) return std::nullopt;
  // An AM/PM only counts after hours 1-12: "17:33 Am I right?" is 17:33 and a question.
  if (c.hour >= 1 && c.hour <= 12)
    if (int half = meridiem(sc)) c.hour = c.hour % 12 + (half == 2 ? 12 : 0);  // 12 AM is 00
  if (c.hour > 23) return std::nullopt;
  skip_timezone(sc);
  if (!ends_token(s, sc.pos)) return std::nullopt;
  c.end = sc.pos;
  return c;
}

// A time after a date, optionally joined by ",", "-", "@" or "at": "9/23 17:33:34",
// "Sep 23, 2004 at 5:33 PM", "9/23/2004 - 17:33".
std::optional<Clock> time_after(std::string_view s, std::size_t p) {
  Scanner sc{s, p};
  bool joined = sc.skip_glue(",-@");
  Scanner at = sc;
  if (joined && core::iequals(at.word(), "at") && at.skip_space()) sc = at;
  if (!joined || !is_digit(sc.peek())) return std::nullopt;
  return read_clock(s, sc.pos);
}

// ctime and date(1) put the year after the time: "Fri Mar  5 09:41:27 1999" (a zone may come
// between, skipped by read_clock). A four-digit year there ends the match; 0 when none.
int year_after_clock(std::string_view s, Clock& clock) {
  Scanner sc{s, clock.end};
  if (!sc.skip_space()) return 0;
  int digits = 0;
  int year = sc.number(digits);
  if (digits != 4 || year < 1900 || year > 2099 || !ends_token(s, sc.pos)) return 0;
  clock.end = sc.pos;
  return year;
}

// Writes `n` (0-99) as two digits at `out`.
void put_two_digits(char* out, int n) {
  out[0] = static_cast<char>('0' + n / 10);
  out[1] = static_cast<char>('0' + n % 10);
}

// "17:33:00" for a clock.
std::string clock_text(const Clock& clock) {
  std::string time = "00:00:00";
  put_two_digits(&time[0], clock.hour);
  put_two_digits(&time[3], clock.minute);
  put_two_digits(&time[6], clock.second);
  return time;
}

DateMatch make_match(std::string_view s, const Found& f, const std::optional<Clock>& clock) {
  DateMatch m;
  m.offset = f.begin;
  m.length = (clock ? clock->end : f.end) - f.begin;
  m.raw = std::string(s.substr(m.offset, m.length));
  if (f.year) m.parts.year = f.year;
  m.parts.month = f.month;
  m.parts.day = f.day;
  if (clock) m.parts.time = clock_text(*clock);
  if (f.year) {
    std::string iso = "0000-00-00";
    put_two_digits(&iso[0], f.year / 100);
    put_two_digits(&iso[2], f.year % 100);
    put_two_digits(&iso[5], f.month);
    put_two_digits(&iso[8], f.day);
    if (clock) iso += 'T' + *m.parts.time;
    m.iso = std::move(iso);
  }
  m.strength = f.numeric_md && !f.year && !clock ? DateStrength::weak : DateStrength::strong;
  return m;
}

std::optional<DateMatch> match_at(std::string_view s, std::size_t p) {
  std::optional<Found> f;
  if (is_digit(s[p]))
    f = date_at(s, p);
  else if (s[p] >= 'A' && s[p] <= 'Z' && !(f = weekday_first(s, p)))
    f = date_at(s, p);  // month names and weekdays are capitalised
  if (!f) return std::nullopt;
  std::optional<Clock> clock;
  // Joined without a space: ISO "2004-09-23T17:33", Apache logs "23/Sep/2004:17:33:34".
  char joiner = f->end < s.size() ? s[f->end] : '\0';
  if ((f->iso && joiner == 'T') || (f->range_ok && joiner == ':'))
    clock = read_clock(s, f->end + 1);
  if (!clock) {
    if (!ends_token(s, f->end, f->range_ok)) return std::nullopt;
    clock = time_after(s, f->end);
  }
  if (f->needs_time && !clock) return std::nullopt;
  if (clock && !f->year)
    if (int year = year_after_clock(s, *clock)) f->year = year;
  return make_match(s, *f, clock);
}

// A time before its date, as some newspapers printed it: "2:17 PM, Mar. 14, 2011".
std::optional<DateMatch> clock_then_date(std::string_view s, std::size_t p) {
  std::optional<Clock> clock = read_clock(s, p);
  if (!clock) return std::nullopt;
  Scanner sc{s, clock->end};
  if (!sc.skip_glue(",-@") || sc.pos >= s.size()) return std::nullopt;
  std::optional<DateMatch> m = match_at(s, sc.pos);
  if (!m || m->parts.time) return std::nullopt;
  m->parts.time = clock_text(*clock);
  if (m->iso) *m->iso += 'T' + *m->parts.time;
  m->length += m->offset - p;
  m->offset = p;
  m->raw = std::string(s.substr(m->offset, m->length));
  m->strength = DateStrength::strong;
  return m;
}

}  // namespace

std::optional<DateMatch> find_date(std::string_view text) {
  // Every date has a digit and most lines have none; no date starts after the last digit.
  std::size_t stop = text.size();
  while (stop > 0 && !is_digit(text[stop - 1])) --stop;
  for (std::size_t i = 0; i < stop;) {
    char c = text[i];
    if (!is_alnum(c)) {
      ++i;
      continue;
    }
    if (starts_token(text, i)) {
      if (is_digit(c))
        if (std::optional<DateMatch> m = clock_then_date(text, i)) return m;
      if (std::optional<DateMatch> m = match_at(text, i)) return m;
    }
    // No date starts inside a word or a number: skip the rest of this run.
    bool digits = is_digit(c);
    while (i < text.size() && (digits ? is_digit(text[i]) : is_alpha(text[i]))) ++i;
  }
  return std::nullopt;
}

}  // namespace salvage::extract
