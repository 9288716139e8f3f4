#include "fetch/archive_stream.hpp"

#include <algorithm>
#include <cstring>

namespace salvage::fetch {

namespace {

constexpr std::size_t k_chunk = 64 * 1024;

}  // namespace

ArchiveStream::ArchiveStream() = default;
ArchiveStream::~ArchiveStream() = default;

bool ArchiveStream::open(const std::string& path, std::int64_t offset) {
  m_gzip.reset();
  m_file.reset(std::fopen(path.c_str(), "rb"));
  m_buf.clear();
  m_pos = 0;
  m_position = 0;
  m_produced = 0;
  m_eof = false;
  m_segments.clear();
  m_errors.clear();
  m_error_count = 0;
  if (!m_file || offset < 0 || fseeko(m_file.get(), static_cast<off_t>(offset), SEEK_SET) != 0) {
    m_file.reset();
    m_eof = true;
    return false;
  }
  unsigned char magic[2] = {0, 0};
  const std::size_t got = std::fread(magic, 1, 2, m_file.get());
  if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    m_gzip = std::make_unique<GzipMemberStream>(m_file.get(), offset);
  } else if (fseeko(m_file.get(), static_cast<off_t>(offset), SEEK_SET) != 0) {
    m_eof = true;
  } else {
    m_segments.push_back({0, offset});
  }
  return true;
}

bool ArchiveStream::fill(std::size_t want) {
  while (m_buf.size() - m_pos < want && !m_eof) {
    if (m_pos > 0) {
      m_buf.erase(0, m_pos);
      m_pos = 0;
    }
    const std::size_t old = m_buf.size();
    m_buf.resize(old + std::max(k_chunk, want - old));
    std::size_t got = 0;
    if (m_gzip) {
      got = m_gzip->read(m_buf.data() + old, m_buf.size() - old);
      if (got == 0) {
        if (auto error = m_gzip->take_error()) {
          m_errors.push_back({std::move(*error), m_produced});
          ++m_error_count;
        } else {
          m_eof = true;
        }
      } else if (m_segments.empty() || m_segments.back().offset != m_gzip->member_offset()) {
        m_segments.push_back({m_produced, m_gzip->member_offset()});
      }
    } else if (m_file) {
      got = std::fread(m_buf.data() + old, 1, m_buf.size() - old, m_file.get());
      if (got == 0) m_eof = true;
    } else {
      m_eof = true;
    }
    m_buf.resize(old + got);
    m_produced += static_cast<std::int64_t>(got);
  }
  return m_buf.size() - m_pos >= want;
}

std::string_view ArchiveStream::peek_line(std::size_t max) {
  std::size_t searched = 0;
  for (;;) {
    const std::size_t avail = std::min(m_buf.size() - m_pos, max);
    const char* begin = m_buf.data() + m_pos;
    if (const void* lf = std::memchr(begin + searched, '\n', avail - searched))
      return {begin, static_cast<std::size_t>(static_cast<const char*>(lf) - begin) + 1};
    searched = avail;
    if (avail >= max || !fill(avail + 1))
      return {m_buf.data() + m_pos, std::min(m_buf.size() - m_pos, max)};
  }
}

int ArchiveStream::peek() {
  if (!fill(1)) return -1;
  return static_cast<unsigned char>(m_buf[m_pos]);
}

void ArchiveStream::consume(std::size_t n) {
  n = std::min(n, m_buf.size() - m_pos);
  m_pos += n;
  m_position += static_cast<std::int64_t>(n);
}

std::size_t ArchiveStream::read(std::string& out, std::size_t n) {
  std::size_t done = 0;
  while (done < n && fill(1)) {
    const std::size_t take = std::min(m_buf.size() - m_pos, n - done);
    out.append(m_buf, m_pos, take);
    consume(take);
    done += take;
  }
  return done;
}

std::uint64_t ArchiveStream::skip(std::uint64_t n) {
  std::uint64_t done = 0;
  while (done < n && fill(1)) {
    const std::size_t take =
        static_cast<std::size_t>(std::min<std::uint64_t>(m_buf.size() - m_pos, n - done));
    consume(take);
    done += take;
  }
  return done;
}

void ArchiveStream::unread(std::string_view bytes) {
  // Usually the bytes are still in the buffer, just before the read position.
  if (m_pos >= bytes.size() &&
      std::string_view(m_buf).substr(m_pos - bytes.size(), bytes.size()) == bytes)
    m_pos -= bytes.size();
  else
    m_buf.insert(m_pos, bytes);
  m_position -= static_cast<std::int64_t>(bytes.size());
}

ArchiveStream::Origin ArchiveStream::origin() {
  fill(1);
  const Segment* found = nullptr;
  for (const Segment& segment : m_segments) {
    if (segment.position > m_position) break;
    found = &segment;
  }
  if (!found) return {};
  const std::int64_t into = m_position - found->position;
  if (m_gzip) return {found->offset, into};
  return {found->offset + into, 0};
}

void ArchiveStream::forget_before_origin() {
  fill(1);
  std::size_t keep = 0;
  while (keep + 1 < m_segments.size() && m_segments[keep + 1].position <= m_position) ++keep;
  m_segments.erase(m_segments.begin(), m_segments.begin() + static_cast<std::ptrdiff_t>(keep));
}

std::vector<GzipStreamError> ArchiveStream::take_errors(std::int64_t before) {
  std::vector<GzipStreamError> taken;
  auto it = m_errors.begin();
  while (it != m_errors.end()) {
    if (it->position < before) {
      taken.push_back(std::move(it->error));
      it = m_errors.erase(it);
    } else {
      ++it;
    }
  }
  return taken;
}

}  // namespace salvage::fetch
