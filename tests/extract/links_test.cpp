#include "extract/links.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

using salvage::extract::BareUrl;
using salvage::extract::Document;
using salvage::extract::document_base_url;
using salvage::extract::find_bare_urls;
using salvage::extract::page_links;

namespace {

using Links = std::vector<std::string>;

struct LinksCase {
  const char* name;
  const char* html;
  Links expected;
};

constexpr const char* k_page = "http://forum.example.com/t/42/page.html";

}  // namespace

TEST_CASE("page_links resolves, filters and deduplicates", "[links]") {
  const LinksCase cases[] = {
      {"relative forms",
       R"(<a href="reply.html">r</a><a href="../index.html">i</a><a href="./x/./y.htm">y</a>
          <a href="?a=1">q</a><a href="/root">root</a><a href="//cdn.example.org/f">f</a>)",
       {"http://forum.example.com/t/42/reply.html", "http://forum.example.com/t/index.html",
        "http://forum.example.com/t/42/x/y.htm", "http://forum.example.com/t/42/page.html?a=1",
        "http://forum.example.com/root", "http://cdn.example.org/f"}},
      {"absolute base",
       R"(<head><base href="http://mirror.example.net/archive/"></head><a href="p1.htm">1</a>)",
       {"http://mirror.example.net/archive/p1.htm"}},
      {"relative base resolves against the page",
       R"(<base href="../old/"><a href="p1.htm">1</a>)",
       {"http://forum.example.com/t/old/p1.htm"}},
      {"first base with href wins", R"(<base target="_blank"><base href="/a/"><base href="/b/">
          <a href="x">x</a>)",
       {"http://forum.example.com/a/x"}},
      {"case, fragment, spaces, non-ASCII",
       "<a href='HTTP://WWW.EXAMPLE.ORG/Foo#bar'>a</a><a href='my file.htm'>b</a>"
       "<a href='caf\xC3\xA9.htm'>c</a>",
       {"http://www.example.org/Foo", "http://forum.example.com/t/42/my%20file.htm",
        "http://forum.example.com/t/42/caf%C3%A9.htm"}},
      {"whitespace, newlines and backslashes in href",
       "<a href=\"\n  next\n.html  \">n</a><a href=\"..\\img\\a.gif\">i</a>",
       {"http://forum.example.com/t/42/next.html", "http://forum.example.com/t/img/a.gif"}},
      {"exclusions",
       R"h(<a href="#top">t</a><a href="  #x">x</a><a href="mailto:bob@example.com">m</a>
          <a href="MAILTO:x@y.z">M</a><a href="javascript:void(0)">j</a>
          <a href="java&#10;script:alert(1)">j2</a><a name="anchor">no href</a>
          <a href="page.html#reply">self with fragment is kept</a>)h",
       {"http://forum.example.com/t/42/page.html"}},
      {"area and other schemes",
       R"(<map name="m"><area href="/map/a" shape="rect"><area nohref></map>
          <a href="ftp://ftp.example.com/f.zip">f</a><a href="news:comp.lang.c">n</a>)",
       {"http://forum.example.com/map/a", "ftp://ftp.example.com/f.zip", "news:comp.lang.c"}},
      {"dedup keeps the first occurrence",
       R"(<a href="b.htm">1</a><a href="a.htm">2</a><a href="./b.htm#x">3</a>
          <a href="http://FORUM.example.com/t/42/a.htm">4</a>)",
       {"http://forum.example.com/t/42/b.htm", "http://forum.example.com/t/42/a.htm"}},
      {"garbage href is left out",
       R"(<a href="http://[bad">bad</a><a href="good.htm">good</a>)",
       {"http://forum.example.com/t/42/good.htm"}},
      {"links outside HTML and in templates are not links",
       R"(<svg><a href="/svg-link">s</a></svg><template><a href="/tpl">t</a></template>
          <link href="/style.css"><img src="/i.gif"><a href="/real">r</a>)",
       {"http://forum.example.com/real"}},
      {"no links", "<p>nothing here</p>", {}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(page_links(c.html, k_page) == c.expected);
  }
}

