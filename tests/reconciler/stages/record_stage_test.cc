#include "reconciler/stages/record_stage.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "reconciler/plan/plan_document.h"
#include "reconciler/plan/plan_summary.h"
#include "store/git_repository.h"
#include "store/records_layout.h"
#include "store/records_store.h"
#include "tests/fakes/fake_clock.h"
#include "tests/support/faber_harness.h"

namespace faber::reconciler {
namespace {

using manifests::RunStatus;
using manifests::Stage;
using manifests::StageStatus;
using nlohmann::json;

const std::string kOldCommit = "aaaaaaa000000000000000000000000000000001";
const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";
// 2026-01-02T03:04:05Z
const common::TimePoint kStarted = std::chrono::system_clock::from_time_t(1767323045);

// A debugger that remembers what it was asked and answers with a fixed analysis.
class RecordingDebugger : public FailureDebugger {
 public:
  struct Call {
    std::optional<FailureContext> failure;
    std::vector<FixAttempt> attempts;
    std::string records_tip;
  };

  DebugAnalysis Analyze(const FailureContext* failure, const std::vector<FixAttempt>& attempts,
                        const store::RecordsSnapshot& records) override {
    Call call;
    if (failure != nullptr) call.failure = *failure;
    call.attempts = attempts;
    call.records_tip = records.tip();
    calls.push_back(call);
    return answer;
  }

  std::vector<Call> calls;
  DebugAnalysis answer;
};

DebugAnalysis SampleAnalysis() {
  DebugAnalysis analysis;
  analysis.summary = {{"issue_id", "ERR-PERM-0001"}, {"category", "permissions"}, {"occurrences", 3}};
  analysis.fixes = json::array({{{"issue_id", "ERR-PERM-0001"}, {"solution_id", "sol-1"}, {"succeeded", false}}});
  analysis.markdown = "### Proposed fixes\n\n1. Grant s3:PutObject\n";
  analysis.issue_log_changes.push_back({store::IssuePath("ERR-PERM-0001"), std::string(R"({"issue_id":"ERR-PERM-0001"})")});
  return analysis;
}

// The summary of a small `terraform show -json` plan: one bucket created, one instance resized.
json SamplePlanSummary() {
  const char* text = R"({
    "format_version": "1.2", "terraform_version": "1.7.5",
    "resource_changes": [
      {"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
       "change": {"actions": ["create"], "before": null, "after": {"bucket": "logs"}, "after_unknown": {"arn": true}}},
      {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
       "change": {"actions": ["update"], "before": {"instance_type": "t3.micro"},
                  "after": {"instance_type": "t3.small"}, "after_unknown": {}}}
    ]})";
  auto doc = plan::ParsePlanDocument(text, "plan.json");
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return plan::SummarizePlan(*doc).ToJson();
}

TestReport Report(Stage phase, TestStatus status) {
  TestReport report;
  report.phase = phase;
  report.environment = "test";
  report.commit = kCommit;
  report.timestamp = common::FormatIso8601(kStarted);
  TestCaseResult t;
  t.name = phase == Stage::kPreDeployment ? "security" : "health";
  t.kind = "static";
  t.status = status;
  t.message = "checked";
  report.tests.push_back(t);
  return report;
}

RunSummary SucceededRun(const std::string& commit = kCommit) {
  RunSummary run;
  run.run_id = common::FormatCompactUtc(kStarted) + "-" + commit.substr(0, 7);
  run.environment = "test";
  run.branch = "env/test";
  run.commit = commit;
  run.started = kStarted;
  run.finished = kStarted + std::chrono::milliseconds(4500);
  run.status = RunStatus::kSucceeded;
  for (Stage stage : manifests::kStageOrder) {
    run.stages.push_back({stage, StageStatus::kPassed, 0, 100, std::string("ok ") + manifests::StageName(stage), ""});
  }
  run.pre_report = Report(Stage::kPreDeployment, TestStatus::kPass);
  run.post_report = Report(Stage::kPostDeployment, TestStatus::kPass);
  run.plan_summary = SamplePlanSummary();
  return run;
}

RunSummary FailedDeployRun(const std::string& commit = kCommit) {
  RunSummary run = SucceededRun(commit);
  run.status = RunStatus::kFailed;
  run.stages[3] = {Stage::kDeploy, StageStatus::kFailed, 1, 200, "exit code 1", "Error: AccessDenied"};
  run.stages[4] = {Stage::kPostDeployment, StageStatus::kNotRun, 0, 0, "", ""};
  run.post_report.reset();
  run.failure = FailureContext{"test", commit, Stage::kDeploy, "apply", 1, "Error: AccessDenied"};
  return run;
}

