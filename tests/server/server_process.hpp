#pragma once
// Starts tests/server/test_server.py for a test and stops it when the guard goes: the loopback
// HTTP server of the fetch and crawl tests. Header-only, for test binaries.
//
//   TestServer server({"--robots", path});   // throws std::runtime_error when it cannot start
//   server.url("/ok")                        // "http://127.0.0.1:PORT/ok"
//
// The server reads our end of a pipe as its stdin and exits when it closes, so even a test
// process that dies without running destructors leaves no server behind.

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <vector>

#ifndef SALVAGE_SOURCE_DIR
#error "SALVAGE_SOURCE_DIR must name the source tree"
#endif

extern char** environ;

namespace salvage::testing {

class TestServer {
 public:
  explicit TestServer(const std::vector<std::string>& extra_args = {}) {
    std::vector<std::string> args = {
        "/usr/bin/python3", SALVAGE_SOURCE_DIR "/tests/server/test_server.py", "--port", "0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    int in[2], out[2];
    if (pipe(in) != 0) throw std::runtime_error("pipe failed");
    if (pipe(out) != 0) {
      close(in[0]);
      close(in[1]);
      throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, in[1]);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    int rc = posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    m_stdin = in[1];
    if (rc != 0) {
      m_pid = -1;
      close(out[0]);
      stop();
      throw std::runtime_error("cannot start test_server.py");
    }
    std::string line = read_line(out[0]);
    close(out[0]);
    if (line.rfind("PORT ", 0) != 0) {
      stop();
      throw std::runtime_error("test_server.py did not start: \"" + line + "\"");
    }
    m_port = std::stoi(line.substr(5));
  }

  ~TestServer() { stop(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return m_port; }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  std::string url(const std::string& path) const { return base() + path; }

 private:
  // The first line of the server's stdout, waiting at most 10 seconds.
  static std::string read_line(int fd) {
    std::string line;
    char c = 0;
    while (true) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 10000) <= 0) break;
      if (read(fd, &c, 1) != 1 || c == '\n') break;
      line += c;
    }
    return line;
  }

  void stop() {
    if (m_stdin >= 0) close(m_stdin);
    m_stdin = -1;
    if (m_pid > 0) {
      kill(m_pid, SIGTERM);
      int status = 0;
      waitpid(m_pid, &status, 0);
    }
    m_pid = -1;
  }

  pid_t m_pid = -1;
  int m_stdin = -1;
  int m_port = 0;
};

}  // namespace salvage::testing
