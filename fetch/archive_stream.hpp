#pragma once
// Buffered reading of a web-archive file, plain or gzip-compressed (detected from the magic bytes
// at the starting offset), as one stream of bytes, with the origin of every position: its offset
// in a plain file, or the offset of its gzip member and how many bytes of that member precede it.
// Memory is bounded by the longest line or block the caller asks for.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/gzip_stream.hpp"

namespace salvage::fetch {

class ArchiveStream {
 public:
  ArchiveStream();
  ~ArchiveStream();
  ArchiveStream(const ArchiveStream&) = delete;
  ArchiveStream& operator=(const ArchiveStream&) = delete;

  // Opens `path` at `offset` (0, or where a record or its gzip member starts). False when the
  // file cannot be opened or positioned.
  bool open(const std::string& path, std::int64_t offset = 0);
  bool gzipped() const { return m_gzip != nullptr; }

  // The next line with its terminator, or the next `max` bytes when no LF comes sooner; empty at
  // the end. Not consumed.
  std::string_view peek_line(std::size_t max);
  int peek();  // the next byte, or -1 at the end
  bool at_end() { return peek() < 0; }
  void consume(std::size_t n);  // n <= what was peeked

  std::size_t read(std::string& out, std::size_t n);  // appends up to n bytes; fewer at the end
  std::uint64_t skip(std::uint64_t n);                // discards up to n bytes
  void unread(std::string_view bytes);                // puts bytes just read back in front

  struct Origin {
    std::int64_t offset = 0;  // plain file: of the byte; gzip: of its member
    std::int64_t skip = 0;    // gzip: decompressed bytes of the member before it; plain: 0
  };
  Origin origin();              // of the next byte
  void forget_before_origin();  // drops bookkeeping for positions before the next byte

  std::int64_t position() const { return m_position; }  // bytes of the stream consumed so far

  // Gzip errors not yet taken that cut the stream before stream position `before` (the stream
  // goes on with the next member found after each).
  std::vector<GzipStreamError> take_errors(std::int64_t before);
  std::size_t error_count() const { return m_error_count; }

 private:
  bool fill(std::size_t want);  // buffers at least `want` bytes unless the stream ends

  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  struct Segment {
    std::int64_t position;  // stream position where it starts
    std::int64_t offset;    // plain: file offset of that position; gzip: member offset
  };

  std::unique_ptr<std::FILE, FileCloser> m_file;
  std::unique_ptr<GzipMemberStream> m_gzip;
  std::string m_buf;
  std::size_t m_pos = 0;        // next unread byte in m_buf
  std::int64_t m_position = 0;  // stream position of m_buf[m_pos]
  std::int64_t m_produced = 0;  // stream position of the end of m_buf
  bool m_eof = false;
  std::vector<Segment> m_segments;
  struct PlacedError {
    GzipStreamError error;
    std::int64_t position;  // stream position of the cut
  };
  std::vector<PlacedError> m_errors;
  std::size_t m_error_count = 0;
};

}  // namespace salvage::fetch
