#include "controller/run_reporter.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reconciler/checks/finding.h"
#include "reconciler/checks/rule.h"
#include "reconciler/plan/plan_document.h"
#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/plan_summary.h"

namespace faber::controller {
namespace {

using manifests::RunStatus;
using manifests::Stage;
using manifests::StageStatus;
using webhooks::ReportStatus;
using webhooks::SectionStatus;

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";

// Remembers every report it is asked to publish.
class RecordingNotifier : public webhooks::Notifier {
 public:
  explicit RecordingNotifier(std::vector<webhooks::RunReport>* published, common::Status answer = {})
      : published_(published), answer_(std::move(answer)) {}
  common::Status Publish(const webhooks::RunReport& report) override {
    published_->push_back(report);
    return answer_;
  }
  common::Status Reply(int, const std::string&) override { return {}; }
  common::Result<webhooks::PullRequestInfo> PullRequest(int) override { return common::NotFound("no forge"); }
  std::string PullRequestHeadRef(int) const override { return ""; }

 private:
  std::vector<webhooks::RunReport>* published_;
  common::Status answer_;
};

// A `terraform show -json` plan creating a bucket and resizing an instance, summarized.
reconciler::plan::PlanSummary SamplePlan() {
  const char* text = R"({
    "format_version": "1.2", "terraform_version": "1.7.5",
    "resource_changes": [
      {"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
       "change": {"actions": ["create"], "before": null, "after": {"bucket": "logs"}, "after_unknown": {"arn": true}}},
      {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
       "change": {"actions": ["update"], "before": {"instance_type": "t3.micro"},
                  "after": {"instance_type": "t3.small"}, "after_unknown": {}}}
    ]})";
  auto doc = reconciler::plan::ParsePlanDocument(text, "plan.json");
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return reconciler::plan::SummarizePlan(*doc);
}

reconciler::RunSummary DeployRun(RunStatus status) {
  reconciler::RunSummary run;
  run.kind = manifests::RunKind::kDeploy;
  run.run_id = "20260102T030405Z-0123456";
  run.environment = "test";
  run.branch = "env/test";
  run.commit = kCommit;
  run.status = status;
  for (Stage stage : manifests::kStageOrder) {
    run.stages.push_back({stage, StageStatus::kPassed, 0, 10, std::string(manifests::StageName(stage)) + " ok",
                          std::string(manifests::StageName(stage)) + " output"});
  }
  return run;
}

reconciler::RunSummary FailedDeployRun() {
  reconciler::RunSummary run = DeployRun(RunStatus::kFailed);
  run.stages[3] = {Stage::kDeploy, StageStatus::kFailed, 1, 10, "exit code 1", "Error: AccessDenied"};
  run.stages[4] = {Stage::kPostDeployment, StageStatus::kNotRun, 0, 0, "", ""};
  run.failure = reconciler::FailureContext{"test", kCommit, Stage::kDeploy, "apply", 1, "Error: AccessDenied"};
  run.diagnosis = {{"category", "permissions"}, {"issue_id", "ERR-PERM-0001"}};
  run.proposal_markdown = "### Proposed fixes\n\n1. Grant s3:PutObject\n";
  run.plan_summary = SamplePlan().ToJson();
  return run;
}

webhooks::Trigger PullRequestTrigger(const std::string& branch, int number) {
  webhooks::Trigger trigger;
  trigger.repository = "/srv/git/infra.git";
  trigger.branch = branch;
  trigger.reason = webhooks::TriggerReason::kComment;
  trigger.pull_request = number;
  return trigger;
}

// ---- DeployReport ----