std::map<std::string, std::string> FilesOf(const store::RecordsChange& change) {
  std::map<std::string, std::string> files;
  for (const auto& f : change.files) {
    EXPECT_TRUE(f.content.has_value()) << f.path;
    EXPECT_EQ(files.count(f.path), 0u) << "written twice: " << f.path;
    files[f.path] = f.content.value_or("");
  }
  return files;
}

class RecordStageTest : public ::testing::Test {
 protected:
  RecordStageTest() : tree_(dir_.path() / "repo") {
    tree_.Write("faber.yaml", "version: 1\n");
    tree_.CommitAll("init");
    auto repo = store::GitRepository::Open(tree_.dir());
    EXPECT_TRUE(repo.ok()) << repo.status().message();
    repo_ = std::move(*repo);
    store_ = std::make_unique<store::RecordsStore>(*repo_, "faber/records", clock_);
  }

  // Commits `files` to the records branch as they are.
  void Seed(const std::map<std::string, std::string>& files) {
    store::RecordsChange change;
    for (const auto& [path, content] : files) change.files.push_back({path, content});
    change.message = "seed";
    auto written = store_->Write([&](const store::RecordsSnapshot&) -> common::Result<store::RecordsChange> { return change; });
    ASSERT_TRUE(written.ok()) << written.status().message();
  }

  // Records `run` the way the reconciler does: built from the snapshot inside the mutation.
  void Commit(const RunSummary& run) {
    NullFailureDebugger debugger;
    auto written = store_->Write([&](const store::RecordsSnapshot& records) -> common::Result<store::RecordsChange> {
      auto record = BuildRunRecord(run, debugger, records);
      if (!record.ok()) return record.status();
      return record->change;
    });
    ASSERT_TRUE(written.ok()) << written.status().message();
  }

  testing::ScratchDir dir_;
  testing::WorkTree tree_;
  testing::FakeClock clock_;
  std::unique_ptr<store::GitRepository> repo_;
  std::unique_ptr<store::RecordsStore> store_;
};

