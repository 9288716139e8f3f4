#pragma once
// What the loopback test server (test_server.py) counted: its /count JSON ("requests" per path,
// "max_active", "log" of every request), read with a plain curl handle of its own, so that the
// reading connection is not one the tested engine opened.

#include <curl/curl.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/server/server_process.hpp"

namespace salvage::testing {

inline nlohmann::json server_counts(const TestServer& server) {
  std::string body;
  auto append = +[](char* data, std::size_t size, std::size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
  };
  CURL* h = curl_easy_init();
  std::string url = server.url("/count");
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
  curl_easy_perform(h);
  curl_easy_cleanup(h);
  return nlohmann::json::parse(body);
}

}  // namespace salvage::testing
