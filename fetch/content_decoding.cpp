#include "fetch/content_decoding.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>

#include "core/text.hpp"

namespace salvage::fetch {

namespace {

enum class Wrapper { gzip, zlib, raw };

// Owns a z_stream from inflateInit2 to inflateEnd.
class Inflater {
 public:
  explicit Inflater(Wrapper wrapper) {
    const int bits = wrapper == Wrapper::gzip   ? 16 + MAX_WBITS
                     : wrapper == Wrapper::zlib ? MAX_WBITS
                                                : -MAX_WBITS;
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

bool starts_gzip_member(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1F &&
         static_cast<unsigned char>(data[1]) == 0x8B;
}

// CM 8 (deflate) and a check sum that holds (RFC 1950); a lone byte is judged by itself.
bool starts_zlib_header(std::string_view data) {
  if (data.empty()) return false;
  const auto cmf = static_cast<unsigned char>(data[0]);
  const auto flg = static_cast<unsigned char>(data.size() > 1 ? data[1] : 0);
  return (cmf & 0x0F) == 8 && (cmf * 256 + flg) % 31 == 0;
}

// One zlib stream (for gzip: consecutive members) into `out`, up to `max_bytes` in all.
DecodeStatus inflate_stream(std::string_view in, Wrapper wrapper, std::string& out,
                            std::size_t max_bytes, std::string* reason) {
  Inflater inflater(wrapper);
  if (!inflater.ok()) {
    if (reason) *reason = "zlib could not be initialised";
    return DecodeStatus::corrupt;
  }
  z_stream& zs = inflater.stream();
  std::array<char, 64 * 1024> buffer;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t chunk = std::min<std::size_t>(in.size() - pos, UINT_MAX / 2);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + pos));
    zs.avail_in = static_cast<uInt>(chunk);
    zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
    zs.avail_out = static_cast<uInt>(buffer.size());
    const int rc = inflate(&zs, Z_NO_FLUSH);
    const std::size_t consumed = chunk - zs.avail_in;
    const std::size_t produced = buffer.size() - zs.avail_out;
    pos += consumed;
    const std::size_t room = max_bytes > out.size() ? max_bytes - out.size() : 0;
    out.append(buffer.data(), std::min(produced, room));
    if (produced > room) return DecodeStatus::too_large;
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow (RFC 1952 allows several); trailing garbage is ignored.
      if (wrapper != Wrapper::gzip || !starts_gzip_member(in.substr(pos))) return DecodeStatus::ok;
      if (inflateReset(&zs) != Z_OK) return DecodeStatus::ok;
      continue;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      if (reason) *reason = zs.msg ? zs.msg : "zlib error";
      return DecodeStatus::corrupt;
    }
    if (consumed == 0 && produced == 0) return DecodeStatus::truncated;  // input exhausted
  }
}

}  // namespace

std::vector<std::string> coding_tokens(std::string_view header_value) {
  std::vector<std::string> tokens;
  std::size_t start = 0;
  while (start <= header_value.size()) {
    std::size_t comma = header_value.find(',', start);
    if (comma == std::string_view::npos) comma = header_value.size();
    std::string token = core::to_lower_ascii(core::trim(header_value.substr(start, comma - start)));
    if (!token.empty() && token != "identity") tokens.push_back(token == "x-gzip" ? "gzip" : token);
    start = comma + 1;
  }
  return tokens;
}

DecodeStatus inflate_content(std::string_view coding, std::string_view in, std::string& out,
                             std::size_t max_bytes, std::string* reason) {
  if (coding == "gzip" || coding == "x-gzip")
    return inflate_stream(in, Wrapper::gzip, out, max_bytes, reason);
  if (coding != "deflate") return DecodeStatus::unsupported;
  // RFC 9110 says zlib-wrapped; many old servers (IIS) sent raw deflate. The first two bytes
  // tell, mostly: a stream with a zlib header that is corrupt before giving a byte is tried as
  // raw, and the raw reading wins if it gives a byte or reaches its end.
  if (!starts_zlib_header(in)) return inflate_stream(in, Wrapper::raw, out, max_bytes, reason);
  const std::size_t before = out.size();
  const DecodeStatus zlib = inflate_stream(in, Wrapper::zlib, out, max_bytes, reason);
  if (zlib != DecodeStatus::corrupt || out.size() != before) return zlib;
  std::string raw_reason;
  const DecodeStatus raw = inflate_stream(in, Wrapper::raw, out, max_bytes, &raw_reason);
  if (raw != DecodeStatus::ok && out.size() == before) return zlib;
  if (reason) *reason = std::move(raw_reason);
  return raw;
}

DecodedBody decode_content(std::string_view encodings, std::string_view raw,
                           std::size_t max_bytes) {
  try {
    const std::vector<std::string> steps = coding_tokens(encodings);
    DecodedBody current{DecodeStatus::ok, std::string(raw), {}};
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
      if (current.body.empty()) continue;  // 204, 304, HEAD-like empty bodies
      std::string decoded, reason;
      const DecodeStatus status = inflate_content(*it, current.body, decoded, max_bytes, &reason);
      if (status != DecodeStatus::unsupported) current.body = std::move(decoded);
      switch (status) {
        case DecodeStatus::ok:
        case DecodeStatus::truncated:  // keep what was decoded, as browsers do
          continue;
        case DecodeStatus::too_large:
          current.error = "decoded body over " + std::to_string(max_bytes) + " bytes";
          break;
        case DecodeStatus::corrupt:
          current.error = "bad compressed data: " + reason;
          break;
        case DecodeStatus::unsupported:
          current.error = "unsupported Content-Encoding \"" + *it + "\"";
          break;
      }
      current.status = status;
      return current;
    }
    return current;
  } catch (const std::bad_alloc&) {
    return {DecodeStatus::too_large, {}, "out of memory decoding the body"};
  }
}

}  // namespace salvage::fetch
