#include "extract/profile.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "extract/dom.hpp"

namespace {

using salvage::core::Error;
using salvage::core::ExitCode;
using salvage::extract::Document;
using salvage::extract::load_profile;
using salvage::extract::parse_profile;
using salvage::extract::Profile;

// The table-layout example of docs/profiles.md, verbatim.
constexpr const char* k_table_profile = R"(# Bone Health, 2001-2006 table template
name     = bone-health-table
title    = td.qtitle
date     = font.date             # "9/23 17:33:34"
question = td:text(Question) + td
answer   = td:text(Answer) + td  # the cell after the one reading "Answer:"
exclude  = table.banner, script
# breadcrumb is left to the heuristics
)";

std::string error_of(const std::string& text, const std::string& source = "p.conf") {
  try {
    parse_profile(text, source);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::input);
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a profile pins fields to selectors", "[profile]") {
  Profile p = parse_profile(k_table_profile, "profiles/bone-health.conf");
  CHECK(p.name == "bone-health-table");
  REQUIRE(p.title);
  CHECK(p.title->text() == "td.qtitle");
  REQUIRE(p.date);
  CHECK(p.date->text() == "font.date");
  REQUIRE(p.answer);
  CHECK(p.answer->text() == "td:text(Answer) + td");
  REQUIRE(p.exclude);
  CHECK(p.exclude->text() == "table.banner, script");
  REQUIRE(p.question);
  CHECK_FALSE(p.breadcrumb);  // left to the heuristics

  // The page of the same example in docs/profiles.md.
  Document doc(R"(<TABLE CLASS=banner><TR><TD>Answer: our shop has it!</TD><TD>...</TD></TR></TABLE>
<TABLE WIDTH=600>
<TR><TD CLASS=qtitle>Hamstring tightness</TD></TR>
<TR><TD><FONT CLASS=date SIZE=1>9/23 17:33:34</FONT></TD></TR>
<TR><TD VALIGN=top><B>Question:</B></TD><TD>Dear Lawrence, ...</TD></TR>
<TR><TD VALIGN=top><B>Answer:</B></TD>
    <TD><FONT FACE=Arial>Hello, Jason, ...</FONT></TD></TR>
</TABLE>)");
  using salvage::extract::text_content;
  const salvage::extract::Node* root = doc.root();
  CHECK(text_content(p.title->select_first(root)) == "Hamstring tightness");
  CHECK(text_content(p.date->select_first(root)) == "9/23 17:33:34");
  CHECK(text_content(p.question->select_first(root)) == "Dear Lawrence, ...");
  std::vector<const salvage::extract::Node*> answers = p.answer->select_all(root);
  REQUIRE(answers.size() == 1);  // not the banner's "Answer: our shop has it!"
  CHECK(text_content(answers[0]) == "Hello, Jason, ...");
  std::vector<const salvage::extract::Node*> excluded = p.exclude->select_all(root);
  REQUIRE(excluded.size() == 1);
  CHECK(salvage::extract::attribute(excluded[0], "class") == std::string("banner"));
}

TEST_CASE("comments, blank lines and line endings", "[profile]") {
  struct Case {
    const char* text;
    const char* title;  // the title selector's text
  };
  const std::vector<Case> cases = {
      {"title = h2", "h2"},
      {"  title=h2  ", "h2"},
      {"# comment\n\n   # indented comment\ntitle = h2\n", "h2"},
      {"title = h2 # trailing comment", "h2"},
      {"title = h2\t# after a tab", "h2"},
      {"title = div#main h2", "div#main h2"},       // '#' after a non-space: an id
      {"title = div>#main", "div>#main"},
      {"title=#main", "#main"},                     // '#' right after '=' is not after whitespace
      {"title = *#main", "*#main"},
      {"title = :text(\"Q #1\") + div", ":text(\"Q #1\") + div"},  // '#' inside quotes
      {"title = [title='a #b'] # real comment", "[title='a #b']"},
      {"title = h2\r\n", "h2"},
      {"\xEF\xBB\xBFtitle = h2", "h2"},
      {"TITLE = h2", "h2"},
      {"title = h2 # a = b", "h2"},
  };
  for (const Case& c : cases) {
    INFO("profile: " << c.text);
    Profile p = parse_profile(c.text);
    REQUIRE(p.title);
    CHECK(p.title->text() == c.title);
  }
}

TEST_CASE("the name defaults to the file's stem", "[profile]") {
  CHECK(parse_profile("", "profiles/acme.conf").name == "acme");
  CHECK(parse_profile("# nothing pinned").name == "profile");
  CHECK(parse_profile("name = Bob's forum # old layout", "x.conf").name == "Bob's forum");
  Profile empty = parse_profile("\n\n");
  CHECK_FALSE(empty.title);
  CHECK_FALSE(empty.answer);
}

TEST_CASE("profile errors name the source and the line", "[profile]") {
  struct Case {
    const char* text;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"title = h2\n\nanwser = div",
       "p.conf:3: unknown key \"anwser\" (known keys: name, breadcrumb, title, date, question, "
       "answer, exclude)"},
      {"answer = div\n# x\nanswer = p", "p.conf:3: duplicate key \"answer\" (already set on line 1)"},
      {"name = a\nName = b", "p.conf:2: duplicate key \"name\" (already set on line 1)"},
      {"title h2", "p.conf:1: expected \"key = value\", found \"title h2\""},
      {"title # = h2", "p.conf:1: expected \"key = value\", found \"title\""},
      {"= h2", "p.conf:1: missing key before \"=\""},
      {"\ntitle =", "p.conf:2: no value for \"title\""},
      {"title = # h2", "p.conf:1: no value for \"title\""},
      {"title = #main",
       "p.conf:1: no value for \"title\" (a \"#\" after whitespace starts a comment: write *#id, "
       "tag#id or [id=...])"},
      {"a = b", "p.conf:1: unknown key \"a\""},
      {"\n\nanswer = h3:txt(A)",
       "p.conf:3: answer: selector \"h3:txt(A)\": unknown pseudo-class \":txt\" at column 3"},
      {"question = h3 +", "p.conf:1: question: selector \"h3 +\": expected a selector after \"+\""},
  };
  for (const Case& c : cases) {
    INFO("profile: " << c.text);
    CHECK_THAT(error_of(c.text), Catch::Matchers::StartsWith(c.message));
  }
  CHECK(error_of("title = h2 # fine\ndate = # h2") == "p.conf:2: no value for \"date\"");
}

TEST_CASE("load_profile reads a file and reports unreadable ones", "[profile]") {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("salvage_profile_test_" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  std::filesystem::path file = dir / "bone-health.profile";
  {
    std::ofstream out(file);
    out << k_table_profile;
  }
  Profile p = load_profile(file.string());
  CHECK(p.name == "bone-health-table");
  CHECK(p.question);

  {
    std::ofstream out(file);
    out << "title = h2\nanswer = td:txt(A)\n";
  }
  try {
    load_profile(file.string());
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::input);
    CHECK_THAT(e.what(), Catch::Matchers::StartsWith(file.string() + ":2: answer: selector"));
  }

  for (const std::filesystem::path& bad : {dir / "missing.profile", dir}) {
    INFO("path: " << bad);
    try {
      load_profile(bad.string());
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::input);
      CHECK_THAT(e.what(), Catch::Matchers::StartsWith("cannot read profile \"" + bad.string() + "\": "));
    }
  }
  std::filesystem::remove_all(dir);
}
