#include <catch2/catch.hpp>

#include "extract/layout.hpp"
#include "extract/signoff.hpp"

using namespace salvage::extract;

namespace {

// Lines as a section would hold them; "" starts a new paragraph.
std::vector<Line> lines_of(std::initializer_list<const char*> texts) {
  std::vector<Line> out;
  bool paragraph = true;
  for (const char* t : texts) {
    if (!*t) {
      paragraph = true;
      continue;
    }
    Line line;
    line.text = t;
    line.paragraph_start = paragraph;
    paragraph = false;
    out.push_back(line);
  }
  return out;
}

}  // namespace

TEST_CASE("sign-offs close a section", "[signoff]") {
  struct Case {
    std::vector<Line> lines;
    const char* block;  // nullptr: no sign-off
    const char* name;
    std::size_t line;
  };
  const std::vector<Case> cases{
      {lines_of({"Dear Lawrence,", "I am 35 yo male.", "Regards,", "Jason"}), "Regards,\nJason", "Jason", 2},
      {lines_of({"Hello, Jason,", "", "Freeing yourself is a challenge.", "", "with regard,", "Lawrence Gold"}),
       "with regard,\nLawrence Gold", "Lawrence Gold", 2},
      {lines_of({"Text.", "", "Best wishes,", "Lawrence Gold", "Certified Hanna Somatic Educator"}),
       "Best wishes,\nLawrence Gold\nCertified Hanna Somatic Educator", "Lawrence Gold", 1},
      // A title line stays in the name's paragraph; a later paragraph is text that leaked in.
      {lines_of({"Text.", "", "Sincerely,", "Martha K.", "", "Certified Somatic Educator"}),
       "Sincerely,\nMartha K.", "Martha K.", 1},
      {lines_of({"Text.", "", "Regards,", "Jason", "", "Back to the index", "", "Have a question? Write to us."}),
       "Regards,\nJason", "Jason", 1},
      {lines_of({"Text.", "Thanks in advance!", "Maria"}), "Thanks in advance!\nMaria", "Maria", 1},
      {lines_of({"Text.", "Kind regards,", "", "Dr. Peter O'Neil"}), "Kind regards,\nDr. Peter O'Neil", "Dr. Peter O'Neil", 1},
      {lines_of({"My knee hurts when I climb stairs.", "-- Jason"}), "-- Jason", "Jason", 1},
      {lines_of({"Text.", "Thanks in advance!", "-- Maria K."}), "Thanks in advance!\n-- Maria K.", "Maria K.", 1},
      // A closing that no list knows, ending in a comma, with a name under it.
      {lines_of({"Text.", "Safe travels,", "Lawrence Gold"}), "Safe travels,\nLawrence Gold", "Lawrence Gold", 1},
      {lines_of({"Text.", "| Share"}), nullptr, nullptr, 0},
      {lines_of({"I will be appreciative if you could guide. Regards, Jason"}), "Regards, Jason", "Jason", 0},
      // Leaked menu links after the sign-off are tolerated.
      {lines_of({"Text.", "Regards,", "Jason"}), "Regards,\nJason", "Jason", 1},
      // Not sign-offs: a valediction without a name, a name-like last sentence, prose.
      {lines_of({"Text.", "Thanks!"}), nullptr, nullptr, 0},
      {lines_of({"Thank you for your question.", "I hope this helps you a lot."}), nullptr, nullptr, 0},
      {lines_of({"Regards to your doctor,", "and keep stretching every day as shown above."}), nullptr, nullptr, 0},
      {lines_of({"The best approach is rest."}), nullptr, nullptr, 0},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    INFO("case " << i);
    auto sign = find_sign_off(c.lines);
    if (!c.block) {
      CHECK_FALSE(sign.has_value());
      continue;
    }
    REQUIRE(sign.has_value());
    CHECK(sign->block == c.block);
    CHECK(sign->name == std::optional<std::string>(c.name));
    CHECK(sign->line == c.line);
  }
}

TEST_CASE("link-only lines after a sign-off are dropped", "[signoff]") {
  auto lines = lines_of({"Text.", "Regards,", "Jason", "", "Back to top"});
  lines.back().anchors.push_back({0, lines.back().text.size(), "#top"});
  auto sign = find_sign_off(lines);
  REQUIRE(sign.has_value());
  CHECK(sign->end == 3);
}

TEST_CASE("valedictions", "[signoff]") {
  for (const char* yes : {"Regards,", "Best regards", "with regard,", "Kind Regards!", "Sincerely,",
                          "Thanks,", "Thank you.", "Thanks for your help,", "Best wishes,", "Cheers",
                          "Yours truly,", "Take care,", "Many thanks"})
    CHECK(is_valediction(yes));
  for (const char* no : {"Regards to your doctor and your physiotherapist and your family", "Hello,",
                         "The best exercise", "Thanks to stretching my back improved a great deal over time"})
    CHECK_FALSE(is_valediction(no));
}

TEST_CASE("greetings name the other side", "[signoff]") {
  CHECK(greeting_name("Dear Lawrence,") == std::optional<std::string>("Lawrence"));
  CHECK(greeting_name("Hello, Jason,") == std::optional<std::string>("Jason"));
  CHECK(greeting_name("Hi Maria!") == std::optional<std::string>("Maria"));
  CHECK(greeting_name("Dear Dr. Gold,") == std::optional<std::string>("Dr. Gold"));
  CHECK(greeting_name("Dear Lawrence, I am 35 yo male.") == std::optional<std::string>("Lawrence"));
  CHECK_FALSE(greeting_name("Hi there,").has_value());
  CHECK_FALSE(greeting_name("Dear Sir,").has_value());
  CHECK_FALSE(greeting_name("Hello,").has_value());
  CHECK_FALSE(greeting_name("Highly recommended stretches follow.").has_value());
}
