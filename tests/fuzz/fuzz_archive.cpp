// Arbitrary bytes through everything a web-archive file meets: the archive reader (gzip members,
// WARC/ARC records, revisits, chunked and gzip/deflate payloads), the HTTP message parser and the
// sitemap parser. Must never crash, leak or hit undefined behaviour, and what comes out must keep
// the readers' contracts (checked below: a broken one aborts, which libFuzzer reports).
// ArchiveReader reads a path, so the input is written to an in-memory file (memfd) and read back
// as /proc/self/fd/N.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fetch/archive_reader.hpp"
#include "fetch/http_payload.hpp"
#include "fetch/sitemap.hpp"

namespace {

constexpr std::size_t k_max_decoded = 4u << 20;  // keeps gzip bombs in the input cheap

// The memfd every input is written to, created once for the process.
class MemoryFile {
 public:
  MemoryFile() : m_fd(memfd_create("fuzz_archive", 0)) {
    if (m_fd < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    m_path = "/proc/self/fd/" + std::to_string(m_fd);
  }
  ~MemoryFile() { close(m_fd); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  // Replaces the contents with `bytes`; aborts on failure (a harness bug, not a finding).
  const std::string& write(std::string_view bytes) {
    if (ftruncate(m_fd, 0) != 0) std::abort();
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n =
          pwrite(m_fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    return m_path;
  }

 private:
  int m_fd;
  std::string m_path;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static MemoryFile file;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // A fresh reader per input: revisits resolve only within the input, and memory stays flat.
  salvage::fetch::ArchiveReader reader;
  std::size_t pages = 0;
  const std::string& path = file.write(bytes);
  auto counts = reader.read(
      path,
      [&](salvage::core::FetchedPage&& page) {
        ++pages;
        // Every page names the record it came from: this file, an offset inside it.
        const auto& from = page.provenance;
        if (from.kind != "warc" || from.path != path || from.offset < 0 ||
            static_cast<std::size_t>(from.offset) >= size)
          std::abort();
      },
      [](const salvage::fetch::ArchiveProblem&) {});
  if (counts.pages != pages || counts.pages > counts.records) std::abort();

  if (auto response = salvage::fetch::parse_http_response(bytes, k_max_decoded))
    if (response->body.body.size() > k_max_decoded) std::abort();  // the bound holds on bombs
  auto sitemap = salvage::fetch::parse_sitemap(bytes, k_max_decoded);
  for (const auto* list : {&sitemap.pages, &sitemap.sitemaps})
    for (const std::string& entry : *list)
      if (entry.size() > k_max_decoded) std::abort();
  return 0;
}
