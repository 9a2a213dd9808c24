#include "reconciler/requeue_policy.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace faber::reconciler {
namespace {

using std::chrono::milliseconds;

// Round numbers so the arithmetic of each expectation is plain.
RequeuePolicy Policy() {
  RequeuePolicy policy;
  policy.backoff_base = milliseconds(1000);
  policy.backoff_max = milliseconds(10000);
  policy.jitter = 0.2;
  policy.wait_delay = milliseconds(7000);
  return policy;
}

EnvironmentResult ErrorResult(common::ErrorKind kind, const std::string& message) {
  EnvironmentResult result;
  result.environment = "test";
  result.action = Action::kError;
  result.error = common::Status(kind, message);
  return result;
}

EnvironmentResult Deployed(manifests::RunStatus status) {
  EnvironmentResult result;
  result.environment = "test";
  result.action = Action::kDeployed;
  RunSummary run;
  run.environment = "test";
  run.status = status;
  result.run = run;
  return result;
}

EnvironmentResult WithAction(Action action, const std::string& note) {
  EnvironmentResult result;
  result.environment = "test";
  result.action = action;
  if (!note.empty()) result.notes = {"an earlier note", note};
  return result;
}

constexpr double kNoJitter = 0.5;

TEST(RequeuePolicyTest, KindNames) {
  EXPECT_STREQ(RequeueKindName(RequeueKind::kNone), "none");
  EXPECT_STREQ(RequeueKindName(RequeueKind::kBackoff), "backoff");
  EXPECT_STREQ(RequeueKindName(RequeueKind::kDelay), "delay");
  EXPECT_STREQ(RequeueKindName(RequeueKind::kStalled), "stalled");
}

TEST(RequeuePolicyTest, TransientErrorBacksOffDoublingPerAttempt) {
  auto result = ErrorResult(common::ErrorKind::kTransient, "fetch: connection reset");
  const long expected[] = {1000, 2000, 4000, 8000};
  for (int attempt = 0; attempt < 4; ++attempt) {
    RequeueDecision d = DecideRequeue(result, attempt, Policy(), kNoJitter);
    EXPECT_EQ(d.kind, RequeueKind::kBackoff) << attempt;
    EXPECT_EQ(d.delay.count(), expected[attempt]) << "attempt " << attempt;
    EXPECT_EQ(d.reason, "fetch: connection reset");
  }
}

TEST(RequeuePolicyTest, ConflictBacksOffLikeATransientError) {
  auto result = ErrorResult(common::ErrorKind::kConflict, "records branch moved");
  RequeueDecision first = DecideRequeue(result, 0, Policy(), kNoJitter);
  RequeueDecision third = DecideRequeue(result, 2, Policy(), kNoJitter);
  EXPECT_EQ(first.kind, RequeueKind::kBackoff);
  EXPECT_EQ(first.delay, milliseconds(1000));
  EXPECT_EQ(third.kind, RequeueKind::kBackoff);
  EXPECT_EQ(third.delay, milliseconds(4000));
  EXPECT_EQ(first.reason, "records branch moved");
}

TEST(RequeuePolicyTest, BackoffIsCappedAtTheMaximum) {
  auto result = ErrorResult(common::ErrorKind::kTransient, "remote hiccup");
  // 1000 * 2^4 = 16000 is over the 10000 cap.
  EXPECT_EQ(DecideRequeue(result, 4, Policy(), kNoJitter).delay, milliseconds(10000));
  EXPECT_EQ(DecideRequeue(result, 10, Policy(), kNoJitter).delay, milliseconds(10000));
  // Many attempts in a row neither overflow nor go past the cap.
  EXPECT_EQ(DecideRequeue(result, 1000, Policy(), kNoJitter).delay, milliseconds(10000));
  EXPECT_EQ(DecideRequeue(result, 1000, Policy(), kNoJitter).kind, RequeueKind::kBackoff);
}

TEST(RequeuePolicyTest, JitterStaysWithinItsShareOfTheBackoff) {
  auto result = ErrorResult(common::ErrorKind::kTransient, "remote hiccup");
  // attempt 1: 2000 ms, +/- 20%.
  RequeueDecision low = DecideRequeue(result, 1, Policy(), 0.0);
  RequeueDecision high = DecideRequeue(result, 1, Policy(), 0.999999);
  RequeueDecision none = DecideRequeue(result, 1, Policy(), 0.5);
  EXPECT_NEAR(static_cast<double>(low.delay.count()), 1600.0, 1.0);
  EXPECT_NEAR(static_cast<double>(high.delay.count()), 2400.0, 1.0);
  EXPECT_LE(high.delay.count(), 2400);
  EXPECT_EQ(none.delay, milliseconds(2000));
  // Between the bounds, the delay grows with the unit.
  RequeueDecision quarter = DecideRequeue(result, 1, Policy(), 0.25);
  EXPECT_NEAR(static_cast<double>(quarter.delay.count()), 1800.0, 1.0);
  EXPECT_LT(low.delay, quarter.delay);
  EXPECT_LT(quarter.delay, none.delay);
  EXPECT_LT(none.delay, high.delay);
}

TEST(RequeuePolicyTest, NoJitterWhenThePolicyHasNone) {
  RequeuePolicy policy = Policy();
  policy.jitter = 0;
  auto result = ErrorResult(common::ErrorKind::kTransient, "remote hiccup");
  EXPECT_EQ(DecideRequeue(result, 1, policy, 0.0).delay, milliseconds(2000));
  EXPECT_EQ(DecideRequeue(result, 1, policy, 0.999).delay, milliseconds(2000));
}

TEST(RequeuePolicyTest, WaitingErrorRetriesAfterTheWaitDelay) {
  auto result = ErrorResult(common::ErrorKind::kWaiting, "lock held by pid 42");
  for (int attempt : {0, 3, 20}) {
    RequeueDecision d = DecideRequeue(result, attempt, Policy(), 0.0);
    EXPECT_EQ(d.kind, RequeueKind::kDelay);
    EXPECT_EQ(d.delay, milliseconds(7000)) << "a wait does not back off: attempt " << attempt;
    EXPECT_EQ(d.reason, "lock held by pid 42");
  }
}

TEST(RequeuePolicyTest, ErrorsThatNeedAPersonStall) {
  for (common::ErrorKind kind : {common::ErrorKind::kInvalidInput, common::ErrorKind::kStalled,
                                 common::ErrorKind::kNotFound, common::ErrorKind::kInternal}) {
    auto result = ErrorResult(kind, std::string("needs a person: ") + common::ErrorKindName(kind));
    RequeueDecision d = DecideRequeue(result, 0, Policy(), kNoJitter);
    EXPECT_EQ(d.kind, RequeueKind::kStalled) << common::ErrorKindName(kind);
    EXPECT_EQ(d.delay, milliseconds(0)) << common::ErrorKindName(kind);
    EXPECT_EQ(d.reason, std::string("needs a person: ") + common::ErrorKindName(kind));
  }
}

TEST(RequeuePolicyTest, CancelledErrorIsNotRequeued) {
  RequeueDecision d = DecideRequeue(ErrorResult(common::ErrorKind::kCancelled, "shutting down"), 0, Policy(), 0.0);
  EXPECT_EQ(d.kind, RequeueKind::kNone);
  EXPECT_EQ(d.delay, milliseconds(0));
}

TEST(RequeuePolicyTest, BusyRetriesAfterTheWaitDelayWithTheErrorAsReason) {
  EnvironmentResult busy = WithAction(Action::kBusy, "");
  busy.error = common::Status(common::ErrorKind::kWaiting, "test is locked by another faber");
  RequeueDecision d = DecideRequeue(busy, 5, Policy(), 0.0);
  EXPECT_EQ(d.kind, RequeueKind::kDelay);
  EXPECT_EQ(d.delay, milliseconds(7000));
  EXPECT_EQ(d.reason, "test is locked by another faber");
}

TEST(RequeuePolicyTest, BlockedRetriesAfterTheWaitDelayWithTheLastNoteAsReason) {
  RequeueDecision d = DecideRequeue(WithAction(Action::kBlocked, "requires test to pass first"), 0, Policy(), 0.0);
  EXPECT_EQ(d.kind, RequeueKind::kDelay);
  EXPECT_EQ(d.delay, milliseconds(7000));
  EXPECT_EQ(d.reason, "requires test to pass first");
}

TEST(RequeuePolicyTest, AwaitingApprovalAndStoppedStall) {
  RequeueDecision approval =
      DecideRequeue(WithAction(Action::kAwaitingApproval, "waiting for /faber deploy"), 0, Policy(), kNoJitter);
  EXPECT_EQ(approval.kind, RequeueKind::kStalled);
  EXPECT_EQ(approval.delay, milliseconds(0));
  EXPECT_EQ(approval.reason, "waiting for /faber deploy");
  RequeueDecision stopped = DecideRequeue(WithAction(Action::kStopped, "interrupted; policy stop"), 0, Policy(), kNoJitter);
  EXPECT_EQ(stopped.kind, RequeueKind::kStalled);
  EXPECT_EQ(stopped.reason, "interrupted; policy stop");
}

TEST(RequeuePolicyTest, AFailedOrAbortedDeployStallsUntilAFixOrRetry) {
  RequeueDecision failed = DecideRequeue(Deployed(manifests::RunStatus::kFailed), 0, Policy(), kNoJitter);
  EXPECT_EQ(failed.kind, RequeueKind::kStalled);
  EXPECT_NE(failed.reason.find("failed"), std::string::npos) << failed.reason;
  EXPECT_NE(failed.reason.find("/faber retry"), std::string::npos) << failed.reason;
  RequeueDecision aborted = DecideRequeue(Deployed(manifests::RunStatus::kAborted), 0, Policy(), kNoJitter);
  EXPECT_EQ(aborted.kind, RequeueKind::kStalled);
  EXPECT_NE(aborted.reason.find("aborted"), std::string::npos) << aborted.reason;
}

TEST(RequeuePolicyTest, ASucceededDeployIsNotRequeued) {
  RequeueDecision d = DecideRequeue(Deployed(manifests::RunStatus::kSucceeded), 3, Policy(), 0.0);
  EXPECT_EQ(d.kind, RequeueKind::kNone);
  EXPECT_EQ(d.delay, milliseconds(0));
}

TEST(RequeuePolicyTest, NoopRecoveredAndDriftAreNotRequeued) {
  EXPECT_EQ(DecideRequeue(WithAction(Action::kNoop, ""), 0, Policy(), 0.0).kind, RequeueKind::kNone);
  EXPECT_EQ(DecideRequeue(WithAction(Action::kRecovered, "recorded the interrupted run"), 0, Policy(), 0.0).kind,
            RequeueKind::kNone);
  // A drift check that found drift is news for a report, not a reason to reconcile again soon.
  EnvironmentResult drift = WithAction(Action::kDrift, "");
  drift.drift = DriftOutcome{manifests::DriftVerdict::kDrifted, "1 resource changed outside faber", {}, ""};
  ASSERT_TRUE(drift.Failed());
  EXPECT_EQ(DecideRequeue(drift, 0, Policy(), 0.0).kind, RequeueKind::kNone);
}

}  // namespace
}  // namespace faber::reconciler
