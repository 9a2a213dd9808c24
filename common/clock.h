#pragma once

#include <chrono>
#include <string>

namespace faber::common {

using TimePoint = std::chrono::system_clock::time_point;
using Millis = std::chrono::milliseconds;
using SteadyTimePoint = std::chrono::steady_clock::time_point;

// Time as a dependency: the reconciler asks this, never the system, so tests control time.
class Clock {
 public:
  virtual ~Clock() = default;
  // Returns the current wall-clock time.
  virtual TimePoint Now() const = 0;
  // Returns the current monotonic time, for deadlines and durations.
  virtual SteadyTimePoint SteadyNow() const { return std::chrono::steady_clock::now(); }
  // Blocks for `duration` (a fake clock just advances).
  virtual void SleepFor(Millis duration) = 0;
};

// The real clock.
class SystemClock : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
  void SleepFor(Millis duration) override;
};

// Returns `t` as UTC "yyyymmddThhmmssZ", the form used in report file names.
std::string FormatCompactUtc(TimePoint t);
// Returns `t` as RFC 3339 UTC with milliseconds, e.g. "2026-01-02T03:04:05.678Z".
std::string FormatIso8601(TimePoint t);
// Parses the output of FormatIso8601 (milliseconds optional); false when malformed.
bool ParseIso8601(const std::string& text, TimePoint* out);

}  // namespace faber::common
