#include "reconciler/environment_reconciler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "manifests/faber_config.h"
#include "store/environment_lock.h"
#include "tests/reconciler/reconciler_test_support.h"

namespace faber::reconciler {
namespace {

using manifests::RunStatus;
using manifests::Stage;
using manifests::StageStatus;
using nlohmann::json;
using testing::EnvBlock;
using testing::FaberYaml;
using testing::RecordingDebugger;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool AnyNoteContains(const EnvironmentResult& r, const std::string& part) {
  return std::any_of(r.notes.begin(), r.notes.end(), [&](const std::string& n) { return Contains(n, part); });
}

class EnvironmentReconcilerTest : public testing::ReconcilerFixture {
 protected:
  EnvironmentReconcilerTest() : state_dir_(tmp_.path() / "faber") {}

  // Puts faber.yaml `yaml` on env/test and env/prod; returns env/test's head.
  std::string SetUpBranches(const std::string& yaml = testing::DefaultFaberYaml()) {
    CommitConfig("env/prod", yaml);
    return CommitConfig("env/test", yaml);
  }
  EnvironmentResult Reconcile(const std::string& name = "test", const ReconcileOptions& options = {}) {
    EnvironmentReconciler reconciler(repo_, "faber/records", state_dir_, Deps());
    return reconciler.Reconcile(name, "env/" + name, options);
  }
  std::filesystem::path JournalFile(const std::string& name = "test") const {
    return state_dir_ / "journal" / (name + ".json");
  }
  std::optional<store::JournalEntry> Journal(const std::string& name = "test") {
    store::RunJournal journal(state_dir_ / "journal");
    auto found = journal.Find(name);
    EXPECT_TRUE(found.ok()) << found.status().message();
    return found.ok() ? *found : std::nullopt;
  }
  // Leaves a journal entry as a run killed during `stage` would.
  store::JournalEntry WriteJournal(const std::string& commit, const std::string& name = "test",
                                   const std::string& stage = "deploy") {
    store::JournalEntry entry{"20260101T000000Z-" + commit.substr(0, 7), name, commit, "env/" + name, stage,
                              "2026-01-01T00:00:00Z", 999, 4242};
    store::RunJournal journal(state_dir_ / "journal");
    EXPECT_TRUE(journal.Write(entry).ok());
    return entry;
  }
  std::vector<std::string> Records() { return repo_.BranchHistory("faber/records"); }
  void ExpectNothingRecorded() {
    EXPECT_FALSE(repo_.HasBranch("faber/records"));
    EXPECT_EQ(repo_.Calls("CompareAndSwapBranch"), 0);
  }

  std::filesystem::path state_dir_;
};

// --- The environment lock ---------------------------------------------------------------------

TEST_F(EnvironmentReconcilerTest, ALockHeldByAnotherRunMakesItBusyAndRunsNothing) {
  SetUpBranches();
  auto held = store::EnvironmentLock::TryAcquire(state_dir_ / "locks", "test");
  ASSERT_TRUE(held.ok()) << held.status().message();

  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kBusy);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kWaiting);
  EXPECT_TRUE(Contains(r.error.message(), "test")) << r.error.message();
  EXPECT_TRUE(engines_.created_for().empty());
  ExpectNothingRecorded();

  // Another environment's lock does not stand in the way, and once released the run goes ahead.
  EXPECT_EQ(Reconcile("prod").action, Action::kDeployed);
  held->reset();
  EnvironmentResult again = Reconcile();
  EXPECT_EQ(again.action, Action::kDeployed);
  ASSERT_TRUE(again.run.has_value());
  EXPECT_EQ(again.run->status, RunStatus::kSucceeded);
}

TEST_F(EnvironmentReconcilerTest, ALockFailureOfAnotherKindIsAnError) {
  SetUpBranches();
  env_.FailNext("TryLockFile", common::Internal("cannot open lock: no space left on device"));
  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kInternal);
  EXPECT_TRUE(Contains(r.error.message(), "no space left")) << r.error.message();
  EXPECT_TRUE(engines_.created_for().empty());
  ExpectNothingRecorded();
}

TEST_F(EnvironmentReconcilerTest, ALockDirectoryThatCannotBeMadeIsAnError) {
  SetUpBranches();
  env_.FailNext("CreateDirectories", common::Internal("read-only file system"));
  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kInternal);
  ExpectNothingRecorded();
}

// --- Configuration at the branch head ---------------------------------------------------------

TEST_F(EnvironmentReconcilerTest, FaberYamlMissingAtTheHeadIsInvalidInputAndRecordsNothing) {
  std::string head = repo_.Commit("env/test", {{"infra/main.txt", "v0\n"}});
  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kInvalidInput);
  EXPECT_TRUE(Contains(r.error.message(), "faber.yaml")) << r.error.message();
  EXPECT_TRUE(Contains(r.error.message(), "env/test")) << r.error.message();
  EXPECT_TRUE(Contains(r.error.message(), head.substr(0, 7))) << r.error.message();
  EXPECT_EQ(r.commit, head);
  EXPECT_TRUE(engines_.created_for().empty());
  ExpectNothingRecorded();
}

TEST_F(EnvironmentReconcilerTest, MalformedFaberYamlNamesTheFileAtTheBranchAndTheLine) {
  CommitConfig("env/test", "version: 1\nenvironments:\n  - name: test\n    branch: env/test\n    engine: helm\n");
  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kInvalidInput);
  EXPECT_TRUE(Contains(r.error.message(), "faber.yaml@env/test:5:")) << r.error.message();
  EXPECT_TRUE(Contains(r.error.message(), "engine")) << r.error.message();
  EXPECT_TRUE(engines_.created_for().empty());
  ExpectNothingRecorded();

  CommitConfig("env/test", "version: 1\nenvironments: [\n  {name: test\n");
  r = Reconcile();
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kInvalidInput);
  EXPECT_TRUE(Contains(r.error.message(), "faber.yaml@env/test")) << r.error.message();
  ExpectNothingRecorded();
}

TEST_F(EnvironmentReconcilerTest, FaberYamlWithoutTheEnvironmentIsInvalidInput) {
  CommitConfig("env/test", FaberYaml({EnvBlock("prod")}));
  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kInvalidInput);
  EXPECT_TRUE(Contains(r.error.message(), "faber.yaml@env/test")) << r.error.message();
  EXPECT_TRUE(Contains(r.error.message(), "test")) << r.error.message();
  EXPECT_TRUE(engines_.created_for().empty());
  ExpectNothingRecorded();
}

