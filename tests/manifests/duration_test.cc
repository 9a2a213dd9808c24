#include <gtest/gtest.h>

#include "manifests/faber_config.h"

namespace faber::manifests {
namespace {

using std::chrono::milliseconds;

std::optional<int64_t> Ms(const std::string& text) {
  milliseconds out{-1};
  if (!ParseDuration(text, &out)) return std::nullopt;
  return out.count();
}

TEST(DurationTest, AcceptsUnitsAndCombinations) {
  EXPECT_EQ(Ms("500ms"), 500);
  EXPECT_EQ(Ms("2s"), 2000);
  EXPECT_EQ(Ms("1m"), 60000);
  EXPECT_EQ(Ms("1h"), 3600000);
  EXPECT_EQ(Ms("1m30s"), 90000);
  EXPECT_EQ(Ms("1h2m3s4ms"), 3723004);
  EXPECT_EQ(Ms("1.5s"), 1500);
  EXPECT_EQ(Ms("0.25h"), 900000);
  EXPECT_EQ(Ms(".5s"), 500);
  EXPECT_EQ(Ms("0s"), 0);
}

TEST(DurationTest, BareIntegerMeansSeconds) {
  EXPECT_EQ(Ms("0"), 0);
  EXPECT_EQ(Ms("30"), 30000);
  EXPECT_EQ(Ms("007"), 7000);
}

TEST(DurationTest, RejectsMalformed) {
  for (const char* bad : {"", " 2s", "2s ", "2 s", "s", "ms", "-1s", "+1s", "1.s", "1d", "2sec", "1m30",
                          "1.5", "1e3s", "99999999999999999999s", "9999999999999h", "2S", "1h-1m"}) {
    EXPECT_EQ(Ms(bad), std::nullopt) << bad;
  }
}

TEST(DurationTest, LeavesOutputAloneOnFailure) {
  milliseconds out{1234};
  EXPECT_FALSE(ParseDuration("nope", &out));
  EXPECT_EQ(out.count(), 1234);
}

}  // namespace
}  // namespace faber::manifests
