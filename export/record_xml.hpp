#pragma once
// The records as one XML 1.0 document (docs/exports-xml.md), valid against the published schema
// docs/schema/records.xsd: `<records>` holding one `<record>` per ExportRecord, in the order they
// are written. Each record is printed as soon as it comes, so memory stays flat with the number of
// records, and the same records give byte-identical output.
//
// Characters XML 1.0 cannot carry, not even as character references (C0 controls other than tab,
// line feed and carriage return; U+FFFE, U+FFFF) and invalid UTF-8 become U+FFFD, counted in
// counts().replaced_characters. A carriage return in element text becomes a line feed (what every
// XML parser would read anyway); in attributes it is kept as `&#13;`.

#include <string>

#include "export/export_record.hpp"

namespace salvage::core {
class TextOut;
}

namespace salvage::exporter {

class XmlWriter final : public RecordWriter {
 public:
  // Writes the XML declaration and the opening `<records>` tag at once, so that even an export of
  // zero records is a complete document after finish(). `out` must outlive the writer.
  explicit XmlWriter(core::TextOut& out);

  void write(const ExportRecord& record) override;
  void finish() override;  // writes the closing `</records>` tag; a second call does nothing

 private:
  core::TextOut& m_out;
  std::string m_buffer;  // one printed record, reused
  bool m_finished = false;
};

}  // namespace salvage::exporter
