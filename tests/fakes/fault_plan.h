#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"

namespace faber::testing {

// The faults a fake returns, by operation name: the next calls of an operation fail with the
// statuses planned for it, in order; every call is counted. Thread-safe.
class FaultPlan {
 public:
  // The next `times` calls of `operation` return `status`.
  void FailNext(const std::string& operation, common::Status status, int times = 1) {
    std::lock_guard lock(mu_);
    for (int i = 0; i < times; ++i) faults_[operation].push_back(status);
  }
  // How many times `operation` was called.
  int Calls(const std::string& operation) const {
    std::lock_guard lock(mu_);
    auto it = calls_.find(operation);
    return it == calls_.end() ? 0 : it->second;
  }
  // Counts a call of `operation` and returns its next planned fault, or OK.
  common::Status Next(const std::string& operation) {
    std::lock_guard lock(mu_);
    calls_[operation]++;
    auto it = faults_.find(operation);
    if (it == faults_.end() || it->second.empty()) return common::Status::Ok();
    common::Status s = it->second.front();
    it->second.erase(it->second.begin());
    return s;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::vector<common::Status>> faults_;
  std::map<std::string, int> calls_;
};

}  // namespace faber::testing