TEST(DeployReportTest, ASucceededRunHasASectionPerStage) {
  reconciler::RunSummary run = DeployRun(RunStatus::kSucceeded);
  webhooks::RunReport report = DeployReport(run, nullptr);
  EXPECT_EQ(report.environment, "test");
  EXPECT_EQ(report.commit, kCommit);
  EXPECT_EQ(report.kind, manifests::RunKind::kDeploy);
  EXPECT_EQ(report.status, ReportStatus::kSucceeded);
  EXPECT_EQ(report.headline, "Deployed `0123456` to test.");
  EXPECT_EQ(report.pull_request, 0);
  ASSERT_EQ(report.sections.size(), 5u);
  const char* titles[] = {"validate", "pre-deployment", "preview", "deploy", "post-deployment"};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(report.sections[i].title, titles[i]);
    EXPECT_EQ(report.sections[i].status, SectionStatus::kPassed) << titles[i];
    EXPECT_EQ(report.sections[i].summary, std::string(titles[i]) + " ok");
    EXPECT_EQ(report.sections[i].output, std::string(titles[i]) + " output");
  }
  EXPECT_EQ(report.proposal_markdown, "");
  EXPECT_EQ(report.plan_markdown, "") << "no plan summary, no plan";
}

TEST(DeployReportTest, SkippedAndNotRunStagesKeepTheirStatus) {
  reconciler::RunSummary run = DeployRun(RunStatus::kSucceeded);
  run.stages[1].status = StageStatus::kSkipped;
  run.stages[4].status = StageStatus::kSkipped;
  webhooks::RunReport report = DeployReport(run, nullptr);
  EXPECT_EQ(report.sections[1].status, SectionStatus::kSkipped);
  EXPECT_EQ(report.sections[4].status, SectionStatus::kSkipped);

  reconciler::RunSummary failed = FailedDeployRun();
  webhooks::RunReport failed_report = DeployReport(failed, nullptr);
  ASSERT_EQ(failed_report.sections.size(), 5u);
  EXPECT_EQ(failed_report.sections[3].status, SectionStatus::kFailed);
  EXPECT_EQ(failed_report.sections[3].summary, "exit code 1");
  EXPECT_EQ(failed_report.sections[3].output, "Error: AccessDenied");
  EXPECT_EQ(failed_report.sections[4].title, "post-deployment");
  EXPECT_EQ(failed_report.sections[4].status, SectionStatus::kNotRun);
}

TEST(DeployReportTest, AbortedStagesAreShownFailed) {
  reconciler::RunSummary run = DeployRun(RunStatus::kAborted);
  run.stages[3].status = StageStatus::kAborted;
  run.stages[4].status = StageStatus::kNotRun;
  run.failure = reconciler::FailureContext{"test", kCommit, Stage::kDeploy, "apply", -1, "cancelled"};
  webhooks::RunReport report = DeployReport(run, nullptr);
  EXPECT_EQ(report.status, ReportStatus::kAborted);
  EXPECT_EQ(report.sections[3].status, SectionStatus::kFailed);
  EXPECT_EQ(report.sections[4].status, SectionStatus::kNotRun);
  EXPECT_EQ(report.headline, "The deploy of `0123456` to test aborted at deploy (apply).");
}

TEST(DeployReportTest, AFailedRunNamesTheStageOperationCategoryAndIssue) {
  reconciler::RunSummary run = FailedDeployRun();
  webhooks::RunReport report = DeployReport(run, nullptr);
  EXPECT_EQ(report.status, ReportStatus::kFailed);
  EXPECT_EQ(report.headline,
            "The deploy of `0123456` to test failed at deploy (apply): a **permissions** error, issue `ERR-PERM-0001`.");
  EXPECT_EQ(report.proposal_markdown, run.proposal_markdown);
}

TEST(DeployReportTest, AFailureWithoutADiagnosisNamesOnlyTheStage) {
  reconciler::RunSummary run = FailedDeployRun();
  run.diagnosis = nlohmann::json::object();
  run.failure->stage = Stage::kValidate;
  run.failure->operation = "init";
  EXPECT_EQ(DeployReport(run, nullptr).headline, "The deploy of `0123456` to test failed at validate (init).");
  run.failure.reset();
  EXPECT_EQ(DeployReport(run, nullptr).headline, "The deploy of `0123456` to test failed.");
}

