#pragma once
// Bytes of one page in, its record out: charset decision and decoding (fetch/charset.hpp), then
// the extractor (extract/extractor.hpp), then the charset fields and warnings. The unit every
// caller shares: `salvage extract`, the fixture test and the fuzzer.

#include <optional>
#include <string_view>

#include "core/record.hpp"

namespace salvage::extract {
struct Profile;
class Document;
}
namespace salvage::fetch {
struct DecodedPage;
}

namespace salvage::pipeline {

// nullopt when the page is not a Q&A page. Never throws on any bytes.
std::optional<core::Record> extract_page(std::string_view bytes, std::string_view page_url,
                                         std::string_view transport_charset = {},
                                         const extract::Profile* profile = nullptr);

// The same for a page already decoded and parsed (`doc` parsed from `page.utf8`).
std::optional<core::Record> extract_parsed(const fetch::DecodedPage& page, const extract::Document& doc,
                                           std::string_view page_url, const extract::Profile* profile = nullptr);

}  // namespace salvage::pipeline
