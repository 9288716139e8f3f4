// Finding the question and the answer on small pages of many shapes (extract/sections.hpp).
#include <catch2/catch.hpp>

#include "extract/extractor.hpp"

using salvage::extract::extract_record;

namespace {

struct Case {
  const char* name;
  const char* html;
  const char* question;  // nullptr: none
  const char* answer;    // nullptr: none
};

}  // namespace

TEST_CASE("sections are found by labels, scope and chrome on many templates", "[sections]") {
  const Case cases[]{
      {"headings", "<h3>Question</h3><p>Why?</p><h3>Answer</h3><p>Because.</p>", "Why?", "Because."},
      {"inline labels", "<p><b>Question:</b> Why?</p><p><b>Answer:</b> Because.</p>", "Why?", "Because."},
      {"Q/A letters", "<p><b>Q:</b> Why?</p><p><b>A:</b> Because.</p>", "Why?", "Because."},
      {"Q. A. letters", "<p>Q. Why?</p><p>A. Because.</p>", "Why?", "Because."},
      {"numbered", "<h4>Question #12</h4><p>Why?</p><h4>Answer</h4><p>Because.</p>", "Why?", "Because."},
      {"named labels", "<p>Jason asks:</p><p>Why?</p><p>Lawrence Gold answers:</p><p>Because.</p>", "Why?", "Because."},
      {"image labels", "<img alt='Question'><p>Why?</p><img alt='Answer'><p>Because.</p>", "Why?", "Because."},
      {"a homepage's labels", "<p><b>You asked:</b></p><p>Why?</p><p><b>Dr. Bob says:</b> Because.</p>", "Why?",
       "Because."},
      {"a letter's introduction",
       "<p>Here is what Martha wrote me on Oct. 3, 2001:</p><blockquote><i>Why?</i></blockquote>"
       "<p><b>Dr. Frank says:</b> Because.</p>",
       "Why?", "Because."},
      {"a community page's chosen answer among others",
       "<h2>Resolved Question</h2><p><a href='/u/1'>Jen R</a></p><p>Why do knuckles pop?</p>"
       "<h2>Best Answer - Chosen by Voters</h2><p><a href='/u/2'>bonedoc_2007</a></p><p>Gas bubbles in the joint.</p>"
       "<h2>Other Answers (2)</h2><p>Because you crack them.</p>",
       "Why do knuckles pop?", "Gas bubbles in the joint."},
      {"a frameset's page for browsers without frames",
       "<html><head><title>T</title></head><frameset cols='170,*'><frame src='menu.htm'><frame src='main.htm'>"
       "<noframes><body><h3>The question</h3><p>Why?</p><h3>My answer</h3><p>Because.</p></body></noframes>"
       "</frameset></html>",
       "Why?", "Because."},
      {"a disclaimer ends the answer",
       "<p>Question:</p><p>Why?</p><p>Answer:</p><p>Because. Stretching is not a substitute for strength work.</p>"
       "<p>These answers are general information and are not a substitute for a visit to your own doctor.</p>",
       "Why?", "Because. Stretching is not a substitute for strength work."},
      {"label cell beside text",
       "<table><tr><td>Question:</td><td>Why?</td></tr><tr><td>Answer:</td><td>Because.</td></tr></table>",
       "Why?", "Because."},
      {"answer scope ends the answer",
       "<div><h2>Question</h2><p>Why?</p></div><div><h2>Answer</h2><p>Because.</p></div><div><p>Share this</p></div>",
       "Why?", "Because."},
      {"chrome ends the answer",
       "<h3>Question</h3><p>Why?</p><h3>Answer</h3><p>Because.</p><p>Related questions</p><p>Other stuff</p>",
       "Why?", "Because."},
      {"copyright ends the answer",
       "<p>QUESTION:</p><p>Why?</p><p>ANSWER:</p><p>Because.</p><p>Copyright 2004 Bone Health</p>", "Why?", "Because."},
      {"rule ends the answer", "<p>Question</p><p>Why?</p><p>Answer</p><p>Because.</p><p>__________</p><p>sig</p>",
       "Why?", "Because."},
      {"answer only", "<h3>Answer</h3><p>Because.</p>", nullptr, "Because."},
      {"named classes", "<div class='question'><p>Why?</p></div><div class='answer'><p>Because.</p></div>",
       "Why?", "Because."},
      {"a letter and its reply, each greeting the other side",
       "<div><p>Hi Lawrence,</p><p>My knee aches on every long run after mile eight and rolling it does not help at all.</p>"
       "<p>Hi Dana,</p><p>The band is not a muscle; the hip muscles that pull on it are what holds it tight, so teach them "
       "to let go.</p></div><div><p>More running injuries</p></div>",
       "Hi Lawrence,\n\nMy knee aches on every long run after mile eight and rolling it does not help at all.",
       "Hi Dana,\n\nThe band is not a muscle; the hip muscles that pull on it are what holds it tight, so teach them "
       "to let go."},
      {"a signed letter in italics, its reply in roman",
       "<div class='story'><p><em>My doctor says my bones are thin and I should walk every day, but my back hurts "
       "when I do.</em></p><p><em>Thanks in advance!<br>-- Maria K.</em></p>"
       "<p>Walking is still the right idea; start with ten minutes on flat ground and let your arms swing.</p>"
       "<p>Add a minute each day.</p></div><div><p>About the columnist</p></div>",
       "My doctor says my bones are thin and I should walk every day, but my back hurts when I do.",
       "Walking is still the right idea; start with ten minutes on flat ground and let your arms swing.\n\n"
       "Add a minute each day."},
      // Not Q&A pages.
      {"an italic standfirst is no letter",
       "<p><em>A reader fears her stoop is permanent, and our columnist explains why gentle movement helps "
       "more than she thinks.</em></p><p>Walking is still the right idea; start with ten minutes on flat ground "
       "and let your arms swing.</p>",
       nullptr, nullptr},
      {"italic titles ending in a title are no letter",
       "<ul><li><i>Elvis for Everyone</i></li><li><i>How Great Thou Art and other songs of the sixties</i></li>"
       "<li><i>From Elvis in Memphis to the rest of the world</i></li><li><i>He Touched Me</i></li></ul>"
       "<p>These albums sold well through the seventies and were reissued on compact disc in the nineties.</p>",
       nullptr, nullptr},
      {"teasers with Read more links",
       "<h2>Knees</h2><h3>The Question</h3><p>Dear Lawrence, my knees ache going down stairs.</p>"
       "<p><a href='/a.html'>Read more...</a></p><p>Question: Both knees click when I squat.</p>"
       "<p><a href='/b.html'>Read more...</a></p>",
       nullptr, nullptr},
      {"two greetings to the same person are no reply",
       "<p>Hi Lawrence,</p><p>My knee aches on every long run after mile eight and rolling does not help.</p>"
       "<p>Hi Lawrence,</p><p>I wrote before about my knee; it is worse now and I run less than I did in the spring.</p>",
       nullptr, nullptr},
      {"a guestbook's replies",
       "<p>Great site! My knees hurt on the stairs, what can I do about it?</p><p><i>Dr. Frank says: Walk daily.</i></p>"
       "<p>Thanks for the tips on calcium, I started taking it with meals.</p><p><i>Dr. Frank says: Good.</i></p>",
       nullptr, nullptr},
      {"menu link is no label", "<a href='/q'>Question</a><p>Text.</p><a href='/a'>Answer</a><p>More.</p>", nullptr, nullptr},
      {"comment replies", "<p>Nice post.</p><p>Reply</p><p>Thanks!</p><div class='reply'>x</div>", nullptr, nullptr},
      {"a sentence is no label", "<p>The question is simple.</p><p>The answer is no.</p>", nullptr, nullptr},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto record = extract_record(c.html, "http://example.org/p.html");
    if (!c.question && !c.answer) {
      CHECK_FALSE(record.has_value());
      continue;
    }
    REQUIRE(record.has_value());
    CHECK(record->question == (c.question ? std::optional<std::string>(c.question) : std::nullopt));
    CHECK(record->answer == (c.answer ? std::optional<std::string>(c.answer) : std::nullopt));
  }
}

