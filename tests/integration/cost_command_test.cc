// `faber cost` as CI jobs and people call it: JSON shape, budget exit codes, usage files,
// comparison with another directory, bad input.

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/faber_harness.h"

namespace faber::testing {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// A NAT gateway ($32.85 of hours), an unsupported mesh and a Lambda function priced by usage.
const char* kModule = R"(
provider "aws" { region = "us-east-1" }
resource "aws_nat_gateway" "nat" { subnet_id = "subnet-1" }
resource "aws_appmesh_mesh" "mesh" { name = "m" }
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::1:role/x"
  handler       = "index.handler"
  runtime       = "nodejs18.x"
}
)";

TEST(CostCommandTest, JsonHasTheDocumentedShape) {
  ScratchDir dir;
  Write(dir.path() / "main.tf", kModule);
  auto r = RunFaber({"cost", dir.path().string(), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  auto doc = nlohmann::json::parse(r.stdout_text);
  EXPECT_DOUBLE_EQ(doc["overall_monthly_usd"].get<double>(), 32.85);
  ASSERT_TRUE(doc["resources"].is_array());
  bool nat = false;
  for (const auto& res : doc["resources"]) {
    for (const char* key : {"address", "type", "monthly_usd", "components"}) EXPECT_TRUE(res.contains(key)) << key;
    for (const auto& c : res["components"]) {
      for (const char* key : {"name", "unit", "quantity", "unit_price", "monthly_usd"}) EXPECT_TRUE(c.contains(key)) << key;
    }
    if (res["address"] == "aws_nat_gateway.nat") {
      nat = true;
      EXPECT_DOUBLE_EQ(res["monthly_usd"].get<double>(), 32.85);
    }
  }
  EXPECT_TRUE(nat);
  ASSERT_EQ(doc["unsupported"].size(), 1u);
  EXPECT_EQ(doc["unsupported"][0]["type"], "aws_appmesh_mesh");
  EXPECT_DOUBLE_EQ(doc["by_service"]["VPC"].get<double>(), 32.85);
}

TEST(CostCommandTest, OverBudgetExitsOneAndUsageFilesAddUsageCosts) {
  ScratchDir dir;
  Write(dir.path() / "main.tf", kModule);
  Write(dir.path() / "usage.yml", "version: 0.1\nresource_usage:\n  aws_nat_gateway.nat:\n"
                                  "    monthly_data_processed_gb: 1000\n");
  auto under = RunFaber({"cost", dir.path().string(), "--budget", "100"});
  EXPECT_EQ(under.exit_code, 0) << under.stdout_text;
  EXPECT_NE(under.stdout_text.find("Budget: PASS"), std::string::npos) << under.stdout_text;
  // 1000 GB processed adds $45: $77.85 of $100 is under 80%, of $90 it warns, of $70 it fails.
  auto with_usage = RunFaber({"cost", dir.path().string(), "--usage-file", (dir.path() / "usage.yml").string(),
                              "--budget", "90", "--format", "json"});
  EXPECT_EQ(with_usage.exit_code, 0) << with_usage.stderr_text;
  auto doc = nlohmann::json::parse(with_usage.stdout_text);
  EXPECT_DOUBLE_EQ(doc["overall_monthly_usd"].get<double>(), 77.85);
  EXPECT_EQ(doc["budget"]["status"], "WARN");
  auto over = RunFaber({"cost", dir.path().string(), "--usage-file", (dir.path() / "usage.yml").string(),
                        "--budget", "70"});
  EXPECT_EQ(over.exit_code, 1) << over.stdout_text;
  EXPECT_NE(over.stdout_text.find("Budget: FAIL"), std::string::npos) << over.stdout_text;
}

TEST(CostCommandTest, CompareShowsTheDeltaFromAnotherDirectory) {
  ScratchDir dir;
  Write(dir.path() / "deployed/main.tf", kModule);
  Write(dir.path() / "head/main.tf", std::string(kModule) + "resource \"aws_nat_gateway\" \"second\" { subnet_id = \"s\" }\n");
  auto r = RunFaber({"cost", (dir.path() / "head").string(), "--compare", (dir.path() / "deployed").string(),
                     "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  auto doc = nlohmann::json::parse(r.stdout_text);
  EXPECT_DOUBLE_EQ(doc["diff"]["delta_monthly_usd"].get<double>(), 32.85);
  ASSERT_EQ(doc["diff"]["resources"].size(), 1u);
  EXPECT_EQ(doc["diff"]["resources"][0]["address"], "aws_nat_gateway.second");
  EXPECT_EQ(doc["diff"]["resources"][0]["change"], "added");
}

TEST(CostCommandTest, BadInputIsAUsageErrorNamingWhere) {
  ScratchDir dir;
  Write(dir.path() / "main.tf", kModule);
  Write(dir.path() / "bad.yml", "version: 0.1\nresource_usage:\n  aws_nat_gateway.nat: [1, 2\n");
  auto malformed = RunFaber({"cost", dir.path().string(), "--usage-file", (dir.path() / "bad.yml").string()});
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_NE(malformed.stderr_text.find("bad.yml:"), std::string::npos) << malformed.stderr_text;
  auto missing = RunFaber({"cost", dir.path().string(), "--usage-file", (dir.path() / "none.yml").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.stderr_text.find("none.yml"), std::string::npos) << missing.stderr_text;
  auto budget = RunFaber({"cost", dir.path().string(), "--budget", "lots"});
  EXPECT_EQ(budget.exit_code, 2);
  EXPECT_NE(budget.stderr_text.find("--budget"), std::string::npos) << budget.stderr_text;
  auto no_dir = RunFaber({"cost", (dir.path() / "nope").string()});
  EXPECT_EQ(no_dir.exit_code, 2);
}

TEST(CostCommandTest, AMisspeltOrMistypedUsageKeyExitsTwoNamingFileLineAndKey) {
  ScratchDir dir;
  Write(dir.path() / "main.tf", kModule);
  const fs::path usage = dir.path() / "infracost-usage.yml";
  Write(usage,
        "version: 0.1\nresource_usage:\n  aws_lambda_function.api:\n    monthly_request: 1000000\n"
        "  aws_nat_gateway.nat:\n    monthly_data_processed_gb: lots\n  aws_nat_gateway.gone:\n"
        "    monthly_data_processed_gb: 1\n");
  auto r = RunFaber({"cost", dir.path().string(), "--usage-file", usage.string(), "--budget", "1000"});
  EXPECT_EQ(r.exit_code, 2) << r.stdout_text;
  EXPECT_EQ(r.stdout_text, "");  // no understated figure
  // Both problems at once.
  EXPECT_NE(r.stderr_text.find(usage.string() + ":4: aws_lambda_function.api: unknown usage key 'monthly_request'; "
                                                "did you mean 'monthly_requests'?"),
            std::string::npos)
      << r.stderr_text;
  EXPECT_NE(
      r.stderr_text.find(usage.string() +
                         ":6: aws_nat_gateway.nat: usage key 'monthly_data_processed_gb' is 'lots'; expected a number"),
      std::string::npos)
      << r.stderr_text;

  // Fixed, the misspelt address that remains is a warning, and the estimate stands.
  Write(usage,
        "version: 0.1\nresource_usage:\n  aws_lambda_function.api:\n    monthly_requests: 1000000\n"
        "  aws_nat_gateway.gone:\n    monthly_data_processed_gb: 1\n");
  auto fixed = RunFaber({"cost", dir.path().string(), "--usage-file", usage.string(), "--format", "json"});
  ASSERT_EQ(fixed.exit_code, 0) << fixed.stderr_text;
  auto doc = nlohmann::json::parse(fixed.stdout_text);
  EXPECT_EQ(doc["warnings"][0],
            usage.string() + ":5: usage entry 'aws_nat_gateway.gone' matches no resource; its usage is not used");
}

}  // namespace
}  // namespace faber::testing
