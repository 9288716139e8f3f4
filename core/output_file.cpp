#include "core/output_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"

namespace salvage::core {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw Error(ExitCode::output, what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

OutputFile::OutputFile(std::string path) : m_path(std::move(path)) {
  if (m_path.empty()) {
    m_file = stdout;
    return;
  }
  // A device or pipe (/dev/null, /dev/stdout) is written directly: it cannot be renamed onto.
  std::error_code ec;
  auto status = std::filesystem::status(m_path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    m_file = std::fopen(m_path.c_str(), "wb");
    if (!m_file) fail("cannot open", m_path);
    m_direct = true;
    return;
  }
  m_partial = m_path + ".partial";
  m_file = std::fopen(m_partial.c_str(), "wb");
  if (!m_file) fail("cannot create", m_partial);
}

OutputFile::~OutputFile() {
  if (m_direct && !m_committed && m_file) std::fclose(m_file);
  if (m_path.empty() || m_direct || m_committed) return;
  if (m_file) std::fclose(m_file);
  std::error_code ec;
  std::filesystem::remove(m_partial, ec);
}

void OutputFile::write_line(std::string_view line) {
  if (std::fwrite(line.data(), 1, line.size(), m_file) != line.size() || std::fputc('\n', m_file) == EOF)
    fail("cannot write", m_path.empty() ? "stdout" : m_partial);
}

void OutputFile::write(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), m_file) != text.size())
    fail("cannot write", m_path.empty() ? "stdout" : m_partial);
}

void OutputFile::commit() {
  if (std::fflush(m_file) != 0) fail("cannot write", m_path.empty() ? "stdout" : m_partial);
  if (m_path.empty()) return;
  if (m_direct) {
    std::fclose(m_file);
    m_file = nullptr;
    m_committed = true;
    return;
  }
  std::FILE* file = m_file;
  m_file = nullptr;
  if (std::fclose(file) != 0) fail("cannot write", m_partial);
  if (std::rename(m_partial.c_str(), m_path.c_str()) != 0) fail("cannot rename to", m_path);
  m_committed = true;
}

}  // namespace salvage::core
