#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "webhooks/trigger_sink.h"

namespace faber::controller {

// Pending work per repository. Triggers for a repository already waiting are merged (a burst of
// pushes causes one reconcile, which sees every branch head anyway); work about a pull request
// (previews, comment commands) is kept apart, in order, and never merged.
class WorkQueue : public webhooks::TriggerSink {
 public:
  // Queues `trigger`; false once the queue is closed.
  bool Enqueue(const webhooks::Trigger& trigger) override;
  // Waits up to `timeout` for work on `repository`; nullopt on timeout or when closed.
  std::optional<webhooks::Trigger> WaitFor(const std::string& repository, std::chrono::milliseconds timeout);
  // Refuses new work and wakes every waiter.
  void Close();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, webhooks::Trigger> pending_;
  std::map<std::string, std::deque<webhooks::Trigger>> requests_;  // pull-request work per repository
  bool closed_ = false;
};

}  // namespace faber::controller
