#pragma once
// An output written whole or not at all: lines go to "<path>.partial" and the file is renamed to
// <path> by commit(); a run that fails or is interrupted leaves no half file under the real
// name. An empty path means stdout; a device or pipe such as /dev/null is written in place.

#include <cstdio>
#include <string>
#include <string_view>

namespace salvage::core {

// Where an exporter writes text: a file (OutputFile) or, in tests, a string (StringOut).
class TextOut {
 public:
  virtual ~TextOut() = default;
  virtual void write(std::string_view text) = 0;
};

class StringOut final : public TextOut {
 public:
  void write(std::string_view text) override { m_text += text; }
  const std::string& text() const { return m_text; }

 private:
  std::string m_text;
};

class OutputFile final : public TextOut {
 public:
  // Throws core::Error(ExitCode::output) when the file cannot be created.
  explicit OutputFile(std::string path);
  ~OutputFile();  // removes the partial file unless committed; never throws
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write_line(std::string_view line);  // throws core::Error(ExitCode::output) on a write error
  void write(std::string_view text) override;  // the same, without a newline
  void commit();                           // flushes, closes and renames; throws on failure

 private:
  std::string m_path;
  std::string m_partial;
  std::FILE* m_file = nullptr;
  bool m_committed = false;
  bool m_direct = false;  // a device or pipe, written in place
};

}  // namespace salvage::core
