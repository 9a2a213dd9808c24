#pragma once

#include <atomic>

namespace faber::common {

// A flag a shutdown handler sets and long-running work polls; safe to set from a signal handler.
class CancelToken {
 public:
  // Asks every holder to stop at the next safe point.
  void RequestCancel() { cancelled_.store(true, std::memory_order_relaxed); }
  // True once RequestCancel has been called.
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

}  // namespace faber::common
