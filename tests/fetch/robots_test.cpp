// robots.txt per RFC 9309, table-driven: (file, user agent, path) -> allowed.

#include "fetch/robots.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace fetch = salvage::fetch;

namespace {

constexpr const char* k_ua = "salvage/0.1 (+https://github.com/salvage-archive/salvage)";

struct Case {
  const char* name;
  std::string robots;
  std::string path;
  bool allowed;
  const char* agent = k_ua;
};

}  // namespace

TEST_CASE("robots: groups, matching and precedence (RFC 9309)", "[robots]") {
  const std::string rfc_example =  // RFC 9309 section 5.1, adapted to our token
      "User-Agent: *\n"
      "Disallow: *.gif$\n"
      "Disallow: /example/\n"
      "Allow: /publications/\n"
      "\n"
      "User-Agent: foobot\n"
      "Disallow:/\n"
      "Allow:/example/page.html\n"
      "Allow:/example/allowed.gif\n"
      "\n"
      "User-Agent: barbot\n"
      "User-Agent: salvage\n"
      "Disallow: /example/page.html\n"
      "Disallow: /*.gif$\n"
      "Allow: /example/\n";
  const std::vector<Case> cases{
      {"no robots rules", "", "/anything", true},
      {"disallow all", "User-agent: *\nDisallow: /\n", "/a", false},
      {"robots.txt itself is always allowed", "User-agent: *\nDisallow: /\n", "/robots.txt", true},
      {"empty disallow allows", "User-agent: *\nDisallow:\n", "/a", true},
      {"prefix match", "User-agent: *\nDisallow: /private\n", "/private-notes.html", false},
      {"prefix match: other path", "User-agent: *\nDisallow: /private\n", "/public", true},
      {"matching is case-sensitive on paths", "User-agent: *\nDisallow: /Private\n", "/private",
       true},
      {"query counts", "User-agent: *\nDisallow: /*?print=\n", "/page?print=1", false},
      {"query counts: no query", "User-agent: *\nDisallow: /*?print=\n", "/page", true},
      {"end anchor", "User-agent: *\nDisallow: /*.php$\n", "/index.php", false},
      {"end anchor: more after", "User-agent: *\nDisallow: /*.php$\n", "/index.php?x=1", true},
      {"end anchor alone", "User-agent: *\nDisallow: /$\n", "/", false},
      {"end anchor alone: deeper", "User-agent: *\nDisallow: /$\n", "/a", true},
      {"wildcard in the middle", "User-agent: *\nDisallow: /a/*/c\n", "/a/b/x/c/d", false},
      {"two wildcards", "User-agent: *\nDisallow: /*b*d$\n", "/abcd", false},
      {"two wildcards: no end", "User-agent: *\nDisallow: /*b*d$\n", "/abcde", true},
      {"longest match wins", "User-agent: *\nDisallow: /a\nAllow: /a/b\n", "/a/b/c", true},
      {"longest match wins: reverse", "User-agent: *\nAllow: /a\nDisallow: /a/b\n", "/a/b/c",
       false},
      {"allow wins a tie", "User-agent: *\nDisallow: /page\nAllow: /page\n", "/page", true},
      {"allow wins a tie with wildcards", "User-agent: *\nDisallow: /*.html\nAllow: /a*html\n",
       "/a.html", true},
      {"RFC example: our group", rfc_example, "/example/page.html", false},
      {"RFC example: our group allows /example/", rfc_example, "/example/other", true},
      {"RFC example: our gif rule", rfc_example, "/x/image.gif", false},
      {"RFC example: not the * group", rfc_example, "/publications/x", true},
      {"RFC example: foobot", rfc_example, "/publications/x", false, "FooBot/2.1"},
      {"RFC example: foobot allowed page", rfc_example, "/example/page.html", true, "foobot"},
      {"RFC example: another bot uses *", rfc_example, "/example/x", false, "otherbot/1"},
      {"agent match is case-insensitive", "User-agent: SALVAGE\nDisallow: /x\n", "/x/1", false},
      {"agent line with a version", "User-agent: Salvage/2.0\nDisallow: /x\n", "/x/1", false},
      {"agent prefix is another bot", "User-agent: salvagebot\nDisallow: /x\n", "/x/1", true},
      {"our group replaces *", "User-agent: *\nDisallow: /\n\nUser-agent: salvage\nDisallow: /x\n",
       "/y", true},
      {"groups for us are merged",
       "User-agent: salvage\nDisallow: /a\n\nUser-agent: other\nDisallow: /b\n\n"
       "User-agent: salvage\nDisallow: /c\n",
       "/c/1", false},
      {"groups for us are merged: not the other's",
       "User-agent: salvage\nDisallow: /a\n\n"
       "User-agent: other\nDisallow: /b\n",
       "/b", true},
      {"* groups are merged", "User-agent: *\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n",
       "/b/1", false},
      {"rules before any user-agent are ignored", "Disallow: /\nUser-agent: *\nDisallow: /x\n",
       "/y", true},
      {"a rule ends the agent list", "User-agent: a\nDisallow: /x\nUser-agent: salvage\nAllow: /\n",
       "/x", true},
      {"sitemap does not end a group",
       "User-agent: salvage\nSitemap: https://x/s.xml\nDisallow: /x\n", "/x", false},
      {"unknown lines are skipped", "User-agent: *\nNoindex: /x\nFoo bar baz\nDisallow: /y\n", "/y",
       false},
      {"comments", "# hello\nUser-agent: * # all\nDisallow: /x # secret\n", "/x/1", false},
      {"comment holds the rest", "User-agent: *\nDisallow: /x#y\n", "/x", false},
      {"BOM", "\xEF\xBB\xBFUser-agent: *\nDisallow: /x\n", "/x", false},
      {"CRLF", "User-agent: *\r\nDisallow: /x\r\n", "/x", false},
      {"CR only", "User-agent: *\rDisallow: /x\r", "/x", false},
      {"spaces and case in keys", "  USER-AGENT :  *  \n  disallow  :  /x  \n", "/x", false},
      {"misspelt disallow", "User-agent: *\nDissallow: /x\n", "/x", false},
      {"pattern without slash", "User-agent: *\nDisallow: x\n", "/x", false},
      {"percent-encoding: pattern encoded, path not", "User-agent: *\nDisallow: /%7Euser\n",
       "/~user", false},
      {"percent-encoding: path encoded, pattern not", "User-agent: *\nDisallow: /~user\n",
       "/%7euser", false},
      {"percent-encoding: UTF-8 pattern", "User-agent: *\nDisallow: /caf\xC3\xA9\n", "/caf%C3%A9",
       false},
      {"percent-encoding: reserved stays encoded", "User-agent: *\nDisallow: /a%2Fb\n", "/a/b",
       true},
      {"garbage allows", "<html><body>Not Found: we moved!</body></html>\n", "/x", true},
      {"binary garbage allows", std::string("\x00\xff\xfe:\x01", 5), "/x", true},
      {"empty path is /", "User-agent: *\nDisallow: /$\n", "", false},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto rules = fetch::RobotsRules::parse(c.robots, c.agent);
    CHECK(rules.allowed(c.path) == c.allowed);
  }
}

