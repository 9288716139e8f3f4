#include "fetch/archive_records.hpp"

#include <algorithm>
#include <vector>

#include "core/text.hpp"
#include "fetch/archive_stream.hpp"

namespace salvage::fetch {

namespace {

constexpr std::size_t k_max_line = 64 * 1024;
constexpr std::uint64_t k_max_content_length = 1ull << 40;  // larger values are not lengths

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

std::string_view strip_eol(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

std::optional<std::uint64_t> parse_length(std::string_view text) {
  text = core::trim(text);
  if (!all_digits(text) || text.size() > 15) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : text) n = n * 10 + static_cast<std::uint64_t>(c - '0');
  if (n > k_max_content_length) return std::nullopt;
  return n;
}

// "WARC/1.0" and friends: digits, a dot, digits, nothing else.
bool is_warc_start(std::string_view line) {
  line = strip_eol(line);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  if (line.size() > 16 || !core::istarts_with(line, "WARC/")) return false;
  const std::string_view version = line.substr(5);
  const std::size_t dot = version.find('.');
  return dot != std::string_view::npos && all_digits(version.substr(0, dot)) &&
         all_digits(version.substr(dot + 1));
}

std::vector<std::string_view> split_spaces(std::string_view line) {
  std::vector<std::string_view> tokens;
  std::size_t pos = 0;
  while (pos < line.size()) {
    const std::size_t space = std::min(line.find(' ', pos), line.size());
    if (space > pos) tokens.push_back(line.substr(pos, space - pos));
    pos = space + 1;
  }
  return tokens;
}

// Where the ARC header fields sit among the tokens: the URL may hold spaces, so they are counted
// from the right. 0 when the line is no ARC header.
struct ArcLayout {
  int version = 0;
  std::size_t url_end = 0;  // tokens [0, url_end) are the URL
};

// "scheme:" at the start of a URL.
bool starts_with_scheme(std::string_view url) {
  std::size_t i = 0;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (url.empty() || !alpha(url[0])) return false;
  while (i < url.size() &&
         (alpha(url[i]) || is_digit(url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.'))
    ++i;
  return i < url.size() && url[i] == ':';
}

ArcLayout arc_layout(const std::vector<std::string_view>& tokens, int known_version) {
  const std::size_t n = tokens.size();
  if (n < 5 || !starts_with_scheme(tokens[0]) || !all_digits(tokens[n - 1]) ||
      tokens[n - 1].size() > 15)
    return {};
  const bool filedesc = core::istarts_with(tokens[0], "filedesc:");
  auto date_ok = [&](std::string_view d) {
    return (filedesc && d == "-") || (all_digits(d) && d.size() >= 8);
  };
  const bool v2 = n >= 10 && date_ok(tokens[n - 8]);
  const bool v1 = date_ok(tokens[n - 3]);
  if (v2 && (known_version == 2 || !v1)) return {2, n - 9};
  if (v1 && known_version != 2) return {1, n - 4};
  if (v2) return {2, n - 9};
  return {};
}

constexpr std::size_t k_max_arc_header = 8192;

bool is_arc_start(std::string_view line, int known_version) {
  line = strip_eol(line);
  if (line.size() > k_max_arc_header || line.empty() || !is_digit(line.back())) return false;
  return arc_layout(split_spaces(line), known_version).version != 0;
}

std::string join(const std::vector<std::string_view>& tokens, std::size_t end) {
  std::string out;
  for (std::size_t i = 0; i < end; ++i) {
    if (i) out += ' ';
    out += tokens[i];
  }
  return out;
}

void add_problem(ArchiveRecord& record, std::string_view problem) {
  if (!record.problem.empty()) record.problem += "; ";
  record.problem += problem;
}

bool holds_pages(const ArchiveRecord& record) {
  return record.format == ArchiveRecord::Format::arc || record.type == "response" ||
         record.type == "resource" || record.type == "revisit";
}

}  // namespace

bool ArchiveRecordReader::is_record_start(std::string_view line) const {
  if (m_format != FileFormat::arc && is_warc_start(line)) return true;
  return m_format != FileFormat::warc && is_arc_start(line, m_arc_version);
}

std::size_t ArchiveRecordReader::find_record_start(std::string_view text, std::size_t from) const {
  static constexpr std::string_view k_arc_schemes[] = {"http://", "https://", "dns:", "ftp://",
                                                       "filedesc://"};
  // Line by line. A record's first line ends with its LF within k_max_arc_header bytes, so only
  // the end of a long line can hold one; and as a start inside a line (a record written after a
  // cut-off one) shares the end of its line with every other candidate there, the first
  // candidate of each kind decides. Linear in the size of `text`.
  for (std::size_t line = 0, lf = text.find('\n'); lf != std::string_view::npos;
       line = lf + 1, lf = text.find('\n', line)) {
    const std::size_t window =
        std::max({line, from, lf > k_max_arc_header ? lf - k_max_arc_header : 0});
    if (window > lf) continue;
    const std::string_view tail = text.substr(window, lf + 1 - window);
    if (window == line && is_record_start(tail)) return line;
    std::size_t best = std::string_view::npos;
    auto consider = [&](std::size_t p) {
      if (p != std::string_view::npos && p < best && is_record_start(tail.substr(p))) best = p;
    };
    if (m_format != FileFormat::arc)
      consider(tail.find("WARC/", tail.size() > 24 ? tail.size() - 24 : 0));
    if (m_format != FileFormat::warc)
      for (std::string_view scheme : k_arc_schemes) consider(tail.find(scheme));
    if (best != std::string_view::npos) return window + best;
  }
  return std::string_view::npos;
}

void ArchiveRecordReader::resync() {
  while (!m_stream.at_end()) {
    const std::string_view line = m_stream.peek_line(k_max_line);
    const std::size_t start = find_record_start(line, 0);
    if (start != std::string_view::npos) return m_stream.consume(start);
    m_stream.consume(line.size());
  }
}

bool ArchiveRecordReader::next(ArchiveRecord& record) {
  record = ArchiveRecord{};
  while (m_stream.peek() == '\r' || m_stream.peek() == '\n') m_stream.consume(1);
  const ArchiveStream::Origin origin = m_stream.origin();
  record.offset = origin.offset;
  record.skip = origin.skip;
  const auto errors = m_stream.take_errors(m_stream.position() + 1);
  if (!errors.empty()) {  // the gzip stream broke between records
    record.is_record = false;
    record.offset = errors.front().offset;
    for (const auto& error : errors)
      add_problem(record, error.message + " at offset " + std::to_string(error.offset));
    return true;
  }
  if (m_stream.at_end()) return false;
  m_stream.forget_before_origin();
  const std::string_view line = m_stream.peek_line(k_max_line);
  if (is_warc_start(line) && m_format != FileFormat::arc) {
    read_warc(record);
  } else if (is_arc_start(line, m_arc_version) && m_format != FileFormat::warc) {
    read_arc(record);
  } else {
    record.is_record = false;
    add_problem(record, "no WARC or ARC record starts here");
    m_stream.consume(std::max<std::size_t>(1, std::min(find_record_start(line, 1), line.size())));
    resync();
  }
  for (const auto& error : m_stream.take_errors(m_stream.position()))
    add_problem(record, error.message + " at offset " + std::to_string(error.offset));
  return true;
}

void ArchiveRecordReader::read_warc(ArchiveRecord& record) {
  m_format = FileFormat::warc;
  const std::string_view first = m_stream.peek_line(k_max_line);
  record.version = std::string(core::trim(first));
  m_stream.consume(first.size());
  const std::string upper = core::to_lower_ascii(record.version);
  if (upper != "warc/1.0" && upper != "warc/1.1" && upper != "warc/0.17" && upper != "warc/0.18")
    add_problem(record, "unknown version " + record.version);
  std::size_t total = 0;
  for (;;) {
    if (m_stream.at_end())
      return add_problem(record, "header block cut off by the end of the file");
    const std::string_view line = m_stream.peek_line(k_max_line);
    const std::string_view text = strip_eol(line);
    if (text.empty()) {
      m_stream.consume(line.size());
      break;
    }
    if (is_warc_start(line)) return add_problem(record, "header block without its empty line");
    total += line.size();
    if (line.back() != '\n' && line.size() >= k_max_line) total = k_max_archive_header + 1;
    if (total > k_max_archive_header) {
      add_problem(record, "header block over " + std::to_string(k_max_archive_header) + " bytes");
      return resync();
    }
    if ((text[0] == ' ' || text[0] == '\t') && !record.fields.empty()) {
      std::string& value = record.fields.back().second;
      const std::string_view more = core::trim(text);
      if (!more.empty()) value += (value.empty() ? "" : " ") + std::string(more);
    } else if (const std::size_t colon = text.find(':');
               colon != std::string_view::npos && colon > 0) {
      record.fields.emplace_back(std::string(core::trim(text.substr(0, colon))),
                                 std::string(core::trim(text.substr(colon + 1))));
    }
    m_stream.consume(line.size());
  }
  record.type = core::to_lower_ascii(core::header_value(record.fields, "WARC-Type").value_or(""));
  const auto length =
      parse_length(core::header_value(record.fields, "Content-Length").value_or(""));
  if (!length) {
    add_problem(record, "missing or invalid Content-Length");
    return resync();
  }
  read_block(record, *length);
}

void ArchiveRecordReader::read_arc(ArchiveRecord& record) {
  m_format = FileFormat::arc;
  record.format = ArchiveRecord::Format::arc;
  const std::string_view line = m_stream.peek_line(k_max_line);
  const auto tokens = split_spaces(strip_eol(line));
  const ArcLayout layout = arc_layout(tokens, m_arc_version);
  const std::size_t u = layout.url_end;
  const std::string url = join(tokens, u);
  record.version = "ARC/" + std::to_string(layout.version);
  record.type = core::istarts_with(url, "filedesc:") ? "filedesc" : "response";
  record.fields = {{"WARC-Target-URI", url},
                   {"WARC-IP-Address", std::string(tokens[u])},
                   {"WARC-Date", std::string(tokens[u + 1])},
                   {"Content-Type", std::string(tokens[u + 2])}};
  const auto length = parse_length(tokens.back());
  m_stream.consume(line.size());
  if (record.type == "filedesc" && tokens.size() >= 10) m_arc_version = 2;
  if (!length) {
    add_problem(record, "invalid ARC record length");
    return resync();
  }
  read_block(record, *length);
  if (record.type == "filedesc" && m_arc_version == 0 && !record.block.empty())
    m_arc_version = record.block[0] == '2' ? 2 : 1;
}

void ArchiveRecordReader::read_block(ArchiveRecord& record, std::uint64_t length) {
  const std::string size = std::to_string(length);
  std::uint64_t got = 0;
  if (length > k_max_archive_block) {
    record.block_skipped = true;
    got = m_stream.skip(length);
    if (holds_pages(record))
      add_problem(record, "record of " + size + " bytes over the size limit, skipped");
  } else {
    got = m_stream.read(record.block, static_cast<std::size_t>(length));
  }
  if (got < length) {  // the file ends first: a length too large, or a file cut off
    const std::size_t start =
        record.block_skipped ? std::string::npos : find_record_start(record.block, 1);
    if (start != std::string::npos) return cut_block(record, start, "", size);
    return add_problem(record, "record cut off by the end of the file: " + std::to_string(got) +
                                   " of " + size + " bytes");
  }
  // The record ends with blank lines; then comes the end or the next record.
  std::string blanks;  // CR, LF, and the spaces some writers pad a block with
  for (int c = m_stream.peek();
       (c == '\r' || c == '\n' || c == ' ' || c == '\t') && blanks.size() < k_max_line;
       c = m_stream.peek()) {
    blanks += static_cast<char>(c);
    m_stream.consume(1);
  }
  const std::string_view next = m_stream.peek_line(k_max_line);
  const std::string_view block = record.block;
  // A length that overran by a few bytes leaves the block ending inside the next record's first
  // line (what follows may even look like a start itself, e.g. "ttp://..." in an ARC file).
  if (!record.block_skipped && blanks.empty() && !block.empty() && block.back() != '\n') {
    const std::size_t lf = block.rfind('\n');
    const std::size_t tail = std::max(lf == std::string_view::npos ? 0 : lf + 1,
                                      block.size() > k_max_line ? block.size() - k_max_line : 0);
    const std::string joined = std::string(block.substr(tail)).append(next);
    const std::size_t start = find_record_start(joined, tail == 0 ? 1 : 0);
    if (start < block.size() - tail) return cut_block(record, tail + start, blanks, size);
  }
  if (m_stream.at_end() || is_record_start(next)) return;
  const std::size_t start = record.block_skipped ? std::string::npos : find_record_start(block, 1);
  if (start == std::string::npos) {
    add_problem(record, "declared length " + size + " does not end at a record boundary");
    return resync();
  }
  cut_block(record, start, blanks, size);
}

void ArchiveRecordReader::cut_block(ArchiveRecord& record, std::size_t start,
                                    const std::string& blanks, const std::string& size) {
  m_stream.unread(record.block.substr(start) + blanks);
  record.block.resize(start);
  for (std::string_view end : {"\r\n\r\n", "\n\n", "\r\n", "\n"}) {
    if (record.block.ends_with(end)) {
      record.block.resize(record.block.size() - end.size());
      break;
    }
  }
  add_problem(record, "declared length " + size + " runs into the next record, at offset " +
                          std::to_string(m_stream.origin().offset));
}

}  // namespace salvage::fetch
