#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tests/fakes/fault_plan.h"

#include "common/env.h"

namespace faber::testing {

// The real host with faults put in its way (after leveldb's FaultInjectionTestEnv): the next
// calls of an operation ("ReadFile", "WriteFileAtomically", "RemoveFile", "RemoveAll", "Rename",
// "CreateDirectories", "ListDirectory", "TryLockFile") fail with a chosen status; the process id
// and the leftover processes found are set by the test.
class FaultInjectionEnv : public common::EnvWrapper {
 public:
  FaultInjectionEnv() : common::EnvWrapper(common::DefaultEnv()) {}

  // The next `times` calls of `operation` return `status` without touching the host.
  void FailNext(const std::string& operation, common::Status status, int times = 1) {
    faults_.FailNext(operation, std::move(status), times);
  }
  // How many times `operation` was called.
  int Calls(const std::string& operation) const { return faults_.Calls(operation); }
  void set_process_id(pid_t pid) { pid_ = pid; }
  // StopLeftoverProcesses answers `count` and remembers what it was asked to stop.
  void set_leftovers(int count) { leftovers_ = count; }
  const std::vector<std::pair<pid_t, std::string>>& stopped() const { return stopped_; }

  common::Result<std::string> ReadFile(const std::filesystem::path& path) override {
    if (auto f = Fault("ReadFile"); !f.ok()) return f;
    return EnvWrapper::ReadFile(path);
  }
  common::Status WriteFileAtomically(const std::filesystem::path& path, const std::string& content) override {
    if (auto f = Fault("WriteFileAtomically"); !f.ok()) return f;
    return EnvWrapper::WriteFileAtomically(path, content);
  }
  common::Status RemoveFile(const std::filesystem::path& path) override {
    if (auto f = Fault("RemoveFile"); !f.ok()) return f;
    return EnvWrapper::RemoveFile(path);
  }
  common::Status RemoveAll(const std::filesystem::path& path) override {
    if (auto f = Fault("RemoveAll"); !f.ok()) return f;
    return EnvWrapper::RemoveAll(path);
  }
  common::Status CreateDirectories(const std::filesystem::path& path) override {
    if (auto f = Fault("CreateDirectories"); !f.ok()) return f;
    return EnvWrapper::CreateDirectories(path);
  }
  common::Status Rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
    if (auto f = Fault("Rename"); !f.ok()) return f;
    return EnvWrapper::Rename(from, to);
  }
  common::Result<std::vector<std::filesystem::path>> ListDirectory(const std::filesystem::path& path) override {
    if (auto f = Fault("ListDirectory"); !f.ok()) return f;
    return EnvWrapper::ListDirectory(path);
  }
  common::Result<std::unique_ptr<common::FileLock>> TryLockFile(const std::filesystem::path& path) override {
    if (auto f = Fault("TryLockFile"); !f.ok()) return f;
    return EnvWrapper::TryLockFile(path);
  }
  pid_t ProcessId() override { return pid_ != 0 ? pid_ : EnvWrapper::ProcessId(); }
  int StopLeftoverProcesses(pid_t pgid, const std::string& run_id) override {
    std::lock_guard lock(mu_);
    stopped_.push_back({pgid, run_id});
    return leftovers_;
  }

 private:
  common::Status Fault(const std::string& operation) { return faults_.Next(operation); }

  mutable std::mutex mu_;
  FaultPlan faults_;
  pid_t pid_ = 0;
  int leftovers_ = 0;
  std::vector<std::pair<pid_t, std::string>> stopped_;
};

}  // namespace faber::testing