TEST_F(EnvironmentReconcilerTest, AMissingBranchIsAnErrorAndRecordsNothing) {
  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kNotFound);
  ExpectNothingRecorded();
}

// --- Idempotence ------------------------------------------------------------------------------

TEST_F(EnvironmentReconcilerTest, TheSameHeadTwiceIsANoopAndRetryRunsItAgain) {
  std::string head = SetUpBranches();
  EnvironmentResult first = Reconcile();
  ASSERT_EQ(first.action, Action::kDeployed);
  ASSERT_EQ(Records().size(), 1u);

  EnvironmentResult second = Reconcile();
  EXPECT_EQ(second.action, Action::kNoop);
  EXPECT_EQ(second.commit, head);
  EXPECT_FALSE(second.run.has_value());
  EXPECT_EQ(second.StatusName(), "");
  EXPECT_EQ(engines_.created_for().size(), 1u);
  EXPECT_EQ(Records().size(), 1u);

  ReconcileOptions retry;
  retry.retry = true;
  EnvironmentResult third = Reconcile("test", retry);
  EXPECT_EQ(third.action, Action::kDeployed);
  ASSERT_TRUE(third.run.has_value());
  EXPECT_EQ(third.run->commit, head);
  // A rerun within the same second starts in the next one: its own run id and report paths.
  EXPECT_NE(third.run->run_id, first.run->run_id);
  EXPECT_EQ(Records().size(), 2u);
  EXPECT_EQ(RecordsJson("reports/test/history.json")["runs"].size(), 2u);

  // A new head runs by itself.
  std::string next = CommitConfig("env/test", testing::DefaultFaberYaml(), "v1");
  EnvironmentResult fourth = Reconcile();
  EXPECT_EQ(fourth.action, Action::kDeployed);
  EXPECT_EQ(fourth.commit, next);
  EXPECT_EQ(RecordsJson("deployments/test.json")["last_applied_commit"], next);
}

TEST_F(EnvironmentReconcilerTest, AFailedHeadIsNotRetriedInALoop) {
  SetUpBranches();
  engines_.FailOn("apply", 1, "Error: boom");
  ASSERT_EQ(Reconcile().StatusName(), "failed");
  EnvironmentResult again = Reconcile();
  EXPECT_EQ(again.action, Action::kNoop);
  EXPECT_EQ(Records().size(), 1u);
}

// --- Gates ------------------------------------------------------------------------------------

TEST_F(EnvironmentReconcilerTest, ApprovalByCommentWaitsForTheHeadToBeApproved) {
  std::string yaml = FaberYaml({EnvBlock("test"), EnvBlock("prod", "    approval: comment\n")});
  CommitConfig("env/test", yaml);
  std::string old = CommitConfig("env/prod", yaml, "v0");
  std::string head = CommitConfig("env/prod", yaml, "v1");

  EnvironmentResult waiting = Reconcile("prod");
  EXPECT_EQ(waiting.action, Action::kAwaitingApproval);
  EXPECT_TRUE(AnyNoteContains(waiting, "awaiting approval")) << ::testing::PrintToString(waiting.notes);
  EXPECT_TRUE(AnyNoteContains(waiting, head.substr(0, 7)));
  EXPECT_TRUE(engines_.created_for().empty());
  ExpectNothingRecorded();

  // Approving another commit does not approve the head.
  ReconcileOptions stale;
  stale.approved_commit = old;
  EXPECT_EQ(Reconcile("prod", stale).action, Action::kAwaitingApproval);
  ExpectNothingRecorded();

  ReconcileOptions approved;
  approved.approved_commit = head;
  EnvironmentResult deployed = Reconcile("prod", approved);
  EXPECT_EQ(deployed.action, Action::kDeployed);
  ASSERT_TRUE(deployed.run.has_value());
  EXPECT_EQ(deployed.run->status, RunStatus::kSucceeded);
  EXPECT_EQ(RecordsJson("deployments/prod.json")["last_applied_commit"], head);
}

// A commit on env/prod that deletes its own gates (approval, requires, the blocking severities,
// the budget) changes nothing: the gates are read from faber.yaml on the default branch.
TEST_F(EnvironmentReconcilerTest, ACommitCannotRemoveTheGatesItMustPass) {
  const std::string gated = FaberYaml({EnvBlock("test"), EnvBlock("prod", "    approval: comment\n    requires: {passed: test}\n")});
  CommitConfig("env/test", gated);
  CommitConfig("env/prod", gated, "v0");
  const std::string ungated = FaberYaml({EnvBlock("test"), EnvBlock("prod")});
  const std::string head = repo_.Commit("env/prod", {{"faber.yaml", ungated}, {"infra/main.txt", "v1\n"}}, "remove the gates");
  ASSERT_EQ(*repo_.ReadFile(*repo_.ResolveBranch("main"), "faber.yaml"), gated);

  EnvironmentResult result = Reconcile("prod");
  EXPECT_NE(result.action, Action::kDeployed) << ::testing::PrintToString(result.notes);
  EXPECT_TRUE(result.action == Action::kAwaitingApproval || result.action == Action::kBlocked) << ActionName(result.action);
  EXPECT_TRUE(engines_.created_for().empty());
  ExpectNothingRecorded();

  // Without the environment on the default branch there are no gates to read: nothing deploys.
  repo_.Commit("main", {{"faber.yaml", FaberYaml({EnvBlock("test")})}}, "drop prod");
  EnvironmentResult orphan = Reconcile("prod");
  EXPECT_EQ(orphan.action, Action::kError);
  EXPECT_NE(orphan.error.message().find("does not declare environment prod"), std::string::npos) << orphan.error.message();
  EXPECT_TRUE(engines_.created_for().empty());
}

// With a policy branch configured (server.yaml policy_branch), the gates are read there, not on
// the default branch.
TEST_F(EnvironmentReconcilerTest, AConfiguredPolicyBranchIsWhereTheGatesAreRead) {
  const std::string gated = FaberYaml({EnvBlock("test"), EnvBlock("prod", "    approval: comment\n")});
  const std::string ungated = FaberYaml({EnvBlock("test"), EnvBlock("prod")});
  CommitConfig("env/prod", ungated);  // main: no gates
  repo_.Commit("faber/policy", {{"faber.yaml", gated}}, "the gates, kept apart");
  repo_.SetPolicyBranch("faber/policy");
  EnvironmentResult kept = Reconcile("prod");
  EXPECT_EQ(kept.action, Action::kAwaitingApproval) << ActionName(kept.action);
  EXPECT_TRUE(engines_.created_for().empty());

  repo_.SetPolicyBranch("");
  EXPECT_EQ(Reconcile("prod").action, Action::kDeployed);  // main's faber.yaml has no gate
}

