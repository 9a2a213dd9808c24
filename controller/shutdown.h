#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "common/cancel_token.h"

namespace faber::controller {

// Graceful shutdown on SIGTERM/SIGINT. The first signal stops new work at once and gives running
// stages `grace` to finish; then (or at a second signal) they are cancelled: their process groups
// are stopped and the run is recorded as aborted. Records are always written whole.
class Shutdown {
 public:
  // Blocks the signals in every thread started afterwards and starts the thread that waits for
  // them. Call once, from main, before other threads exist.
  static Shutdown& Install(std::chrono::milliseconds grace);

  // True once a stop was requested.
  bool stopping() const;
  // The token running stages poll.
  const common::CancelToken& cancel() const { return cancel_; }
  // Sleeps up to `duration`, returning early (true) when a stop is requested.
  bool WaitFor(std::chrono::milliseconds duration);
  // Requests a stop as a signal would (used by tests and by the server's own failures).
  void RequestStop();

 private:
  explicit Shutdown(std::chrono::milliseconds grace) : grace_(grace) {}
  void OnSignal();

  std::chrono::milliseconds grace_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  int signals_ = 0;
  common::CancelToken cancel_;
};

}  // namespace faber::controller