TEST(DeployReportTest, ThePlanIsRenderedFromTheRunsPlanSummary) {
  reconciler::RunSummary run = FailedDeployRun();
  webhooks::RunReport report = DeployReport(run, nullptr);
  std::string expected = reconciler::plan::RenderPlanMarkdown(SamplePlan(), {"Plan applied to test"});
  EXPECT_EQ(report.plan_markdown, expected);
  EXPECT_EQ(report.plan_markdown.rfind("### Plan applied to test: 1 to add, 1 to change, 0 to destroy", 0), 0u)
      << report.plan_markdown;
  EXPECT_NE(report.plan_markdown.find("`aws_instance.web`: `instance_type`"), std::string::npos) << report.plan_markdown;
  EXPECT_NE(report.plan_markdown.find("`aws_s3_bucket.logs`"), std::string::npos) << report.plan_markdown;
}

TEST(DeployReportTest, AnInvalidPlanSummaryRendersNoPlan) {
  reconciler::RunSummary run = DeployRun(RunStatus::kSucceeded);
  run.plan_summary = {{"counts", {{"add", "two"}}}};
  EXPECT_EQ(DeployReport(run, nullptr).plan_markdown, "");
  run.plan_summary = nlohmann::json::array();
  EXPECT_EQ(DeployReport(run, nullptr).plan_markdown, "");
}

TEST(DeployReportTest, ThePullRequestComesFromTheRunFirst) {
  reconciler::RunSummary run = DeployRun(RunStatus::kSucceeded);
  run.pull_request = 7;
  webhooks::Trigger trigger = PullRequestTrigger("env/test", 9);
  EXPECT_EQ(DeployReport(run, &trigger).pull_request, 7);
  EXPECT_EQ(DeployReport(run, nullptr).pull_request, 7);
}

TEST(DeployReportTest, ThePullRequestComesFromATriggerForTheSameBranch) {
  reconciler::RunSummary run = DeployRun(RunStatus::kSucceeded);
  webhooks::Trigger same = PullRequestTrigger("env/test", 9);
  EXPECT_EQ(DeployReport(run, &same).pull_request, 9);
  webhooks::Trigger other = PullRequestTrigger("env/prod", 9);
  EXPECT_EQ(DeployReport(run, &other).pull_request, 0) << "a comment on another environment's pull request";
  webhooks::Trigger push;
  push.branch = "env/test";
  push.reason = webhooks::TriggerReason::kPush;
  EXPECT_EQ(DeployReport(run, &push).pull_request, 0);
}

// ---- PreviewReport ----

reconciler::TestReport PreReport(std::vector<reconciler::TestCaseResult> tests) {
  reconciler::TestReport report;
  report.phase = Stage::kPreDeployment;
  report.environment = "test";
  report.commit = kCommit;
  report.tests = std::move(tests);
  return report;
}

reconciler::TestCaseResult Case(const std::string& name, reconciler::TestStatus status, const std::string& message = "",
                                std::vector<reconciler::checks::Finding> findings = {}) {
  reconciler::TestCaseResult t;
  t.name = name;
  t.kind = "static";
  t.status = status;
  t.message = message;
  t.findings = std::move(findings);
  return t;
}

reconciler::RunSummary PreviewRun(RunStatus status) {
  reconciler::RunSummary run;
  run.kind = manifests::RunKind::kPreview;
  run.environment = "test";
  run.branch = "env/test";
  run.commit = kCommit;
  run.pull_request = 5;
  run.status = status;
  run.stages = {{Stage::kValidate, StageStatus::kPassed, 0, 5, "valid", ""},
                {Stage::kPreDeployment, StageStatus::kPassed, 0, 5, "2 tests", ""},
                {Stage::kPreview, StageStatus::kPassed, 0, 5, "1 to add", "plan output"}};
  run.pre_report = PreReport({Case("security", reconciler::TestStatus::kPass), Case("cost", reconciler::TestStatus::kPass)});
  run.plan_markdown = "### Plan for test: 1 to add, 0 to change, 0 to destroy\n";
  return run;
}

manifests::EnvironmentConfig Env(manifests::ApprovalMode approval = manifests::ApprovalMode::kOnMerge) {
  manifests::EnvironmentConfig env;
  env.name = "test";
  env.branch = "env/test";
  env.approval = approval;
  return env;
}

