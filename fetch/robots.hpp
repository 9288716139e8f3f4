#pragma once
// robots.txt: the group for our user agent (or "*"), Allow/Disallow with the longest match
// winning (RFC 9309, with "*" and "$" patterns), and Crawl-delay.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salvage::fetch {

class RobotsRules {
 public:
  // Rules from a robots.txt body for `user_agent` (its product token is matched
  // case-insensitively, e.g. "salvage"). Garbage yields "allow everything".
  static RobotsRules parse(std::string_view text, std::string_view user_agent);
  static RobotsRules allow_all();
  static RobotsRules deny_all();  // for a robots.txt answered with 401/403 (as RFC 9309 says)

  // `path` is the URL's path plus query ("/a/b?x=1").
  bool allowed(std::string_view path) const;
  std::optional<double> crawl_delay() const { return m_crawl_delay; }

 private:
  struct Rule {
    bool allow;
    std::string pattern;
  };
  std::vector<Rule> m_rules;
  std::optional<double> m_crawl_delay;
};

}  // namespace salvage::fetch
