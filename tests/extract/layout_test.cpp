#include <catch2/catch.hpp>

#include "extract/dom.hpp"
#include "extract/layout.hpp"

using namespace salvage::extract;

namespace {

std::string text_of(const char* html) {
  Document doc(html);
  auto lines = lay_out(doc.body());
  return paragraphs_text(lines);
}

}  // namespace

TEST_CASE("paragraphs and line breaks", "[layout]") {
  struct Case {
    const char* html;
    const char* text;
  };
  const Case cases[]{
      {"<p>one</p><p>two</p>", "one\n\ntwo"},
      {"a<br>b", "a b"},
      {"a<br><br>b", "a\n\nb"},
      {"a<br>\n <br>b", "a\n\nb"},
      {"a &nbsp; b\n\tc", "a b c"},
      {"<div>a<div>b</div>c</div>", "a\n\nb\n\nc"},
      {"<ul><li>one<li>two</ul>", "one\n\ntwo"},
      {"<pre>line one\nwraps here\n\nnext para</pre>", "line one wraps here\n\nnext para"},
      {"<p>Ham<b>string</b> <i>tight</i>ness</p>", "Hamstring tightness"},
      {"<table><tr><td>a</td><td>b</td></tr></table>", "a\n\nb"},
      {"x<script>var a=1;</script><style>p{}</style><!-- c -->y", "xy"},
      {"<p>&#146;quoted&#148; &amp; done</p>", "\xE2\x80\x99quoted\xE2\x80\x9D & done"},
      {"<P>unclosed<P>paragraphs", "unclosed\n\nparagraphs"},
      {"<p>a</p><div class=\"ad-box\">buy</div><p>b</p>", "a\n\nb"},
      {"<p>a</p><nav>menu</nav><iframe>x</iframe><p>b</p>", "a\n\nb"},
  };
  for (const Case& c : cases) {
    INFO(c.html);
    CHECK(text_of(c.html) == c.text);
  }
}

TEST_CASE("lines keep their anchors and emphasis", "[layout]") {
  Document doc("<p><b>Answer</b></p><p>See <a href='x.htm'>the page</a> now<br><h2>Title</h2>");
  auto lines = lay_out(doc.body());
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].emphasized);
  CHECK(lines[1].text == "See the page now");
  REQUIRE(lines[1].anchors.size() == 1);
  CHECK(lines[1].text.substr(lines[1].anchors[0].begin, lines[1].anchors[0].end - lines[1].anchors[0].begin) == "the page");
  CHECK(lines[1].anchors[0].href == "x.htm");
  CHECK(lines[2].heading);
  CHECK_FALSE(is_link_only(lines[1]));
}

TEST_CASE("a line is italic when all of its text is", "[layout]") {
  Document doc("<p><em>All of it <b>set</b> so</em></p><p><i>Part</i> of it</p><p><cite>A title</cite></p>");
  auto lines = lay_out(doc.body());
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].italic);
  CHECK_FALSE(lines[0].emphasized);
  CHECK_FALSE(lines[1].italic);
  CHECK(lines[2].italic);
}

TEST_CASE("deeply nested markup does not exhaust the stack", "[layout]") {
  std::string html;
  for (int i = 0; i < 50000; ++i) html += "<div><span>";
  html += "deep";
  Document doc(html);
  auto lines = lay_out(doc.body());
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == "deep");
}

TEST_CASE("images that show no text are remembered where they sit between words", "[layout]") {
  Document doc(
      "<p><a href='/'>Home</a> <img src='arrow.gif'> <a href='/qa'>Q&amp;A</a><img src='arrow.gif' alt=''>Knees</p>"
      "<p><img src='logo.gif'>Alone</p>");
  auto lines = lay_out(doc.body());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].text == "Home Q&A Knees");
  CHECK(lines[0].image_gaps == std::vector<std::size_t>{4, 8});
  CHECK(lines[1].image_gaps.empty());  // before the line's first word: no gap
}
