#include "reconciler/stages/cost_check.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "reconciler/pipeline.h"
#include "tests/fakes/fake_clock.h"
#include "tests/fakes/fake_engine.h"
#include "tests/fakes/fake_http_client.h"

namespace faber::reconciler {
namespace {

namespace fs = std::filesystem;

// Two NAT gateways in us-east-1: 2 x 730 h x $0.045 = $65.70 a month before data processed.
const char* kModule = R"(
provider "aws" { region = "us-east-1" }
resource "aws_nat_gateway" "a" { subnet_id = "subnet-1" }
resource "aws_nat_gateway" "b" { subnet_id = "subnet-2" }
resource "aws_iam_role" "r" { name = "r" }
)";

class CostCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("faber_cost_check_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "infra");
    std::ofstream(dir_ / "infra" / "main.tf") << kModule;
    env_.name = "test";
    env_.directory = "infra";
  }
  void TearDown() override { fs::remove_all(dir_); }

  TestCaseResult Check() {
    auto t = RunCostCheck(env_, dir_ / "infra");
    EXPECT_TRUE(t.has_value());
    return t.value_or(TestCaseResult{});
  }

  fs::path dir_;
  manifests::EnvironmentConfig env_;
};

TEST_F(CostCheckTest, WithinBudgetPassesWithTheSeedSchemaFields) {
  env_.budget_monthly_usd = 100;
  TestCaseResult t = Check();
  EXPECT_EQ(t.name, "cost");
  EXPECT_EQ(t.status, TestStatus::kPass) << t.message;
  TestReport report;
  report.phase = manifests::Stage::kPreDeployment;
  report.environment = "test";
  report.tests = {t};
  auto json = report.ToJson();
  const auto& cost = json["tests"][0];
  EXPECT_EQ(cost["name"], "cost");
  EXPECT_DOUBLE_EQ(cost["estimated_monthly_cost"].get<double>(), 65.7);
  EXPECT_DOUBLE_EQ(cost["cost_threshold"].get<double>(), 100);
  EXPECT_DOUBLE_EQ(cost["resource_breakdown"]["VPC"].get<double>(), 65.7);
  EXPECT_EQ(cost["top_cost_drivers"].size(), 2u);
  EXPECT_EQ(json["overall_status"], "PASS");
}

TEST_F(CostCheckTest, AboveTheWarnShareWarnsAndOverTheBudgetFails) {
  env_.budget_monthly_usd = 80;  // $65.70 is 82%
  EXPECT_EQ(Check().status, TestStatus::kWarn);
  env_.budget_warn_share = 0.9;
  EXPECT_EQ(Check().status, TestStatus::kPass);
  env_.budget_monthly_usd = 60;
  TestCaseResult t = Check();
  EXPECT_EQ(t.status, TestStatus::kFail);
  EXPECT_NE(t.message.find("over"), std::string::npos) << t.message;
}

TEST_F(CostCheckTest, TheModulesUsageFileIsReadAndAMalformedOneFailsWithItsLine) {
  env_.budget_monthly_usd = 100;
  std::ofstream(dir_ / "infra" / kUsageFileName) << "version: 0.1\nresource_usage:\n  aws_nat_gateway.a:\n"
                                                    "    monthly_data_processed_gb: 1000\n";
  TestCaseResult t = Check();
  EXPECT_EQ(t.status, TestStatus::kFail) << t.message;  // + $45 of data processed
  EXPECT_DOUBLE_EQ(t.details["estimated_monthly_cost"].get<double>(), 110.7);

  std::ofstream(dir_ / "infra" / kUsageFileName) << "version: 0.1\nresource_usage:\n  aws_nat_gateway.a: [1\n";
  TestCaseResult bad = Check();
  EXPECT_EQ(bad.status, TestStatus::kFail);
  EXPECT_NE(bad.message.find(std::string(kUsageFileName) + ":"), std::string::npos) << bad.message;
}

