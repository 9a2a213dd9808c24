#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace faber::common {

// A lock taken through an Env; released when destroyed.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

// The host as the reconciler's state keeping sees it: files, locks and processes. The journal,
// the environment locks and the run directories go through it, so tests can put faults in their
// way (tests/fakes/fault_injection_env.h, after leveldb's FaultInjectionTestEnv); PosixEnv, the
// real one, is DefaultEnv().
class Env {
 public:
  virtual ~Env() = default;
  // Returns the whole content of `path`; kNotFound when it does not exist.
  virtual Result<std::string> ReadFile(const std::filesystem::path& path) = 0;
  // Writes `content` to `path` atomically (temporary file, fsync, rename); creates parent directories.
  virtual Status WriteFileAtomically(const std::filesystem::path& path, const std::string& content) = 0;
  // True when `path` exists.
  virtual bool Exists(const std::filesystem::path& path) = 0;
  // Removes the file `path`; no error when it does not exist.
  virtual Status RemoveFile(const std::filesystem::path& path) = 0;
  // Removes `path` and everything under it; no error when it does not exist.
  virtual Status RemoveAll(const std::filesystem::path& path) = 0;
  // Creates `path` and its missing parents.
  virtual Status CreateDirectories(const std::filesystem::path& path) = 0;
  // Renames `from` to `to` (same file system; `to` must not exist as a non-empty directory).
  virtual Status Rename(const std::filesystem::path& from, const std::filesystem::path& to) = 0;
  // The entries of directory `path`, unsorted; an empty list when it does not exist.
  virtual Result<std::vector<std::filesystem::path>> ListDirectory(const std::filesystem::path& path) = 0;
  // Takes an exclusive lock on `path` (created when absent) without waiting, across threads and
  // processes; kWaiting when another holder has it. The kernel drops it when the holder dies.
  virtual Result<std::unique_ptr<FileLock>> TryLockFile(const std::filesystem::path& path) = 0;
  // This process's id, as the journal records it.
  virtual pid_t ProcessId() = 0;
  // Stops what an interrupted run left running: the processes of group `pgid` that carry
  // FABER_RUN_ID=<run_id> in their environment (a recycled group id is never touched). Returns
  // how many were found.
  virtual int StopLeftoverProcesses(pid_t pgid, const std::string& run_id) = 0;
};

// The real host (POSIX files, flock, /proc); one shared instance.
Env& DefaultEnv();

// An Env that hands every call to `target`; subclasses override what they change.
class EnvWrapper : public Env {
 public:
  explicit EnvWrapper(Env& target) : target_(target) {}
  Result<std::string> ReadFile(const std::filesystem::path& path) override { return target_.ReadFile(path); }
  Status WriteFileAtomically(const std::filesystem::path& path, const std::string& content) override {
    return target_.WriteFileAtomically(path, content);
  }
  bool Exists(const std::filesystem::path& path) override { return target_.Exists(path); }
  Status RemoveFile(const std::filesystem::path& path) override { return target_.RemoveFile(path); }
  Status RemoveAll(const std::filesystem::path& path) override { return target_.RemoveAll(path); }
  Status CreateDirectories(const std::filesystem::path& path) override { return target_.CreateDirectories(path); }
  Status Rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
    return target_.Rename(from, to);
  }
  Result<std::vector<std::filesystem::path>> ListDirectory(const std::filesystem::path& path) override {
    return target_.ListDirectory(path);
  }
  Result<std::unique_ptr<FileLock>> TryLockFile(const std::filesystem::path& path) override {
    return target_.TryLockFile(path);
  }
  pid_t ProcessId() override { return target_.ProcessId(); }
  int StopLeftoverProcesses(pid_t pgid, const std::string& run_id) override {
    return target_.StopLeftoverProcesses(pgid, run_id);
  }

 private:
  Env& target_;
};

}  // namespace faber::common
