// Retries of forge API calls over a scripted HTTP client and a fake clock: rate-limit answers are
// waited out within the bounds, a plain 403 is a permission error and is not retried.
#include "webhooks/forge_http.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_clock.h"
// GCC 12 reports a Status inside the fake's Result<HttpResponse> copy as maybe uninitialized
// (a known false positive of std::variant's move constructor once inlined here).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include "tests/fakes/fake_http_client.h"
#pragma GCC diagnostic pop

namespace faber::webhooks {
namespace {

using namespace std::chrono_literals;

long long UnixSeconds(common::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

class ForgeHttpTest : public ::testing::Test {
 protected:
  common::Result<nlohmann::json> Call() {
    ForgeHttp forge("https://api.example.test", {{"Authorization", "Bearer t"}}, http_, clock_, {});
    return forge.Call("POST", "/repos/acme/infra/issues/3/comments", {{"body", "hi"}});
  }
  testing::FakeHttpClient http_;
  testing::FakeClock clock_;
};

TEST_F(ForgeHttpTest, GithubPrimaryRateLimitWaitsUntilTheReset) {
  long long reset = UnixSeconds(clock_.Now()) + 12;
  http_.AddResponse(403, R"({"message":"API rate limit exceeded"})",
                    {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", std::to_string(reset)}});
  http_.AddResponse(201, R"({"id":1})", {});
  auto result = Call();
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(http_.requests().size(), 2u);
  ASSERT_EQ(clock_.sleeps().size(), 1u);
  EXPECT_EQ(clock_.sleeps()[0], 12s);
}

TEST_F(ForgeHttpTest, SecondaryRateLimitAndGitlabHonourRetryAfterOrRateLimitReset) {
  http_.AddResponse(403, R"({"message":"You have exceeded a secondary rate limit"})", {{"Retry-After", "5"}});
  http_.AddResponse(429, "{}", {{"RateLimit-Reset", std::to_string(UnixSeconds(clock_.Now()) + 5 + 8)}});
  http_.AddResponse(429, "{}", {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "0"}});  // reset already past
  http_.AddResponse(201, "{}", {});
  auto result = Call();
  ASSERT_TRUE(result.ok()) << result.status().message();
  std::vector<common::Millis> expected = {5s, 8s, 1s};
  EXPECT_EQ(clock_.sleeps(), expected);
}

TEST_F(ForgeHttpTest, A403WithoutRateLimitHeadersIsAPermissionErrorAndNotRetried) {
  http_.AddResponse(403, R"({"message":"Resource not accessible by integration"})",
                    {{"X-RateLimit-Remaining", "4999"}, {"X-RateLimit-Reset", "1767326645"}});
  http_.AddResponse(201, "{}", {});
  auto result = Call();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().kind(), common::ErrorKind::kInvalidInput);
  EXPECT_NE(result.status().message().find("HTTP 403: {\"message\":\"Resource not accessible"), std::string::npos)
      << result.status().message();
  EXPECT_EQ(http_.requests().size(), 1u);
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(ForgeHttpTest, AResetAnHourAwayIsWaitedForWithinTheBoundsThenGivenUp) {
  long long reset = UnixSeconds(clock_.Now()) + 3600;
  // The last scripted answer repeats: the forge stays rate limited.
  http_.AddResponse(403, "{}", {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", std::to_string(reset)}});
  auto result = Call();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().kind(), common::ErrorKind::kTransient);
  EXPECT_NE(result.status().message().find("rate limited"), std::string::npos) << result.status().message();
  EXPECT_LE(static_cast<int>(http_.requests().size()), kForgeAttempts);
  common::Millis total{0};
  for (auto sleep : clock_.sleeps()) {
    EXPECT_LE(sleep, kForgeMaxDelay);
    total += sleep;
  }
  EXPECT_LE(total, kForgeMaxTotalWait);
  EXPECT_GT(total, 0ms);
}

TEST_F(ForgeHttpTest, TheTotalWaitIsBoundedEvenWithinTheAttempts) {
  ForgeHttp forge("https://api.example.test", {}, http_, clock_, {10, 500ms, 30s, 45s});
  http_.AddResponse(429, "{}", {{"Retry-After", "20"}});
  auto result = forge.Call("GET", "/user");
  ASSERT_FALSE(result.ok());
  // 20s + 20s fit in 45s; a third wait would not, so the third answer is the last.
  std::vector<common::Millis> expected = {20s, 20s};
  EXPECT_EQ(clock_.sleeps(), expected);
  EXPECT_EQ(http_.requests().size(), 3u);
  EXPECT_NE(result.status().message().find("gave up after 3 attempts and 40s of waiting"), std::string::npos)
      << result.status().message();
}

}  // namespace
}  // namespace faber::webhooks
