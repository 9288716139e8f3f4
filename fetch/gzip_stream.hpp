#pragma once
// Decompressing a file of concatenated gzip members (RFC 1952) member by member, the way web
// archives are written: each record its own member, or the whole file one member. Every
// returned byte is attributed to the compressed offset where its member starts, which is the
// offset a WARC index records. A corrupt, truncated or non-gzip stretch is reported and skipped:
// reading resumes at the next gzip header found after it. Memory is two fixed buffers.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace salvage::fetch {

struct GzipStreamError {
  std::int64_t offset = 0;  // of the member (or of the non-gzip bytes) that could not be read
  std::string message;
};

class GzipMemberStream {
 public:
  // Reads `file` (not owned, kept open by the caller) from `start_offset`, where a member starts.
  GzipMemberStream(std::FILE* file, std::int64_t start_offset);
  ~GzipMemberStream();
  GzipMemberStream(const GzipMemberStream&) = delete;
  GzipMemberStream& operator=(const GzipMemberStream&) = delete;

  // Decompresses up to `size` bytes of one member into `out`; never mixes two members in one
  // call. Returns 0 at the end of the file, and also when an error stopped the current member:
  // take_error() then returns it, and the next read() continues after it.
  std::size_t read(char* out, std::size_t size);

  // The compressed offset where the member of the bytes last returned by read() starts.
  std::int64_t member_offset() const { return m_member_offset; }

  std::optional<GzipStreamError> take_error();

 private:
  enum class State { between_members, in_member, done };

  bool fill_input();               // false at end of file
  void fail(std::string message);  // reports, then resynchronises after the member
  bool seek_to(std::int64_t offset);
  bool find_next_header(std::int64_t from);  // positions the input at the next 1f 8b 08
  std::int64_t input_offset() const;         // file offset of the next unconsumed input byte

  struct ZState;
  std::unique_ptr<ZState> m_z;
  std::FILE* m_file;
  std::vector<unsigned char> m_in;
  std::size_t m_in_pos = 0;
  std::size_t m_in_len = 0;
  std::int64_t m_in_offset = 0;  // file offset of m_in[0]
  bool m_file_eof = false;
  State m_state = State::between_members;
  std::int64_t m_member_offset = 0;
  std::optional<GzipStreamError> m_error;
};

}  // namespace salvage::fetch