// The repository's own policies are read where its gates are: a commit that rewrites the rule it
// breaks is still checked against the rule as the default branch holds it.
TEST_F(EnvironmentReconcilerTest, ACommitCannotRewriteThePoliciesItIsCheckedAgainst) {
  const std::string policy =
      "rules:\n  - id: ACME_BUCKET_NAME\n    title: Buckets are named acme-*\n    severity: CRITICAL\n"
      "    resource: aws_s3_bucket\n    pass: {attr: bucket, matches: '^acme-'}\n";
  const std::string yaml = FaberYaml({EnvBlock("test")}) + "policies: [policies]\n";
  CommitConfig("env/test", yaml);
  repo_.Commit("main", {{"policies/acme.yaml", policy}}, "the policy");
  const std::string bucket = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"other\"\n}\n";
  repo_.Commit("env/test", {{"infra/main.tf", bucket}, {"policies/acme.yaml", "rules: []\n"}}, "weaken the policy");

  EnvironmentResult r = Reconcile("test");
  ASSERT_TRUE(r.run.has_value()) << ActionName(r.action) << " " << r.error.message();
  EXPECT_EQ(r.run->status, RunStatus::kFailed);
  const StageRecord* pre = r.run->Find(Stage::kPreDeployment);
  ASSERT_NE(pre, nullptr);
  EXPECT_EQ(pre->status, StageStatus::kFailed);
  ASSERT_TRUE(r.run->pre_report.has_value());
  EXPECT_TRUE(Contains(r.run->pre_report->ToJson().dump(), "ACME_BUCKET_NAME")) << r.run->pre_report->ToJson().dump(2);
  EXPECT_TRUE(engines_.last() == nullptr || !Contains(::testing::PrintToString(engines_.last()->calls()), "apply"));

  // A policy directory the default branch does not have is an error naming it, not no policies.
  CommitConfig("env/test", FaberYaml({EnvBlock("test")}) + "policies: [policies/missing]\n", "v2");
  EnvironmentResult missing = Reconcile("test");
  ASSERT_TRUE(missing.run.has_value());
  EXPECT_EQ(missing.run->status, RunStatus::kFailed);
  ASSERT_TRUE(missing.run->pre_report.has_value());
  EXPECT_TRUE(Contains(missing.run->pre_report->ToJson().dump(), "policies/missing not found on the default branch"))
      << missing.run->pre_report->ToJson().dump(2);
}

class PromotionGateTest : public EnvironmentReconcilerTest {
 protected:
  std::string Yaml() { return FaberYaml({EnvBlock("test"), EnvBlock("prod", "    requires: {passed: test}\n")}); }
};

TEST_F(PromotionGateTest, BlockedWhileTheRequiredEnvironmentHasNoDeployment) {
  CommitConfig("env/test", Yaml());
  CommitConfig("env/prod", Yaml());
  EnvironmentResult r = Reconcile("prod");
  EXPECT_EQ(r.action, Action::kBlocked);
  EXPECT_TRUE(AnyNoteContains(r, "test has no successful deployment")) << ::testing::PrintToString(r.notes);
  EXPECT_TRUE(engines_.created_for().empty());
  ExpectNothingRecorded();

  // A failed deployment of test is no pass either.
  engines_.FailOn("apply", 1, "Error: boom", "test");
  ASSERT_EQ(Reconcile("test").StatusName(), "failed");
  EXPECT_EQ(Reconcile("prod").action, Action::kBlocked);
}

TEST_F(PromotionGateTest, BlockedWhenTheHeadDoesNotContainWhatPassed) {
  std::string passed = CommitConfig("env/test", Yaml());
  std::string head = CommitConfig("env/prod", Yaml(), "unrelated");  // its own history
  ASSERT_EQ(Reconcile("test").action, Action::kDeployed);
  size_t records = Records().size();

  EnvironmentResult r = Reconcile("prod");
  EXPECT_EQ(r.action, Action::kBlocked);
  EXPECT_TRUE(AnyNoteContains(r, head.substr(0, 7) + " does not contain " + passed.substr(0, 7)))
      << ::testing::PrintToString(r.notes);
  EXPECT_EQ(Records().size(), records);
  EXPECT_EQ(engines_.created_for(), std::vector<std::string>{"test"});
}

TEST_F(PromotionGateTest, DeploysAHeadThatContainsWhatPassed) {
  std::string passed = CommitConfig("env/test", Yaml());
  ASSERT_EQ(Reconcile("test").action, Action::kDeployed);
  repo_.SetBranch("env/prod", passed);
  std::string head = CommitConfig("env/prod", Yaml(), "prod tweak");

  EnvironmentResult r = Reconcile("prod");
  EXPECT_EQ(r.action, Action::kDeployed);
  ASSERT_TRUE(r.run.has_value());
  EXPECT_EQ(r.run->status, RunStatus::kSucceeded);
  EXPECT_EQ(RecordsJson("deployments/prod.json")["last_applied_commit"], head);
}

// --- Recovery of an interrupted run -----------------------------------------------------------

TEST_F(EnvironmentReconcilerTest, AnInterruptedRunOfTheHeadIsRecordedItsLeftoversStoppedAndRerun) {
  std::string head = SetUpBranches();
  store::JournalEntry journal = WriteJournal(head);
  env_.set_leftovers(2);

  EnvironmentResult r = Reconcile();
  ASSERT_EQ(env_.stopped().size(), 1u);
  EXPECT_EQ(env_.stopped()[0].first, 4242);
  EXPECT_EQ(env_.stopped()[0].second, journal.run_id);
  EXPECT_TRUE(AnyNoteContains(r, "stopped 2 process(es)")) << ::testing::PrintToString(r.notes);
  EXPECT_TRUE(AnyNoteContains(r, "interrupted during deploy; policy: rerun")) << ::testing::PrintToString(r.notes);
  ASSERT_TRUE(r.interrupted.has_value());
  EXPECT_EQ(*r.interrupted, RunStatus::kInterrupted);

  // The interruption is its own records commit, then the head ran again.
  EXPECT_EQ(r.action, Action::kDeployed);
  ASSERT_TRUE(r.run.has_value());
  EXPECT_EQ(r.run->status, RunStatus::kSucceeded);
  auto records = Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(Subject(records[1]), "faber(test): recover " + head.substr(0, 7) + " interrupted");
  EXPECT_EQ(Subject(records[0]), "faber(test): deploy " + head.substr(0, 7) + " succeeded");
  json history = RecordsJson("reports/test/history.json");
  ASSERT_EQ(history["runs"].size(), 2u);
  EXPECT_EQ(history["runs"][0]["status"], "interrupted");
  EXPECT_EQ(history["runs"][0]["failed_stage"], "deploy");
  EXPECT_EQ(history["runs"][1]["status"], "succeeded");
  EXPECT_EQ(RecordsJson("deployments/test.json")["last_applied_commit"], head);
  EXPECT_FALSE(std::filesystem::exists(JournalFile()));
}

