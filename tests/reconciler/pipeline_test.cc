#include "reconciler/pipeline.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/fakes/fake_clock.h"
#include "tests/fakes/fake_engine.h"
#include "tests/fakes/fake_http_client.h"

namespace faber::reconciler {
namespace {

using testing::FakeClock;
using testing::FakeEngine;
using testing::FakeHttpClient;

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() {
    env_.name = "test";
    env_.branch = "env/test";
    env_.engine = manifests::EngineKind::kCommand;
    inputs_.env = &env_;
    inputs_.commit = "0123456789abcdef0123456789abcdef01234567";
    inputs_.branch = "env/test";
    inputs_.run_id = "run-1";
    // An empty checkout: whatever else sits in the temp directory is not this commit.
    empty_checkout_ = std::filesystem::temp_directory_path() / ("faber_pipeline_" + std::to_string(::getpid()));
    std::filesystem::create_directories(empty_checkout_);
    inputs_.checkout_dir = empty_checkout_;
  }
  ~PipelineTest() override { std::filesystem::remove_all(empty_checkout_); }

  RunSummary Run() {
    Pipeline pipeline(RunServices{engine_, runner_, http_, clock_, redactor_, &cancel_, [this](manifests::Stage stage, pid_t) {
                                    std::string name = manifests::StageName(stage);
                                    if (stages_seen_.empty() || stages_seen_.back() != name) stages_seen_.push_back(name);
                                  }});
    return pipeline.Run(inputs_);
  }

  const StageRecord& Stage(const RunSummary& o, const std::string& name) {
    for (const auto& s : o.stages) {
      if (manifests::StageName(s.stage) == name) return s;
    }
    throw std::runtime_error("no stage " + name);
  }

  std::filesystem::path empty_checkout_;
  manifests::EnvironmentConfig env_;
  RunInputs inputs_;
  FakeEngine engine_;
  common::PosixProcessRunner runner_;
  FakeHttpClient http_;
  FakeClock clock_;
  common::Redactor redactor_;
  common::CancelToken cancel_;
  std::vector<std::string> stages_seen_;
};

TEST_F(PipelineTest, RunsEveryStageInOrderAndSucceeds) {
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kSucceeded);
  EXPECT_EQ(engine_.calls(), (std::vector<std::string>{"init", "validate", "plan", "apply", "outputs"}));
  ASSERT_EQ(o.stages.size(), 5u);
  EXPECT_EQ(stages_seen_, (std::vector<std::string>{"validate", "pre-deployment", "preview", "deploy", "post-deployment"}));
  for (const auto& s : o.stages) EXPECT_EQ(s.status, manifests::StageStatus::kPassed) << manifests::StageName(s.stage);
  ASSERT_TRUE(o.pre_report.has_value());
  ASSERT_TRUE(o.post_report.has_value());
  EXPECT_EQ(o.pre_report->OverallStatus(), "PASS");
  EXPECT_FALSE(o.failure.has_value());
}

TEST_F(PipelineTest, CommandsSeeTheFaberVariablesAndNothingElseSecret) {
  setenv("FABER_PIPELINE_TEST_SECRET_TOKEN", "not-passed", 1);
  Run();
  const auto& env = engine_.last_env();
  EXPECT_EQ(env.at("FABER_ENV"), "test");
  EXPECT_EQ(env.at("FABER_COMMIT"), inputs_.commit);
  EXPECT_EQ(env.at("FABER_BRANCH"), "env/test");
  EXPECT_EQ(env.count("FABER_PIPELINE_TEST_SECRET_TOKEN"), 0u);
}

TEST_F(PipelineTest, PassedSecretVariablesAreRedactedFromOutput) {
  setenv("FABER_PIPELINE_TEST_DEPLOY_TOKEN", "s3cr3t-value-42", 1);
  env_.pass_env = {"FABER_PIPELINE_TEST_DEPLOY_TOKEN"};
  engine_.FailOn("apply", 1, "using s3cr3t-value-42 to deploy\nError: denied");
  RunSummary o = Run();
  EXPECT_EQ(engine_.last_env().at("FABER_PIPELINE_TEST_DEPLOY_TOKEN"), "s3cr3t-value-42");
  ASSERT_TRUE(o.failure.has_value());
  EXPECT_EQ(o.failure->output.find("s3cr3t-value-42"), std::string::npos);
  EXPECT_NE(o.failure->output.find("using [REDACTED] to deploy"), std::string::npos);
}