TEST(PreviewReportTest, APassingPreviewSaysMergingDeploys) {
  reconciler::RunSummary run = PreviewRun(RunStatus::kSucceeded);
  webhooks::RunReport report = PreviewReport(run, Env());
  EXPECT_EQ(report.kind, manifests::RunKind::kPreview);
  EXPECT_EQ(report.status, ReportStatus::kSucceeded);
  EXPECT_EQ(report.pull_request, 5);
  EXPECT_EQ(report.commit, kCommit);
  EXPECT_EQ(report.headline, "This pull request passes the checks of test; merging it deploys.");
  ASSERT_EQ(report.sections.size(), 3u);
  EXPECT_EQ(report.sections[0].title, "validate");
  EXPECT_EQ(report.sections[1].title, "pre-deployment tests");
  EXPECT_EQ(report.sections[1].status, SectionStatus::kPassed);
  EXPECT_EQ(report.sections[1].summary, "2 test cases");
  EXPECT_EQ(report.sections[1].output, "security: PASS\ncost: PASS\n");
  EXPECT_EQ(report.sections[2].title, "plan");
  EXPECT_EQ(report.sections[2].summary, "1 to add");
  EXPECT_EQ(report.sections[2].output, "plan output");
  EXPECT_EQ(report.plan_markdown, run.plan_markdown);
}

TEST(PreviewReportTest, APreDeploymentReportThatWarnsWarns) {
  reconciler::RunSummary run = PreviewRun(RunStatus::kSucceeded);
  run.pre_report = PreReport({Case("security", reconciler::TestStatus::kPass),
                              Case("tagging", reconciler::TestStatus::kWarn, "1 MEDIUM finding")});
  webhooks::RunReport report = PreviewReport(run, Env());
  EXPECT_EQ(report.status, ReportStatus::kWarned);
  EXPECT_EQ(report.sections[1].status, SectionStatus::kWarned);
  EXPECT_NE(report.sections[1].output.find("tagging: WARN (1 MEDIUM finding)\n"), std::string::npos)
      << report.sections[1].output;
  EXPECT_EQ(report.headline, "This pull request passes the checks of test; merging it deploys.");
}

TEST(PreviewReportTest, AFailingPreviewWouldNotDeployAndListsTheFailingFindings) {
  reconciler::RunSummary run = PreviewRun(RunStatus::kFailed);
  run.stages[1] = {Stage::kPreDeployment, StageStatus::kFailed, 1, 5, "1 HIGH finding", ""};
  run.stages[2] = {Stage::kPreview, StageStatus::kNotRun, 0, 0, "", ""};
  reconciler::checks::Finding failing;
  failing.rule_id = "FABER_AWS_S3_001";
  failing.severity = reconciler::checks::Severity::kHigh;
  failing.status = reconciler::checks::FindingStatus::kFailed;
  failing.address = "aws_s3_bucket.logs";
  failing.file = "main.tf";
  failing.line = 3;
  failing.message = "the bucket is public";
  reconciler::checks::Finding passing = failing;
  passing.rule_id = "FABER_AWS_S3_002";
  passing.severity = reconciler::checks::Severity::kLow;
  passing.status = reconciler::checks::FindingStatus::kPassed;
  passing.message = "versioning is on";
  reconciler::checks::Finding skipped = passing;
  skipped.rule_id = "FABER_AWS_S3_003";
  skipped.status = reconciler::checks::FindingStatus::kSkipped;
  std::vector<reconciler::checks::Finding> findings = {failing, passing, skipped};
  run.pre_report = PreReport({Case("security", reconciler::TestStatus::kFail, "1 HIGH finding", findings),
                              Case("cost", reconciler::TestStatus::kPass)});
  run.plan_markdown = "";
  webhooks::RunReport report = PreviewReport(run, Env());
  EXPECT_EQ(report.status, ReportStatus::kFailed);
  EXPECT_EQ(report.headline, "This pull request would not deploy to test as it is.");
  ASSERT_EQ(report.sections.size(), 3u);
  const webhooks::ReportSection& tests = report.sections[1];
  EXPECT_EQ(tests.title, "pre-deployment tests");
  EXPECT_EQ(tests.status, SectionStatus::kFailed);
  EXPECT_NE(tests.output.find("security: FAIL (1 HIGH finding)\n"
                              "  HIGH FABER_AWS_S3_001 aws_s3_bucket.logs (main.tf:3): the bucket is public\n"),
            std::string::npos)
      << tests.output;
  EXPECT_EQ(tests.output.find("FABER_AWS_S3_002"), std::string::npos) << "passing findings are left out";
  EXPECT_EQ(tests.output.find("FABER_AWS_S3_003"), std::string::npos) << "skipped findings are left out";
  EXPECT_EQ(report.sections[2].title, "plan");
  EXPECT_EQ(report.sections[2].status, SectionStatus::kNotRun);
  EXPECT_EQ(report.plan_markdown, "");
}

