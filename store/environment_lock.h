#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "common/env.h"
#include "common/status.h"

namespace faber::store {

// Exclusive right to reconcile one environment, across threads and processes (flock on a file
// in the state directory). The kernel drops it when the holder dies, so a crash never leaves a
// stale lock behind. Released on destruction.
class EnvironmentLock {
 public:
  ~EnvironmentLock();
  EnvironmentLock(const EnvironmentLock&) = delete;
  EnvironmentLock& operator=(const EnvironmentLock&) = delete;

  // Takes the lock for `environment` without waiting; kWaiting when another holder has it.
  static common::Result<std::unique_ptr<EnvironmentLock>> TryAcquire(const std::filesystem::path& dir,
                                                                     const std::string& environment,
                                                                     common::Env& env = common::DefaultEnv());

 private:
  explicit EnvironmentLock(std::unique_ptr<common::FileLock> lock) : lock_(std::move(lock)) {}
  std::unique_ptr<common::FileLock> lock_;
};

}  // namespace faber::store
