#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <unordered_set>

namespace faber::webhooks {

// Remembers the delivery ids seen recently, so a replayed delivery (captured and sent again, or
// redelivered by the forge) does not run anything twice. Bounded: the oldest ids are forgotten.
class DeliveryLog {
 public:
  explicit DeliveryLog(size_t capacity = 10000) : capacity_(capacity) {}
  // Records `id`; returns false when it was already seen.
  bool FirstSeen(const std::string& id);

 private:
  std::mutex mu_;
  size_t capacity_;
  std::deque<std::string> order_;
  std::unordered_set<std::string> seen_;
};

}  // namespace faber::webhooks