TEST_F(RecordStageTest, ASucceededRunWritesTheDeploymentTheReportsAndAHistoryRow) {
  RecordingDebugger debugger;
  RunSummary run = SucceededRun();
  auto record = BuildRunRecord(run, debugger, store_->Current());
  ASSERT_TRUE(record.ok()) << record.status().message();
  EXPECT_TRUE(debugger.calls.empty()) << "nothing failed and no fix was tried";
  auto files = FilesOf(record->change);
  const std::string pre_path = store::ReportPath("test", kStarted, kCommit, "pre-deployment");
  const std::string post_path = store::ReportPath("test", kStarted, kCommit, "post-deployment");
  EXPECT_EQ(pre_path, "reports/test/20260102T030405Z-0123456-pre-deployment.json");
  ASSERT_EQ(files.size(), 4u);
  ASSERT_TRUE(files.count("deployments/test.json"));
  ASSERT_TRUE(files.count(pre_path));
  ASSERT_TRUE(files.count(post_path));
  ASSERT_TRUE(files.count("reports/test/history.json"));

  auto deployment = json::parse(files["deployments/test.json"]);
  EXPECT_EQ(deployment["environment"], "test");
  EXPECT_EQ(deployment["branch"], "env/test");
  EXPECT_EQ(deployment["status"], "succeeded");
  EXPECT_EQ(deployment["last_applied_commit"], kCommit);
  EXPECT_EQ(deployment["last_attempted_commit"], kCommit);
  EXPECT_EQ(deployment["updated_at"], common::FormatIso8601(run.finished));
  const json& last_run = deployment["last_run"];
  EXPECT_EQ(last_run["run_id"], "20260102T030405Z-0123456");
  EXPECT_EQ(last_run["commit"], kCommit);
  EXPECT_EQ(last_run["status"], "succeeded");
  EXPECT_EQ(last_run["duration_ms"], 4500);
  EXPECT_EQ(last_run["tests_skipped"], false);
  ASSERT_EQ(last_run["stages"].size(), 5u);
  const char* names[] = {"validate", "pre-deployment", "preview", "deploy", "post-deployment"};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(last_run["stages"][i]["name"], names[i]);
    EXPECT_EQ(last_run["stages"][i]["status"], "passed");
    EXPECT_EQ(last_run["stages"][i]["detail"], std::string("ok ") + names[i]);
    EXPECT_FALSE(last_run["stages"][i].contains("exit_code")) << "only failed stages carry an exit code";
  }
  EXPECT_EQ(last_run["reports"]["pre-deployment"], pre_path);
  EXPECT_EQ(last_run["reports"]["post-deployment"], post_path);
  EXPECT_FALSE(last_run.contains("failure"));
  EXPECT_FALSE(last_run.contains("debug"));
  EXPECT_FALSE(last_run.contains("fixes"));
  EXPECT_FALSE(last_run.contains("pull_request"));

  auto pre = json::parse(files[pre_path]);
  EXPECT_EQ(pre["phase"], "pre-deployment");
  EXPECT_EQ(pre["overall_status"], "PASS");
  EXPECT_EQ(pre["plan"], run.plan_summary) << "the previewed plan is recorded with the pre-deployment tests";
  EXPECT_EQ(pre["plan"]["counts"]["add"], 1);
  auto post = json::parse(files[post_path]);
  EXPECT_EQ(post["phase"], "post-deployment");
  EXPECT_FALSE(post.contains("plan"));

  auto history = json::parse(files["reports/test/history.json"]);
  EXPECT_EQ(history["environment"], "test");
  ASSERT_EQ(history["runs"].size(), 1u);
  const json& row = history["runs"][0];
  EXPECT_EQ(row["run_id"], run.run_id);
  EXPECT_EQ(row["commit"], kCommit);
  EXPECT_EQ(row["status"], "succeeded");
  EXPECT_EQ(row["started_at"], common::FormatIso8601(kStarted));
  EXPECT_EQ(row["started_at"].get<std::string>().rfind("2026-01-02T03:04:05", 0), 0u);
  EXPECT_EQ(row["duration_ms"], 4500);
  EXPECT_TRUE(row["failed_stage"].is_null());
  EXPECT_EQ(row["pre_deployment"], "PASS");
  EXPECT_EQ(row["post_deployment"], "PASS");
  EXPECT_EQ(history["stats"]["total_runs"], 1);
  EXPECT_EQ(history["stats"]["success_rate"], 1.0);
}

TEST_F(RecordStageTest, TheCommitMessageHasTheSubjectTheStagesAndTheTrailers) {
  NullFailureDebugger debugger;
  RunSummary run = SucceededRun();
  run.pull_request = 12;
  auto record = BuildRunRecord(run, debugger, store_->Current());
  ASSERT_TRUE(record.ok()) << record.status().message();
  const std::string& message = record->change.message;
  EXPECT_EQ(message.rfind("faber(test): deploy 0123456 succeeded\n\n", 0), 0u) << message;
  EXPECT_NE(message.find("- deploy: passed (ok deploy)\n"), std::string::npos) << message;
  EXPECT_NE(message.find("\nFaber-Environment: test\n"), std::string::npos) << message;
  EXPECT_NE(message.find("\nFaber-Commit: " + kCommit + "\n"), std::string::npos) << message;
  EXPECT_NE(message.find("\nFaber-Status: succeeded\n"), std::string::npos) << message;
  EXPECT_NE(message.find("\nFaber-Pull-Request: 12\n"), std::string::npos) << message;
  auto files = FilesOf(record->change);
  EXPECT_EQ(json::parse(files["deployments/test.json"])["last_run"]["pull_request"], 12);
  EXPECT_EQ(json::parse(files["reports/test/history.json"])["runs"][0]["pull_request"], 12);

  RunSummary without = SucceededRun();
  without.tests_skipped = true;
  auto plain = BuildRunRecord(without, debugger, store_->Current());
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->change.message.find("Faber-Pull-Request"), std::string::npos) << plain->change.message;
  EXPECT_NE(plain->change.message.find("--skip-tests"), std::string::npos) << plain->change.message;
}