TEST_CASE("a wiki page's meta line names both sides; its edit links are no text", "[sections]") {
  auto record = extract_record(
      "<p>You are here: <a href='/'>Home</a> / <a href='/ask'>Ask an Expert</a> / <a href='/bones'>Bones</a></p>"
      "<p><b>Ask an Expert</b></p><h1>Hip pain at night</h1>"
      "<p>Asked by <a href='/u/m'>Margaret H</a> on 3 March 2008 &middot; Answered by Thomas Becker, PT</p>"
      "<h2><span>[<a href='?action=edit'>edit</a>]</span> Question</h2><p>Why does my hip ache at night?</p>"
      "<h2>Answer <span>[<a href='?action=edit'>edit</a>]</span></h2><p>Hi Margaret,</p><p>It is the bursa.</p>"
      "<h2>[<a href='?action=edit'>edit</a>] Related questions</h2><ul><li><a href='/x'>Knee pain</a></li></ul>",
      "http://example.org/wiki/Hip_pain");
  REQUIRE(record.has_value());
  CHECK(record->question == std::optional<std::string>("Why does my hip ache at night?"));
  CHECK(record->answer == std::optional<std::string>("Hi Margaret,\n\nIt is the bursa."));
  CHECK(record->asker == std::optional<std::string>("Margaret H"));
  CHECK(record->expert == std::optional<std::string>("Thomas Becker, PT"));
  CHECK(record->title == std::optional<std::string>("Hip pain at night"));  // not the trail's "Ask an Expert"
  CHECK(record->date_raw == std::optional<std::string>("3 March 2008"));
}