TEST_F(EnvironmentReconcilerTest, AnInterruptedRunWithTheStopPolicyStopsUntilARetry) {
  std::string yaml = FaberYaml({EnvBlock("test", "    on_interrupted: stop\n"), EnvBlock("prod")});
  std::string head = SetUpBranches(yaml);
  WriteJournal(head);

  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kStopped);
  ASSERT_TRUE(r.interrupted.has_value());
  EXPECT_EQ(r.StatusName(), "interrupted");
  EXPECT_FALSE(r.run.has_value());
  EXPECT_TRUE(AnyNoteContains(r, "policy: stop")) << ::testing::PrintToString(r.notes);
  EXPECT_EQ(env_.stopped().size(), 1u);
  EXPECT_TRUE(engines_.created_for().empty());
  ASSERT_EQ(Records().size(), 1u);
  EXPECT_EQ(r.records_commit, Records()[0]);
  json deployment = RecordsJson("deployments/test.json");
  EXPECT_EQ(deployment["status"], "interrupted");
  EXPECT_EQ(deployment["last_run"]["policy"], "stop");
  EXPECT_EQ(deployment["last_run"]["interrupted_stage"], "deploy");
  EXPECT_TRUE(deployment["last_applied_commit"].is_null() || deployment["last_applied_commit"] == "");
  EXPECT_FALSE(std::filesystem::exists(JournalFile()));

  // Nothing happens until a person asks.
  EXPECT_EQ(Reconcile().action, Action::kNoop);
  EXPECT_EQ(Records().size(), 1u);

  ReconcileOptions retry;
  retry.retry = true;
  EnvironmentResult retried = Reconcile("test", retry);
  EXPECT_EQ(retried.action, Action::kDeployed);
  ASSERT_TRUE(retried.run.has_value());
  EXPECT_EQ(retried.run->status, RunStatus::kSucceeded);
  EXPECT_EQ(Records().size(), 2u);
  EXPECT_EQ(RecordsJson("deployments/test.json")["last_applied_commit"], head);
}

TEST_F(EnvironmentReconcilerTest, AnInterruptedProductionRunStopsByDefault) {
  SetUpBranches();
  std::string head = *repo_.ResolveBranch("env/prod");
  WriteJournal(head, "prod", "post-deployment");
  EnvironmentResult r = Reconcile("prod");
  EXPECT_EQ(r.action, Action::kStopped);
  EXPECT_TRUE(AnyNoteContains(r, "interrupted during post-deployment; policy: stop"))
      << ::testing::PrintToString(r.notes);
  EXPECT_TRUE(engines_.created_for().empty());
  EXPECT_EQ(RecordsJson("deployments/prod.json")["status"], "interrupted");

  // A stop with --retry at once: recorded, then deployed in the same reconcile.
  WriteJournal(head, "prod", "deploy");
  ReconcileOptions retry;
  retry.retry = true;
  EnvironmentResult retried = Reconcile("prod", retry);
  EXPECT_EQ(retried.action, Action::kDeployed);
  EXPECT_TRUE(retried.interrupted.has_value());
  EXPECT_EQ(Records().size(), 3u);
  EXPECT_EQ(RecordsJson("deployments/prod.json")["last_applied_commit"], head);
}

TEST_F(EnvironmentReconcilerTest, AnInterruptedRunOfAnOlderCommitIsRecordedThenTheNewHeadDeploys) {
  std::string old = SetUpBranches();
  std::string head = CommitConfig("env/test", testing::DefaultFaberYaml(), "v1");
  WriteJournal(old);

  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kDeployed);
  EXPECT_TRUE(r.interrupted.has_value());
  ASSERT_TRUE(r.run.has_value());
  EXPECT_EQ(r.run->commit, head);
  auto records = Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(Subject(records[1]), "faber(test): recover " + old.substr(0, 7) + " interrupted");
  EXPECT_EQ(Subject(records[0]), "faber(test): deploy " + head.substr(0, 7) + " succeeded");

  // The same with the stop policy: the old commit's interruption does not hold up a new head.
  std::string yaml = FaberYaml({EnvBlock("test", "    on_interrupted: stop\n"), EnvBlock("prod")});
  std::string stop_head = CommitConfig("env/test", yaml, "v2");
  WriteJournal(head);
  EnvironmentResult s = Reconcile();
  EXPECT_EQ(s.action, Action::kDeployed);
  EXPECT_EQ(RecordsJson("deployments/test.json")["last_applied_commit"], stop_head);
}

TEST_F(EnvironmentReconcilerTest, AFailedRecordsWriteDuringRecoveryKeepsTheJournal) {
  std::string head = SetUpBranches();
  store::JournalEntry journal = WriteJournal(head);
  repo_.FailNext("CompareAndSwapBranch", common::Internal("cannot lock ref: disk full"), 50);

  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kInternal);
  EXPECT_TRUE(Contains(r.error.message(), "disk full")) << r.error.message();
  EXPECT_FALSE(r.interrupted.has_value());
  EXPECT_TRUE(engines_.created_for().empty());
  EXPECT_FALSE(repo_.HasBranch("faber/records"));
  auto kept = Journal();
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->run_id, journal.run_id);
  EXPECT_EQ(kept->commit, head);
}

// --- The run and its record -------------------------------------------------------------------

