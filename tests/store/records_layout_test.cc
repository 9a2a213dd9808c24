#include "store/records_layout.h"

#include <gtest/gtest.h>

namespace faber::store {
namespace {

TEST(RecordsLayoutTest, PathsFollowTheDesign) {
  common::TimePoint t = std::chrono::system_clock::from_time_t(1767323045);
  EXPECT_EQ(DeploymentPath("test"), "deployments/test.json");
  EXPECT_EQ(ReportPath("test", t, "0123456789abcdef", "pre-deployment"),
            "reports/test/20260102T030405Z-0123456-pre-deployment.json");
  EXPECT_EQ(HistoryPath("prod"), "reports/prod/history.json");
  EXPECT_EQ(IssuePath("ISS-1"), "issues/ISS-1.json");
}

TEST(RecordsLayoutTest, DeploymentStateRoundTrips) {
  DeploymentState s;
  s.environment = "test";
  s.branch = "env/test";
  s.status = "failed";
  s.last_attempted_commit = "abc";
  s.last_run = {{"run_id", "r1"}};
  auto parsed = ParseDeploymentState(SerializeDeploymentState(s), "deployments/test.json");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->environment, "test");
  EXPECT_EQ(parsed->last_attempted_commit, "abc");
  EXPECT_EQ(parsed->last_applied_commit, "");  // written as null, read back as none
  EXPECT_EQ(parsed->last_run["run_id"], "r1");
}

TEST(RecordsLayoutTest, TheLastDriftCheckRoundTripsAndIsAbsentBeforeAny) {
  DeploymentState s;
  s.environment = "test";
  EXPECT_EQ(SerializeDeploymentState(s).find("drift"), std::string::npos);  // deploy-only records keep their shape
  s.drift = {{"status", "drifted"}, {"since", "2026-11-30T08:00:00.000Z"}, {"drifted_resources", 2}};
  auto parsed = ParseDeploymentState(SerializeDeploymentState(s), "deployments/test.json");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->drift, s.drift);
  auto none = ParseDeploymentState(R"({"environment": "test"})", "deployments/test.json");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->drift.is_null());
}

TEST(RecordsLayoutTest, ACorruptDeploymentRecordIsAnErrorNamingTheFile) {
  auto parsed = ParseDeploymentState("{not json", "deployments/test.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("deployments/test.json"), std::string::npos);
}

HistoryRow Row(const std::string& status) {
  HistoryRow r;
  r.run_id = "r";
  r.commit = "c";
  r.status = status;
  r.duration_ms = 1000;
  return r;
}

TEST(RecordsLayoutTest, HistoryCountsRatesAndTrend) {
  std::string doc;
  // Five failures, then ten successes: the recent window is better than the one before.
  for (int i = 0; i < 5; ++i) doc = AppendHistory(doc, "test", Row("failed"))->dump();
  for (int i = 0; i < 10; ++i) doc = AppendHistory(doc, "test", Row("succeeded"))->dump();
  auto j = nlohmann::json::parse(doc);
  EXPECT_EQ(j["stats"]["total_runs"], 15);
  EXPECT_EQ(j["stats"]["totals"]["failed"], 5);
  EXPECT_DOUBLE_EQ(j["stats"]["success_rate"].get<double>(), 10.0 / 15.0);
  EXPECT_DOUBLE_EQ(j["stats"]["recent_success_rate"].get<double>(), 1.0);
  EXPECT_EQ(j["stats"]["trend"], "improving");
  EXPECT_EQ(j["stats"]["mean_duration_ms"], 1000);
  for (int i = 0; i < 10; ++i) doc = AppendHistory(doc, "test", Row("failed"))->dump();
  EXPECT_EQ(nlohmann::json::parse(doc)["stats"]["trend"], "declining");
}

TEST(RecordsLayoutTest, HistoryKeepsTheNewestRowsButCumulativeTotals) {
  std::string doc;
  for (int i = 0; i < 7; ++i) doc = AppendHistory(doc, "test", Row("succeeded"), 5)->dump();
  auto j = nlohmann::json::parse(doc);
  EXPECT_EQ(j["runs"].size(), 5u);
  EXPECT_EQ(j["stats"]["total_runs"], 7);
}

TEST(RecordsLayoutTest, AnUnreadableHistoryIsNeverReplaced) {
  auto r = AppendHistory("[broken", "test", Row("succeeded"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("reports/test/history.json"), std::string::npos);
}

TEST(RecordsLayoutTest, CommitMessageHasSubjectAndTrailers) {
  std::string msg = RecordsCommitMessage("test", "deploy", "0123456789abcdef", "failed", 12, "body line");
  EXPECT_EQ(msg.substr(0, msg.find('\n')), "faber(test): deploy 0123456 failed");
  EXPECT_NE(msg.find("\n\nbody line\n\nFaber-Environment: test\nFaber-Commit: 0123456789abcdef\nFaber-Status: failed\n"
                     "Faber-Pull-Request: 12\n"),
            std::string::npos);
  EXPECT_EQ(RecordsCommitMessage("t", "deploy", "abcdef12", "succeeded", std::nullopt, "").find("Pull-Request"),
            std::string::npos);
}

TEST(RecordsLayoutTest, FindsPullRequestNumbersOfTheMainForges) {
  EXPECT_EQ(PullRequestFromMessage("Merge pull request #42 from acme/feature\n\nAdd x"), 42);
  EXPECT_EQ(PullRequestFromMessage("Add x\n\nSee merge request acme/infra!7"), 7);
  EXPECT_EQ(PullRequestFromMessage("Add bucket policy (#913)\n\n* details"), 913);
  EXPECT_EQ(PullRequestFromMessage("Fix issue #5 in docs\n\nmentions (#6) in the body"), std::nullopt);
  EXPECT_EQ(PullRequestFromMessage("plain commit"), std::nullopt);
}

}  // namespace
}  // namespace faber::store
