#pragma once
// Page bodies at rest: zstd-compressed, with a SHA-256 of the raw bytes as content hash.

#include <optional>
#include <string>
#include <string_view>

namespace salvage::store {

std::string compress(std::string_view raw);
// nullopt when `compressed` is not a valid zstd frame (a damaged row), never throws.
std::optional<std::string> decompress(std::string_view compressed);
std::string sha256_hex(std::string_view bytes);

}  // namespace salvage::store
