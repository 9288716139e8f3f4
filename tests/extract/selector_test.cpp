#include "extract/selector.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "extract/dom.hpp"

namespace {

using salvage::core::Error;
using salvage::core::ExitCode;
using salvage::extract::Document;
using salvage::extract::Node;
using salvage::extract::Selector;

// A 2003-style page: upper-case unquoted markup, layout tables, <font> soup, a comment and
// whitespace between cells, a script that contains markup-looking text.
constexpr const char* k_page = R"(<HTML><HEAD><TITLE>Bone Health Q&amp;A</TITLE>
<SCRIPT>document.write("<td>Answer:</td>");</SCRIPT></HEAD>
<BODY BGCOLOR=#FFFFFF>
<TABLE WIDTH=600 CLASS="layout  main" ID=outer>
<TR><TD CLASS=crumbs><FONT FACE=Arial SIZE=2><A HREF="/">Bone Health</A> &gt; <A HREF="/qa/">Q and A</A> &gt; Hamstrings</FONT></TD></TR>
<TR><TD COLSPAN=2><H2 CLASS=qtitle>Hamstring tightness</H2></TD></TR>
<TR><TD><SPAN CLASS="posted date">9/23 17:33:34</SPAN></TD></TR>
<TR><TD VALIGN=top><B>Question:</B></TD><TD>My <FONT COLOR=red>back</FONT> hurts.</TD></TR>
<TR><TD VALIGN=top><B>Answer :</B></TD>
    <!-- the answer cell -->
    <TD>Hello. Answer: relax.</TD></TR>
</TABLE>
<DIV CLASS=ad>Buy now</DIV>
<P>Footer <FONT SIZE=1>&copy; 2003</FONT></P>
</BODY></HTML>)";

// "tag:text" with the text cut to 12 bytes, enough to tell the matches apart.
std::string describe(const Node* n) {
  return salvage::extract::tag_name(n) + ":" + salvage::extract::text_content(n).substr(0, 12);
}

std::vector<std::string> select(const Document& doc, const std::string& selector) {
  std::vector<std::string> out;
  for (const Node* n : Selector::parse(selector).select_all(doc.root())) out.push_back(describe(n));
  return out;
}

using Names = std::vector<std::string>;

struct Case {
  const char* selector;
  Names expected;
};

void check_cases(const Document& doc, const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO("selector: " << c.selector);
    CHECK(select(doc, c.selector) == c.expected);
  }
}

}  // namespace

TEST_CASE("simple selectors over legacy markup", "[selector]") {
  Document doc(k_page, salvage::extract::Inert::kept);  // selectors may match script text and any attribute
  check_cases(doc, {
      // Type selectors compare case-insensitively; the source is upper case.
      {"td", {"td:Bone Health ", "td:Hamstring ti", "td:9/23 17:33:3", "td:Question:",
              "td:My back hurt", "td:Answer :", "td:Hello. Answe"}},
      {"TD", {"td:Bone Health ", "td:Hamstring ti", "td:9/23 17:33:3", "td:Question:",
              "td:My back hurt", "td:Answer :", "td:Hello. Answe"}},
      {"h2", {"h2:Hamstring ti"}},
      {"blink", {}},
      // Classes: the attribute is split on whitespace; compared exactly.
      {".crumbs", {"td:Bone Health "}},
      {".date", {"span:9/23 17:33:3"}},
      {"span.posted.date", {"span:9/23 17:33:3"}},
      {"table.main.layout", {"table:Bone Health "}},
      {".layout.missing", {}},
      {".CRUMBS", {}},
      // Ids: unquoted attribute value, compared exactly.
      {"#outer", {"table:Bone Health "}},
      {"table#outer", {"table:Bone Health "}},
      {"#OUTER", {}},
      // Attributes: names case-insensitive, values exact, quotes optional.
      {"[valign]", {"td:Question:", "td:Answer :"}},
      {"[VALIGN=top]", {"td:Question:", "td:Answer :"}},
      {"[valign=\"top\"]", {"td:Question:", "td:Answer :"}},
      {"[ valign = 'top' ]", {"td:Question:", "td:Answer :"}},
      {"[valign=Top]", {}},
      {"font[size=1]", {"font:© 2003"}},
      {"a[href=\"/qa/\"]", {"a:Q and A"}},
      {"a[href=/qa/]", {"a:Q and A"}},
      {"[colspan=2] h2", {"h2:Hamstring ti"}},
  });
}

