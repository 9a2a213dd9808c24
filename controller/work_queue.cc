#include "controller/work_queue.h"

namespace faber::controller {

// A repository's pull-request work past this is refused (the forge shows the delivery failed).
constexpr size_t kMaxRequests = 1000;

bool WorkQueue::Enqueue(const webhooks::Trigger& trigger) {
  {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    if (trigger.ForPullRequest()) {
      auto& requests = requests_[trigger.repository];
      if (requests.size() >= kMaxRequests) return false;
      requests.push_back(trigger);
      cv_.notify_all();
      return true;
    }
    auto [it, inserted] = pending_.emplace(trigger.repository, trigger);
    // Merged with a waiting trigger: a reconcile covers every branch, so widen it to all.
    if (!inserted && it->second.branch != trigger.branch) it->second.branch.clear();
  }
  cv_.notify_all();
  return true;
}

std::optional<webhooks::Trigger> WorkQueue::WaitFor(const std::string& repository, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  auto& requests = requests_[repository];
  cv_.wait_for(lock, timeout, [&] { return closed_ || pending_.count(repository) > 0 || !requests.empty(); });
  if (!closed_ && !requests.empty()) {
    webhooks::Trigger trigger = std::move(requests.front());
    requests.pop_front();
    return trigger;
  }
  auto it = pending_.find(repository);
  if (closed_ || it == pending_.end()) return std::nullopt;
  webhooks::Trigger trigger = it->second;
  pending_.erase(it);
  return trigger;
}

void WorkQueue::Close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

}  // namespace faber::controller
