#include "webhooks/delivery_log.h"

namespace faber::webhooks {

bool DeliveryLog::FirstSeen(const std::string& id) {
  std::lock_guard lock(mu_);
  if (!seen_.insert(id).second) return false;
  order_.push_back(id);
  if (order_.size() > capacity_) {
    seen_.erase(order_.front());
    order_.pop_front();
  }
  return true;
}

}  // namespace faber::webhooks