TEST_F(RecordStageTest, AFailedRunKeepsTheLastAppliedCommitAndRecordsTheFailure) {
  Commit(SucceededRun(kOldCommit));
  const std::string tip = tree_.Head("faber/records");
  RecordingDebugger debugger;
  debugger.answer = SampleAnalysis();
  RunSummary run = FailedDeployRun();
  auto record = BuildRunRecord(run, debugger, store_->Current());
  ASSERT_TRUE(record.ok()) << record.status().message();
  auto files = FilesOf(record->change);

  auto deployment = json::parse(files["deployments/test.json"]);
  EXPECT_EQ(deployment["status"], "failed");
  EXPECT_EQ(deployment["last_applied_commit"], kOldCommit);
  EXPECT_EQ(deployment["last_attempted_commit"], kCommit);
  const json& last_run = deployment["last_run"];
  EXPECT_EQ(last_run["status"], "failed");
  EXPECT_EQ(last_run["failure"]["stage"], "deploy");
  EXPECT_EQ(last_run["failure"]["operation"], "apply");
  EXPECT_EQ(last_run["failure"]["exit_code"], 1);
  EXPECT_EQ(last_run["stages"][3]["status"], "failed");
  EXPECT_EQ(last_run["stages"][3]["exit_code"], 1);
  EXPECT_EQ(last_run["stages"][3]["output"], "Error: AccessDenied");
  EXPECT_EQ(last_run["stages"][4]["status"], "not_run");
  EXPECT_FALSE(last_run["reports"].contains("post-deployment"));
  EXPECT_EQ(files.count(store::ReportPath("test", kStarted, kCommit, "post-deployment")), 0u);

  // The debugger saw the failure, against the records being updated.
  ASSERT_EQ(debugger.calls.size(), 1u);
  ASSERT_TRUE(debugger.calls[0].failure.has_value());
  EXPECT_EQ(debugger.calls[0].failure->stage, Stage::kDeploy);
  EXPECT_EQ(debugger.calls[0].failure->operation, "apply");
  EXPECT_TRUE(debugger.calls[0].attempts.empty());
  EXPECT_EQ(debugger.calls[0].records_tip, tip);
  EXPECT_EQ(last_run["debug"], debugger.answer.summary);
  EXPECT_EQ(last_run["fixes"], debugger.answer.fixes);
  ASSERT_TRUE(files.count("issues/ERR-PERM-0001.json"));
  EXPECT_EQ(files["issues/ERR-PERM-0001.json"], R"({"issue_id":"ERR-PERM-0001"})");
  EXPECT_EQ(record->analysis.markdown, debugger.answer.markdown);
  EXPECT_EQ(record->analysis.summary, debugger.answer.summary);
  EXPECT_EQ(record->analysis.fixes, debugger.answer.fixes);

  auto history = json::parse(files["reports/test/history.json"]);
  ASSERT_EQ(history["runs"].size(), 2u);
  EXPECT_EQ(history["runs"][0]["commit"], kOldCommit);
  EXPECT_EQ(history["runs"][1]["status"], "failed");
  EXPECT_EQ(history["runs"][1]["failed_stage"], "deploy");
  EXPECT_TRUE(history["runs"][1]["post_deployment"].is_null());
  EXPECT_EQ(history["stats"]["totals"]["succeeded"], 1);
  EXPECT_EQ(history["stats"]["totals"]["failed"], 1);
  EXPECT_EQ(history["stats"]["success_rate"], 0.5);

  EXPECT_EQ(record->change.message.rfind("faber(test): deploy 0123456 failed\n", 0), 0u) << record->change.message;
  EXPECT_NE(record->change.message.find("\nFaber-Status: failed\n"), std::string::npos);
}

TEST_F(RecordStageTest, TheRecordCommitsAndReadsBackFromTheRecordsBranch) {
  Commit(SucceededRun(kOldCommit));
  Commit(FailedDeployRun());
  auto files = tree_.Files("faber/records");
  auto deployment = store::ParseDeploymentState(files["deployments/test.json"], "deployments/test.json");
  ASSERT_TRUE(deployment.ok()) << deployment.status().message();
  EXPECT_EQ(deployment->last_applied_commit, kOldCommit);
  EXPECT_EQ(deployment->last_attempted_commit, kCommit);
  EXPECT_EQ(deployment->status, "failed");
  EXPECT_EQ(json::parse(files["reports/test/history.json"])["runs"].size(), 2u);
  EXPECT_EQ(tree_.Git({"log", "-1", "--format=%s", "faber/records"}), "faber(test): deploy 0123456 failed\n");
  EXPECT_EQ(tree_.Git({"rev-list", "--count", "faber/records"}), "2\n") << "one commit per run";
}

