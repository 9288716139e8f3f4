#include "store/blob.hpp"

#include <zstd.h>

#include <memory>

namespace salvage::store {

namespace {
constexpr int k_level = 1;                                  // zstd's fastest standard level: ~2.4x on HTML
constexpr unsigned long long k_max_body = 1ull << 31;       // refuse absurd frame sizes

struct ContextFree {
  void operator()(ZSTD_CCtx* context) const { ZSTD_freeCCtx(context); }
};

}  // namespace

std::string compress(std::string_view raw) {
  // One compression context per thread, reused: making one per page costs as much as compressing.
  thread_local std::unique_ptr<ZSTD_CCtx, ContextFree> context(ZSTD_createCCtx());
  if (!context) return {};
  std::string out(ZSTD_compressBound(raw.size()), '\0');
  std::size_t n = ZSTD_compressCCtx(context.get(), out.data(), out.size(), raw.data(), raw.size(), k_level);
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
