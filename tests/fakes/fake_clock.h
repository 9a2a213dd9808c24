#pragma once

#include <mutex>
#include <vector>

#include "common/clock.h"

namespace faber::testing {

// A clock tests move by hand; SleepFor advances it at once and remembers each sleep.
class FakeClock : public common::Clock {
 public:
  explicit FakeClock(common::TimePoint start = std::chrono::system_clock::from_time_t(1767323045)) : now_(start) {}
  common::TimePoint Now() const override {
    std::lock_guard lock(mu_);
    return now_;
  }
  // Moves with Now(), so deadlines and durations follow the fake time.
  common::SteadyTimePoint SteadyNow() const override {
    std::lock_guard lock(mu_);
    return common::SteadyTimePoint(std::chrono::duration_cast<std::chrono::steady_clock::duration>(now_.time_since_epoch()));
  }
  void SleepFor(common::Millis d) override {
    std::lock_guard lock(mu_);
    sleeps_.push_back(d);
    now_ += d;
  }
  // Moves time forward by `d`.
  void Advance(common::Millis d) {
    std::lock_guard lock(mu_);
    now_ += d;
  }
  // Every duration passed to SleepFor, in order.
  std::vector<common::Millis> sleeps() const {
    std::lock_guard lock(mu_);
    return sleeps_;
  }

 private:
  mutable std::mutex mu_;
  common::TimePoint now_;
  std::vector<common::Millis> sleeps_;
};

}  // namespace faber::testing