TEST_CASE("an asker's byline beside the letter is no text of it", "[sections]") {
  auto record = extract_record(
      "<dl><dt>Question</dt><dd><p>Submitted by: Karen, 52, Portland</p><p>Why do my hamstrings stay tight?</p>"
      "<p>&mdash; Asked by Karen T.</p></dd><dt>Answer</dt><dd><p>Hi Karen,</p><p>Stretching alone rarely helps.</p>"
      "</dd></dl><p>Date posted: 04/18/2005 | Category: Bones</p>",
      "http://example.org/faq.jsp");
  REQUIRE(record.has_value());
  CHECK(record->question == std::optional<std::string>("Why do my hamstrings stay tight?"));
  CHECK_FALSE(record->question_signature.has_value());
  CHECK(record->asker == std::optional<std::string>("Karen"));
  CHECK(record->date_raw == std::optional<std::string>("04/18/2005"));
}

TEST_CASE("a database record's form fields name the sides and date the page", "[sections]") {
  auto record = extract_record(
      "<table><tr><td><b>Title:</b></td><td>Night cramps in the calf</td></tr>"
      "<tr><td><b>Date submitted:</b></td><td>03/14/2001 10:22:31 AM</td></tr>"
      "<tr><td><b>Submitted by:</b></td><td>Anonymous</td></tr>"
      "<tr><td><b>Question</b></td><td>Why do my calves cramp at night?</td></tr>"
      "<tr><td><b>Resolution</b></td><td>Stretch them before bed.</td></tr>"
      "<tr><td><b>Responded by:</b></td><td>Joan Petrakis, RN</td></tr></table>",
      "http://example.org/ask.nsf/0/5F3A?OpenDocument");
  REQUIRE(record.has_value());
  CHECK(record->title == std::optional<std::string>("Night cramps in the calf"));
  CHECK(record->question == std::optional<std::string>("Why do my calves cramp at night?"));
  CHECK(record->answer == std::optional<std::string>("Stretch them before bed."));
  CHECK_FALSE(record->asker.has_value());  // "Anonymous" is nobody's name
  CHECK(record->expert == std::optional<std::string>("Joan Petrakis, RN"));
  CHECK(record->date_raw == std::optional<std::string>("03/14/2001 10:22:31 AM"));
}
