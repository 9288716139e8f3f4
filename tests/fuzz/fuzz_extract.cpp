// Arbitrary bytes through everything a page from the network meets: the charset decision and
// decoding, Gumbo, the extractor, the link list and the JSON writer. Must never crash, leak or
// hit undefined behaviour, and a record must read back from its JSON line as itself (what the
// store keeps and the exporters read; a mismatch aborts, which libFuzzer reports). The first byte
// picks the transport charset, as an HTTP header would.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pipeline/extract_page.hpp"
#include "export/record_json.hpp"
#include "extract/links.hpp"
#include "fetch/charset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr std::string_view k_charsets[] = {"", "", "utf-8", "windows-1252", "shift_jis",
                                                    "utf-16le", "koi8-r", "iso-2022-jp", "gb18030",
                                                    "x-user-defined", "bogus"};
  if (size == 0) return 0;
  std::string_view charset = k_charsets[data[0] % std::size(k_charsets)];
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const char* url = "http://www.orthopaedics.win/qa/page.html";
  if (auto record = salvage::pipeline::extract_page(bytes, url, charset)) {
    auto back = salvage::exporter::record_from_json(salvage::exporter::record_to_json_line(*record));
    if (!back || !(*back == *record)) std::abort();
  }
  auto page = salvage::fetch::decode_page(bytes, charset);
  (void)salvage::extract::page_links(page.utf8, url);
  return 0;
}
