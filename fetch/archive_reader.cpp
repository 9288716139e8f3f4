// Archive records to pages. Records are read by ArchiveRecordReader (archive_records.hpp) from an
// ArchiveStream (plain or gzip); HTTP blocks are decoded by http_payload.hpp. For revisits the
// reader remembers, per response and resource record read, where it is (file, offset, bytes into
// its gzip member) under its record id, its URI + capture time and its payload digest; a revisit
// re-reads the record it resolves to, unless the payload is still in a small cache. Memory stays
// bounded by the largest record, the cache and that index.

#include "fetch/archive_reader.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <deque>
#include <unordered_map>
#include <vector>

#include "core/text.hpp"
#include "core/url.hpp"
#include "fetch/archive_records.hpp"
#include "fetch/archive_stream.hpp"
#include "fetch/http_payload.hpp"

namespace salvage::fetch {

namespace {

constexpr std::size_t k_max_body = 100u << 20;    // decoded payload
constexpr std::size_t k_cache_bytes = 32u << 20;  // payloads kept for revisits
constexpr std::size_t k_max_cached_body = 1u << 20;

// What a page needs from a response or resource record.
struct Payload {
  int status = 0;
  core::Headers headers;
  std::string body;
};

std::string field(const ArchiveRecord& record, std::string_view name) {
  return std::string(core::trim(core::header_value(record.fields, name).value_or("")));
}

std::string time_key(const std::string& uri, const std::string& date) {
  const auto time = parse_archive_date(date);
  return "ud:" + clean_target_uri(uri) + ' ' + (time ? std::to_string(*time) : date);
}

std::string digest_key(std::string digest) {
  const std::size_t colon = digest.find(':');
  for (std::size_t i = 0; i < colon && i < digest.size(); ++i)
    digest[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(digest[i])));
  return "pd:" + digest;
}

bool is_http_scheme(std::string_view uri) {
  const std::string scheme = core::url_scheme(uri);
  return scheme == "http" || scheme == "https";
}

// The payload of a response or resource record; nullopt with `problem` (or, for a response
// that is no HTTP message, such as a dns: record, with none) when it has no page.
std::optional<Payload> payload_of(const ArchiveRecord& record, std::string& problem) {
  if (record.block_skipped) return std::nullopt;
  Payload payload;
  if (record.type == "resource") {
    payload.status = 200;
    if (std::string type = field(record, "Content-Type"); !type.empty())
      payload.headers.emplace_back("Content-Type", std::move(type));
    payload.body = record.block;
    return payload;
  }
  auto response = parse_http_response(record.block, k_max_body);
  if (!response) {
    if (is_http_scheme(clean_target_uri(field(record, "WARC-Target-URI"))))
      problem = "the block holds no HTTP response";
    return std::nullopt;
  }
  if (!response->body.problem.empty()) problem = response->body.problem;
  if (response->body.too_large) return std::nullopt;
  payload.status = response->head.status;
  payload.headers = std::move(response->head.headers);
  payload.body = std::move(response->body.body);
  return payload;
}

void add(std::string& problems, const std::string& problem) {
  if (problem.empty()) return;
  if (!problems.empty()) problems += "; ";
  problems += problem;
}

}  // namespace

struct ArchiveReader::Impl {
  struct Location {
    std::size_t path = 0;
    std::int64_t offset = 0;
    std::int64_t skip = 0;
  };
  std::vector<std::string> paths;
  std::vector<Location> locations;
  std::unordered_map<std::string, std::size_t> index;  // key -> locations[]
  std::unordered_map<std::size_t, Payload> cache;      // locations[] -> payload
  std::deque<std::size_t> cache_order;
  std::size_t cache_bytes = 0;

  void remember(const ArchiveRecord& record, std::size_t path, const Payload& payload);
  std::optional<std::size_t> resolve(const ArchiveRecord& revisit) const;
  std::optional<Payload> load(std::size_t location, std::string& problem);
};

void ArchiveReader::Impl::remember(const ArchiveRecord& record, std::size_t path,
                                   const Payload& payload) {
  const std::size_t location = locations.size();
  locations.push_back({path, record.offset, record.skip});
  if (std::string id = field(record, "WARC-Record-ID"); !id.empty()) index["id:" + id] = location;
  const std::string uri = field(record, "WARC-Target-URI");
  const std::string date = field(record, "WARC-Date");
  if (!uri.empty() && !date.empty()) index[time_key(uri, date)] = location;
  if (std::string digest = field(record, "WARC-Payload-Digest"); !digest.empty())
    index[digest_key(digest)] = location;
  if (payload.body.size() > k_max_cached_body) return;
  cache[location] = payload;
  cache_order.push_back(location);
  cache_bytes += payload.body.size();
  while (cache_bytes > k_cache_bytes && !cache_order.empty()) {
    auto it = cache.find(cache_order.front());
    cache_bytes -= it->second.body.size();
    cache.erase(it);
    cache_order.pop_front();
  }
}

