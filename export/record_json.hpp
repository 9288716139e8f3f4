#pragma once
// The record as JSON: one line per record (JSON Lines), keys in the order of docs/record.md; the
// exported record (docs/exports.md, docs/schema/record.schema.json) adds its id, its links'
// verdicts and when it changed; and the stored JSON read back into a record.

#include <optional>
#include <string>
#include <string_view>

#include "core/output_file.hpp"
#include "core/record.hpp"
#include "export/export_record.hpp"

namespace salvage::exporter {

// One JSON object on one line, without a trailing newline. Invalid UTF-8 (which the decoder
// never produces, but a caller might) is replaced with U+FFFD rather than failing.
std::string record_to_json_line(const core::Record& record);

// The exported record on one line: {"id", the record's keys, "changed_at"}, each link with its
// "verdict", "class" and "http_status" (null when the link was never checked).
std::string export_record_to_json_line(const ExportRecord& record);

// A record line as record_to_json_line wrote it, read back; nullopt when it is not one (not
// JSON, or no "url").
std::optional<core::Record> record_from_json(std::string_view json);

// JSON Lines: one exported record per line.
class JsonLinesWriter final : public RecordWriter {
 public:
  explicit JsonLinesWriter(core::TextOut& out) : m_out(out) {}
  void write(const ExportRecord& record) override;
  void finish() override {}

 private:
  core::TextOut& m_out;
};

// One JSON array of exported records, one record per line between the brackets.
class JsonArrayWriter final : public RecordWriter {
 public:
  explicit JsonArrayWriter(core::TextOut& out) : m_out(out) {}
  void write(const ExportRecord& record) override;
  void finish() override;

 private:
  core::TextOut& m_out;
};

}  // namespace salvage::exporter
