#pragma once
// A fresh folder for one test, removed with everything in it when the guard goes. Header-only,
// for test binaries.
//
//   TempDir d;
//   d.dir                 // the folder (std::filesystem::path)
//   d.at("salvage.db")    // a path inside it, as a string

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace salvage::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "salvage-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    dir = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string at(const std::string& name) const { return (dir / name).string(); }

  std::filesystem::path dir;
};

}  // namespace salvage::testing
