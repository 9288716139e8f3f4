#include "extract/inert_markup.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "extract/dom.hpp"
#include "extract/layout.hpp"

using namespace salvage::extract;

namespace {

// The lines a reader sees, with their breaks, links and flags: what every field is read from.
std::string layout_of(const std::string& html, Inert inert) {
  Document doc(html, inert);
  std::string out;
  for (const Line& l : lay_out(doc.body())) {
    out += l.paragraph_start ? "P" : "-";
    out += l.heading ? "H" : "-";
    out += l.emphasized ? "B" : "-";
    out += l.text;
    for (const Anchor& a : l.anchors) out += "|" + std::to_string(a.begin) + "-" + std::to_string(a.end) + a.href;
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("comments, script and style text and unread attributes are dropped, nothing else", "[inert]") {
  struct Case {
    const char* html;
    const char* lean;
  };
  const Case cases[]{
      {"a<!-- x -->b", "ab"},
      {"a<!---->b<!-->c<!--->d", "abcd"},
      {"a<!-- x --!>b", "ab"},
      {"<script>var a = '<!-- not a comment -->';</script>c", "<script></script>c"},
      {"<SCRIPT type=text/javascript>x</Script >c", "<SCRIPT type=text/javascript></Script >c"},
      {"<style>p { color: red }</style><p>t", "<style></style><p>t"},
      // A script's escaped part may hold "</script>" without ending it (document.write of 1999).
      {"<script><!-- document.write('<script src=a.js></script>'); //--></script>t<!--c-->",
       "<script></script>t"},
      // Tags: a '>' or "<!--" inside a quoted value is the value's.
      {"<a title=\"a > <!-- b -->\" href='x'>t</a><!--c-->", "<a href='x'>t</a>"},
      {"<a rel=\"a > <!-- b -->\" href='x'>t</a><!--c-->", "<a rel=\"a > <!-- b -->\" href='x'>t</a>"},
      // Attributes no field reads go; the others stay as they were written.
      {"<TD width=\"50%\" BgColor=#fff CLASS=q nowrap>a</TD>", "<TD CLASS=q>a</TD>"},
      {"<img src=a.gif width=1 alt=\">\" border=0/>", "<img src=a.gif alt=\">\">"},  // "0/" is a value
      {"<img src=a.gif alt=\"\" border=0 /><br/>", "<img src=a.gif alt=\"\"/><br/>"},
      {"<img src=a.gif border=0 alt=x />", "<img src=a.gif alt=x />"},
      {"<img src=a.gif alt=x\" border=0 />", "<img src=a.gif alt=x\" />"},
      {"<input type=hidden name=x value=\"y\"><font face=Arial color=red size=2>", 
       "<input type=hidden><font face=Arial color=red size=2>"},
      // Split as HTML5 splits them: a name may start with '=', a value ends a name, '/' parts.
      {"<a =\"x>\" href=y>t</a>", "<a>\" href=y>t</a>"},
      {"<a href=\"x\"title=t id = 'i'>t</a>", "<a href=\"x\" id = 'i'>t</a>"},
      {"<br/ style=x><a href=x/ >t</a>", "<br><a href=x/>t</a>"},
      {"<a href=x/>", "<a href=x/>"},
      {"<p/ >", "<p>"},
      {"</p class=x>", "</p class=x>"},
      // Raw text keeps what looks like a comment: it is text there.
      {"<title>a <!-- b --> c</title><!--d-->", "<title>a <!-- b --> c</title>"},
      {"<textarea><!-- kept --></textarea>", "<textarea><!-- kept --></textarea>"},
      // Doctypes and bogus comments end at '>'.
      {"<!DOCTYPE html><?xml version=\"1.0\"?><!-- c -->t", "<!DOCTYPE html><?xml version=\"1.0\"?>t"},
      // Unsure: the rest is copied as it is.
      {"a<!-- never closed", "a<!-- never closed"},
      {"<script>never closed <!-- x -->", "<script>never closed <!-- x -->"},
      {"<plaintext><!-- x -->", "<plaintext><!-- x -->"},
      {"a < b <3 <!--c-->", "a < b <3 "},
      {"", ""},
      {"<", "<"},
  };
  for (const Case& c : cases) {
    INFO("html: " << c.html);
    CHECK(without_inert_markup(c.html) == c.lean);
  }
}

TEST_CASE("a page reads the same with and without its inert text", "[inert]") {
  const char* pages[]{
      "<html><head><title>T</title><script>x</script><style>y</style></head><body><!-- c -->"
      "<h2>Question</h2><p>Dear Lawrence, my<!-- x --> knee.</p><script><!-- w('</p>'); --></script>"
      "<h2>Answer</h2><p><a href=\"a.htm\">link</a> <b>bold</b><!-- y --></p></body></html>",
      "<table><tr><td>a<!-- c --></td><td><style>s</style>b</td></tr><!-- in table --></table>",
      "<p>one<script>document.write(\"<p>two\")</script>three</p><select><!-- o --><option>x</select>",
  };
  for (const char* page : pages) {
    INFO("page: " << page);
    CHECK(layout_of(page, Inert::dropped) == layout_of(page, Inert::kept));
  }
}

TEST_CASE("without_inert_markup keeps its contract on random markup", "[inert][robustness]") {
  // Pieces of markup in random order: the lean page never grows, and both parses read alike.
  const char* pieces[]{"<!--", "-->", "--!>", "<script>", "</script>", "<style>", "</style>", "<title>",
                       "</title>", "<p>", "</p>", "<a href=\"", "\">", "'", "=", ">", "<", "text ", "<!", "</",
                       "<b>", "</b>", "<br>", "-", "<textarea>", "</textarea>", " style=", " title='",
                       "/", "/>", " ", "<a ", "<font color=", "<table><tr><td>", "<input type=hidden",
                       "<img alt=", " width=1", "\""};
  std::mt19937 random(7);
  for (int round = 0; round < 2000; ++round) {
    std::string html;
    for (int k = 0; k < 12; ++k) html += pieces[random() % std::size(pieces)];
    INFO("html: " << html);
    std::string lean = without_inert_markup(html);
    CHECK(lean.size() <= html.size());
    CHECK(layout_of(html, Inert::dropped) == layout_of(html, Inert::kept));
  }
}