std::optional<std::size_t> ArchiveReader::Impl::resolve(const ArchiveRecord& revisit) const {
  auto find = [&](const std::string& key) -> std::optional<std::size_t> {
    auto it = index.find(key);
    if (it == index.end()) return std::nullopt;
    return it->second;
  };
  std::optional<std::size_t> found;
  if (std::string id = field(revisit, "WARC-Refers-To"); !id.empty()) found = find("id:" + id);
  const std::string uri = field(revisit, "WARC-Refers-To-Target-URI");
  const std::string date = field(revisit, "WARC-Refers-To-Date");
  if (!found && !uri.empty() && !date.empty()) found = find(time_key(uri, date));
  if (std::string digest = field(revisit, "WARC-Payload-Digest"); !found && !digest.empty())
    found = find(digest_key(digest));
  return found;
}

std::optional<Payload> ArchiveReader::Impl::load(std::size_t location, std::string& problem) {
  if (auto it = cache.find(location); it != cache.end()) return it->second;
  const Location& where = locations[location];
  ArchiveStream stream;
  ArchiveRecord record;
  std::string ignored;
  std::optional<Payload> payload;
  if (stream.open(paths[where.path], where.offset) &&
      stream.skip(static_cast<std::uint64_t>(where.skip)) ==
          static_cast<std::uint64_t>(where.skip) &&
      ArchiveRecordReader(stream).next(record) && record.is_record)
    payload = payload_of(record, ignored);
  if (!payload)  // the file changed or went away since it was read
    problem = "could not re-read the record it refers to in " + paths[where.path];
  return payload;
}

ArchiveReader::ArchiveReader() : m_impl(std::make_unique<Impl>()) {}
ArchiveReader::~ArchiveReader() = default;

ArchiveCounts ArchiveReader::read(const std::string& path,
                                  const std::function<void(core::FetchedPage&&)>& page,
                                  const std::function<void(const ArchiveProblem&)>& problem) {
  ArchiveCounts counts;
  auto report = [&](std::int64_t offset, const std::string& message) {
    ++counts.problems;
    if (problem) problem(ArchiveProblem{path, offset, message});
  };
  ArchiveStream stream;
  if (!stream.open(path)) {
    report(0, std::string("cannot open: ") + std::strerror(errno));
    return counts;
  }
  const std::size_t path_index = m_impl->paths.size();
  m_impl->paths.push_back(path);
  ArchiveRecordReader reader(stream);
  ArchiveRecord record;
  while (reader.next(record)) {
    if (!record.is_record) {
      report(record.offset, record.problem);
      continue;
    }
    ++counts.records;
    std::string problems = record.problem;
    std::optional<Payload> payload;
    const bool revisit = record.type == "revisit";
    if (record.type == "response" || record.type == "resource") {
      std::string why;
      payload = payload_of(record, why);
      add(problems, why);
      if (payload && record.format == ArchiveRecord::Format::warc)
        m_impl->remember(record, path_index, *payload);
    } else if (revisit && !record.block_skipped) {
      if (auto location = m_impl->resolve(record)) {
        std::string why;
        payload = m_impl->load(*location, why);
        add(problems, why);
      } else {
        add(problems, "revisit of a record not read before");
      }
      if (payload) {
        if (auto own = parse_http_head(record.block)) {  // e.g. a 304: its own status and headers
          payload->status = own->status;
          payload->headers = std::move(own->headers);
        }
      }
    }
    if (payload) {
      core::FetchedPage fetched;
      fetched.requested_url = clean_target_uri(field(record, "WARC-Target-URI"));
      fetched.final_url = fetched.requested_url;
      fetched.status = payload->status;
      fetched.headers = std::move(payload->headers);
      fetched.body = std::move(payload->body);
      fetched.fetched_at = parse_archive_date(field(record, "WARC-Date")).value_or(0);
      fetched.provenance = {"warc", path, record.offset, field(record, "WARC-Record-ID")};
      if (fetched.requested_url.empty()) {
        add(problems, "no target URI");
      } else {
        ++counts.pages;
        if (revisit) ++counts.revisits;
        if (page) page(std::move(fetched));
      }
    }
    if (!problems.empty()) report(record.offset, problems);
  }
  if (counts.records == 0 && counts.problems == 0) report(0, "no WARC or ARC record in the file");
  return counts;
}

}  // namespace salvage::fetch
