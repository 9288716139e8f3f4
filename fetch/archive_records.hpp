#pragma once
// The records of a WARC (0.17 to 1.1) or ARC (version 1 or 2) file, one after another, with
// their named fields, their block and what was wrong with them. Header names are
// case-insensitive, folded header lines are joined, LF works as well as CRLF. A block whose
// Content-Length overruns the record is cut at the next record start found inside it; one that
// does not end at a record boundary makes the reader scan forward for the next record start.
// Header blocks are capped, and a block over the cap is skipped without being held in memory.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/fetched_page.hpp"

namespace salvage::fetch {

class ArchiveStream;

constexpr std::size_t k_max_archive_header = 1u << 20;  // a WARC header block
constexpr std::size_t k_max_archive_block = 64u << 20;  // a block held in memory

struct ArchiveRecord {
  enum class Format { warc, arc };
  Format format = Format::warc;
  bool is_record = true;    // false: unreadable bytes or a gzip error between records (see problem)
  std::string version;      // "WARC/1.0", or "ARC/1" / "ARC/2"
  std::string type;         // lower-cased WARC-Type; ARC: "response", or "filedesc" for its first
  std::int64_t offset = 0;  // of the record in the file, or of its gzip member
  std::int64_t skip = 0;    // bytes of the decompressed member before the record (re-reading)
  // WARC named fields as written. An ARC header line is given as WARC-Target-URI, WARC-Date
  // (14 digits), Content-Type, WARC-IP-Address.
  core::Headers fields;
  std::string block;
  bool block_skipped = false;  // over k_max_archive_block: not read
  std::string problem;         // "" when the record read cleanly
};

class ArchiveRecordReader {
 public:
  explicit ArchiveRecordReader(ArchiveStream& stream) : m_stream(stream) {}

  // The next record, or the next stretch of bytes that could not be read; false at the end.
  bool next(ArchiveRecord& record);

 private:
  enum class FileFormat { unknown, warc, arc };

  void read_warc(ArchiveRecord& record);
  void read_arc(ArchiveRecord& record);
  void read_block(ArchiveRecord& record, std::uint64_t length);
  void cut_block(ArchiveRecord& record, std::size_t start, const std::string& blanks,
                 const std::string& size);  // the next record starts at block[start]
  bool is_record_start(std::string_view line) const;
  // Where the first record start at or after `from` is in `text`: a line that is a record's first
  // line, or (a record written after a cut-off one) such a line beginning inside a line. npos
  // when none.
  std::size_t find_record_start(std::string_view text, std::size_t from) const;
  void resync();  // consumes bytes up to the next record start or the end

  ArchiveStream& m_stream;
  FileFormat m_format = FileFormat::unknown;
  int m_arc_version = 0;  // from the filedesc record; 0 while unknown
};

// "2008-04-30T20:48:25Z" (ISO 8601 / W3C-DTF: lower precision, fractions, offsets, lower case)
// or an ARC date "20080430204825" (fewer digits: the rest is zero) as Unix time.
std::optional<std::int64_t> parse_archive_date(std::string_view text);

// WARC-Target-URI as a usable URL: trimmed, "<...>" (wget) unwrapped, spaces and controls
// percent-encoded.
std::string clean_target_uri(std::string_view raw);

}  // namespace salvage::fetch
