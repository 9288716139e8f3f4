#include "export/export_record.hpp"

#include <openssl/evp.h>

#include <ctime>
#include <memory>

#include "core/error.hpp"

namespace salvage::exporter {

std::string record_id(std::string_view canonical_url) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || !EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) ||
      !EVP_DigestUpdate(ctx.get(), canonical_url.data(), canonical_url.size()) ||
      !EVP_DigestFinal_ex(ctx.get(), digest, &length))
    throw core::Error(core::ExitCode::failure, "SHA-256 is not available");
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string id;
  for (unsigned int i = 0; i < 8 && i < length; ++i) {
    id += k_hex[digest[i] >> 4];
    id += k_hex[digest[i] & 15];
  }
  return id;
}

std::string utc_timestamp(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace salvage::exporter