TEST_F(PipelineTest, AFailingApplyStopsTheRunAndIsRecordedWithItsStage) {
  engine_.FailOn("apply", 3, "Error: creating S3 bucket: AccessDenied");
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kFailed);
  EXPECT_EQ(Stage(o, "deploy").status, manifests::StageStatus::kFailed);
  EXPECT_EQ(Stage(o, "deploy").exit_code, 3);
  EXPECT_EQ(Stage(o, "post-deployment").status, manifests::StageStatus::kNotRun);
  ASSERT_TRUE(o.failure.has_value());
  EXPECT_EQ(o.failure->stage, manifests::Stage::kDeploy);
  EXPECT_EQ(o.failure->operation, "apply");
  EXPECT_EQ(o.failure->exit_code, 3);
  EXPECT_NE(o.failure->output.find("AccessDenied"), std::string::npos);
  EXPECT_FALSE(o.post_report.has_value());
}

TEST_F(PipelineTest, AFailingValidateRunsNothingElse) {
  engine_.FailOn("validate", 1, "bad config");
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kFailed);
  EXPECT_EQ(engine_.calls(), (std::vector<std::string>{"init", "validate"}));
  EXPECT_EQ(Stage(o, "pre-deployment").status, manifests::StageStatus::kNotRun);
  EXPECT_EQ(Stage(o, "deploy").status, manifests::StageStatus::kNotRun);
}

TEST_F(PipelineTest, AFailingPreDeploymentTestBlocksTheDeploy) {
  env_.tests.commands = {"true", "echo 'lint: 2 problems'; exit 4"};
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kFailed);
  EXPECT_EQ(Stage(o, "pre-deployment").status, manifests::StageStatus::kFailed);
  EXPECT_EQ(std::count(engine_.calls().begin(), engine_.calls().end(), "apply"), 0);
  ASSERT_TRUE(o.pre_report.has_value());
  ASSERT_EQ(o.pre_report->tests.size(), 2u);
  EXPECT_EQ(o.pre_report->tests[0].status, TestStatus::kPass);
  EXPECT_EQ(o.pre_report->tests[1].status, TestStatus::kFail);
  EXPECT_EQ(o.pre_report->tests[1].message, "exit code 4");
  EXPECT_NE(o.pre_report->tests[1].output.find("2 problems"), std::string::npos);
  EXPECT_EQ(o.failure->stage, manifests::Stage::kPreDeployment);
}

TEST_F(PipelineTest, SkippedTestsAreReportedAsSkipped) {
  env_.tests.commands = {"exit 1"};
  env_.tests.skip = {"exit 1"};
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kSucceeded);
  EXPECT_EQ(o.pre_report->tests[0].status, TestStatus::kSkip);
}

TEST_F(PipelineTest, SkipTestsSkipsBothTestStagesAndSaysSo) {
  env_.tests.commands = {"exit 1"};
  env_.health_checks = {{"api", "http://127.0.0.1:1/", "", 200, "", 0}};
  inputs_.skip_tests = true;
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kSucceeded);
  EXPECT_EQ(Stage(o, "pre-deployment").status, manifests::StageStatus::kSkipped);
  EXPECT_EQ(Stage(o, "post-deployment").status, manifests::StageStatus::kSkipped);
  EXPECT_EQ(o.pre_report->OverallStatus(), "SKIPPED");
  EXPECT_EQ(o.pre_report->ToJson()["skipped_reason"], "tests skipped by --skip-tests");
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(PipelineTest, HealthChecksRetryWithExponentialBackoff) {
  manifests::HealthCheckConfig check;
  check.name = "api";
  check.http = "http://service/healthz";
  check.retries = 4;
  check.interval = std::chrono::milliseconds(100);
  check.backoff = 2.0;
  check.max_interval = std::chrono::milliseconds(300);
  env_.health_checks = {check};
  http_.AddFailure("connection refused");
  http_.AddResponse(503);
  http_.AddResponse(503);
  http_.AddResponse(200, "ok");
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kSucceeded);
  EXPECT_EQ(http_.requests().size(), 4u);
  using std::chrono::milliseconds;
  EXPECT_EQ(clock_.sleeps(), (std::vector<milliseconds>{milliseconds(100), milliseconds(200), milliseconds(300)}));
  EXPECT_EQ(o.post_report->tests[0].message, "passed on attempt 4 of 5");
  EXPECT_EQ(o.post_report->tests[0].attempts.size(), 4u);
}

TEST_F(PipelineTest, AHealthCheckThatNeverPassesFailsTheRun) {
  manifests::HealthCheckConfig check;
  check.name = "api";
  check.http = "http://service/healthz";
  check.retries = 2;
  check.expect_body = "healthy";
  env_.health_checks = {check};
  http_.AddResponse(200, "starting");
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kFailed);
  EXPECT_EQ(o.failure->stage, manifests::Stage::kPostDeployment);
  EXPECT_EQ(o.failure->operation, "health_check");
  EXPECT_EQ(http_.requests().size(), 3u);
  EXPECT_NE(o.post_report->tests[0].message.find("does not contain the expected text"), std::string::npos);
  EXPECT_FALSE(o.post_report->recommendations.empty());
}

