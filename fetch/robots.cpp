#include "fetch/robots.hpp"

#include <cmath>
#include <cstdlib>

#include "core/text.hpp"

// RFC 9309 as crawlers read it in practice (Google's open-source parser is the reference for the
// tolerances):
//   - a group is one or more user-agent lines followed by rules; a user-agent line after a rule
//     starts a new group; rules before any user-agent line belong to no group; sitemap and
//     unknown lines neither end nor start a group;
//   - the groups naming our product token (case-insensitive) are merged; without one, the "*"
//     groups are; a line's token is its leading run of [A-Za-z_-] ("Salvage/2.0" names salvage);
//   - the longest matching pattern (in octets) wins, Allow on a tie; "*" matches any run, a final
//     "$" anchors the end; no matching rule, or an empty Disallow, allows; /robots.txt is always
//     allowed;
//   - paths and patterns are compared in one canonical percent-encoding: octets >= 0x80 encoded,
//     escapes upper-cased, escaped unreserved characters decoded;
//   - tolerated: a UTF-8 BOM, CR, LF or CRLF line ends, comments, spaces around ":", common
//     misspellings of the keys, lines that are not "key: value" (skipped), and only the first
//     512 KiB is read (RFC 9309 asks for at least 500 KiB).

namespace salvage::fetch {

namespace {

constexpr std::size_t k_max_parsed_bytes = 512 * 1024;

enum class Key { user_agent, allow, disallow, crawl_delay, other };

Key classify_key(std::string_view raw) {
  std::string key = core::to_lower_ascii(core::trim(raw));
  if (key == "user-agent" || key == "useragent" || key == "user agent" || key == "user_agent")
    return Key::user_agent;
  if (key == "allow") return Key::allow;
  if (key == "disallow" || key == "dissallow" || key == "dissalow" || key == "disalow" ||
      key == "diasllow" || key == "disallaw")
    return Key::disallow;
  if (key == "crawl-delay" || key == "crawldelay" || key == "crawl delay") return Key::crawl_delay;
  return Key::other;
}

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

std::string product_token(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && is_token_char(text[n])) ++n;
  return core::to_lower_ascii(text.substr(0, n));
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return (c | 0x20) - 'a' + 10;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// The one percent-encoding that paths and patterns are compared in.
std::string canonical_escapes(std::string_view s) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      auto decoded = static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      if (is_unreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        out += '%';
        out += k_hex[decoded >> 4];
        out += k_hex[decoded & 15];
      }
      i += 2;
    } else if (c >= 0x80 || c <= 0x20 || c == 0x7F) {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Whether `pattern` ("*" wildcards, an optional final "$") matches a prefix of `path` (all of it
// with "$"). Iterative wildcard matching with one backtrack point: O(|path| * |pattern|) at worst.
bool pattern_matches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  std::size_t p = 0, s = 0;
  std::size_t star = std::string_view::npos, star_s = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
      // anchored and text left: let the last star swallow more
    } else if (pattern[p] == '*') {
      star = p++;
      star_s = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos || star_s >= path.size()) return false;
    p = star + 1;
    s = ++star_s;
  }
}

struct Line {
  Key key;
  std::string_view value;
};

// The next "key: value" line of `text` from `pos`, comments dropped; nullopt at the end.
// Lines without a colon come back as Key::other.
std::optional<Line> next_line(std::string_view text, std::size_t& pos) {
  if (pos >= text.size()) return std::nullopt;
  std::size_t end = text.find_first_of("\r\n", pos);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(pos, end - pos);
  pos = end;
  if (pos < text.size() && text[pos] == '\r') ++pos;
  if (pos < text.size() && text[pos] == '\n') ++pos;
  if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return Line{Key::other, {}};
  return Line{classify_key(line.substr(0, colon)), core::trim(line.substr(colon + 1))};
}

std::optional<double> parse_delay(std::string_view value) {
  std::string text(value);
  char* end = nullptr;
  double seconds = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(seconds) || seconds < 0) return std::nullopt;
  return seconds;
}

}  // namespace

RobotsRules RobotsRules::allow_all() { return RobotsRules(); }

RobotsRules RobotsRules::deny_all() {
  RobotsRules rules;
  rules.m_rules.push_back({false, "/"});
  return rules;
}

RobotsRules RobotsRules::parse(std::string_view text, std::string_view user_agent) {
  if (text.size() > k_max_parsed_bytes) text = text.substr(0, k_max_parsed_bytes);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string ours = product_token(core::trim(user_agent));

  RobotsRules specific, general;
  bool specific_seen = false;
  bool in_agents = false;  // the previous group line was a user-agent line
  bool group_ours = false, group_star = false;
  std::size_t pos = 0;
  while (auto line = next_line(text, pos)) {
    switch (line->key) {
      case Key::user_agent: {
        if (!in_agents) group_ours = group_star = false;
        in_agents = true;
        if (line->value.substr(0, 1) == "*") {
          group_star = true;
        } else if (!ours.empty() && product_token(line->value) == ours) {
          group_ours = true;
          specific_seen = true;
        }
        break;
      }
      case Key::allow:
      case Key::disallow:
      case Key::crawl_delay: {
        in_agents = false;
        if (!group_ours && !group_star) break;
        std::vector<RobotsRules*> targets;
        if (group_ours) targets.push_back(&specific);
        if (group_star) targets.push_back(&general);
        for (RobotsRules* target : targets) {
          if (line->key == Key::crawl_delay) {
            if (!target->m_crawl_delay) target->m_crawl_delay = parse_delay(line->value);
            continue;
          }
          if (line->value.empty()) continue;  // "Disallow:" allows all; "Allow:" says nothing
          std::string pattern = canonical_escapes(line->value);
          if (pattern[0] != '/' && pattern[0] != '*') pattern.insert(0, "/");
          target->m_rules.push_back({line->key == Key::allow, std::move(pattern)});
        }
        break;
      }
      case Key::other:
        break;
    }
  }
  return specific_seen ? specific : general;
}

bool RobotsRules::allowed(std::string_view path) const {
  std::string canonical = canonical_escapes(path.empty() ? std::string_view("/") : path);
  if (canonical == "/robots.txt") return true;
  const Rule* best = nullptr;
  for (const Rule& rule : m_rules) {
    if (!pattern_matches(rule.pattern, canonical)) continue;
    if (!best || rule.pattern.size() > best->pattern.size() ||
        (rule.pattern.size() == best->pattern.size() && rule.allow && !best->allow))
      best = &rule;
  }
  return !best || best->allow;
}

}  // namespace salvage::fetch
