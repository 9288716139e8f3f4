#include "pipeline/extract_page.hpp"

#include "extract/dom.hpp"
#include "extract/extractor.hpp"
#include "fetch/charset.hpp"

namespace salvage::pipeline {

std::optional<core::Record> extract_page(std::string_view bytes, std::string_view page_url,
                                         std::string_view transport_charset,
                                         const extract::Profile* profile) {
  fetch::DecodedPage page = fetch::decode_page(bytes, transport_charset);
  extract::Document doc(page.utf8, extract::inert_for(profile));
  return extract_parsed(page, doc, page_url, profile);
}

std::optional<core::Record> extract_parsed(const fetch::DecodedPage& page, const extract::Document& doc,
                                           std::string_view page_url, const extract::Profile* profile) {
  auto record = extract::extract_record(doc, page_url, profile);
  if (!record) return std::nullopt;
  record->encoding = page.charset.encoding;
  record->encoding_source = page.charset.source;
  if (page.charset.source == "detected") record->warnings.push_back("charset_detected");
  if (page.charset.source == "default") record->warnings.push_back("charset_default");
  if (page.had_invalid_bytes) record->warnings.push_back("invalid_bytes");
  return record;
}

}  // namespace salvage::pipeline