TEST_F(PipelineTest, CommandHealthChecksRunInTheModuleDirectory) {
  manifests::HealthCheckConfig check;
  check.name = "smoke";
  check.command = "test \"$FABER_ENV\" = test";
  check.retries = 0;
  env_.health_checks = {check};
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kSucceeded);
  EXPECT_EQ(o.post_report->tests[0].kind, "command");
}

TEST_F(PipelineTest, ACancelledRunIsAbortedBeforeTheNextStage) {
  cancel_.RequestCancel();
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kAborted);
  EXPECT_EQ(o.stages[0].status, manifests::StageStatus::kAborted);
  EXPECT_TRUE(engine_.calls().empty());
}

TEST_F(PipelineTest, SensitiveOutputsAreMasked) {
  engine_.SetOutputs(R"({"url": {"value": "http://x", "sensitive": false}, "db_password": {"value": "p4ss", "sensitive": true}})");
  RunSummary o = Run();
  EXPECT_EQ(o.outputs["url"]["value"], "http://x");
  EXPECT_EQ(o.outputs["db_password"]["value"], "[REDACTED]");
}

// A checkout whose module is Terraform gets the static checks in its pre-deployment report.
class StaticChecksPipelineTest : public PipelineTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("faber_static_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "infra");
    std::ofstream(dir_ / "infra" / "main.tf") << "resource \"aws_s3_bucket\" \"site\" {\n  bucket = \"site\"\n"
                                                "  acl    = \"public-read-write\"\n}\n";
    inputs_.checkout_dir = dir_;
    env_.directory = "infra";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  const TestCaseResult* Case(const RunSummary& o, const std::string& name) {
    for (const auto& t : o.pre_report->tests) {
      if (t.name == name) return &t;
    }
    return nullptr;
  }

  std::filesystem::path dir_;
};

TEST_F(StaticChecksPipelineTest, ABlockingFindingStopsTheDeployBeforeThePlan) {
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kFailed);
  EXPECT_EQ(Stage(o, "pre-deployment").status, manifests::StageStatus::kFailed);
  EXPECT_EQ(engine_.calls(), (std::vector<std::string>{"init", "validate"}));
  const TestCaseResult* security = Case(o, "security");
  ASSERT_NE(security, nullptr);
  EXPECT_EQ(security->status, TestStatus::kFail);
  bool write_acl = false;
  for (const auto& f : FindingsJson(security->findings)) {
    write_acl |= f["rule_id"] == "FABER_AWS_S3_PUBLIC_WRITE_ACL" && f["file"] == "infra/main.tf" && f["line"] == 1;
  }
  EXPECT_TRUE(write_acl) << FindingsJson(security->findings).dump(1);
  EXPECT_FALSE(o.pre_report->recommendations.empty());
}

TEST_F(StaticChecksPipelineTest, SeveritiesOutsideBlockOnOnlyWarnAndTheDeployGoesOn) {
  env_.tests.block_on = {"CRITICAL"};
  env_.tests.warn_on = {"HIGH", "MEDIUM"};
  env_.tests.skip = {"CKV_AWS_57"};  // an equivalent id skips faber's rule too
  env_.tagging_required = {"Owner"};
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kSucceeded);
  EXPECT_EQ(Case(o, "security")->status, TestStatus::kWarn);
  EXPECT_EQ(Case(o, "compliance")->status, TestStatus::kWarn);  // the missing Owner tag is MEDIUM
  for (const auto& f : FindingsJson(Case(o, "security")->findings)) EXPECT_NE(f["rule_id"], "FABER_AWS_S3_PUBLIC_WRITE_ACL");
  EXPECT_EQ(o.pre_report->OverallStatus(), "WARN");
}

TEST_F(StaticChecksPipelineTest, AModuleThatDoesNotParseFailsWithItsPosition) {
  std::ofstream(dir_ / "infra" / "main.tf") << "resource \"aws_s3_bucket\" \"site\" {\n";
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kFailed);
  const TestCaseResult* security = Case(o, "security");
  ASSERT_NE(security, nullptr);
  EXPECT_NE(security->message.find("main.tf:1:"), std::string::npos) << security->message;
}