TEST_F(EnvironmentReconcilerTest, ASucceededRunWritesOneRecordsCommitAndClearsTheJournal) {
  std::string head = SetUpBranches();
  EnvironmentResult r = Reconcile();

  EXPECT_EQ(r.action, Action::kDeployed);
  EXPECT_EQ(r.environment, "test");
  EXPECT_EQ(r.commit, head);
  ASSERT_TRUE(r.run.has_value());
  const RunSummary& run = *r.run;
  EXPECT_EQ(run.kind, manifests::RunKind::kDeploy);
  EXPECT_EQ(run.status, RunStatus::kSucceeded);
  EXPECT_EQ(run.environment, "test");
  EXPECT_EQ(run.branch, "env/test");
  EXPECT_EQ(run.commit, head);
  EXPECT_EQ(run.run_id, common::FormatCompactUtc(clock_.Now()) + "-" + head.substr(0, 7));
  ASSERT_EQ(run.stages.size(), 5u);
  for (const auto& s : run.stages) EXPECT_EQ(s.status, StageStatus::kPassed) << manifests::StageName(s.stage);
  EXPECT_EQ(r.StatusName(), "succeeded");
  EXPECT_FALSE(r.Failed());
  EXPECT_EQ(engines_.last()->calls(), (std::vector<std::string>{"init", "validate", "plan", "apply", "outputs"}));

  auto records = Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(r.records_commit, records[0]);
  EXPECT_EQ(run.records_commit, records[0]);
  EXPECT_EQ(r.push, store::PushState::kNotNeeded);
  EXPECT_EQ(Subject(records[0]), "faber(test): deploy " + head.substr(0, 7) + " succeeded");
  json deployment = RecordsJson("deployments/test.json");
  EXPECT_EQ(deployment["status"], "succeeded");
  EXPECT_EQ(deployment["last_applied_commit"], head);
  EXPECT_EQ(deployment["last_attempted_commit"], head);
  EXPECT_EQ(deployment["last_run"]["run_id"], run.run_id);
  EXPECT_EQ(deployment["last_run"]["stages"].size(), 5u);
  EXPECT_FALSE(deployment["last_run"].contains("debug"));
  EXPECT_EQ(RecordsJson("reports/test/history.json")["runs"].size(), 1u);
  // Nothing failed and nothing was fixed: the debugger is not consulted.
  EXPECT_TRUE(debugger_.calls().empty());
  EXPECT_FALSE(std::filesystem::exists(JournalFile()));
}

TEST_F(EnvironmentReconcilerTest, TheJournalIsWrittenAheadWithThisProcessAndEachStage) {
  std::string head = SetUpBranches();
  // The records write fails (a failure that is not a lost race is not retried), so the journal
  // of the run stays for the next start.
  repo_.FailNext("CompareAndSwapBranch", common::Internal("disk full"), 1);
  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kError);
  auto kept = Journal();
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->commit, head);
  EXPECT_EQ(kept->branch, "env/test");
  EXPECT_EQ(kept->faber_pid, 4321);
  EXPECT_EQ(kept->stage, "post-deployment");  // the last stage that started
  EXPECT_EQ(kept->run_id, common::FormatCompactUtc(clock_.Now()) + "-" + head.substr(0, 7));

  // The next start finds it: recorded as interrupted, then the head runs again.
  EnvironmentResult next = Reconcile();
  EXPECT_EQ(next.action, Action::kDeployed);
  EXPECT_TRUE(next.interrupted.has_value());
  EXPECT_EQ(Records().size(), 2u);
}

TEST_F(EnvironmentReconcilerTest, AJournalThatCannotBeWrittenRunsNothing) {
  SetUpBranches();
  env_.FailNext("WriteFileAtomically", common::Internal("read-only file system"));
  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_TRUE(Contains(r.error.message(), "read-only")) << r.error.message();
  EXPECT_TRUE(engines_.created_for().empty());
  ExpectNothingRecorded();
}

TEST_F(EnvironmentReconcilerTest, AFailingApplyIsRecordedAsFailedAndDiagnosed) {
  std::string applied = SetUpBranches();
  ASSERT_EQ(Reconcile().action, Action::kDeployed);
  std::string head = CommitConfig("env/test", testing::DefaultFaberYaml(), "v1");
  engines_.FailOn("apply", 3, "Error: creating S3 bucket: AccessDenied");

  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kDeployed);
  ASSERT_TRUE(r.run.has_value());
  EXPECT_EQ(r.run->status, RunStatus::kFailed);
  EXPECT_TRUE(r.Failed());
  EXPECT_EQ(r.StatusName(), "failed");
  const StageRecord* deploy = r.run->Find(Stage::kDeploy);
  ASSERT_NE(deploy, nullptr);
  EXPECT_EQ(deploy->status, StageStatus::kFailed);
  EXPECT_EQ(deploy->exit_code, 3);
  EXPECT_EQ(r.run->Find(Stage::kPostDeployment)->status, StageStatus::kNotRun);

  auto calls = debugger_.calls();
  ASSERT_EQ(calls.size(), 1u);
  ASSERT_TRUE(calls[0].failure.has_value());
  EXPECT_EQ(calls[0].failure->stage, Stage::kDeploy);
  EXPECT_EQ(calls[0].failure->operation, "apply");
  EXPECT_EQ(calls[0].failure->exit_code, 3);
  EXPECT_EQ(calls[0].failure->commit, head);
  EXPECT_TRUE(Contains(calls[0].failure->output, "AccessDenied"));
  EXPECT_EQ(calls[0].records_tip, Records()[1]);  // derived from the records it updates

  EXPECT_EQ(r.run->proposal_markdown, "proposal 1");
  EXPECT_EQ(r.run->diagnosis["issue_id"], RecordingDebugger::kIssueId);
  EXPECT_EQ(r.run->diagnosis["analysis"], 1);

  json deployment = RecordsJson("deployments/test.json");
  EXPECT_EQ(deployment["status"], "failed");
  EXPECT_EQ(deployment["last_applied_commit"], applied);
  EXPECT_EQ(deployment["last_attempted_commit"], head);
  EXPECT_EQ(deployment["last_run"]["failure"]["stage"], "deploy");
  EXPECT_EQ(deployment["last_run"]["failure"]["operation"], "apply");
  EXPECT_EQ(deployment["last_run"]["debug"]["issue_id"], RecordingDebugger::kIssueId);
  // The debugger's issue-log change is part of the run's one commit.
  EXPECT_EQ(RecordsJson(store::IssuePath(RecordingDebugger::kIssueId))["analysis"], 1);
  EXPECT_EQ(Records().size(), 2u);
  EXPECT_EQ(Subject(Records()[0]), "faber(test): deploy " + head.substr(0, 7) + " failed");
}

