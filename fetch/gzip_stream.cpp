#include "fetch/gzip_stream.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>

namespace salvage::fetch {

namespace {

constexpr std::size_t k_input_buffer = 64 * 1024;

bool is_member_header(const unsigned char* p) { return p[0] == 0x1f && p[1] == 0x8b && p[2] == 8; }

}  // namespace

struct GzipMemberStream::ZState {
  z_stream zs{};
  bool initialised = false;
  ZState() = default;
  ZState(const ZState&) = delete;
  ZState& operator=(const ZState&) = delete;
  ~ZState() {
    if (initialised) inflateEnd(&zs);
  }
};

GzipMemberStream::GzipMemberStream(std::FILE* file, std::int64_t start_offset)
    : m_z(std::make_unique<ZState>()), m_file(file), m_in(k_input_buffer) {
  m_member_offset = start_offset;
  if (!seek_to(start_offset)) m_state = State::done;
}

GzipMemberStream::~GzipMemberStream() = default;

bool GzipMemberStream::seek_to(std::int64_t offset) {
  m_in_pos = m_in_len = 0;
  m_in_offset = offset;
  m_file_eof = false;
  return fseeko(m_file, static_cast<off_t>(offset), SEEK_SET) == 0;
}

std::int64_t GzipMemberStream::input_offset() const {
  return m_in_offset + static_cast<std::int64_t>(m_in_pos);
}

// Makes unconsumed input available; false at the end of the file.
bool GzipMemberStream::fill_input() {
  if (m_in_pos < m_in_len) return true;
  if (m_file_eof) return false;
  m_in_offset += static_cast<std::int64_t>(m_in_len);
  m_in_pos = 0;
  m_in_len = std::fread(m_in.data(), 1, m_in.size(), m_file);
  if (m_in_len == 0) m_file_eof = true;
  return m_in_len > 0;
}

bool GzipMemberStream::find_next_header(std::int64_t from) {
  if (!seek_to(from)) return false;
  for (;;) {
    // Keep the last two bytes of a buffer: a header may straddle two reads.
    if (m_in_len - m_in_pos < 3) {
      if (m_file_eof) return false;
      std::size_t keep = m_in_len - m_in_pos;
      std::memmove(m_in.data(), m_in.data() + m_in_pos, keep);
      m_in_offset += static_cast<std::int64_t>(m_in_pos);
      m_in_pos = 0;
      std::size_t got = std::fread(m_in.data() + keep, 1, m_in.size() - keep, m_file);
      m_in_len = keep + got;
      if (got == 0) {
        m_file_eof = true;
        return false;
      }
      continue;
    }
    for (; m_in_pos + 3 <= m_in_len; ++m_in_pos)
      if (is_member_header(m_in.data() + m_in_pos)) return true;
  }
}

void GzipMemberStream::fail(std::string message) {
  m_error = GzipStreamError{m_member_offset, std::move(message)};
  m_state = find_next_header(m_member_offset + 1) ? State::between_members : State::done;
}

std::optional<GzipStreamError> GzipMemberStream::take_error() {
  std::optional<GzipStreamError> error = std::move(m_error);
  m_error.reset();
  return error;
}

std::size_t GzipMemberStream::read(char* out, std::size_t size) {
  if (size == 0) return 0;
  const auto room = static_cast<uInt>(std::min<std::size_t>(size, UINT_MAX));
  z_stream& zs = m_z->zs;
  for (;;) {
    if (m_state == State::done) return 0;
    if (m_state == State::between_members) {
      if (!fill_input()) {
        m_state = State::done;
        return 0;
      }
      // A header needs three bytes; the buffer may end inside one.
      if (m_in_len - m_in_pos < 3) {
        const std::int64_t at = input_offset();
        if (!find_next_header(at) || input_offset() != at) {
          m_member_offset = at;
          fail("bytes that are not gzip data");
          return 0;
        }
      }
      if (!is_member_header(m_in.data() + m_in_pos)) {
        m_member_offset = input_offset();
        fail("bytes that are not gzip data");
        return 0;
      }
      m_member_offset = input_offset();
      const int rc = m_z->initialised ? inflateReset(&zs) : inflateInit2(&zs, 16 + MAX_WBITS);
      if (rc != Z_OK) {
        fail("zlib could not start inflating");
        return 0;
      }
      m_z->initialised = true;
      m_state = State::in_member;
    }
    if (!fill_input()) {
      fail("gzip member truncated at the end of the file");
      return 0;
    }
    const uInt available = static_cast<uInt>(m_in_len - m_in_pos);
    zs.next_in = m_in.data() + m_in_pos;
    zs.avail_in = available;
    zs.next_out = reinterpret_cast<Bytef*>(out);
    zs.avail_out = room;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    const std::size_t consumed = available - zs.avail_in;
    const std::size_t produced = room - zs.avail_out;
    m_in_pos += consumed;
    if (rc == Z_STREAM_END) {
      m_state = State::between_members;
      if (produced > 0) return produced;
      continue;
    }
    if (rc == Z_OK || rc == Z_BUF_ERROR) {
      if (produced > 0) return produced;
      if (consumed > 0 || zs.avail_in == 0) continue;  // progress, or more input needed
      fail("gzip member makes no progress");
      return 0;
    }
    fail(std::string("corrupt gzip member: ") + (zs.msg ? zs.msg : "inflate error"));
    return 0;
  }
}

}  // namespace salvage::fetch