// The plan resolves what the code leaves open: here the bucket's ACL comes from a variable.
class PlanChecksPipelineTest : public StaticChecksPipelineTest {
 protected:
  void SetUp() override {
    StaticChecksPipelineTest::SetUp();
    std::ofstream(dir_ / "infra" / "main.tf")
        << "variable \"acl\" {}\nresource \"aws_s3_bucket\" \"site\" {\n  bucket = \"site\"\n  acl    = var.acl\n}\n"
           "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-123\"\n  instance_type = var.size\n}\n"
           "variable \"size\" {}\n";
    env_.tests.block_on = {"CRITICAL"};
  }
  static nlohmann::json Resource(const std::string& type, const std::string& name, nlohmann::json values) {
    return {{"address", type + "." + name}, {"mode", "managed"},           {"type", type},
            {"name", name},                 {"provider_name", "registry.terraform.io/hashicorp/aws"},
            {"values", values},             {"sensitive_values", nlohmann::json::object()}};
  }
  static nlohmann::json Plan(const std::string& acl, const std::string& size) {
    nlohmann::json resources = {Resource("aws_s3_bucket", "site", {{"bucket", "site"}, {"acl", acl}}),
                                Resource("aws_instance", "web", {{"ami", "ami-123"}, {"instance_type", size}})};
    return {{"format_version", "1.2"},
            {"terraform_version", "1.9.8"},
            {"planned_values", {{"root_module", {{"resources", resources}}}}},
            {"resource_changes", nlohmann::json::array()},
            {"configuration",
             {{"provider_config",
               {{"aws", {{"name", "aws"}, {"expressions", {{"region", {{"constant_value", "us-east-1"}}}}}}}}}}}};
  }
};

TEST_F(PlanChecksPipelineTest, AValueOnlyThePlanKnowsFailsTheSecurityTestBeforeTheDeploy) {
  engine_.SetPlanData(Plan("public-read-write", "t3.micro"));
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kFailed);
  // The code alone leaves the ACL open.
  EXPECT_EQ(Stage(o, "pre-deployment").status, manifests::StageStatus::kPassed) << Stage(o, "pre-deployment").output;
  EXPECT_EQ(Stage(o, "preview").status, manifests::StageStatus::kFailed);
  EXPECT_EQ(engine_.calls(), (std::vector<std::string>{"init", "validate", "plan"}));
  const TestCaseResult* security = Case(o, "security (plan)");
  ASSERT_NE(security, nullptr);
  EXPECT_EQ(security->status, TestStatus::kFail);
  bool write_acl = false;
  for (const auto& f : FindingsJson(security->findings)) {
    // The finding points at the block in the code, where a skip would be written.
    write_acl |= f["rule_id"] == "FABER_AWS_S3_PUBLIC_WRITE_ACL" && f["file"] == "infra/main.tf" && f["line"] == 2;
  }
  EXPECT_TRUE(write_acl) << FindingsJson(security->findings).dump(1);
  ASSERT_TRUE(o.failure.has_value());
  EXPECT_EQ(o.failure->operation, "plan-checks");
  EXPECT_EQ(o.pre_report->OverallStatus(), "FAIL");
}

TEST_F(PlanChecksPipelineTest, TheCostOfWhatThePlanCreatesIsCheckedAgainstTheBudget) {
  env_.budget_monthly_usd = 100;
  engine_.SetPlanData(Plan("private", "m5.24xlarge"));  // about $3,300 a month on demand
  RunSummary o = Run();
  const TestCaseResult* code_cost = Case(o, "cost");
  const TestCaseResult* plan_cost = Case(o, "cost (plan)");
  ASSERT_NE(code_cost, nullptr);
  ASSERT_NE(plan_cost, nullptr);
  EXPECT_NE(code_cost->status, TestStatus::kFail);  // the size is a variable the code does not know
  EXPECT_EQ(plan_cost->status, TestStatus::kFail) << plan_cost->message;
  EXPECT_GT(plan_cost->details["estimated_monthly_cost"].get<double>(), 1000.0) << plan_cost->details.dump();
  EXPECT_EQ(o.status, manifests::RunStatus::kFailed);
  EXPECT_EQ(Stage(o, "deploy").status, manifests::StageStatus::kNotRun);
}

TEST_F(PlanChecksPipelineTest, APlanThatPassesDeploysAndTheReportHoldsThePlanCases) {
  engine_.SetPlanData(Plan("private", "t3.micro"));
  RunSummary o = Run();
  EXPECT_EQ(o.status, manifests::RunStatus::kSucceeded) << Stage(o, "preview").detail << Stage(o, "preview").output;
  EXPECT_NE(Case(o, "security (plan)"), nullptr);
  EXPECT_NE(Case(o, "compliance (plan)"), nullptr);
  EXPECT_NE(Case(o, "cost (plan)"), nullptr);
}

}  // namespace
}  // namespace faber::reconciler
