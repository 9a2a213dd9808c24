// PosixEnv: the real host behind common::Env (POSIX files, flock, /proc).

#include "common/env.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/files.h"
#include "common/process_runner.h"

namespace faber::common {
namespace {

// Returns the process group of `pid` from /proc/<pid>/stat, or -1.
pid_t ProcessGroupOf(const std::string& pid) {
  std::ifstream stat("/proc/" + pid + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return -1;
  // The command name may contain spaces and parentheses: fields resume after the last ')'.
  size_t close = line.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(line.substr(close + 2));
  std::string state;
  pid_t ppid = 0, pgrp = -1;
  rest >> state >> ppid >> pgrp;
  return pgrp;
}

bool EnvironmentHas(const std::string& pid, const std::string& entry) {
  std::ifstream environ("/proc/" + pid + "/environ", std::ios::binary);
  std::string var;
  while (std::getline(environ, var, '\0')) {
    if (var == entry) return true;
  }
  return false;
}

int StopMatchingProcesses(pid_t pgid, const std::string& run_id) {
  if (pgid <= 1 || run_id.empty()) return 0;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return 0;
  const std::string marker = "FABER_RUN_ID=" + run_id;
  int found = 0;
  while (dirent* entry = readdir(proc)) {
    std::string name = entry->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (ProcessGroupOf(name) == pgid && EnvironmentHas(name, marker)) ++found;
  }
  closedir(proc);
  if (found > 0) StopProcessGroup(pgid, std::chrono::seconds(5));
  return found;
}

// A lock held through a descriptor of its own: flock excludes other threads of this process too.
class PosixFileLock : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  ~PosixFileLock() override { close(fd_); }  // closing the descriptor releases the flock

 private:
  int fd_;
};

class PosixEnv : public Env {
 public:
  Result<std::string> ReadFile(const std::filesystem::path& path) override { return common::ReadFile(path); }
  Status WriteFileAtomically(const std::filesystem::path& path, const std::string& content) override {
    return common::WriteFileAtomically(path, content);
  }
  bool Exists(const std::filesystem::path& path) override {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
  }
  Status RemoveFile(const std::filesystem::path& path) override {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    if (ec) return Internal("cannot remove " + path.string() + ": " + ec.message());
    return Status::Ok();
  }
  Status RemoveAll(const std::filesystem::path& path) override {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    if (ec) return Internal("cannot remove " + path.string() + ": " + ec.message());
    return Status::Ok();
  }
  Status CreateDirectories(const std::filesystem::path& path) override {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return Internal("cannot create " + path.string() + ": " + ec.message());
    return Status::Ok();
  }
  Status Rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
    std::error_code ec;
    std::filesystem::rename(from, to, ec);
    if (ec) return Internal("cannot rename " + from.string() + " to " + to.string() + ": " + ec.message());
    return Status::Ok();
  }
  Result<std::vector<std::filesystem::path>> ListDirectory(const std::filesystem::path& path) override {
    std::vector<std::filesystem::path> entries;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) entries.push_back(entry.path());
    if (ec && ec != std::errc::no_such_file_or_directory) {
      return Internal("cannot list " + path.string() + ": " + ec.message());
    }
    return entries;
  }
  Result<std::unique_ptr<FileLock>> TryLockFile(const std::filesystem::path& path) override {
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Internal("cannot open lock " + path.string() + ": " + std::strerror(errno));
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int err = errno;
      close(fd);
      if (err == EWOULDBLOCK) return Status(ErrorKind::kWaiting, path.string() + " is held by another run");
      return Internal("cannot lock " + path.string() + ": " + std::strerror(err));
    }
    return std::unique_ptr<FileLock>(std::make_unique<PosixFileLock>(fd));
  }
  pid_t ProcessId() override { return getpid(); }
  int StopLeftoverProcesses(pid_t pgid, const std::string& run_id) override {
    return StopMatchingProcesses(pgid, run_id);
  }
};

}  // namespace

Env& DefaultEnv() {
  static PosixEnv env;
  return env;
}

}  // namespace faber::common