TEST_F(EnvironmentReconcilerTest, TheServersKnownSecretsAreRedactedFromTheRecords) {
  SetUpBranches();
  engines_.FailOn("apply", 1, "auth with srv-known-secret-77 failed\nError: denied");
  EnvironmentResult r = Reconcile();
  ASSERT_TRUE(r.run.has_value());
  ASSERT_TRUE(r.run->failure.has_value());
  EXPECT_FALSE(Contains(r.run->failure->output, "srv-known-secret-77")) << r.run->failure->output;
  std::string recorded = RecordsJson("deployments/test.json").dump();
  EXPECT_FALSE(Contains(recorded, "srv-known-secret-77"));
  EXPECT_TRUE(Contains(recorded, "Error: denied"));
}

TEST_F(EnvironmentReconcilerTest, AConcurrentRecordsWriterIsBuiltUponAndTheLastAnalysisIsKept) {
  std::string head = SetUpBranches();
  engines_.FailOn("apply", 1, "Error: throttled");
  std::string other;
  repo_.BeforeNextCompareAndSwap(
      [&] { other = repo_.Commit("faber/records", {{"deployments/prod.json", "{}\n"}}, "another writer"); });

  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kDeployed);
  ASSERT_FALSE(other.empty());
  auto records = Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1], other);
  EXPECT_EQ(records[0], r.records_commit);
  EXPECT_EQ(Subject(records[0]), "faber(test): deploy " + head.substr(0, 7) + " failed");
  // The other writer's file stays; the run is recorded once, on top of it.
  EXPECT_EQ(RecordsJson("deployments/prod.json"), json::object());
  EXPECT_EQ(RecordsJson("reports/test/history.json")["runs"].size(), 1u);

  auto calls = debugger_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].records_tip, "");
  EXPECT_EQ(calls[1].records_tip, other);
  EXPECT_EQ(r.run->proposal_markdown, "proposal 2");
  EXPECT_EQ(r.run->diagnosis["analysis"], 2);
  EXPECT_EQ(RecordsJson("deployments/test.json")["last_run"]["debug"]["analysis"], 2);
  EXPECT_EQ(RecordsJson(store::IssuePath(RecordingDebugger::kIssueId))["analysis"], 2);
}

TEST_F(EnvironmentReconcilerTest, ARecordsWriteThatKeepsFailingIsAnErrorAndKeepsTheJournal) {
  std::string head = SetUpBranches();
  repo_.FailNext("CompareAndSwapBranch", common::Internal("cannot write ref"), 50);
  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kInternal);
  EXPECT_FALSE(r.run.has_value());
  EXPECT_TRUE(r.records_commit.empty());
  EXPECT_FALSE(repo_.HasBranch("faber/records"));
  auto kept = Journal();
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->commit, head);
}

TEST_F(EnvironmentReconcilerTest, ARecordsBranchThatKeepsMovingGivesUpWithAConflict) {
  SetUpBranches();
  repo_.FailNext("CompareAndSwapBranch", common::Conflict("faber/records moved"), 1000);
  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kConflict);
  EXPECT_TRUE(Contains(r.error.message(), "attempts")) << r.error.message();
  EXPECT_GT(repo_.Calls("CompareAndSwapBranch"), 1);
  EXPECT_TRUE(std::filesystem::exists(JournalFile()));
}

TEST_F(EnvironmentReconcilerTest, AnExportFailureIsRecordedAsFailedAtValidate) {
  std::string head = SetUpBranches();
  repo_.FailNext("ExportTree", common::Internal("object missing"));
  EnvironmentResult r = Reconcile();
  EXPECT_EQ(r.action, Action::kDeployed);
  ASSERT_TRUE(r.run.has_value());
  EXPECT_EQ(r.run->status, RunStatus::kFailed);
  ASSERT_FALSE(r.run->stages.empty());
  EXPECT_EQ(r.run->stages[0].stage, Stage::kValidate);
  EXPECT_EQ(r.run->stages[0].status, StageStatus::kFailed);
  ASSERT_TRUE(r.run->failure.has_value());
  EXPECT_EQ(r.run->failure->operation, "export");
  EXPECT_TRUE(Contains(r.run->failure->output, "object missing"));
  EXPECT_EQ(debugger_.calls().size(), 1u);
  json deployment = RecordsJson("deployments/test.json");
  EXPECT_EQ(deployment["status"], "failed");
  EXPECT_EQ(deployment["last_attempted_commit"], head);
  EXPECT_EQ(deployment["last_run"]["failure"]["stage"], "validate");
  EXPECT_EQ(deployment["last_run"]["failure"]["operation"], "export");
  EXPECT_FALSE(std::filesystem::exists(JournalFile()));
}

TEST_F(EnvironmentReconcilerTest, AnEngineThatCannotBeBuiltIsRecordedAsFailedAtValidate) {
  SetUpBranches();
  engines_.FailNextCreate(common::InvalidInput("terraform is not installed"));
  EnvironmentResult r = Reconcile();
  ASSERT_TRUE(r.run.has_value());
  EXPECT_EQ(r.run->status, RunStatus::kFailed);
  ASSERT_TRUE(r.run->failure.has_value());
  EXPECT_EQ(r.run->failure->stage, Stage::kValidate);
  EXPECT_EQ(r.run->failure->operation, "engine");
  EXPECT_EQ(RecordsJson("deployments/test.json")["last_run"]["failure"]["operation"], "engine");
}

TEST_F(EnvironmentReconcilerTest, SkipTestsIsRecorded) {
  SetUpBranches();
  ReconcileOptions options;
  options.skip_tests = true;
  EnvironmentResult r = Reconcile("test", options);
  ASSERT_TRUE(r.run.has_value());
  EXPECT_TRUE(r.run->tests_skipped);
  EXPECT_EQ(r.run->Find(Stage::kPreDeployment)->status, StageStatus::kSkipped);
  EXPECT_EQ(r.run->Find(Stage::kPostDeployment)->status, StageStatus::kSkipped);
  EXPECT_EQ(RecordsJson("deployments/test.json")["last_run"]["tests_skipped"], true);
}