TEST_CASE("document_base_url", "[links]") {
  Document none("<p>x</p>");
  CHECK(document_base_url(none, k_page) == k_page);
  Document relative("<base href='sub/'>");
  CHECK(document_base_url(relative, k_page) == "http://forum.example.com/t/42/sub/");
  Document bad("<base href='http://[bad'>");
  CHECK(document_base_url(bad, k_page) == k_page);
}

TEST_CASE("page_links survives very deep nesting", "[links]") {
  std::string html;
  for (int i = 0; i < 50000; ++i) html += "<div><span>";
  html += "<a href='deep.htm'>deep</a>";
  CHECK(page_links(html, k_page) == Links{"http://forum.example.com/t/42/deep.htm"});
}

namespace {

struct BareCase {
  const char* text;
  std::vector<BareUrl> expected;
};

}  // namespace

TEST_CASE("find_bare_urls", "[links]") {
  const BareCase cases[] = {
      {"see http://www.somatics.com/page7.htm.",
       {{4, 33, "http://www.somatics.com/page7.htm"}}},
      {"(http://a.com/x)", {{1, 14, "http://a.com/x"}}},
      {"http://en.wikipedia.org/wiki/Foo_(bar)",
       {{0, 38, "http://en.wikipedia.org/wiki/Foo_(bar)"}}},
      {"(see http://en.wikipedia.org/wiki/Foo_(bar))",
       {{5, 38, "http://en.wikipedia.org/wiki/Foo_(bar)"}}},
      {"www.example.com/page,", {{0, 20, "http://www.example.com/page"}}},
      {"\"About\": http://x.com/w.htm", {{9, 18, "http://x.com/w.htm"}}},
      {"a http://a.com/1, b HTTPS://B.com/2; c ftp://c.org/3 and www.d.net!",
       {{2, 14, "http://a.com/1"},
        {20, 15, "HTTPS://B.com/2"},
        {39, 13, "ftp://c.org/3"},
        {57, 9, "http://www.d.net"}}},
      {"email me at bob@www.x.com", {}},
      {"shttp://x.com and x.www.y.com", {}},
      {"www.example alone, www. and http:// are no URLs", {}},
      {"<a>http://x.com/a?b=c&d=e#f</a>", {{3, 24, "http://x.com/a?b=c&d=e#f"}}},
      {"'http://x.com/q'", {{1, 14, "http://x.com/q"}}},
      {"[http://x.com/a]", {{1, 14, "http://x.com/a"}}},
      {"Link:http://x.com/", {{5, 13, "http://x.com/"}}},
      {"\xE2\x80\x9Chttp://x.com/\xC3\xA4\xE2\x80\x9D", {{3, 15, "http://x.com/\xC3\xA4"}}},
      {"\xE8\xAF\xB7\xE7\x9C\x8Bhttp://x.cn/a\xE3\x80\x82", {{6, 13, "http://x.cn/a"}}},
      {"http://x.com/a\xC2\xA0next", {{0, 14, "http://x.com/a"}}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto found = find_bare_urls(c.text);
    REQUIRE(found.size() == c.expected.size());
    for (std::size_t i = 0; i < found.size(); ++i) {
      CHECK(found[i].offset == c.expected[i].offset);
      CHECK(found[i].length == c.expected[i].length);
      CHECK(found[i].url == c.expected[i].url);
    }
  }
}

TEST_CASE("find_bare_urls is linear on long text without URLs", "[links]") {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "why wait for hhhh fff www ";
  text += "(((((((((((((((((((((((((((((((((";
  auto start = std::chrono::steady_clock::now();
  CHECK(find_bare_urls(text).empty());
  std::string parens = "http://x.com/" + std::string(200000, ')');
  auto found = find_bare_urls(parens);
  REQUIRE(found.size() == 1);
  CHECK(found[0].url == "http://x.com/");
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(2));
}