TEST_F(RecordStageTest, FixAttemptsAloneCallTheDebugger) {
  RecordingDebugger debugger;
  debugger.answer = SampleAnalysis();
  RunSummary run = SucceededRun();
  FixAttempt remedy;
  remedy.environment = "test";
  remedy.commit = kCommit;
  remedy.stage = Stage::kDeploy;
  remedy.operation = "apply";
  remedy.remedy = "unlock_state";
  remedy.failure_output = "Error acquiring the state lock";
  remedy.succeeded = true;
  run.fix_attempts.push_back(remedy);
  FixAttempt requested;
  requested.issue_id = "ERR-LOCK-0002";
  requested.solution_id = "sol-2";
  requested.requested_by = "alice";
  run.requested_fix = requested;
  auto record = BuildRunRecord(run, debugger, store_->Current());
  ASSERT_TRUE(record.ok()) << record.status().message();
  ASSERT_EQ(debugger.calls.size(), 1u);
  EXPECT_FALSE(debugger.calls[0].failure.has_value()) << "the run succeeded";
  ASSERT_EQ(debugger.calls[0].attempts.size(), 2u);
  EXPECT_EQ(debugger.calls[0].attempts[0].remedy, "unlock_state");
  EXPECT_EQ(debugger.calls[0].attempts[1].issue_id, "ERR-LOCK-0002") << "the requested fix comes last";
  EXPECT_EQ(debugger.calls[0].attempts[1].requested_by, "alice");
  auto files = FilesOf(record->change);
  EXPECT_TRUE(files.count("issues/ERR-PERM-0001.json"));
  auto last_run = json::parse(files["deployments/test.json"])["last_run"];
  EXPECT_EQ(last_run["fixes"], debugger.answer.fixes);
  EXPECT_EQ(json::parse(files["deployments/test.json"])["status"], "succeeded");
}

TEST_F(RecordStageTest, AnEmptyAnalysisAddsNoDebugOrFixes) {
  RecordingDebugger debugger;  // answers with an empty analysis
  auto record = BuildRunRecord(FailedDeployRun(), debugger, store_->Current());
  ASSERT_TRUE(record.ok()) << record.status().message();
  EXPECT_EQ(debugger.calls.size(), 1u);
  auto files = FilesOf(record->change);
  EXPECT_EQ(files.size(), 3u) << "deployment, pre-deployment report, history";
  auto last_run = json::parse(files["deployments/test.json"])["last_run"];
  EXPECT_FALSE(last_run.contains("debug"));
  EXPECT_FALSE(last_run.contains("fixes"));
  EXPECT_EQ(last_run["failure"]["stage"], "deploy");
  // A first run that failed has applied nothing yet.
  EXPECT_TRUE(json::parse(files["deployments/test.json"])["last_applied_commit"].is_null());
}

TEST_F(RecordStageTest, AnInvalidHistoryIsAnErrorNotAReset) {
  Seed({{"reports/test/history.json", "{\"runs\": [ not json"}});
  NullFailureDebugger debugger;
  auto record = BuildRunRecord(SucceededRun(), debugger, store_->Current());
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.status().kind(), common::ErrorKind::kInvalidInput);
  EXPECT_NE(record.status().message().find("reports/test/history.json"), std::string::npos) << record.status().message();

  store::JournalEntry journal{"20260102T030405Z-0123456", "test", kCommit, "env/test", "deploy", "2026-01-02T03:04:05Z", 1, 0};
  auto interrupted =
      BuildInterruptedRecord(journal, kStarted + std::chrono::seconds(90), manifests::InterruptedPolicy::kRerun, store_->Current());
  EXPECT_FALSE(interrupted.ok());
}

TEST_F(RecordStageTest, AHistoryThatIsNotAnObjectIsAnError) {
  Seed({{"reports/test/history.json", "[1, 2, 3]"}});
  NullFailureDebugger debugger;
  auto record = BuildRunRecord(SucceededRun(), debugger, store_->Current());
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.status().kind(), common::ErrorKind::kInvalidInput);
}

TEST_F(RecordStageTest, AnInvalidDeploymentRecordIsAnError) {
  Seed({{"deployments/test.json", "{\"branch\": \"env/test\"}"}});  // no environment
  NullFailureDebugger debugger;
  auto record = BuildRunRecord(SucceededRun(), debugger, store_->Current());
  ASSERT_FALSE(record.ok());
  EXPECT_NE(record.status().message().find("deployments/test.json"), std::string::npos) << record.status().message();
}

