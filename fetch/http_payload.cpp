#include "fetch/http_payload.hpp"

#include <algorithm>
#include <vector>

#include "core/text.hpp"
#include "fetch/content_decoding.hpp"

namespace salvage::fetch {

namespace {

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

DecodeStatus dechunk(std::string_view in, std::string& out, std::size_t max_size) {
  std::size_t pos = 0;
  for (;;) {
    if (pos >= in.size()) return DecodeStatus::truncated;
    const long long size = chunk_size_at(in, pos);
    if (size < 0) return DecodeStatus::corrupt;
    if (size == 0) return DecodeStatus::ok;  // trailer fields, if any, are not kept
    const auto n = static_cast<std::size_t>(size);
    const std::string_view data = in.substr(pos, n);
    if (!append_capped(out, data, max_size)) return DecodeStatus::too_large;
    if (data.size() < n) return DecodeStatus::truncated;
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

bool looks_compressed(std::string_view data, std::string_view coding) {
  if (data.size() < 2) return false;
  const auto b0 = static_cast<unsigned char>(data[0]);
  const auto b1 = static_cast<unsigned char>(data[1]);
  if (coding == "gzip") return b0 == 0x1f && b1 == 0x8b;
  // deflate: a zlib header, or raw deflate, which has no signature: try it unless it is text.
  if ((b0 & 0x0f) == 8 && (b0 * 256 + b1) % 31 == 0) return true;
  return b0 != '<' && !core::is_space_byte(b0);
}

const char* describe(DecodeStatus d) {
  switch (d) {
    case DecodeStatus::ok:
      return "";
    case DecodeStatus::truncated:
      return "truncated";
    case DecodeStatus::corrupt:
      return "corrupt";
    case DecodeStatus::too_large:
      return "over the size limit";
    case DecodeStatus::unsupported:
      return "in an unsupported coding";
  }
  return "";
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
  const DecodeStatus d = dechunk(chunked, out, max_size);
  if (d != DecodeStatus::ok && problem) *problem = std::string("chunked body ") + describe(d);
  return d == DecodeStatus::ok;
}

bool inflate_http_body(std::string_view compressed, std::string_view coding, std::string& out,
                       std::size_t max_size, std::string* problem) {
  const std::string lower = core::to_lower_ascii(coding);
  const DecodeStatus d = inflate_content(lower, compressed, out, max_size);
  if (d != DecodeStatus::ok && problem) *problem = lower + " body " + describe(d);
  return d == DecodeStatus::ok;
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
    const DecodeStatus d = dechunk(raw, current, max_size);
    if (d == DecodeStatus::too_large)
      result.too_large = true;
    else if (d != DecodeStatus::ok)
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
    const DecodeStatus d = inflate_content(*it, current, decoded, max_size);
    if (d == DecodeStatus::corrupt && decoded.empty()) {  // not compressed after all, or hopeless
      if (*it == "gzip") add_problem(result.problem, "gzip body corrupt (left encoded)");
      break;
    }
    if (d == DecodeStatus::too_large)
      result.too_large = true;
    else if (d != DecodeStatus::ok)
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
