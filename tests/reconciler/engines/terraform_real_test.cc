// The terraform engine driving the real terraform or tofu, when one is on PATH, against the
// `local` and `null` providers. Skipped, with the reason printed, when neither binary is installed
// or the providers cannot be installed (no registry access), so CI without them stays green.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/clock.h"
#include "common/process_runner.h"
#include "reconciler/checks/deployment_checks.h"
#include "reconciler/engines/terraform_engine.h"
#include "reconciler/plan/plan_document.h"
#include "reconciler/plan/plan_summary.h"

namespace faber::reconciler {
namespace {

namespace fs = std::filesystem;

// The first of terraform, tofu found on PATH, or "".
std::string FindBinary() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  for (const char* name : {"terraform", "tofu"}) {
    std::stringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
      fs::path candidate = fs::path(dir) / name;
      if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
  }
  return "";
}

const char* kModule = R"(
terraform {
  required_providers {
    local = { source = "hashicorp/local" }
    null  = { source = "hashicorp/null" }
  }
}
variable "greeting" {
  type      = string
  sensitive = true
}
resource "local_file" "hello" {
  filename = "${path.module}/hello.txt"
  content  = "hello"
}
resource "null_resource" "after" {
  triggers = { file = local_file.hello.id }
}
output "greeting" {
  value     = var.greeting
  sensitive = true
}
)";

// terraform_data is built into terraform (1.4+) and tofu: no provider to download.
const char* kBuiltinModule = R"(
variable "token" {
  type      = string
  sensitive = true
}
resource "terraform_data" "config" {
  input = { size = "small", token = var.token }
}
resource "terraform_data" "after" {
  input = terraform_data.config.id
}
output "size" {
  value = terraform_data.config.output.size
}
)";

class TerraformRealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    binary_ = FindBinary();
    if (binary_.empty()) GTEST_SKIP() << "neither terraform nor tofu is on PATH: the real-binary suite is skipped";
    dir_ = fs::temp_directory_path() / ("faber-tf-real-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "main.tf") << kModule;
    std::ofstream(dir_ / "test.tfvars") << "greeting = \"s3cr3t-greeting-value\"\n";
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  EngineContext Context() const {
    EngineContext ctx;
    ctx.module_dir = dir_;
    ctx.env = common::InheritVariables({"PATH", "HOME", "TF_PLUGIN_CACHE_DIR", "TF_CLI_CONFIG_FILE",
                                        "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "SSL_CERT_FILE"});
    ctx.timeout = std::chrono::minutes(3);
    return ctx;
  }
  // The engine as an environment with workspace faber-test and test.tfvars drives it, no retries.
  TerraformEngine Engine() {
    TerraformSettings settings;
    settings.binary = binary_;
    settings.workspace = "faber-test";
    settings.var_files = {"test.tfvars"};
    settings.remedies.retries = 0;
    return TerraformEngine(settings, runner_, clock_);
  }

  std::string binary_;
  fs::path dir_;
  common::PosixProcessRunner runner_;
  common::SystemClock clock_;
};

TEST_F(TerraformRealTest, InitPlanApplyAndVerify) {
  TerraformEngine engine = Engine();

  EngineResult init = engine.Init(Context());
  if (!init.ok) GTEST_SKIP() << "the local and null providers could not be installed: " << init.output;
  EngineResult validate = engine.Validate(Context());
  ASSERT_TRUE(validate.ok) << validate.output;
  EngineResult plan = engine.Plan(Context());
  ASSERT_TRUE(plan.ok) << plan.output;
  plan::PlanSummary summary = plan::SummarizePlan(plan::PlanDocumentOf(plan.data));
  EXPECT_EQ(summary.add, 2) << summary.Headline();
  EXPECT_EQ(summary.ToJson().dump().find("s3cr3t-greeting-value"), std::string::npos);

  EngineResult apply = engine.Apply(Context());
  ASSERT_TRUE(apply.ok) << apply.output;
  EXPECT_TRUE(fs::exists(dir_ / "hello.txt"));
  EngineResult state = engine.State(Context());
  ASSERT_TRUE(state.ok) << state.output;
  TestCaseResult exists = CheckResourcesExist(plan.data, state.data);
  EXPECT_EQ(exists.status, TestStatus::kPass) << FindingsJson(exists.findings).dump();
  EXPECT_EQ(exists.details["resources_found"], 2);
  EngineResult outputs = engine.Outputs(Context());
  ASSERT_TRUE(outputs.ok) << outputs.output;
  EXPECT_EQ(nlohmann::json::parse(outputs.output)["greeting"]["sensitive"], true);
}

TEST_F(TerraformRealTest, BuiltinResourcesNeedNoRegistry) {
  std::ofstream(dir_ / "main.tf", std::ios::trunc) << kBuiltinModule;
  std::ofstream(dir_ / "test.tfvars", std::ios::trunc) << "token = \"tok-real-7d1e9c55\"\n";
  TerraformEngine engine = Engine();

  EngineResult init = engine.Init(Context());
  ASSERT_TRUE(init.ok) << init.output;
  EXPECT_EQ(init.detail, "initialized, workspace faber-test");
  EngineResult validate = engine.Validate(Context());
  ASSERT_TRUE(validate.ok) << validate.output;
  EXPECT_TRUE(validate.data["valid"].get<bool>());
  EngineResult plan = engine.Plan(Context());
  ASSERT_TRUE(plan.ok) << plan.output;
  plan::PlanSummary summary = plan::SummarizePlan(plan::PlanDocumentOf(plan.data));
  EXPECT_EQ(summary.add, 2) << summary.Headline();
  // Terraform marks the token sensitive in the plan; nothing faber shows holds it.
  EXPECT_EQ(summary.ToJson().dump().find("tok-real-7d1e9c55"), std::string::npos);
  for (const auto& c : summary.changes) EXPECT_EQ(c.after.dump().find("tok-real-7d1e9c55"), std::string::npos);
  EXPECT_EQ(plan.output.find("tok-real-7d1e9c55"), std::string::npos);

  EngineResult apply = engine.Apply(Context());
  ASSERT_TRUE(apply.ok) << apply.output;
  EXPECT_TRUE(fs::exists(dir_ / "terraform.tfstate.d/faber-test/terraform.tfstate"));
  EngineResult state = engine.State(Context());
  ASSERT_TRUE(state.ok) << state.output;
  TestCaseResult exists = CheckResourcesExist(plan.data, state.data);
  EXPECT_EQ(exists.status, TestStatus::kPass) << FindingsJson(exists.findings).dump();
  EXPECT_EQ(exists.details["resources_found"], 2);
  TestCaseResult configuration = CheckConfiguration(plan.data, state.data);
  EXPECT_EQ(configuration.status, TestStatus::kPass) << FindingsJson(configuration.findings).dump();
  EngineResult outputs = engine.Outputs(Context());
  ASSERT_TRUE(outputs.ok) << outputs.output;
  EXPECT_EQ(nlohmann::json::parse(outputs.output)["size"]["value"], "small");

  // A second run: the workspace exists, nothing changes.
  ASSERT_TRUE(engine.Init(Context()).ok);
  EngineResult again = engine.Plan(Context());
  ASSERT_TRUE(again.ok) << again.output;
  EXPECT_TRUE(plan::SummarizePlan(plan::PlanDocumentOf(again.data)).Empty());
}

}  // namespace
}  // namespace faber::reconciler
