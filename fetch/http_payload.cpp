#include "fetch/http_payload.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <vector>

#include "core/text.hpp"

namespace salvage::fetch {

namespace {

enum class Decoded { ok, incomplete, corrupt, overflow };

void add_problem(std::string& problems, std::string_view problem) {
  if (problem.empty()) return;
  if (!problems.empty()) problems += "; ";
  problems += problem;
}

std::string_view strip_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A header-field name: visible ASCII without separators that would make it prose.
bool is_field_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F && c != '"' && c != '<' && c != '>';
  });
}

// Appends `data` to `out` within `max_size`; false when it had to cut.
bool append_capped(std::string& out, std::string_view data, std::size_t max_size) {
  const std::size_t room = max_size > out.size() ? max_size - out.size() : 0;
  out.append(data.substr(0, room));
  return data.size() <= room;
}

// Parses the chunk-size line at `pos`; npos-like -1 when it is not one.
long long chunk_size_at(std::string_view in, std::size_t& pos) {
  const std::size_t lf = in.find('\n', pos);
  if (lf == std::string_view::npos || lf - pos > 1024) return -1;
  std::string_view line = core::trim(strip_cr(in.substr(pos, lf - pos)));
  line = line.substr(0, line.find(';'));  // chunk extensions
  line = core::trim(line);
  if (line.empty() || line.size() > 15) return -1;
  long long size = 0;
  for (char c : line) {
    const int v = hex_value(c);
    if (v < 0) return -1;
    size = size * 16 + v;
  }
  pos = lf + 1;
  return size;
}

Decoded dechunk(std::string_view in, std::string& out, std::size_t max_size) {
  std::size_t pos = 0;
  for (;;) {
    if (pos >= in.size()) return Decoded::incomplete;
    const long long size = chunk_size_at(in, pos);
    if (size < 0) return Decoded::corrupt;
    if (size == 0) return Decoded::ok;  // trailer fields, if any, are not kept
    const auto n = static_cast<std::size_t>(size);
    const std::string_view data = in.substr(pos, n);
    if (!append_capped(out, data, max_size)) return Decoded::overflow;
    if (data.size() < n) return Decoded::incomplete;
    pos += n;
    if (in.substr(pos, 2) == "\r\n")
      pos += 2;
    else if (in.substr(pos, 1) == "\n")
      pos += 1;
  }
}

bool looks_chunked(std::string_view raw) {
  std::size_t pos = 0;
  return chunk_size_at(raw, pos) >= 0;
}

// One zlib stream (or, for gzip, consecutive members) into `out`.
Decoded inflate_stream(std::string_view in, int window_bits, bool members, std::string& out,
                       std::size_t max_size) {
  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) return Decoded::corrupt;
  std::array<char, 64 * 1024> buffer{};
  Decoded result = Decoded::incomplete;
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
    if (!append_capped(out, {buffer.data(), produced}, max_size)) {
      result = Decoded::overflow;
      break;
    }
    if (rc == Z_STREAM_END) {
      result = Decoded::ok;
      const std::string_view rest = in.substr(pos);
      if (!members || rest.size() < 2 || rest[0] != '\x1f' || rest[1] != '\x8b') break;
      if (inflateReset(&zs) != Z_OK) break;
      continue;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      result = Decoded::corrupt;
      break;
    }
    if (consumed == 0 && produced == 0) break;  // input exhausted: incomplete
  }
  inflateEnd(&zs);
  return result;
}

Decoded inflate_coding(std::string_view in, std::string_view coding, std::string& out,
                       std::size_t max_size) {
  if (coding == "gzip") return inflate_stream(in, 16 + MAX_WBITS, true, out, max_size);
  const std::size_t before = out.size();
  Decoded zlib = inflate_stream(in, MAX_WBITS, false, out, max_size);
  if (zlib != Decoded::corrupt || out.size() != before) return zlib;
  return inflate_stream(in, -MAX_WBITS, false, out, max_size);  // raw deflate, as IIS sent it
}

bool looks_compressed(std::string_view data, std::string_view coding) {
  if (data.size() < 2) return false;
  const auto b0 = static_cast<unsigned char>(data[0]);
  const auto b1 = static_cast<unsigned char>(data[1]);
  if (coding == "gzip") return b0 == 0x1f && b1 == 0x8b;
  // deflate: a zlib header, or raw deflate, which has no signature: try it unless it is text.
  if ((b0 & 0x0f) == 8 && (b0 * 256 + b1) % 31 == 0) return true;
  return b0 != '<' && !core::is_space_byte(b0);
}

const char* describe(Decoded d) {
  switch (d) {
    case Decoded::ok:
      return "";
    case Decoded::incomplete:
      return "truncated";
    case Decoded::corrupt:
      return "corrupt";
    case Decoded::overflow:
      return "over the size limit";
  }
  return "";
}

std::vector<std::string> coding_tokens(std::string_view value) {
  std::vector<std::string> tokens;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string token = core::to_lower_ascii(core::trim(value.substr(start, comma - start)));
    if (!token.empty() && token != "identity") tokens.push_back(token == "x-gzip" ? "gzip" : token);
    start = comma + 1;
  }
  return tokens;
}

}  // namespace