TEST_F(CostCheckTest, AMisspeltUsageKeyFailsTheTestNamingFileLineKeyAndResource) {
  env_.budget_monthly_usd = 100;  // $65.70 passes it, with or without the misspelt usage
  std::ofstream(dir_ / "infra" / kUsageFileName) << "version: 0.1\nresource_usage:\n  aws_nat_gateway.a:\n"
                                                    "    monthly_data_processed: 1000\n  aws_nat_gateway.b:\n"
                                                    "    monthly_data_processed_gb: many\n";
  TestCaseResult t = Check();
  EXPECT_EQ(t.status, TestStatus::kFail);
  const std::string file = (dir_ / "infra" / kUsageFileName).string();
  EXPECT_NE(t.message.find(file + ":4: aws_nat_gateway.a: unknown usage key 'monthly_data_processed'; did you mean "
                                  "'monthly_data_processed_gb'?"),
            std::string::npos)
      << t.message;
  EXPECT_NE(t.message.find(file + ":6: aws_nat_gateway.b: usage key 'monthly_data_processed_gb' is 'many'"),
            std::string::npos)
      << t.message;

  // A misspelt address does not block, but the report says which line matched nothing.
  std::ofstream(dir_ / "infra" / kUsageFileName) << "version: 0.1\nresource_usage:\n  aws_nat_gateway.c:\n"
                                                    "    monthly_data_processed_gb: 1000\n";
  TestCaseResult warned = Check();
  EXPECT_EQ(warned.status, TestStatus::kPass) << warned.message;
  EXPECT_EQ(warned.details["warnings"],
            nlohmann::ordered_json::array(
                {file + ":3: usage entry 'aws_nat_gateway.c' matches no resource; its usage is not used"}));
}

TEST(CostBudgetConfigTest, FaberYamlSetsTheBudgetAndWarnShareAndRejectsABadShare) {
  const std::string head = "version: 1\nenvironments:\n  - name: test\n    branch: env/test\n    budget:\n";
  auto ok = manifests::ParseFaberConfig(head + "      monthly_usd: 250\n      warn_share: 0.9\n", "faber.yaml");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->environments[0].budget_monthly_usd, 250);
  EXPECT_DOUBLE_EQ(ok->environments[0].budget_warn_share, 0.9);
  auto fallback = manifests::ParseFaberConfig(head + "      monthly_usd: 250\n", "faber.yaml");
  ASSERT_TRUE(fallback.ok());
  EXPECT_DOUBLE_EQ(fallback->environments[0].budget_warn_share, 0.8);
  auto bad = manifests::ParseFaberConfig(head + "      monthly_usd: 250\n      warn_share: 1.5\n", "faber.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("faber.yaml:7"), std::string::npos) << bad.status().message();
  EXPECT_NE(bad.status().message().find("warn_share"), std::string::npos) << bad.status().message();
}

TEST_F(CostCheckTest, ADirectoryWithoutTerraformHasNoCostTest) {
  EXPECT_FALSE(RunCostCheck(env_, dir_).has_value());
}

TEST_F(CostCheckTest, OverBudgetBlocksTheDeployInThePipeline) {
  env_.engine = manifests::EngineKind::kCommand;
  env_.budget_monthly_usd = 50;
  testing::FakeEngine engine;
  common::PosixProcessRunner runner;
  testing::FakeHttpClient http;
  testing::FakeClock clock;
  common::Redactor redactor;
  common::CancelToken cancel;
  RunInputs inputs;
  inputs.env = &env_;
  inputs.commit = "0123456789abcdef0123456789abcdef01234567";
  inputs.branch = "env/test";
  inputs.run_id = "run-1";
  inputs.checkout_dir = dir_;
  Pipeline pipeline(RunServices{engine, runner, http, clock, redactor, &cancel, nullptr});
  RunSummary o = pipeline.Run(inputs);
  EXPECT_EQ(o.status, manifests::RunStatus::kFailed);
  ASSERT_TRUE(o.pre_report.has_value());
  const TestCaseResult* cost = nullptr;
  for (const auto& t : o.pre_report->tests) {
    if (t.name == "cost") cost = &t;
  }
  ASSERT_NE(cost, nullptr);
  EXPECT_EQ(cost->status, TestStatus::kFail);
  for (const auto& call : engine.calls()) EXPECT_NE(call, "apply");
  bool recommended = false;
  for (const auto& r : o.pre_report->recommendations) recommended |= r.rfind("cost: ", 0) == 0;
  EXPECT_TRUE(recommended);
}

}  // namespace
}  // namespace faber::reconciler
