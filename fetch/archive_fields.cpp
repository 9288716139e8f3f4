// Field values of archive records: capture dates and target URIs (declared in archive_records.hpp).

#include <algorithm>

#include "core/text.hpp"
#include "core/url.hpp"
#include "fetch/archive_records.hpp"

namespace salvage::fetch {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Reads exactly `width` digits at `pos`.
bool take(std::string_view s, std::size_t& pos, std::size_t width, int& out) {
  if (pos + width > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < width; ++i) {
    if (!is_digit(s[pos + i])) return false;
    out = out * 10 + (s[pos + i] - '0');
  }
  pos += width;
  return true;
}

std::optional<std::int64_t> to_unix(int y, int mo, int d, int h, int mi, int s) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
         h * 3600 + mi * 60 + s;
}

}  // namespace

std::optional<std::int64_t> parse_archive_date(std::string_view text) {
  text = core::trim(text);
  int y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0;
  std::size_t pos = 0;
  if (text.size() >= 4 && std::all_of(text.begin(), text.end(), is_digit)) {  // ARC: 14 digits
    take(text, pos, 4, y);
    for (int* part : {&mo, &d, &h, &mi, &s})
      if (!take(text, pos, 2, *part)) break;
    return to_unix(y, mo, d, h, mi, s);
  }
  if (!take(text, pos, 4, y)) return std::nullopt;
  auto sep = [&](char c) {
    if (pos < text.size() &&
        (text[pos] == c || (c == 'T' && (text[pos] == 't' || text[pos] == ' ')))) {
      ++pos;
      return true;
    }
    return false;
  };
  if (sep('-') && take(text, pos, 2, mo) && sep('-') && take(text, pos, 2, d) && sep('T') &&
      take(text, pos, 2, h) && sep(':') && take(text, pos, 2, mi) && sep(':') &&
      take(text, pos, 2, s)) {
    while (pos < text.size() && (text[pos] == '.' || is_digit(text[pos]))) ++pos;  // fraction
  }
  std::int64_t offset = 0;  // seconds east of UTC
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!take(text, pos, 2, oh)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    take(text, pos, 2, om);
    offset = sign * (oh * 3600 + om * 60);
  } else if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  }
  if (pos != text.size()) return std::nullopt;
  auto t = to_unix(y, mo, d, h, mi, s);
  if (!t) return std::nullopt;
  return *t - offset;
}

std::string clean_target_uri(std::string_view raw) {
  std::string_view uri = core::trim(raw);
  if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>')
    uri = core::trim(uri.substr(1, uri.size() - 2));
  const bool clean = std::none_of(uri.begin(), uri.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
  });
  if (clean) return std::string(uri);
  if (auto resolved = core::resolve_url(uri, "")) return *resolved;
  std::string out;
  for (char c : uri) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) {
      static constexpr char k_hex[] = "0123456789ABCDEF";
      out += '%';
      out += k_hex[u >> 4];
      out += k_hex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace salvage::fetch
