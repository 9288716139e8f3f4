#pragma once
// Sign-offs and greetings: "Regards,\nJason" at the end of a question, "with regard,\nLawrence
// Gold\nCertified Hanna Somatic Educator" at the end of an answer, "Dear Lawrence," at the start.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace salvage::extract {

struct Line;

struct SignOff {
  std::size_t line = 0;    // index in the section's lines where the sign-off starts
  std::size_t offset = 0;  // byte offset in that line ("... guide. Regards, Jason" starts mid-line)
  std::size_t end = 0;     // index one past its last line; later lines are leaked links, dropped
  std::string block;       // its lines joined by "\n"
  std::optional<std::string> name;
};

// The sign-off that closes a section: a valediction line ("Regards,", "with regard,",
// "Sincerely,", "Thanks,", "Best wishes,") followed by a short name line and at most one title
// line in the same paragraph; or a dashed name ("-- Jason") as the last line; or a valediction
// and a name ending the last line ("... Regards, Jason"). At most three paragraphs may follow
// it (template text that leaked into the section); they are not part of the section. Last, a
// name standing alone as the final paragraph ("Debbie K.").
std::optional<SignOff> find_sign_off(std::span<const Line> lines);

// True for a line that is only a valediction ("Kind regards,", "Thanks in advance!").
bool is_valediction(std::string_view text);

// The name a greeting line addresses: "Dear Lawrence," -> "Lawrence", "Hello, Jason," -> "Jason",
// "Dear Dr. Gold," -> "Dr. Gold"; nullopt for "Hi there," or "Dear Sir,".
std::optional<std::string> greeting_name(std::string_view line_text);

}  // namespace salvage::extract
