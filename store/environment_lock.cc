#include "store/environment_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace faber::store {

EnvironmentLock::~EnvironmentLock() {
  if (fd_ >= 0) close(fd_);  // closing the descriptor releases the flock
}

common::Result<std::unique_ptr<EnvironmentLock>> EnvironmentLock::TryAcquire(const std::filesystem::path& dir,
                                                                             const std::string& environment) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto path = dir / (environment + ".lock");
  // A separate open file description per call: flock then excludes other threads of this process too.
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return common::Internal("cannot open lock " + path.string() + ": " + std::strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    close(fd);
    if (err == EWOULDBLOCK) {
      return common::Status(common::ErrorKind::kWaiting, "environment " + environment + " is being reconciled by another run");
    }
    return common::Internal("cannot lock " + path.string() + ": " + std::strerror(err));
  }
  return std::unique_ptr<EnvironmentLock>(new EnvironmentLock(fd));
}

}  // namespace faber::store