TEST_CASE("robots: Crawl-delay", "[robots]") {
  struct DelayCase {
    std::string robots;
    std::optional<double> delay;
  };
  const std::vector<DelayCase> cases{
      {"User-agent: *\nCrawl-delay: 5\n", 5.0},
      {"User-agent: *\nCrawl-delay: 0.5\n", 0.5},
      {"User-agent: *\nCrawl-delay: soon\n", std::nullopt},
      {"User-agent: *\nCrawl-delay: -3\n", std::nullopt},
      {"User-agent: other\nCrawl-delay: 9\n", std::nullopt},
      {"User-agent: *\nCrawl-delay: 9\n\nUser-agent: salvage\nCrawl-delay: 2\n", 2.0},
      {"User-agent: salvage\nDisallow: /x\nCrawl-delay: 3\nCrawl-delay: 4\n", 3.0},
      {"", std::nullopt},
  };
  for (const auto& c : cases) {
    INFO(c.robots);
    CHECK(fetch::RobotsRules::parse(c.robots, k_ua).crawl_delay() == c.delay);
  }
}

TEST_CASE("robots: allow_all, deny_all, huge and pathological files", "[robots]") {
  CHECK(fetch::RobotsRules::allow_all().allowed("/x"));
  CHECK(!fetch::RobotsRules::deny_all().allowed("/x"));
  CHECK(!fetch::RobotsRules::deny_all().allowed("/"));
  CHECK(fetch::RobotsRules::deny_all().allowed("/robots.txt"));

  // Many wildcards against a long path stay fast (no exponential backtracking).
  std::string stars = "User-agent: *\nDisallow: /";
  for (int i = 0; i < 200; ++i) stars += "*a";
  stars += "b$\n";
  auto rules = fetch::RobotsRules::parse(stars, k_ua);
  CHECK(rules.allowed("/" + std::string(5000, 'a')));

  // Only the first 512 KiB is read.
  std::string big = "User-agent: *\n";
  while (big.size() < 600 * 1024) big += "Disallow: /filler-rule-that-matches-nothing\n";
  big += "Disallow: /late\n";
  CHECK(fetch::RobotsRules::parse(big, k_ua).allowed("/late"));
}