TEST(PreviewReportTest, CommentApprovalEnvironmentsSayWhoDeploysAfterTheMerge) {
  reconciler::RunSummary run = PreviewRun(RunStatus::kSucceeded);
  webhooks::RunReport report = PreviewReport(run, Env(manifests::ApprovalMode::kOnComment));
  EXPECT_EQ(report.headline,
            "This pull request passes the checks of test; merging it deploys. After the merge, an approver comments "
            "`/faber deploy`.");
  EXPECT_EQ(PreviewReport(run, Env()).headline.find("/faber deploy"), std::string::npos);
}

TEST(PreviewReportTest, ATestOnlyPreviewHasNoPlanSection) {
  reconciler::RunSummary run = PreviewRun(RunStatus::kSucceeded);
  run.stages.pop_back();  // `/faber test` stops after the pre-deployment tests
  run.plan_markdown = "";
  webhooks::RunReport report = PreviewReport(run, Env());
  ASSERT_EQ(report.sections.size(), 2u);
  EXPECT_EQ(report.sections[1].title, "pre-deployment tests");
  EXPECT_EQ(report.status, ReportStatus::kSucceeded);
}

// ---- DriftReport ----

reconciler::EnvironmentResult DriftResult(manifests::DriftVerdict verdict, const std::string& detail,
                                          nlohmann::json report = nlohmann::json::object()) {
  reconciler::EnvironmentResult result;
  result.environment = "test";
  result.action = reconciler::Action::kDrift;
  result.commit = kCommit;
  result.records_commit = "feedfacefeedfacefeedfacefeedfacefeedface";
  result.drift = reconciler::DriftOutcome{verdict, detail, std::move(report),
                                          "reports/test/20260102T030405Z-0123456-drift.json"};
  return result;
}

TEST(DriftReportTest, DriftedListsTheDriftedResourcesAndTheirChangedAttributes) {
  nlohmann::json drift_report = {
      {"drifted_resources",
       {{{"address", "aws_instance.web"}, {"action", "update"}, {"changed_attributes", {"instance_type", "tags"}}},
        {{"address", "aws_s3_bucket.logs"}, {"action", "delete"}}}}};
  webhooks::RunReport report =
      DriftReport(DriftResult(manifests::DriftVerdict::kDrifted, "2 resources changed outside faber", drift_report));
  EXPECT_EQ(report.kind, manifests::RunKind::kDrift);
  EXPECT_EQ(report.status, ReportStatus::kDrifted);
  EXPECT_EQ(report.environment, "test");
  EXPECT_EQ(report.commit, kCommit);
  EXPECT_EQ(report.headline, "`0123456` in test drifted: 2 resources changed outside faber.");
  ASSERT_EQ(report.sections.size(), 1u);
  EXPECT_EQ(report.sections[0].title, "drift");
  EXPECT_EQ(report.sections[0].status, SectionStatus::kFailed);
  EXPECT_EQ(report.sections[0].summary, "reports/test/20260102T030405Z-0123456-drift.json");
  EXPECT_EQ(report.sections[0].output, "aws_instance.web (update): instance_type, tags\naws_s3_bucket.logs (delete)\n");
}

