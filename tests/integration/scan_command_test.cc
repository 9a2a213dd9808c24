// `faber scan` as CI jobs call it: exit codes, output formats, user policies, bad input.

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

TEST(ScanCommandTest, BlockingFindingsExitOneAndJsonListsThem) {
  ScratchDir dir;
  Write(dir.path() / "main.tf", "resource \"aws_security_group\" \"ssh\" {\n  description = \"ssh\"\n"
                                "  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = \"tcp\"\n"
                                "    cidr_blocks = [\"0.0.0.0/0\"]\n    description = \"ssh\"\n  }\n}\n");
  auto r = RunFaber({"scan", dir.path().string(), "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.stderr_text;
  auto report = nlohmann::json::parse(r.stdout_text);
  bool ssh_open = false;
  for (const auto& f : report["findings"]) {
    ssh_open |= f["rule_id"] == "FABER_AWS_SG_SSH_OPEN" && f["status"] == "FAILED";
  }
  EXPECT_TRUE(ssh_open);
  // The failures are critical: blocking only on LOW lets them through (and still lists them).
  auto lenient = RunFaber({"scan", dir.path().string(), "--block-on", "LOW"});
  EXPECT_EQ(lenient.exit_code, 0);
  EXPECT_NE(lenient.stdout_text.find("FABER_AWS_SG_SSH_OPEN"), std::string::npos);
  auto skipped = RunFaber({"scan", dir.path().string(), "--skip", "CKV_AWS_24", "--skip", "FABER_AWS_SG_ALL_PORTS_OPEN",
                           "--block-on", "CRITICAL"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.stdout_text;
}

TEST(ScanCommandTest, SarifOutputAndUserPolicies) {
  ScratchDir dir;
  Write(dir.path() / "infra/main.tf", "resource \"aws_lambda_function\" \"big\" {\n  function_name = \"big\"\n"
                                      "  memory_size = 4096\n}\n");
  Write(dir.path() / "policies/lambda.yaml", "rules:\n  - id: ACME_LAMBDA_MEMORY\n    title: Lambda memory at most 1 GB\n"
                                             "    severity: HIGH\n    resource: aws_lambda_function\n"
                                             "    recommendation: Lower memory_size\n"
                                             "    pass: {attr: memory_size, lte: 1024}\n");
  auto r = RunFaber({"scan", (dir.path() / "infra").string(), "--policies", (dir.path() / "policies").string(),
                     "--format", "sarif"});
  EXPECT_EQ(r.exit_code, 1) << r.stderr_text;
  auto sarif = nlohmann::json::parse(r.stdout_text);
  bool custom = false;
  for (const auto& result : sarif["runs"][0]["results"]) custom |= result["ruleId"] == "ACME_LAMBDA_MEMORY";
  EXPECT_TRUE(custom);
}

TEST(ScanCommandTest, BadInputIsAUsageErrorNamingWhere) {
  ScratchDir dir;
  Write(dir.path() / "main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n");
  Write(dir.path() / "policies/broken.yaml", "rules:\n  - id: X\n    title: t\n");
  auto broken_policy = RunFaber({"scan", dir.path().string(), "--policies", (dir.path() / "policies").string()});
  EXPECT_EQ(broken_policy.exit_code, 2);
  EXPECT_NE(broken_policy.stderr_text.find("broken.yaml:2:"), std::string::npos) << broken_policy.stderr_text;

  Write(dir.path() / "bad/main.tf", "resource \"aws_s3_bucket\" \"b\" {\n");
  auto broken_hcl = RunFaber({"scan", (dir.path() / "bad").string()});
  EXPECT_EQ(broken_hcl.exit_code, 2);
  EXPECT_NE(broken_hcl.stderr_text.find("main.tf:1:"), std::string::npos) << broken_hcl.stderr_text;
}

}  // namespace
}  // namespace faber::testing
