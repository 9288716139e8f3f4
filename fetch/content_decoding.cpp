#include "fetch/content_decoding.hpp"

#include <zlib.h>

#include <vector>

#include "core/text.hpp"

namespace salvage::fetch {

namespace {

enum class Wrapper { gzip, zlib, raw };

// Owns a z_stream from inflateInit2 to inflateEnd.
class Inflater {
 public:
  explicit Inflater(Wrapper wrapper) {
    int bits = wrapper == Wrapper::gzip ? 15 + 16 : wrapper == Wrapper::zlib ? 15 : -15;
    m_ok = inflateInit2(&m_stream, bits) == Z_OK;
  }
  ~Inflater() {
    if (m_ok) inflateEnd(&m_stream);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  bool ok() const { return m_ok; }
  z_stream& stream() { return m_stream; }

 private:
  z_stream m_stream{};
  bool m_ok = false;
};

DecodedBody inflate_all(std::string_view raw, Wrapper wrapper, std::size_t max_bytes) {
  DecodedBody out;
  Inflater inflater(wrapper);
  if (!inflater.ok()) return {DecodeStatus::corrupt, {}, "zlib could not be initialised"};
  z_stream& zs = inflater.stream();
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  zs.avail_in = static_cast<uInt>(raw.size());  // bodies are bounded far below 4 GiB
  char buffer[64 * 1024];
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    int rc = inflate(&zs, Z_NO_FLUSH);
    std::size_t produced = sizeof buffer - zs.avail_out;
    if (out.body.size() + produced > max_bytes)
      return {
          DecodeStatus::too_large, {}, "decoded body over " + std::to_string(max_bytes) + " bytes"};
    out.body.append(buffer, produced);
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow (RFC 1952 allows several); trailing garbage is ignored.
      if (wrapper != Wrapper::gzip || zs.avail_in < 2 || zs.next_in[0] != 0x1F ||
          zs.next_in[1] != 0x8B)
        return out;
      if (inflateReset(&zs) != Z_OK) return out;
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      // Truncated stream: keep what was decoded, as browsers do.
      return out;
    }
    if (rc != Z_OK)
      return {DecodeStatus::corrupt,
              {},
              std::string("bad compressed data: ") + (zs.msg ? zs.msg : "zlib error")};
  }
}

std::vector<std::string> split_encodings(std::string_view header) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    std::string token = core::to_lower_ascii(core::trim(header.substr(start, comma - start)));
    if (!token.empty() && token != "identity") out.push_back(token);
    start = comma + 1;
  }
  return out;
}

}  // namespace

DecodedBody decode_content(std::string_view encodings, std::string_view raw,
                           std::size_t max_bytes) {
  try {
    std::vector<std::string> steps = split_encodings(encodings);
    DecodedBody current{DecodeStatus::ok, std::string(raw), {}};
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
      if (current.body.empty()) continue;  // 204, 304, HEAD-like empty bodies
      if (*it == "gzip" || *it == "x-gzip") {
        current = inflate_all(current.body, Wrapper::gzip, max_bytes);
      } else if (*it == "deflate") {
        // RFC 9110 says zlib-wrapped; many old servers sent raw deflate. The first byte tells.
        auto first = static_cast<unsigned char>(current.body[0]);
        bool zlib = (first & 0x0F) == 8 &&
                    ((first << 8) |
                     static_cast<unsigned char>(current.body.size() > 1 ? current.body[1] : 0)) %
                            31 ==
                        0;
        current = inflate_all(current.body, zlib ? Wrapper::zlib : Wrapper::raw, max_bytes);
      } else {
        return {DecodeStatus::unsupported, {}, "unsupported Content-Encoding \"" + *it + "\""};
      }
      if (current.status != DecodeStatus::ok) return current;
    }
    return current;
  } catch (const std::bad_alloc&) {
    return {DecodeStatus::too_large, {}, "out of memory decoding the body"};
  }
}

}  // namespace salvage::fetch