TEST_F(EnvironmentReconcilerTest, ThePullRequestIsReadFromTheHeadsMessage) {
  CommitConfig("env/prod", testing::DefaultFaberYaml());
  std::string head = CommitConfig("env/test", testing::DefaultFaberYaml(), "v0", "Merge pull request #12 from acme/x");
  EnvironmentResult r = Reconcile();
  ASSERT_TRUE(r.run.has_value());
  ASSERT_TRUE(r.run->pull_request.has_value());
  EXPECT_EQ(*r.run->pull_request, 12);
  EXPECT_EQ(RecordsJson("deployments/test.json")["last_run"]["pull_request"], 12);
  auto info = repo_.GetCommit(r.records_commit);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(Contains(info->message, "Faber-Pull-Request: 12")) << info->message;
}

// --- Carrying out a proposed fix --------------------------------------------------------------

TEST_F(EnvironmentReconcilerTest, ApplyFixRerunsTheFailedCommitCarryingTheRequestedFix) {
  std::string head = SetUpBranches();
  engines_.FailOn("apply", 1, "Error: throttled");
  EnvironmentResult failed = Reconcile();
  ASSERT_EQ(failed.StatusName(), "failed");
  engines_.ClearFailures();

  ReconcileOptions options;
  options.apply_fix = "sol-retry";
  EnvironmentResult r = Reconcile("test", options);
  EXPECT_EQ(r.action, Action::kDeployed);
  ASSERT_TRUE(r.run.has_value());
  EXPECT_EQ(r.run->commit, head);
  EXPECT_EQ(r.run->status, RunStatus::kSucceeded);
  EXPECT_NE(r.run->run_id, failed.run->run_id);
  ASSERT_TRUE(r.run->requested_fix.has_value());
  const FixAttempt& fix = *r.run->requested_fix;
  EXPECT_EQ(fix.solution_id, "sol-retry");
  EXPECT_EQ(fix.remedy, "retry_with_backoff");
  EXPECT_EQ(fix.issue_id, RecordingDebugger::kIssueId);
  EXPECT_EQ(fix.requested_by, "cli");
  EXPECT_EQ(fix.stage, Stage::kDeploy);
  EXPECT_EQ(fix.operation, "apply");
  EXPECT_EQ(fix.commit, head);
  EXPECT_TRUE(AnyNoteContains(r, "applying solution sol-retry")) << ::testing::PrintToString(r.notes);

  // The debugger learns how the fix went, with the run's one commit.
  auto calls = debugger_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_FALSE(calls[1].failure.has_value());
  ASSERT_EQ(calls[1].attempts.size(), 1u);
  EXPECT_EQ(calls[1].attempts[0].solution_id, "sol-retry");
  EXPECT_EQ(r.run->fixes.size(), 1u);
  EXPECT_EQ(RecordsJson("deployments/test.json")["last_applied_commit"], head);
  EXPECT_EQ(Records().size(), 2u);
}

TEST_F(EnvironmentReconcilerTest, ApplyFixKeepsWhoAskedForIt) {
  SetUpBranches();
  engines_.FailOn("apply", 1, "Error: throttled");
  ASSERT_EQ(Reconcile().StatusName(), "failed");
  ReconcileOptions options;
  options.apply_fix = "sol-retry";
  options.requested_by = "alice";
  EnvironmentResult r = Reconcile("test", options);
  ASSERT_TRUE(r.run.has_value());
  ASSERT_TRUE(r.run->requested_fix.has_value());
  EXPECT_EQ(r.run->requested_fix->requested_by, "alice");
  EXPECT_TRUE(AnyNoteContains(r, "asked by alice"));
}

TEST_F(EnvironmentReconcilerTest, ApplyFixOfAnUnknownSolutionIsNotFoundListingTheKnownOnes) {
  SetUpBranches();
  engines_.FailOn("apply", 1, "Error: throttled");
  ASSERT_EQ(Reconcile().StatusName(), "failed");
  ReconcileOptions options;
  options.apply_fix = "sol-nope";
  EnvironmentResult r = Reconcile("test", options);
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kNotFound);
  EXPECT_TRUE(Contains(r.error.message(), "sol-nope")) << r.error.message();
  EXPECT_TRUE(Contains(r.error.message(), "sol-retry")) << r.error.message();
  EXPECT_TRUE(Contains(r.error.message(), "sol-manual")) << r.error.message();
  EXPECT_EQ(engines_.created_for().size(), 1u);
  EXPECT_EQ(Records().size(), 1u);
}

TEST_F(EnvironmentReconcilerTest, ApplyFixOfASolutionForAPersonIsInvalidInput) {
  SetUpBranches();
  engines_.FailOn("apply", 1, "Error: AccessDenied");
  ASSERT_EQ(Reconcile().StatusName(), "failed");
  ReconcileOptions options;
  options.apply_fix = "sol-manual";
  EnvironmentResult r = Reconcile("test", options);
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kInvalidInput);
  EXPECT_TRUE(Contains(r.error.message(), "Attach the policy")) << r.error.message();
  EXPECT_EQ(Records().size(), 1u);
}

TEST_F(EnvironmentReconcilerTest, ApplyFixAfterTheBranchMovedOnNamesBothCommits) {
  std::string failed = SetUpBranches();
  engines_.FailOn("apply", 1, "Error: throttled");
  ASSERT_EQ(Reconcile().StatusName(), "failed");
  std::string head = CommitConfig("env/test", testing::DefaultFaberYaml(), "v1");
  ReconcileOptions options;
  options.apply_fix = "sol-retry";
  EnvironmentResult r = Reconcile("test", options);
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kInvalidInput);
  EXPECT_TRUE(Contains(r.error.message(), failed.substr(0, 7))) << r.error.message();
  EXPECT_TRUE(Contains(r.error.message(), head.substr(0, 7))) << r.error.message();
  EXPECT_EQ(Records().size(), 1u);
}

TEST_F(EnvironmentReconcilerTest, ApplyFixWithoutAFailureIsNotFound) {
  SetUpBranches();
  ASSERT_EQ(Reconcile().StatusName(), "succeeded");
  ReconcileOptions options;
  options.apply_fix = "sol-retry";
  EnvironmentResult r = Reconcile("test", options);
  EXPECT_EQ(r.action, Action::kError);
  EXPECT_EQ(r.error.kind(), common::ErrorKind::kNotFound);
  EXPECT_EQ(Records().size(), 1u);
}

// --- Drift ------------------------------------------------------------------------------------

