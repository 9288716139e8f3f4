#pragma once
// Page bodies at rest: zstd-compressed (their content hash is core::sha256_hex of the raw bytes).

#include <optional>
#include <string>
#include <string_view>

namespace salvage::store {

std::string compress(std::string_view raw);
// nullopt when `compressed` is not a valid zstd frame (a damaged row), never throws.
std::optional<std::string> decompress(std::string_view compressed);

}  // namespace salvage::store
