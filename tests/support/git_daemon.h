#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace faber::testing {

// `git daemon` serving the bare repositories under `base_dir` (created if absent) on a free loopback port, with
// pushes enabled; stopped on destruction.
class GitDaemon {
 public:
  explicit GitDaemon(std::filesystem::path base_dir);
  ~GitDaemon();
  GitDaemon(const GitDaemon&) = delete;
  GitDaemon& operator=(const GitDaemon&) = delete;

  // True once the daemon accepts connections.
  bool ready() const { return ready_; }
  // Returns git://127.0.0.1:<port>/<name>.
  std::string Url(const std::string& name) const;

 private:
  std::filesystem::path base_dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool ready_ = false;
};

}  // namespace faber::testing
