#include "store/environment_lock.h"

namespace faber::store {

EnvironmentLock::~EnvironmentLock() = default;

common::Result<std::unique_ptr<EnvironmentLock>> EnvironmentLock::TryAcquire(const std::filesystem::path& dir,
                                                                             const std::string& environment,
                                                                             common::Env& env) {
  if (auto made = env.CreateDirectories(dir); !made.ok()) return made;
  auto lock = env.TryLockFile(dir / (environment + ".lock"));
  if (!lock.ok()) {
    if (lock.status().kind() == common::ErrorKind::kWaiting) {
      return common::Status(common::ErrorKind::kWaiting, "environment " + environment + " is being reconciled by another run");
    }
    return lock.status();
  }
  return std::unique_ptr<EnvironmentLock>(new EnvironmentLock(std::move(*lock)));
}

}  // namespace faber::store