TEST_F(EnvironmentReconcilerTest, DriftOfAnEnvironmentNeverDeployedComparesNothing) {
  SetUpBranches();
  ReconcileOptions options;
  options.drift = true;
  EnvironmentResult r = Reconcile("test", options);
  EXPECT_EQ(r.action, Action::kDrift);
  EXPECT_FALSE(r.drift.has_value());
  EXPECT_TRUE(AnyNoteContains(r, "never deployed")) << ::testing::PrintToString(r.notes);
  EXPECT_FALSE(r.Failed());
  EXPECT_TRUE(engines_.created_for().empty());
  ExpectNothingRecorded();
}

TEST_F(EnvironmentReconcilerTest, DriftChecksTheLastAppliedCommitAndRecordsIt) {
  std::string applied = SetUpBranches();
  ASSERT_EQ(Reconcile().action, Action::kDeployed);
  CommitConfig("env/test", testing::DefaultFaberYaml(), "v1");  // not deployed yet
  EngineResult drift;
  drift.ran = true;
  drift.data = {{"format_version", "1.2"}, {"resource_drift", json::array()}};
  engines_.SetDrift(drift);

  ReconcileOptions options;
  options.drift = true;
  EnvironmentResult r = Reconcile("test", options);
  EXPECT_EQ(r.action, Action::kDrift);
  EXPECT_EQ(r.commit, applied);
  ASSERT_TRUE(r.drift.has_value());
  EXPECT_EQ(r.drift->verdict, manifests::DriftVerdict::kInSync);
  EXPECT_EQ(r.StatusName(), "in_sync");
  EXPECT_FALSE(r.Failed());
  auto records = Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(r.records_commit, records[0]);
  json deployment = RecordsJson("deployments/test.json");
  EXPECT_EQ(deployment["drift"]["status"], "in_sync");
  EXPECT_EQ(deployment["drift"]["commit"], applied);
  EXPECT_EQ(deployment["last_applied_commit"], applied);
}

TEST_F(EnvironmentReconcilerTest, DriftFoundOutsideFaberIsAFailedCheck) {
  std::string applied = SetUpBranches();
  ASSERT_EQ(Reconcile().action, Action::kDeployed);
  EngineResult drift;
  drift.ran = true;
  drift.data = {{"format_version", "1.2"},
                {"resource_drift",
                 {{{"address", "aws_s3_bucket.logs"},
                   {"type", "aws_s3_bucket"},
                   {"name", "logs"},
                   {"change",
                    {{"actions", {"update"}}, {"before", {{"acl", "private"}}}, {"after", {{"acl", "public-read"}}}}}}}}};
  engines_.SetDrift(drift);
  ReconcileOptions options;
  options.drift = true;
  EnvironmentResult r = Reconcile("test", options);
  EXPECT_EQ(r.action, Action::kDrift);
  ASSERT_TRUE(r.drift.has_value());
  EXPECT_EQ(r.drift->verdict, manifests::DriftVerdict::kDrifted);
  EXPECT_TRUE(r.Failed());
  json deployment = RecordsJson("deployments/test.json");
  EXPECT_EQ(deployment["drift"]["status"], "drifted");
  EXPECT_EQ(deployment["drift"]["drifted_resources"], 1);
  EXPECT_EQ(Subject(r.records_commit), "faber(test): drift " + applied.substr(0, 7) + " drifted");
}

// --- Pull-request previews --------------------------------------------------------------------

class PreviewTest : public EnvironmentReconcilerTest {
 protected:
  PreviewTest() {
    auto config = manifests::ParseFaberConfig(testing::DefaultFaberYaml(), "faber.yaml");
    EXPECT_TRUE(config.ok()) << config.status().message();
    config_ = *config;
    pr_head_ = CommitConfig("pr/7", testing::DefaultFaberYaml(), "pr change");
  }
  RunSummary Preview(bool plan) {
    EnvironmentReconciler reconciler(repo_, "faber/records", state_dir_, Deps());
    PreviewRequest request;
    request.env = config_.FindEnvironment("test");
    request.commit = pr_head_;
    request.pull_request = 7;
    request.plan = plan;
    return reconciler.Preview(request);
  }
  manifests::FaberConfig config_;
  std::string pr_head_;
};

TEST_F(PreviewTest, RunsUpToThePreviewAndRecordsNothing) {
  RunSummary run = Preview(true);
  EXPECT_EQ(run.kind, manifests::RunKind::kPreview);
  EXPECT_EQ(run.status, RunStatus::kSucceeded);
  EXPECT_EQ(run.commit, pr_head_);
  EXPECT_EQ(run.environment, "test");
  ASSERT_TRUE(run.pull_request.has_value());
  EXPECT_EQ(*run.pull_request, 7);
  ASSERT_EQ(run.stages.size(), 3u);
  EXPECT_EQ(run.stages.back().stage, Stage::kPreview);
  EXPECT_EQ(engines_.last()->calls(), (std::vector<std::string>{"init", "validate", "plan"}));
  ExpectNothingRecorded();
  EXPECT_FALSE(std::filesystem::exists(JournalFile()));
  // The scratch checkout is gone.
  EXPECT_FALSE(std::filesystem::exists(state_dir_ / "previews" / "test" / run.run_id));
}

TEST_F(PreviewTest, WithoutAPlanStopsAfterThePreDeploymentTests) {
  RunSummary run = Preview(false);
  EXPECT_EQ(run.kind, manifests::RunKind::kPreview);
  EXPECT_EQ(run.status, RunStatus::kSucceeded);
  ASSERT_EQ(run.stages.size(), 2u);
  EXPECT_EQ(run.stages.back().stage, Stage::kPreDeployment);
  EXPECT_EQ(engines_.last()->calls(), (std::vector<std::string>{"init", "validate"}));
  ExpectNothingRecorded();
}

TEST_F(PreviewTest, AHeadThatCannotBeExportedFailsAtValidate) {
  repo_.FailNext("ExportTree", common::NotFound("no commit"));
  RunSummary run = Preview(true);
  EXPECT_EQ(run.kind, manifests::RunKind::kPreview);
  EXPECT_EQ(run.status, RunStatus::kFailed);
  ASSERT_TRUE(run.failure.has_value());
  EXPECT_EQ(run.failure->stage, Stage::kValidate);
  EXPECT_EQ(run.failure->operation, "export");
  EXPECT_TRUE(Contains(run.failure->output, pr_head_.substr(0, 7))) << run.failure->output;
  ExpectNothingRecorded();
}

}  // namespace
}  // namespace faber::reconciler
