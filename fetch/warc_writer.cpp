// WARC/1.1 writing. Each record is compressed as its own gzip member, so that a reader can seek to
// any record's offset and a file appended to by a resumed crawl stays a valid WARC file.
//
// Digests are computed before a record is compressed (they go into its header), so each block is
// read twice; the block is streamed through zlib and never copied whole.
//
// The exchange holds the response body with chunking undone. A `Transfer-Encoding` header left in
// the recorded head would make readers (warcio, our own import) try to de-chunk it again, so in
// the response record it is renamed `X-Crawler-Transfer-Encoding`, as Common Crawl does. The
// payload digest covers the body as held, which is what a reader gets once it has de-chunked.

#include "fetch/warc_writer.hpp"

#include <openssl/evp.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <random>

#include "core/error.hpp"
#include "core/text.hpp"

namespace salvage::fetch {

namespace {

using Parts = std::initializer_list<std::string_view>;

constexpr std::string_view k_crlf = "\r\n";
constexpr std::string_view k_record_end = "\r\n\r\n";
constexpr std::string_view k_renamed_transfer_encoding = "X-Crawler-Transfer-Encoding";

[[noreturn]] void throw_write_error(const std::string& path, int err) {
  throw core::Error(core::ExitCode::output,
                    "cannot write WARC file " + path + ": " + std::strerror(err));
}

// RFC 4648 base32, upper case, '=' padded (a sha1 digest, 20 bytes, needs no padding).
std::string base32(const unsigned char* data, std::size_t size) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      out += k_alphabet[(buffer >> (bits - 5)) & 0x1F];
      bits -= 5;
    }
  }
  if (bits > 0) out += k_alphabet[(buffer << (5 - bits)) & 0x1F];
  while (out.size() % 8 != 0) out += '=';
  return out;
}

// "sha1:" + base32 of the SHA-1 of the concatenated parts.
std::string sha1_digest(Parts parts) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int md_size = 0;
  bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha1(), nullptr) == 1;
  for (std::string_view part : parts) {
    ok = ok && EVP_DigestUpdate(ctx.get(), part.data(), part.size()) == 1;
  }
  ok = ok && EVP_DigestFinal_ex(ctx.get(), md.data(), &md_size) == 1;
  if (!ok) throw core::Error(core::ExitCode::failure, "OpenSSL could not compute a SHA-1 digest");
  return "sha1:" + base32(md.data(), md_size);
}

// "<urn:uuid:...>" with a random (version 4) UUID.
std::string new_record_id() {
  thread_local std::random_device device;
  std::array<unsigned char, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    const std::uint32_t word = device();
    for (std::size_t j = 0; j < 4; ++j) bytes[i + j] = static_cast<unsigned char>(word >> (8 * j));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out = "<urn:uuid:";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += k_hex[bytes[i] >> 4];
    out += k_hex[bytes[i] & 0x0F];
  }
  return out + '>';
}

std::string iso8601_utc(std::int64_t unix_time) {
  const auto seconds = static_cast<std::time_t>(unix_time);
  std::tm tm{};
  char text[32] = "1970-01-01T00:00:00Z";
  if (gmtime_r(&seconds, &tm) != nullptr) std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// A header value on one line: control bytes, spaces and non-ASCII bytes percent-encoded (a URI
// must not contain them; a CR or LF would end the header).
std::string header_safe(std::string_view value) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (char ch : value) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte <= 0x20 || byte >= 0x7F) {
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0x0F];
    } else {
      out += ch;
    }
  }
  return out;
}

// Free text on one line: control bytes (CR and LF among them) become spaces.
std::string one_line(std::string_view value) {
  std::string out(value);
  for (char& ch : out) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 || byte == 0x7F) ch = ' ';
  }
  return out;
}

// The response head with every `Transfer-Encoding` header renamed (see the top of this file).
std::string recorded_response_head(std::string_view head) {
  std::string out;
  out.reserve(head.size() + 16);
  std::size_t start = 0;
  bool status_line = true;
  while (start < head.size()) {
    std::size_t end = head.find('\n', start);
    end = end == std::string_view::npos ? head.size() : end + 1;
    const std::string_view line = head.substr(start, end - start);
    const std::size_t colon = line.find(':');
    if (!status_line && colon != std::string_view::npos &&
        core::iequals(core::trim(line.substr(0, colon)), "Transfer-Encoding")) {
      out += k_renamed_transfer_encoding;
      out += line.substr(colon);
    } else {
      out += line;
    }
    status_line = false;
    start = end;
  }
  return out;
}