std::optional<HttpHead> parse_http_head(std::string_view message) {
  if (message.size() < 12 || !core::istarts_with(message, "HTTP/")) return std::nullopt;
  std::size_t lf = message.find('\n');
  const std::string_view status_line =
      strip_cr(message.substr(0, lf == std::string_view::npos ? message.size() : lf));
  if (status_line.size() > k_max_http_head) return std::nullopt;
  HttpHead head;
  const std::size_t space = status_line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  head.version = std::string(status_line.substr(0, space));
  std::string_view rest = status_line.substr(space);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.size() < 3 || !is_digit(rest[0]) || !is_digit(rest[1]) || !is_digit(rest[2]) ||
      (rest.size() > 3 && rest[3] != ' ' && rest[3] != '\t'))
    return std::nullopt;
  head.status = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
  if (head.status < 100) return std::nullopt;
  head.reason = std::string(core::trim(rest.substr(3)));

  std::size_t pos = lf == std::string_view::npos ? message.size() : lf + 1;
  while (pos < message.size()) {
    if (pos > k_max_http_head) return std::nullopt;
    lf = message.find('\n', pos);
    const std::size_t end = lf == std::string_view::npos ? message.size() : lf + 1;
    const std::string_view line =
        strip_cr(message.substr(pos, (lf == std::string_view::npos ? end : lf) - pos));
    if (line.empty()) {
      pos = end;
      break;
    }
    if ((line[0] == ' ' || line[0] == '\t') && !head.headers.empty()) {
      std::string& value = head.headers.back().second;
      const std::string_view more = core::trim(line);
      if (!more.empty()) value += (value.empty() ? "" : " ") + std::string(more);
      pos = end;
      continue;
    }
    const std::size_t colon = line.find(':');
    const std::string_view name =
        colon == std::string_view::npos ? std::string_view{} : core::trim(line.substr(0, colon));
    if (!is_field_name(name)) break;  // no blank line: the body starts here
    head.headers.emplace_back(std::string(name), std::string(core::trim(line.substr(colon + 1))));
    pos = end;
  }
  if (pos > k_max_http_head) return std::nullopt;
  head.size = pos;
  return head;
}

bool dechunk_http_body(std::string_view chunked, std::string& out, std::size_t max_size,
                       std::string* problem) {
  const Decoded d = dechunk(chunked, out, max_size);
  if (d != Decoded::ok && problem) *problem = std::string("chunked body ") + describe(d);
  return d == Decoded::ok;
}

bool inflate_http_body(std::string_view compressed, std::string_view coding, std::string& out,
                       std::size_t max_size, std::string* problem) {
  const std::string lower = core::to_lower_ascii(coding);
  const Decoded d = inflate_coding(compressed, lower == "x-gzip" ? "gzip" : lower, out, max_size);
  if (d != Decoded::ok && problem) *problem = lower + " body " + describe(d);
  return d == Decoded::ok;
}

HttpBody decode_http_body(std::string_view raw, const core::Headers& headers, int status,
                          std::size_t max_size) {
  HttpBody result;
  std::string current;
  bool chunked = false;
  if (auto te = core::header_value(headers, "Transfer-Encoding")) {
    for (const std::string& token : coding_tokens(*te))
      if (token == "chunked") chunked = true;
  }
  if (chunked && looks_chunked(raw)) {
    const Decoded d = dechunk(raw, current, max_size);
    if (d == Decoded::overflow)
      result.too_large = true;
    else if (d != Decoded::ok)
      add_problem(result.problem, std::string("chunked body ") + describe(d));
  } else {
    if (!chunked && status >= 200 && status != 204 && status != 304) {
      if (auto cl = core::header_value(headers, "Content-Length")) {
        const std::string_view digits = core::trim(*cl);
        if (!digits.empty() && digits.size() <= 15 &&
            std::all_of(digits.begin(), digits.end(), is_digit) &&
            raw.size() < std::stoull(std::string(digits)))
          add_problem(result.problem, "body truncated: " + std::to_string(raw.size()) + " of " +
                                          std::string(digits) + " bytes");
      }
    }
    if (!append_capped(current, raw, max_size)) result.too_large = true;
  }

  std::vector<std::string> codings;
  if (auto ce = core::header_value(headers, "Content-Encoding")) codings = coding_tokens(*ce);
  for (auto it = codings.rbegin(); it != codings.rend() && !result.too_large; ++it) {
    if (*it != "gzip" && *it != "deflate") {
      add_problem(result.problem, "unsupported Content-Encoding " + *it + " (body left encoded)");
      break;
    }
    if (!looks_compressed(current, *it)) break;  // stored already decoded
    std::string decoded;
    const Decoded d = inflate_coding(current, *it, decoded, max_size);
    if (d == Decoded::corrupt && decoded.empty()) {  // not compressed after all, or hopeless
      if (*it == "gzip") add_problem(result.problem, "gzip body corrupt (left encoded)");
      break;
    }
    if (d == Decoded::overflow)
      result.too_large = true;
    else if (d != Decoded::ok)
      add_problem(result.problem, *it + " body " + describe(d));
    current = std::move(decoded);
  }
  if (result.too_large)
    add_problem(result.problem, "decoded body over " + std::to_string(max_size) + " bytes");
  result.body = std::move(current);
  return result;
}

std::optional<HttpResponse> parse_http_response(std::string_view message, std::size_t max_body) {
  auto head = parse_http_head(message);
  if (!head) return std::nullopt;
  HttpResponse response;
  response.body =
      decode_http_body(message.substr(head->size), head->headers, head->status, max_body);
  response.head = std::move(*head);
  return response;
}

}  // namespace salvage::fetch
