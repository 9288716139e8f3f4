#pragma once
// SHA-256 over OpenSSL's EVP interface: page content hashes (store) and stable record ids
// (exports).

#include <string>
#include <string_view>

namespace salvage::core {

// The digest of `bytes` as 64 lower-case hex digits. Throws core::Error(ExitCode::failure) when
// OpenSSL cannot compute it (never on a working system).
std::string sha256_hex(std::string_view bytes);

}  // namespace salvage::core
