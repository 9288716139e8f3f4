#pragma once
// The records as CSV (RFC 4180: comma-separated, CRLF line ends, a header row, fields quoted when
// they hold a comma, a quote or a line break, quotes doubled): one file of records, one of their
// links. Absent values are empty fields. Columns: docs/exports.md.

#include "core/output_file.hpp"
#include "export/export_record.hpp"

namespace salvage::exporter {

class CsvWriter final : public RecordWriter {
 public:
  // Writes both header rows at once.
  CsvWriter(core::TextOut& records, core::TextOut& links);
  void write(const ExportRecord& record) override;
  void finish() override {}

 private:
  core::TextOut& m_records;
  core::TextOut& m_links;
};

// One CSV field, quoted when RFC 4180 requires it.
std::string csv_field(std::string_view value);

}  // namespace salvage::exporter
