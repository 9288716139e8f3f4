#pragma once
// Reading web archives: WARC 1.0/1.1 and ARC files, plain or gzipped (a gzip member per record
// or the whole file in one). Response and resource records become pages; a revisit record
// resolves to the payload it points to (by WARC-Refers-To, else by WARC-Payload-Digest, among
// the records read so far in this reader); chunked and gzip/deflate-encoded HTTP payloads are
// decoded. A broken record is reported with its file and offset and skipped; the rest of the
// file is still read. Never crashes on any bytes.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/fetched_page.hpp"

namespace salvage::fetch {

struct ArchiveProblem {
  std::string file;
  std::int64_t offset = 0;  // of the record (or of the gzip member) that could not be read
  std::string message;
};

struct ArchiveCounts {
  std::size_t records = 0;   // records seen (warcinfo, request, metadata ... included)
  std::size_t pages = 0;     // pages handed to the callback
  std::size_t revisits = 0;  // revisit records resolved to a payload
  std::size_t problems = 0;  // broken or unresolvable records reported
};

class ArchiveReader {
 public:
  ArchiveReader();
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  // Reads one file. `page` gets each HTTP response (any status) and resource record as a
  // FetchedPage (provenance: kind "warc", the file, the record's offset, its WARC-Record-ID;
  // fetched_at from WARC-Date / the ARC date). Files that cannot be opened are one problem.
  ArchiveCounts read(const std::string& path, const std::function<void(core::FetchedPage&&)>& page,
                     const std::function<void(const ArchiveProblem&)>& problem);

 private:
  struct Impl;  // remembers payloads seen, for revisits
  std::unique_ptr<Impl> m_impl;
};

}  // namespace salvage::fetch
