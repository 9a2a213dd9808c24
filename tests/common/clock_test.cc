#include "common/clock.h"

#include <gtest/gtest.h>

namespace faber::common {
namespace {

TEST(ClockTest, FormatsCompactAndIsoInUtc) {
  TimePoint t = std::chrono::system_clock::from_time_t(1767323045) + Millis(678);  // 2026-01-02T03:04:05Z
  EXPECT_EQ(FormatCompactUtc(t), "20260102T030405Z");
  EXPECT_EQ(FormatIso8601(t), "2026-01-02T03:04:05.678Z");
}

TEST(ClockTest, ParsesWhatItFormats) {
  TimePoint t = std::chrono::system_clock::from_time_t(1767323045) + Millis(5);
  TimePoint parsed;
  ASSERT_TRUE(ParseIso8601(FormatIso8601(t), &parsed));
  EXPECT_EQ(parsed, t);
  ASSERT_TRUE(ParseIso8601("2026-01-02T03:04:05Z", &parsed));
  EXPECT_EQ(parsed, std::chrono::system_clock::from_time_t(1767323045));
  EXPECT_FALSE(ParseIso8601("yesterday", &parsed));
  EXPECT_FALSE(ParseIso8601("2026-01-02T03:04:05+02:00", &parsed));
}

}  // namespace
}  // namespace faber::common
