#pragma once

#include <mutex>
#include <vector>

#include "webhooks/trigger_sink.h"

namespace faber::webhooks {

// Keeps every trigger it is given, so tests can see what a delivery enqueued.
class RecordingSink : public TriggerSink {
 public:
  bool Enqueue(const Trigger& trigger) override {
    std::lock_guard lock(mu_);
    if (closed) return false;
    triggers_.push_back(trigger);
    return true;
  }
  std::vector<Trigger> triggers() {
    std::lock_guard lock(mu_);
    return triggers_;
  }
  bool closed = false;

 private:
  std::mutex mu_;
  std::vector<Trigger> triggers_;
};

}  // namespace faber::webhooks
