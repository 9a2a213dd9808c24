// What a run teaches the issue log: engine remedies and requested fixes recorded as outcomes of
// the right solution, an error counted once per run however often it was retried.
#include "reconciler/debugger/run_learning.h"

#include <gtest/gtest.h>

#include "tests/support/faber_harness.h"

namespace faber::reconciler::debugger {
namespace {

using faber::testing::CorpusErrorMessage;

constexpr const char* kNow = "2026-11-24T10:00:00.000Z";

FixAttempt Remedy(const std::string& remedy, const std::string& output, bool succeeded) {
  return {"test", "abc1234", manifests::Stage::kDeploy, "apply", remedy, output, succeeded, "", "", ""};
}

const Solution& SolutionOf(const IssueLogEntry& entry, const std::string& id) {
  for (const auto& s : entry.solutions) {
    if (s.solution_id == id) return s;
  }
  ADD_FAILURE() << entry.issue_id << " has no solution " << id;
  static const Solution kNone;
  return kNone;
}

TEST(RunLearningTest, RetriesOfOneErrorAreOneOccurrenceAndEachRetryAnOutcome) {
  std::string throttled = CorpusErrorMessage("RequestLimitExceeded", "Request limit exceeded");
  RunLearning learning({}, kNow);
  learning.RecordRemedy(Remedy("retry_with_backoff", throttled, false));
  learning.RecordRemedy(Remedy("retry_with_backoff", throttled, true));
  ASSERT_EQ(learning.changed().size(), 1u);
  const IssueLogEntry& entry = learning.log().at(*learning.changed().begin());
  EXPECT_EQ(entry.occurrence_count, 1);
  EXPECT_TRUE(entry.resolved);
  ASSERT_EQ(learning.fixes().size(), 2u);
  std::string solution = learning.fixes()[1]["solution_id"];
  const Solution& s = SolutionOf(entry, solution);
  EXPECT_EQ(s.automation.remedy, "retry_with_backoff");
  EXPECT_EQ(s.attempts, 2);
  EXPECT_EQ(s.successes, 1);
  EXPECT_EQ(s.environments, std::vector<std::string>({"test"}));
  EXPECT_EQ(learning.fixes()[1]["successes"], 1);
  EXPECT_EQ(learning.fixes()[1]["attempts"], 2);
}

TEST(RunLearningTest, AFailureAfterFailedRetriesIsStillOneOccurrence) {
  std::string throttled = CorpusErrorMessage("RequestLimitExceeded", "Request limit exceeded");
  RunLearning learning({}, kNow);
  learning.RecordRemedy(Remedy("retry_with_backoff", throttled, false));
  Diagnosis d = learning.RecordFailure({"test", "abc1234", manifests::Stage::kDeploy, "apply", 1, throttled});
  const IssueLogEntry& entry = learning.log().at(d.issue_id);
  EXPECT_EQ(entry.occurrence_count, 1);
  EXPECT_FALSE(entry.resolved);
  EXPECT_EQ(learning.changed().size(), 1u);
}

TEST(RunLearningTest, ARemedyTheKnowledgeBaseDoesNotOfferIsRecordedUnderItsOwnSolution) {
  // A connection reset is transient to the engine; no knowledge entry offers a retry for it.
  RunLearning learning({}, kNow);
  learning.RecordRemedy(Remedy("retry_with_backoff",
                               "Error: Post \"https://sts.amazonaws.com/\": read tcp 10.0.0.1:443: connection reset by peer",
                               true));
  const IssueLogEntry& entry = learning.log().at(*learning.changed().begin());
  bool found = false;
  for (const auto& s : entry.solutions) found |= s.automation.remedy == "retry_with_backoff" && s.successes == 1;
  EXPECT_TRUE(found) << entry.ToJson().dump(2);
}

class RequestedFixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The log as the failed run left it: the lock error, diagnosed with the knowledge base's fixes.
    RunLearning first({}, kNow);
    lock_error_ = CorpusErrorMessage("ConditionalCheckFailedException", "Lock Info");
    issue_ = first.RecordFailure({"test", "abc1234", manifests::Stage::kPreview, "plan", 1, lock_error_}).issue_id;
    log_ = first.log();
  }
  FixAttempt Requested() const {
    return {"test", "abc1234", manifests::Stage::kPreview, "plan", "unlock_state", "", false, issue_, "unlock-stale-lock", "alice"};
  }
  std::string lock_error_, issue_;
  std::map<std::string, IssueLogEntry> log_;
};

TEST_F(RequestedFixTest, ARunThatGetsPastTheStageIsASuccessOfTheFix) {
  RunLearning learning(log_, kNow);
  learning.RecordRequestedFix(Requested(), nullptr, "");
  const Solution& s = SolutionOf(learning.log().at(issue_), "unlock-stale-lock");
  EXPECT_EQ(s.attempts, 1);
  EXPECT_EQ(s.successes, 1);
  EXPECT_TRUE(learning.log().at(issue_).resolved);
  EXPECT_EQ(learning.fixes()[0]["requested_by"], "alice");
  std::string md = FixesToMarkdown(learning.fixes());
  EXPECT_NE(md.find("`/faber apply-fix unlock-stale-lock` from @alice"), std::string::npos) << md;
  EXPECT_NE(md.find("**worked**"), std::string::npos) << md;
}

TEST_F(RequestedFixTest, TheSameErrorAgainIsAFailureAndAnotherOccurrence) {
  RunLearning learning(log_, kNow);
  FailureContext again{"test", "abc1234", manifests::Stage::kPreview, "plan", 1, lock_error_};
  Diagnosis d = learning.RecordFailure(again);
  ASSERT_EQ(d.issue_id, issue_);
  learning.RecordRequestedFix(Requested(), &again, d.issue_id);
  const IssueLogEntry& entry = learning.log().at(issue_);
  EXPECT_EQ(entry.occurrence_count, 2);
  EXPECT_FALSE(entry.resolved);
  EXPECT_EQ(SolutionOf(entry, "unlock-stale-lock").failures, 1);
}

TEST_F(RequestedFixTest, AnotherErrorInTheSameStageMeansTheFixWorked) {
  RunLearning learning(log_, kNow);
  FailureContext other{"test", "abc1234", manifests::Stage::kPreview, "plan", 1,
                       CorpusErrorMessage("RequestLimitExceeded", "Request limit exceeded")};
  Diagnosis d = learning.RecordFailure(other);
  learning.RecordRequestedFix(Requested(), &other, d.issue_id);
  EXPECT_EQ(SolutionOf(learning.log().at(issue_), "unlock-stale-lock").successes, 1);
}

TEST_F(RequestedFixTest, ARunThatFailsBeforeTheStageRecordsNothing) {
  RunLearning learning(log_, kNow);
  FailureContext earlier{"test", "abc1234", manifests::Stage::kValidate, "init", 1, "Error: Unsupported argument"};
  Diagnosis d = learning.RecordFailure(earlier);
  learning.RecordRequestedFix(Requested(), &earlier, d.issue_id);
  EXPECT_EQ(SolutionOf(learning.log().at(issue_), "unlock-stale-lock").attempts, 0);
  EXPECT_EQ(learning.fixes()[0]["recorded"], false);
  EXPECT_NE(learning.fixes()[0]["reason"].get<std::string>().find("before reaching preview"), std::string::npos);
  EXPECT_EQ(learning.changed().count(issue_), 0u);
}

}  // namespace
}  // namespace faber::reconciler::debugger