TEST(DriftReportTest, InSyncSaysThereIsNoDrift) {
  webhooks::RunReport report = DriftReport(DriftResult(manifests::DriftVerdict::kInSync, "no changes"));
  EXPECT_EQ(report.status, ReportStatus::kInSync);
  EXPECT_EQ(report.headline, "No drift in test at `0123456`.");
  ASSERT_EQ(report.sections.size(), 1u);
  EXPECT_EQ(report.sections[0].status, SectionStatus::kPassed);
  EXPECT_EQ(report.sections[0].output, "");
}

TEST(DriftReportTest, AFailedCheckSaysWhy) {
  webhooks::RunReport report = DriftReport(DriftResult(manifests::DriftVerdict::kFailed, "init failed: exit code 1"));
  EXPECT_EQ(report.status, ReportStatus::kFailed);
  EXPECT_EQ(report.headline, "The drift check of test failed: init failed: exit code 1.");
  EXPECT_EQ(report.sections[0].status, SectionStatus::kFailed);
}

// ---- RunReporter ----

const std::string kUrl = "/srv/git/infra.git";

TEST(RunReporterTest, PublishDriftReportsOnlyAChangedVerdict) {
  std::vector<webhooks::RunReport> published;
  RunReporter reporter;
  reporter.AddRepository(kUrl, std::make_unique<RecordingNotifier>(&published));

  auto drifted = DriftResult(manifests::DriftVerdict::kDrifted, "1 resource changed");
  auto in_sync = DriftResult(manifests::DriftVerdict::kInSync, "no changes");
  reporter.PublishDrift(kUrl, {drifted});
  ASSERT_EQ(published.size(), 1u) << "the first check after a start is reported";
  EXPECT_EQ(published[0].status, ReportStatus::kDrifted);
  reporter.PublishDrift(kUrl, {drifted});
  EXPECT_EQ(published.size(), 1u) << "still drifted is not news";
  reporter.PublishDrift(kUrl, {in_sync});
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(published[1].status, ReportStatus::kInSync);
  reporter.PublishDrift(kUrl, {in_sync});
  EXPECT_EQ(published.size(), 2u);
  reporter.PublishDrift(kUrl, {DriftResult(manifests::DriftVerdict::kFailed, "init failed")});
  ASSERT_EQ(published.size(), 3u);
  EXPECT_EQ(published[2].status, ReportStatus::kFailed);
}

TEST(RunReporterTest, PublishDriftTracksEachEnvironmentAndSkipsUnrecordedChecks) {
  std::vector<webhooks::RunReport> published;
  RunReporter reporter;
  reporter.AddRepository(kUrl, std::make_unique<RecordingNotifier>(&published));

  auto test = DriftResult(manifests::DriftVerdict::kDrifted, "1 resource changed");
  auto prod = DriftResult(manifests::DriftVerdict::kDrifted, "1 resource changed");
  prod.environment = "prod";
  reporter.PublishDrift(kUrl, {test, prod});
  ASSERT_EQ(published.size(), 2u) << "each environment has its own last verdict";
  EXPECT_EQ(published[1].environment, "prod");

  auto unrecorded = DriftResult(manifests::DriftVerdict::kInSync, "no changes");
  unrecorded.records_commit = "";
  reporter.PublishDrift(kUrl, {unrecorded});
  EXPECT_EQ(published.size(), 2u) << "a check that was not recorded is not reported";
  reconciler::EnvironmentResult no_drift;
  no_drift.environment = "test";
  no_drift.records_commit = "abc";
  reporter.PublishDrift(kUrl, {no_drift});
  EXPECT_EQ(published.size(), 2u);
  // The unrecorded check did not count as reported: the next recorded in_sync is still a change.
  reporter.PublishDrift(kUrl, {DriftResult(manifests::DriftVerdict::kInSync, "no changes")});
  ASSERT_EQ(published.size(), 3u);
  EXPECT_EQ(published[2].status, ReportStatus::kInSync);
}