// Compresses the concatenated parts as one gzip member and appends it to `file`.
void write_gzip_member(std::FILE* file, const std::string& path, Parts parts) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw core::Error(core::ExitCode::failure, "zlib could not start a gzip stream");
  }
  std::unique_ptr<z_stream, decltype(&deflateEnd)> guard(&zs, deflateEnd);
  std::array<unsigned char, 64 * 1024> out{};
  constexpr std::size_t k_max_input = 1u << 30;  // avail_in is a 32-bit uInt

  auto pump = [&](int flush) {
    int rc = Z_OK;
    do {
      zs.next_out = out.data();
      zs.avail_out = static_cast<uInt>(out.size());
      rc = deflate(&zs, flush);
      if (rc == Z_STREAM_ERROR) throw core::Error(core::ExitCode::failure, "zlib deflate failed");
      const std::size_t produced = out.size() - zs.avail_out;
      if (produced > 0 && std::fwrite(out.data(), 1, produced, file) != produced) {
        throw_write_error(path, errno);
      }
    } while (zs.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  };

  for (std::string_view part : parts) {
    while (!part.empty()) {
      const std::size_t take = std::min(part.size(), k_max_input);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(part.data()));
      zs.avail_in = static_cast<uInt>(take);
      pump(Z_NO_FLUSH);
      part.remove_prefix(take);
    }
  }
  zs.next_in = nullptr;
  zs.avail_in = 0;
  pump(Z_FINISH);
}

struct RecordFields {
  std::string_view type;
  std::string_view id;
  std::string_view date;
  std::string_view content_type;
  std::string_view block_digest;
  std::size_t content_length = 0;
};

// The header of one record: the fixed fields first, then `extra` ("Name: value\r\n" lines).
std::string record_header(const RecordFields& f, std::string_view extra) {
  std::string out = "WARC/1.1\r\n";
  out.append("WARC-Type: ").append(f.type).append(k_crlf);
  out.append("WARC-Record-ID: ").append(f.id).append(k_crlf);
  out.append("WARC-Date: ").append(f.date).append(k_crlf);
  out.append(extra);
  out.append("WARC-Block-Digest: ").append(f.block_digest).append(k_crlf);
  out.append("Content-Type: ").append(f.content_type).append(k_crlf);
  out.append("Content-Length: ").append(std::to_string(f.content_length)).append(k_crlf);
  out.append(k_crlf);
  return out;
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

}  // namespace

WarcWriter::WarcWriter(const std::string& path, std::string_view software) : m_path(path) {
  m_file = std::fopen(path.c_str(), "ab");
  if (m_file == nullptr) throw_write_error(m_path, errno);
  try {
    m_warcinfo_id = new_record_id();
    std::string fields;
    fields.append("software: ").append(one_line(software)).append(k_crlf);
    fields.append("format: WARC File Format 1.1\r\n");
    fields.append(
        "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/"
        "warc-1.1/\r\n");
    fields.append("hostname: ").append(one_line(host_name())).append(k_crlf);
    const std::string date = iso8601_utc(std::time(nullptr));
    fields.append("creation-date: ").append(date).append(k_crlf);
    const std::string digest = sha1_digest({fields});
    const std::string filename =
        "WARC-Filename: " + one_line(std::filesystem::path(path).filename().string()) + "\r\n";
    const std::string header = record_header(
        {"warcinfo", m_warcinfo_id, date, "application/warc-fields", digest, fields.size()},
        filename);
    write_gzip_member(m_file, m_path, {header, fields, k_record_end});
  } catch (...) {
    std::fclose(m_file);
    m_file = nullptr;
    throw;
  }
}

WarcWriter::~WarcWriter() {
  if (m_file != nullptr) std::fclose(m_file);  // errors here are unreportable; see flush()
}

void WarcWriter::write(const HttpExchange& exchange, std::int64_t unix_time) {
  const std::string date = iso8601_utc(unix_time);
  const std::string request_id = new_record_id();
  const std::string response_id = new_record_id();

  std::string common = "WARC-Target-URI: " + header_safe(exchange.url) + "\r\n";
  if (!exchange.remote_ip.empty()) {
    common += "WARC-IP-Address: " + header_safe(exchange.remote_ip) + "\r\n";
  }
  common += "WARC-Warcinfo-ID: " + m_warcinfo_id + "\r\n";

  // The request, then the response: the order in which they crossed the wire.
  const std::string& request = exchange.request_head;
  const std::string request_header = record_header(
      {"request", request_id, date, "application/http;msgtype=request", sha1_digest({request}),
       request.size()},
      common + "WARC-Concurrent-To: " + response_id + "\r\n");
  write_gzip_member(m_file, m_path, {request_header, request, k_record_end});

  const std::string head = recorded_response_head(exchange.response_head);
  const std::string& body = exchange.response_body;
  const std::string response_header = record_header(
      {"response", response_id, date, "application/http;msgtype=response",
       sha1_digest({head, body}), head.size() + body.size()},
      common + "WARC-Concurrent-To: " + request_id + "\r\nWARC-Payload-Digest: " +
          sha1_digest({body}) + "\r\n");
  write_gzip_member(m_file, m_path, {response_header, head, body, k_record_end});
}

void WarcWriter::flush() {
  if (std::fflush(m_file) != 0) throw_write_error(m_path, errno);
}

}  // namespace salvage::fetch
