#include "extract/profile.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"

namespace salvage::extract {

namespace {

constexpr std::string_view k_keys[] = {"name",     "breadcrumb", "title",  "date",
                                       "question", "answer",     "exclude"};

bool is_space(char c) { return core::is_space_byte(static_cast<unsigned char>(c)); }

// Where the comment starts in line[from..], or npos. The rule: a '#' at the start of the line or
// right after whitespace starts a comment; a '#' after any other byte is text (`div#main`,
// `td>#x`). With `quotes`, a '#' inside a '…' or "…" string is text too (selector values).
std::size_t comment_start(std::string_view line, std::size_t from, bool quotes) {
  char quote = 0;
  for (std::size_t i = from; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (quotes && (c == '"' || c == '\'')) {
      quote = c;
    } else if (c == '#' && (i == 0 || is_space(line[i - 1]))) {
      return i;
    }
  }
  return std::string_view::npos;
}

class ProfileParser {
 public:
  explicit ProfileParser(std::string_view source) : m_source(source) {}

  Profile parse(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::size_t line_no = 0;
    while (!text.empty()) {
      std::size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
      parse_line(line, ++line_no);
    }
    if (m_profile.name.empty())
      m_profile.name = std::filesystem::path(std::string(m_source)).stem().string();
    return std::move(m_profile);
  }

 private:
  [[noreturn]] void fail(std::size_t line_no, const std::string& what) const {
    throw core::Error(core::ExitCode::input,
                      std::string(m_source) + ":" + std::to_string(line_no) + ": " + what);
  }

  void parse_line(std::string_view line, std::size_t line_no) {
    std::size_t eq = line.find('=');
    std::size_t comment = comment_start(line, 0, false);
    if (comment < eq) {  // the whole line is a comment, or the comment hides the '='
      if (core::trim(line.substr(0, comment)).empty()) return;
      eq = std::string_view::npos;
    }
    if (eq == std::string_view::npos) {
      if (core::trim(line).empty()) return;
      fail(line_no, "expected \"key = value\", found \"" +
                        std::string(core::trim(line.substr(0, comment))) + "\"");
    }
    std::string key = core::to_lower_ascii(core::trim(line.substr(0, eq)));
    if (key.empty()) fail(line_no, "missing key before \"=\"");
    std::optional<Selector>* slot = selector_slot(key);
    if (!slot && key != "name") {
      std::string known;
      for (std::string_view k : k_keys) known += (known.empty() ? "" : ", ") + std::string(k);
      fail(line_no, "unknown key \"" + key + "\" (known keys: " + known + ")");
    }
    for (const auto& [seen, seen_line] : m_seen)
      if (seen == key)
        fail(line_no, "duplicate key \"" + key + "\" (already set on line " +
                          std::to_string(seen_line) + ")");
    m_seen.emplace_back(key, line_no);

    comment = comment_start(line, eq + 1, slot != nullptr);
    bool has_comment = comment != std::string_view::npos;
    std::string_view value =
        core::trim(line.substr(eq + 1, has_comment ? comment - (eq + 1) : std::string_view::npos));
    if (value.empty()) {
      std::string hint;
      if (has_comment && comment + 1 < line.size() && !is_space(line[comment + 1]))
        hint = " (a \"#\" after whitespace starts a comment: write *#id, tag#id or [id=...])";
      fail(line_no, "no value for \"" + key + "\"" + hint);
    }
    if (!slot) {
      m_profile.name = std::string(value);
      return;
    }
    try {
      *slot = Selector::parse(value);
    } catch (const core::Error& e) {
      fail(line_no, key + ": " + e.what());
    }
  }

  std::optional<Selector>* selector_slot(const std::string& key) {
    if (key == "breadcrumb") return &m_profile.breadcrumb;
    if (key == "title") return &m_profile.title;
    if (key == "date") return &m_profile.date;
    if (key == "question") return &m_profile.question;
    if (key == "answer") return &m_profile.answer;
    if (key == "exclude") return &m_profile.exclude;
    return nullptr;
  }

  std::string_view m_source;
  Profile m_profile;
  std::vector<std::pair<std::string, std::size_t>> m_seen;  // key, line
};

}  // namespace

Profile parse_profile(std::string_view text, std::string_view source) {
  return ProfileParser(source).parse(text);
}

Profile load_profile(const std::string& path) {
  auto fail = [&](int err) {
    throw core::Error(core::ExitCode::input,
                      "cannot read profile \"" + path + "\": " + std::strerror(err));
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) fail(errno);
  std::string text;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get())) text.append(buffer, n);
  if (std::ferror(file.get())) fail(errno);
  return parse_profile(text, path);
}

}  // namespace salvage::extract