TEST(RunReporterTest, PublishRunsReportsRunsAndInterruptionsButNotNoops) {
  std::vector<webhooks::RunReport> published;
  RunReporter reporter;
  reporter.AddRepository(kUrl, std::make_unique<RecordingNotifier>(&published));

  reconciler::RepositoryResult result;
  reconciler::EnvironmentResult deployed;
  deployed.environment = "test";
  deployed.action = reconciler::Action::kDeployed;
  deployed.commit = kCommit;
  deployed.run = FailedDeployRun();
  result.environments.push_back(deployed);

  reconciler::EnvironmentResult noop;
  noop.environment = "staging";
  noop.action = reconciler::Action::kNoop;
  noop.commit = kCommit;
  result.environments.push_back(noop);

  reconciler::EnvironmentResult interrupted;
  interrupted.environment = "prod";
  interrupted.action = reconciler::Action::kStopped;
  interrupted.commit = "fedcba9876543210fedcba9876543210fedcba98";
  interrupted.interrupted = RunStatus::kInterrupted;
  interrupted.records_commit = "feedfacefeedfacefeedfacefeedfacefeedface";
  interrupted.notes = {"the run stopped during deploy; policy stop"};
  result.environments.push_back(interrupted);

  reconciler::EnvironmentResult unrecorded = interrupted;
  unrecorded.environment = "qa";
  unrecorded.records_commit = "";
  result.environments.push_back(unrecorded);

  webhooks::Trigger trigger = PullRequestTrigger("env/test", 9);
  reporter.PublishRuns(kUrl, &trigger, result);
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(published[0].environment, "test");
  EXPECT_EQ(published[0].kind, manifests::RunKind::kDeploy);
  EXPECT_EQ(published[0].status, ReportStatus::kFailed);
  EXPECT_EQ(published[0].pull_request, 9);
  EXPECT_EQ(published[0].headline, DeployReport(*deployed.run, &trigger).headline);
  EXPECT_EQ(published[1].environment, "prod");
  EXPECT_EQ(published[1].commit, interrupted.commit);
  EXPECT_EQ(published[1].status, ReportStatus::kInterrupted);
  EXPECT_EQ(published[1].headline, "A run of prod was interrupted: the run stopped during deploy; policy stop.");
}

TEST(RunReporterTest, PublishRunsOfOnlyNoopsSendsNothing) {
  std::vector<webhooks::RunReport> published;
  RunReporter reporter;
  reporter.AddRepository(kUrl, std::make_unique<RecordingNotifier>(&published));
  reconciler::RepositoryResult result;
  for (const char* name : {"test", "prod"}) {
    reconciler::EnvironmentResult noop;
    noop.environment = name;
    noop.action = reconciler::Action::kNoop;
    result.environments.push_back(noop);
  }
  reporter.PublishRuns(kUrl, nullptr, result);
  EXPECT_TRUE(published.empty());
}

TEST(RunReporterTest, ReportsGoOnlyToTheirRepositorysNotifier) {
  std::vector<webhooks::RunReport> first;
  std::vector<webhooks::RunReport> second;
  RunReporter reporter;
  reporter.AddRepository(kUrl, std::make_unique<RecordingNotifier>(&first));
  reporter.AddRepository("https://example.com/other.git",
                         std::make_unique<RecordingNotifier>(&second, common::Transient("forge down")));
  EXPECT_NE(reporter.NotifierFor(kUrl), nullptr);
  EXPECT_EQ(reporter.NotifierFor("/nowhere.git"), nullptr);

  reporter.PublishPreview("https://example.com/other.git", PreviewRun(RunStatus::kSucceeded), Env());
  EXPECT_TRUE(first.empty());
  ASSERT_EQ(second.size(), 1u) << "a failed publish is logged, not retried or thrown";
  EXPECT_EQ(second[0].kind, manifests::RunKind::kPreview);
  // A repository without a notifier is skipped quietly.
  reporter.PublishPreview("/nowhere.git", PreviewRun(RunStatus::kSucceeded), Env());
  EXPECT_EQ(first.size() + second.size(), 1u);
}

}  // namespace
}  // namespace faber::controller
