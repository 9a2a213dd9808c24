// The pre-deployment static checks with external scanners enabled in faber.yaml (tests.scanners):
// stand-in programs on the environment's PATH print recorded real outputs of the tools.

#include "reconciler/stages/static_checks.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace faber::reconciler {
namespace {

namespace fs = std::filesystem;

const fs::path kOutputs = fs::path(FABER_SOURCE_DIR) / "tests/reconciler/checks/external_outputs";

class StaticChecksScannersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("faber_static_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "infra");
    fs::create_directories(root_ / "bin");
    std::ofstream(root_ / "infra/db-app.tf")
        << "resource \"aws_db_instance\" \"default\" {\n  engine = \"mysql\"\n  instance_class = \"db.t3.micro\"\n"
           "  backup_retention_period = 0\n  storage_encrypted = false\n  publicly_accessible = true\n}\n";
    env_.name = "test";
    env_.directory = "infra";
  }
  void TearDown() override { fs::remove_all(root_); }

  void StandIn(const std::string& name, const std::string& body) {
    std::ofstream(root_ / "bin" / name) << "#!/bin/sh\n" << body;
    fs::permissions(root_ / "bin" / name, fs::perms::owner_all);
  }

  std::vector<TestCaseResult> Run() {
    ScannerHost host{&runner_, {{"PATH", (root_ / "bin").string()}}, nullptr, ""};
    return RunStaticChecks(env_, root_, root_ / "infra", {}, host);
  }

  static const TestCaseResult* Case(const std::vector<TestCaseResult>& cases, const std::string& name) {
    for (const auto& t : cases) {
      if (t.name == name) return &t;
    }
    return nullptr;
  }

  fs::path root_;
  manifests::EnvironmentConfig env_;
  common::PosixProcessRunner runner_;
};

TEST_F(StaticChecksScannersTest, CheckovFindingsJoinTheSecurityTestOnce) {
  env_.tests.scanners = {{"checkov", {}, std::chrono::seconds(20), false}, {"tfsec", {}, std::chrono::seconds(20), false}};
  StandIn("checkov", "/bin/cat \"" + (kOutputs / "checkov_multiple_frameworks.json").string() + "\"\nexit 1\n");
  auto cases = Run();
  const TestCaseResult* security = Case(cases, "security");
  ASSERT_NE(security, nullptr);
  EXPECT_EQ(security->status, TestStatus::kFail);
  int public_db = 0;
  bool imds = false;
  for (const auto& f : FindingsJson(security->findings)) {
    if (f["resource"] == "aws_db_instance.default" && (f["rule_id"] == "FABER_AWS_RDS_PUBLIC" || f["rule_id"] == "CKV_AWS_17")) {
      ++public_db;
      EXPECT_EQ(f["sources"], nlohmann::json::array({"faber", "checkov"}));
    }
    if (f["rule_id"] == "CKV_AWS_79") {
      imds = true;
      EXPECT_EQ(f["source"], "checkov");
      EXPECT_EQ(f["file"], "infra/aws/db-app.tf");  // relative to the checkout, like faber's own
    }
  }
  EXPECT_EQ(public_db, 1);
  EXPECT_TRUE(imds);
  const TestCaseResult* checkov = Case(cases, "scanner:checkov");
  ASSERT_NE(checkov, nullptr);
  EXPECT_EQ(checkov->status, TestStatus::kPass);
  EXPECT_EQ(checkov->message, "12 findings read, 3 confirming faber's");
  const TestCaseResult* tfsec = Case(cases, "scanner:tfsec");
  ASSERT_NE(tfsec, nullptr);
  EXPECT_EQ(tfsec->status, TestStatus::kWarn);  // enabled but not installed
  EXPECT_NE(tfsec->message.find("tfsec is enabled but not installed"), std::string::npos);
}

TEST_F(StaticChecksScannersTest, ARequiredScannerThatFailsFailsItsTest) {
  env_.tests.scanners = {{"trivy", {}, std::chrono::seconds(20), true}};
  StandIn("trivy", "/bin/echo '2024-01-01T00:00:00Z FATAL init error' >&2\nexit 3\n");
  auto cases = Run();
  const TestCaseResult* trivy = Case(cases, "scanner:trivy");
  ASSERT_NE(trivy, nullptr);
  EXPECT_EQ(trivy->status, TestStatus::kFail);
  EXPECT_NE(trivy->message.find("trivy exit code 3: 2024-01-01T00:00:00Z FATAL init error"), std::string::npos)
      << trivy->message;
  ASSERT_NE(Case(cases, "security"), nullptr);  // faber's own checks still ran
  EXPECT_FALSE(Case(cases, "security")->findings.empty());
}

TEST_F(StaticChecksScannersTest, NoScannersEnabledRunsNone) {
  StandIn("checkov", "/bin/echo ran > \"" + (root_ / "ran").string() + "\"\n");
  auto cases = Run();
  EXPECT_EQ(cases.size(), 2u);  // security and compliance
  EXPECT_FALSE(fs::exists(root_ / "ran"));
}

}  // namespace
}  // namespace faber::reconciler