TEST_CASE(":text compares the whole text, :contains a part", "[selector]") {
  Document doc(k_page, salvage::extract::Inert::kept);  // selectors may match script text and any attribute
  check_cases(doc, {
      // The trailing ':' (and the space before it) is dropped, case is ignored.
      {"b:text(Answer)", {"b:Answer :"}},
      {"b:text(\"answer\")", {"b:Answer :"}},
      {"b:text('ANSWER:')", {"b:Answer :"}},
      {"td:text(Answer)", {"td:Answer :"}},
      {"b:text(Answ)", {}},
      // :contains matches every element whose text includes the string, ancestors too.
      {"b:contains(answ)", {"b:Answer :"}},
      {"td:contains(answer)", {"td:Answer :", "td:Hello. Answe"}},
      {"*:contains(relax)",
       {"html:Bone Health ", "body:Bone Health ", "table:Bone Health ", "tbody:Bone Health ",
        "tr:Answer : Hel", "td:Hello. Answe"}},
      // Whitespace in the argument is collapsed like the page text.
      {"td:contains(\"my   back\")", {"td:My back hurt"}},
      // Script text is never part of its ancestors' text; a script's own text is matched
      // (exclude = script:contains(adsbygoogle)).
      {"*:contains(document.write)", {"script:document.wri"}},
      {"td:text(Question):contains(quest)", {"td:Question:"}},
  });
}

TEST_CASE("combinators", "[selector]") {
  Document doc(k_page, salvage::extract::Inert::kept);  // selectors may match script text and any attribute
  check_cases(doc, {
      {"td.crumbs a", {"a:Bone Health", "a:Q and A"}},
      {"table a", {"a:Bone Health", "a:Q and A"}},
      {"body font", {"font:Bone Health ", "font:back", "font:© 2003"}},
      {"td > font", {"font:Bone Health ", "font:back"}},
      {"tr > font", {}},
      {"p>font", {"font:© 2003"}},
      {"table tr td font a", {"a:Bone Health", "a:Q and A"}},
      {"#outer > tbody > tr > td > b", {"b:Question:", "b:Answer :"}},
      // Sibling combinators skip the whitespace text and the comment between the cells.
      {"td:text(Answer) + td", {"td:Hello. Answe"}},
      {"td:text(Question) + td", {"td:My back hurt"}},
      {"td:text(Answer) ~ td", {"td:Hello. Answe"}},
      {"td + td", {"td:My back hurt", "td:Hello. Answe"}},
      {"table + div", {"div:Buy now"}},
      {"table + p", {}},
      {"table ~ p", {"p:Footer © 20"}},
      {"h2 ~ *", {}},
      {"tr:contains(Question) ~ tr td + td", {"td:Hello. Answe"}},
      {"b:text(Answer) + td", {}},
  });
}

TEST_CASE("comma lists come back in document order without duplicates", "[selector]") {
  Document doc(k_page, salvage::extract::Inert::kept);  // selectors may match script text and any attribute
  check_cases(doc, {
      {"p, h2.qtitle", {"h2:Hamstring ti", "p:Footer © 20"}},
      {"div.ad, .ad, div", {"div:Buy now"}},
      {".ad,td.crumbs", {"td:Bone Health ", "div:Buy now"}},
      {"  script ,  title  ", {"title:Bone Health ", "script:document.wri"}},
  });
  Selector list = Selector::parse("p, h2");
  CHECK(list.text() == "p, h2");
  const Node* first = list.select_first(doc.root());
  CHECK(describe(first) == "h2:Hamstring ti");
  CHECK(list.matches(first));
  CHECK_FALSE(Selector::parse("td").matches(first));
  CHECK(Selector::parse("blink").select_first(doc.root()) == nullptr);
  CHECK(Selector::parse("td").select_all(nullptr).empty());
  CHECK(Selector().select_all(doc.root()).empty());
}

TEST_CASE("select_all is limited to the subtree, combinators see the whole page", "[selector]") {
  Document doc(k_page, salvage::extract::Inert::kept);  // selectors may match script text and any attribute
  const Node* crumbs = Selector::parse(".crumbs").select_first(doc.root());
  REQUIRE(crumbs);
  CHECK(Selector::parse("a").select_all(crumbs).size() == 2);
  CHECK(Selector::parse("td").select_all(crumbs).size() == 1);  // the root itself
  CHECK(Selector::parse("table a").select_all(crumbs).size() == 2);
  CHECK(Selector::parse("p").select_all(crumbs).empty());
  // From the document node above <html>, too.
  CHECK(Selector::parse("td").select_all(salvage::extract::parent(doc.root())).size() == 7);
}