class InterruptedRecordTest : public RecordStageTest {
 protected:
  store::JournalEntry Journal() {
    return {"20260102T030405Z-0123456", "test", kCommit, "env/test", "deploy", "2026-01-02T03:04:05Z", 4242, 4243};
  }
  const common::TimePoint detected_ = kStarted + std::chrono::seconds(90);
};

TEST_F(InterruptedRecordTest, StopPolicyRecordsTheInterruptionAndAsksForARetry) {
  Commit(SucceededRun(kOldCommit));
  auto change = BuildInterruptedRecord(Journal(), detected_, manifests::InterruptedPolicy::kStop, store_->Current());
  ASSERT_TRUE(change.ok()) << change.status().message();
  auto files = FilesOf(*change);
  ASSERT_EQ(files.size(), 2u);
  auto deployment = json::parse(files["deployments/test.json"]);
  EXPECT_EQ(deployment["status"], "interrupted");
  EXPECT_EQ(deployment["last_applied_commit"], kOldCommit);
  EXPECT_EQ(deployment["last_attempted_commit"], kCommit);
  EXPECT_EQ(deployment["updated_at"], common::FormatIso8601(detected_));
  const json& last_run = deployment["last_run"];
  EXPECT_EQ(last_run["run_id"], "20260102T030405Z-0123456");
  EXPECT_EQ(last_run["status"], "interrupted");
  EXPECT_EQ(last_run["interrupted_stage"], "deploy");
  EXPECT_EQ(last_run["policy"], "stop");
  EXPECT_EQ(last_run["started_at"], "2026-01-02T03:04:05Z");
  EXPECT_EQ(last_run["detected_at"], common::FormatIso8601(detected_));

  auto history = json::parse(files["reports/test/history.json"]);
  ASSERT_EQ(history["runs"].size(), 2u);
  const json& row = history["runs"][1];
  EXPECT_EQ(row["status"], "interrupted");
  EXPECT_EQ(row["failed_stage"], "deploy");
  EXPECT_EQ(row["duration_ms"], 90000);
  EXPECT_TRUE(row["pre_deployment"].is_null());
  EXPECT_EQ(history["stats"]["totals"]["interrupted"], 1);

  const std::string& message = change->message;
  EXPECT_EQ(message.rfind("faber(test): recover 0123456 interrupted\n\n", 0), 0u) << message;
  EXPECT_NE(message.find("stopped during the deploy stage"), std::string::npos) << message;
  EXPECT_NE(message.find("Policy: stop"), std::string::npos) << message;
  EXPECT_NE(message.find("--retry"), std::string::npos) << message;
  EXPECT_NE(message.find("\nFaber-Status: interrupted\n"), std::string::npos) << message;
  EXPECT_NE(message.find("\nFaber-Commit: " + kCommit + "\n"), std::string::npos) << message;
  EXPECT_EQ(message.find("Faber-Pull-Request"), std::string::npos) << message;
}

TEST_F(InterruptedRecordTest, RerunPolicySaysNothingOfARetry) {
  auto change = BuildInterruptedRecord(Journal(), detected_, manifests::InterruptedPolicy::kRerun, store_->Current());
  ASSERT_TRUE(change.ok()) << change.status().message();
  auto files = FilesOf(*change);
  auto deployment = json::parse(files["deployments/test.json"]);
  EXPECT_EQ(deployment["last_run"]["policy"], "rerun");
  EXPECT_EQ(deployment["branch"], "env/test");
  EXPECT_TRUE(deployment["last_applied_commit"].is_null()) << "nothing was ever applied";
  EXPECT_NE(change->message.find("Policy: rerun."), std::string::npos) << change->message;
  EXPECT_EQ(change->message.find("--retry"), std::string::npos) << change->message;
  EXPECT_EQ(json::parse(files["reports/test/history.json"])["runs"].size(), 1u);
}

TEST_F(InterruptedRecordTest, AnUnreadableStartTimeCountsFromTheDetection) {
  store::JournalEntry journal = Journal();
  journal.started_at = "not a time";
  auto change = BuildInterruptedRecord(journal, detected_, manifests::InterruptedPolicy::kRerun, store_->Current());
  ASSERT_TRUE(change.ok()) << change.status().message();
  auto history = json::parse(FilesOf(*change)["reports/test/history.json"]);
  EXPECT_EQ(history["runs"][0]["duration_ms"], 0);
}

}  // namespace
}  // namespace faber::reconciler
