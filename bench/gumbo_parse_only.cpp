// Baseline for the extraction benchmark: reads every file named on stdin and parses it with
// Gumbo on one thread, nothing else. Prints "<pages> <bytes> <seconds>".
#include <gumbo.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

int main() {
  std::string path;
  std::size_t pages = 0, bytes = 0;
  auto start = std::chrono::steady_clock::now();
  while (std::getline(std::cin, path)) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    std::string html = s.str();
    GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    ++pages;
    bytes += html.size();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu %zu %.3f\n", pages, bytes, seconds);
}
