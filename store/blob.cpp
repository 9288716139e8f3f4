#include "store/blob.hpp"

#include <zstd.h>

#include <memory>

namespace salvage::store {

namespace {
constexpr int k_level = 3;                                  // fast, and ~4x on HTML
constexpr unsigned long long k_max_body = 1ull << 31;       // refuse absurd frame sizes
}  // namespace

std::string compress(std::string_view raw) {
  std::string out(ZSTD_compressBound(raw.size()), '\0');
  std::size_t n = ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), k_level);
  if (ZSTD_isError(n)) return {};
  out.resize(n);
  return out;
}

std::optional<std::string> decompress(std::string_view compressed) {
  if (compressed.empty()) return std::string();
  unsigned long long size = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > k_max_body)
    return std::nullopt;
  std::string out(static_cast<std::size_t>(size), '\0');
  std::size_t n = ZSTD_decompress(out.data(), out.size(), compressed.data(), compressed.size());
  if (ZSTD_isError(n) || n != size) return std::nullopt;
  return out;
}

}  // namespace salvage::store