TEST_CASE("unknown tags, escapes and misnested markup", "[selector]") {
  Document doc(
      "<p>a<o:p>x</o:p><Blah Data-X=1>y</Blah></p>"
      "<table><tr><td>cell</td></tr><b>fostered</b></table>",
      salvage::extract::Inert::kept);  // selectors may match any attribute
  check_cases(doc, {
      {"o\\:p", {"o:p:x"}},
      {"blah", {"blah:y"}},
      {"[data-x=1]", {"blah:y"}},
      // The parser moves the stray <b> in front of the table; siblings follow the parsed tree.
      {"b + table", {"table:cell"}},
      {"p ~ b", {"b:fostered"}},
  });
}

TEST_CASE("deeply nested pages are matched without recursion", "[selector]") {
  constexpr int k_depth = 20000;
  std::string html;
  for (int i = 0; i < k_depth; ++i) html += "<div class=d>";
  html += "<span>deep</span>";
  Document doc(html);
  CHECK(Selector::parse("div div span").select_all(doc.root()).size() == 1);
  CHECK(Selector::parse("p div span").select_all(doc.root()).empty());
  CHECK(Selector::parse("div.d > div.d div").select_all(doc.root()).size() == k_depth - 2);
  CHECK(Selector::parse("span:text(deep)").select_first(doc.root()) != nullptr);
}

TEST_CASE("syntax errors throw core::Error with the column", "[selector]") {
  struct ErrorCase {
    const char* selector;
    const char* message;
  };
  const std::vector<ErrorCase> cases = {
      {"h3:txt(A)", "selector \"h3:txt(A)\": unknown pseudo-class \":txt\" at column 3"},
      {"", "selector \"\": empty selector at column 1"},
      {"   ", "empty selector at column 4"},
      {"div >", "expected a selector after \">\" at column 6"},
      {"div + ,p", "expected a selector after \"+\" at column 7"},
      {"> div", "unexpected \">\" at column 1"},
      {"div,,p", "expected a selector at column 5"},
      {"div,", "expected a selector at column 5"},
      {"div!", "unexpected \"!\" at column 4"},
      {"div !", "unexpected \"!\" at column 5"},
      {".", "expected a class name after \".\" at column 2"},
      {"a#", "expected an id after \"#\" at column 3"},
      {"[href", "unclosed \"[\" at column 1"},
      {"[=x]", "expected an attribute name after \"[\" at column 2"},
      {"[href~=x]", "unsupported attribute operator \"~\""},
      {"[href=]", "expected a value after \"=\" at column 7"},
      {"[a=b c]", "expected \"=\" or \"]\" but found \"c\" at column 6"},
      {"td:text", "expected \"(\" after \":text\" at column 8"},
      {"td:text(Answer", "unclosed \":text(\" at column 3"},
      {"td:text(\"Answer)", "unterminated string at column 9"},
      {"td:text(\"A\" x)", "expected \")\" after the string at column 13"},
      {"td:contains()", "empty argument to \":contains\" at column 3"},
      {"td:", "expected a pseudo-class name after \":\" at column 3"},
      {"a\\", "nothing to escape after \"\\\" at column 2"},
  };
  for (const ErrorCase& c : cases) {
    INFO("selector: " << c.selector);
    try {
      Selector::parse(c.selector);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::input);
      CHECK_THAT(e.what(), Catch::Matchers::Contains(c.message));
    }
  }
}

TEST_CASE("selectors copy and move", "[selector]") {
  Document doc(k_page, salvage::extract::Inert::kept);  // selectors may match script text and any attribute
  Selector a = Selector::parse("td:text(Answer) + td");
  Selector b = a;
  Selector c = std::move(a);
  a = b;
  CHECK(b.text() == "td:text(Answer) + td");
  CHECK(describe(b.select_first(doc.root())) == "td:Hello. Answe");
  CHECK(describe(c.select_first(doc.root())) == "td:Hello. Answe");
  CHECK(describe(a.select_first(doc.root())) == "td:Hello. Answe");
}
