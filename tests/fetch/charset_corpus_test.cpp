// Optional tests over the shared corpus (SALVAGE_SHARED_DIR/corpus/encodings): skipped with a
// warning when it is absent.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "fetch/charset.hpp"

namespace fetch = salvage::fetch;
namespace fs = std::filesystem;

namespace {

const fs::path k_encodings_dir = fs::path(SALVAGE_SHARED_DIR) / "corpus" / "encodings";

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct DatCase {
  std::string data;      // the bytes between "#data\n" and "\n#encoding"
  std::string expected;  // the label under "#encoding"
};

std::vector<DatCase> parse_dat(const std::string& text) {
  std::vector<DatCase> cases;
  std::size_t pos = 0;
  while ((pos = text.find("#data\n", pos)) != std::string::npos) {
    std::size_t begin = pos + 6;
    std::size_t marker = text.find("\n#encoding\n", begin);
    if (marker == std::string::npos) break;
    std::size_t label = marker + 11;
    std::size_t eol = text.find('\n', label);
    cases.push_back({text.substr(begin, marker - begin),
                     text.substr(label, eol == std::string::npos ? eol : eol - label)});
    pos = label;
  }
  return cases;
}

// Cases a prescan of the first 1024 bytes cannot get. A browser finds these <meta>s later, with
// its tokenizer, and reparses the page ("change the encoding"), or only once a script has run.
struct KnownException {
  std::string_view file, data_start, reason;
};
constexpr KnownException k_known_exceptions[] = {
    {"tests1.dat", "<!-- 2048 characters", "the <meta> starts after byte 1024"},
    {"tests1.dat", "<!-- 2049 characters", "the <meta> starts after byte 1024"},
    {"tests1.dat", "<!-- 4096 characters", "the <meta> starts after byte 1024"},
    {"tests1.dat", "<!-- 4097 characters", "the <meta> starts after byte 1024"},
    {"tests1.dat", "<!-- 8192 characters", "the <meta> starts after byte 1024"},
    {"tests1.dat", "<!-- 8193 characters", "the <meta> starts after byte 1024"},
    {"tests1.dat", "<!-- multi-script test -->", "the <meta> starts after byte 8000"},
    {"scripted/tests1.dat",
     "<!DOCTYPE HTML>\n<script>document.write('<meta charset=\"ISO-8859-' + '2\">')",
     "a script writes the <meta>"},
};

bool is_known_exception(const std::string& file, const std::string& data) {
  for (const auto& exception : k_known_exceptions)
    if (file == exception.file && data.rfind(exception.data_start, 0) == 0) return true;
  return false;
}

// WHATWG decodes gbk with its gb18030 decoder: either name is the same answer.
bool same_decoder(const std::string& a, const std::string& b) {
  auto family = [](const std::string& name) {
    return name == "gbk" ? std::string("gb18030") : name;
  };
  return family(a) == family(b);
}

// The bytes without a leading XML declaration, which the prescan would otherwise read.
std::string_view without_xml_declaration(std::string_view bytes) {
  if (bytes.substr(0, 5) != "<?xml") return bytes;
  std::size_t end = bytes.find("?>");
  return end == std::string_view::npos ? bytes : bytes.substr(end + 2);
}

}  // namespace

TEST_CASE("html5lib encoding tests: decide_charset picks the expected encoding") {
  const fs::path dir = k_encodings_dir / "html5lib-tests";
  if (!fs::is_directory(dir)) {
    WARN("corpus absent, skipped: " << dir.string());
    return;
  }
  int checked = 0, exceptions = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".dat") continue;
    const std::string file = entry.path().lexically_relative(dir).generic_string();
    for (const auto& c : parse_dat(read_bytes(entry.path()))) {
      auto expected = fetch::canonical_encoding(c.expected);
      REQUIRE(expected);
      auto decision = fetch::decide_charset(c.data, "");
      INFO(file << ": " << c.data.substr(0, 100) << "\nexpected " << *expected << ", got "
                << decision.encoding << " (" << decision.source << ")");
      if (is_known_exception(file, c.data)) {
        ++exceptions;
        CHECK(decision.encoding != *expected);  // if this starts to pass, drop the exception
      } else {
        ++checked;
        CHECK(decision.encoding == *expected);
      }
    }
  }
  WARN("html5lib-tests: " << checked << " cases match, " << exceptions << " known exceptions");
  CHECK(checked >= 75);
  CHECK(exceptions == static_cast<int>(std::size(k_known_exceptions)));
}

TEST_CASE("chardet corpus: every file decodes, clear-cut folders are recognised") {
  const fs::path dir = k_encodings_dir / "chardet";
  if (!fs::is_directory(dir)) {
    WARN("corpus absent, skipped: " << dir.string());
    return;
  }
  // Floors measured with Debian 12's uchardet 0.0.7. "As is" includes the XML declaration most
  // of these feeds start with (the prescan falls back to it, as the HTML Standard says);
  // "undeclared" strips it, so that uchardet has to find the encoding.
  struct Folder {
    std::string_view name, encoding;
    int files, as_is_floor, undeclared_floor;
  };
  constexpr Folder k_folders[] = {
      {"windows-1251-russian", "windows-1251", 11, 11, 11},
      {"KOI8-R", "koi8-r", 11, 11, 11},
      {"SHIFT_JIS", "shift_jis", 14, 14, 14},
      {"EUC-JP", "euc-jp", 15, 14, 14},  // _mozilla_bug431054_text.html: 8 bytes of EUC-JP
      {"EUC-KR", "euc-kr", 16, 16, 16},
      {"GB2312", "gbk", 11, 11, 11},
      {"Big5", "big5", 13, 13, 13},
      {"IBM866", "ibm866", 10, 10, 10},
      {"iso-8859-5-russian", "iso-8859-5", 10, 10, 10},
      {"windows-1255-hebrew", "windows-1255", 12, 12, 12},
      {"utf-8", "utf-8", 10, 10, 10},
  };
  int decoded = 0;
  for (const auto& folder : fs::directory_iterator(dir)) {
    for (const auto& file : fs::directory_iterator(folder.path())) {
      const std::string bytes = read_bytes(file.path());
      auto page = fetch::decode_page(bytes);
      INFO(file.path().string());
      REQUIRE(salvage::core::sanitize_utf8(page.utf8) == page.utf8);
      ++decoded;
    }
  }
  CHECK(decoded >= 200);  // 231 files when written
  for (const auto& folder : k_folders) {
    int files = 0, as_is = 0, undeclared = 0;
    for (const auto& file : fs::directory_iterator(dir / folder.name)) {
      const std::string bytes = read_bytes(file.path());
      const std::string expected(folder.encoding);
      ++files;
      as_is += same_decoder(fetch::decide_charset(bytes, "").encoding, expected);
      auto undeclared_decision = fetch::decide_charset(without_xml_declaration(bytes), "");
      undeclared += same_decoder(undeclared_decision.encoding, expected);
    }
    WARN(folder.name << ": " << as_is << "/" << files << " as is, " << undeclared << "/" << files
                     << " undeclared");
    CHECK(files == folder.files);
    CHECK(as_is >= folder.as_is_floor);
    CHECK(undeclared >= folder.undeclared_floor);
  }
}
