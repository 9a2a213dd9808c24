// The terraform engine against the stand-in binary: the argv and environment of each step, the
// saved plan being the one applied, timeouts, machine-readable output.
#include "reconciler/engines/terraform_engine.h"

#include <signal.h>
#include <stdlib.h>

#include <thread>

#include "tests/reconciler/engines/terraform_test_env.h"

namespace faber::testing {
namespace {

using Args = std::vector<std::string>;

const char* kPlanFile = "checkov__runner__resources__plan_with_iam_policies__tfplan.json";

class TerraformEngineTest : public TerraformEngineFixture {
 protected:
  void UseCorpusPlan(const std::string& name) {
    std::filesystem::copy_file(kCorpusDir / "tfplan" / name, fake_dir() / "plan.json");
  }
};

TEST_F(TerraformEngineTest, InitPassesBackendConfigAndCreatesTheWorkspaceOnce) {
  settings_.backend_config = {"key=test/terraform.tfstate", "region=eu-west-1"};
  auto engine = Engine();
  auto first = engine.Init(Context());
  ASSERT_TRUE(first.ok) << first.output;
  EXPECT_EQ(Calls(), Args({"init", "workspace", "workspace"}));
  EXPECT_EQ(Argv(1), Args({"init", "-input=false", "-no-color", "-backend-config=key=test/terraform.tfstate",
                           "-backend-config=region=eu-west-1"}));
  EXPECT_EQ(Argv(2), Args({"workspace", "select", "-no-color", "test"}));
  EXPECT_EQ(Argv(3), Args({"workspace", "new", "-no-color", "test"}));
  EXPECT_EQ(Read(fake_dir() / "call-1.cwd"), module_dir().string() + "\n");
  EXPECT_EQ(first.detail, "initialized, workspace test");

  // The workspace exists now: selected, not created again.
  auto second = engine.Init(Context());
  ASSERT_TRUE(second.ok) << second.output;
  EXPECT_EQ(Calls(), Args({"init", "workspace", "workspace", "init", "workspace"}));
  EXPECT_EQ(Argv(5), Args({"workspace", "select", "-no-color", "test"}));
}

TEST_F(TerraformEngineTest, DefaultWorkspaceIsNotSwitched) {
  settings_.workspace = "default";
  ASSERT_TRUE(Engine().Init(Context()).ok);
  EXPECT_EQ(Calls(), Args({"init"}));
}

TEST_F(TerraformEngineTest, CommandsGetExactlyTheContextEnvironmentPlusAutomationVariables) {
  ::setenv("FABER_TEST_LEAK_CHECK", "leaked", 1);
  ASSERT_TRUE(Engine().Init(Context()).ok);
  ::unsetenv("FABER_TEST_LEAK_CHECK");
  std::string env = Env(1);
  for (const char* expected : {"PATH=/usr/bin:/bin\n", "FABER_ENV=test\n", "TF_IN_AUTOMATION=1\n", "TF_INPUT=0\n",
                               "CHECKPOINT_DISABLE=1\n"}) {
    EXPECT_NE(env.find(expected), std::string::npos) << expected << " in\n" << env;
  }
  EXPECT_EQ(env.find("FABER_TEST_LEAK_CHECK"), std::string::npos) << env;
  EXPECT_EQ(env.find("HOME="), std::string::npos) << env;
}

TEST_F(TerraformEngineTest, ValidateParsesJsonDiagnostics) {
  Write("validate.json", R"({"format_version":"1.0","valid":false,"error_count":1,"warning_count":0,"diagnostics":[
    {"severity":"error","summary":"Unsupported argument","detail":"An argument named \"bucket_name\" is not expected here.",
     "range":{"filename":"main.tf","start":{"line":3,"column":3,"byte":40},"end":{"line":3,"column":14,"byte":51}}}]})");
  auto r = Engine().Validate(Context());
  EXPECT_TRUE(r.ran);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(Argv(1), Args({"validate", "-json", "-no-color"}));
  EXPECT_EQ(r.output,
            "main.tf:3:3: error: Unsupported argument: An argument named \"bucket_name\" is not expected here.\n");
  EXPECT_EQ(r.detail, "validate: 1 error(s), 0 warning(s)");
  EXPECT_EQ(r.data["error_count"], 1);
  std::filesystem::remove(fake_dir() / "validate.json");
  auto ok = Engine().Validate(Context());  // the stand-in's default: valid
  EXPECT_TRUE(ok.ok) << ok.output;
}

TEST_F(TerraformEngineTest, PlanIsSavedShownAndExactlyThatPlanIsApplied) {
  UseCorpusPlan(kPlanFile);
  settings_.var_files = {"../envs/test.tfvars", "common.tfvars"};
  auto engine = Engine();
  auto plan = engine.Plan(Context());
  ASSERT_TRUE(plan.ok) << plan.output;
  EXPECT_EQ(Argv(1), Args({"plan", "-input=false", "-no-color", "-out=.faber.tfplan",
                           "-var-file=../envs/test.tfvars", "-var-file=common.tfvars"}));
  EXPECT_EQ(Argv(2), Args({"show", "-json", "-no-color", ".faber.tfplan"}));
  ASSERT_TRUE(plan.data.is_object());
  EXPECT_EQ(plan.data["resource_changes"].size(), 7u);
  // The plan JSON is data, never output text (it holds sensitive values).
  EXPECT_EQ(plan.output.find("resource_changes"), std::string::npos);

  auto apply = engine.Apply(Context());
  ASSERT_TRUE(apply.ok) << apply.output;
  EXPECT_EQ(Argv(3), Args({"apply", "-input=false", "-no-color", ".faber.tfplan"}));
  std::string planned = Read(fake_dir() / "planned");
  EXPECT_FALSE(planned.empty());
  EXPECT_EQ(Read(fake_dir() / "applied"), planned);

  // Applied once: applying again needs a new plan.
  auto again = engine.Apply(Context());
  EXPECT_FALSE(again.ok);
  EXPECT_NE(again.detail.find("no saved plan"), std::string::npos);
  EXPECT_EQ(Calls().size(), 3u);
}

TEST_F(TerraformEngineTest, APlanChangedAfterItWasShownIsNotApplied) {
  UseCorpusPlan(kPlanFile);
  auto engine = Engine();
  ASSERT_TRUE(engine.Plan(Context()).ok);
  std::ofstream(module_dir() / ".faber.tfplan", std::ios::app) << "tampered\n";
  auto apply = engine.Apply(Context());
  EXPECT_FALSE(apply.ok);
  EXPECT_NE(apply.detail.find("changed after it was shown"), std::string::npos) << apply.detail;
  EXPECT_EQ(Calls(), Args({"plan", "show"}));
}

TEST_F(TerraformEngineTest, ApplyWithoutAPlanRunsNothing) {
  auto apply = Engine().Apply(Context());
  EXPECT_TRUE(apply.ran);
  EXPECT_FALSE(apply.ok);
  EXPECT_TRUE(Calls().empty());
}

TEST_F(TerraformEngineTest, AShowThatIsNotAPlanFailsThePlan) {
  Write("plan.json", "{\"format_version\":\"1.0\",\"resource_changes\":[{\"address\":\"a.b\"");
  auto plan = Engine().Plan(Context());
  EXPECT_FALSE(plan.ok);
  EXPECT_NE(plan.detail.find("truncated"), std::string::npos) << plan.detail;
}

TEST_F(TerraformEngineTest, TimeoutStopsTheProcessGroupAndIsRecorded) {
  Write("sleep-plan", "30");
  auto ctx = Context();
  ctx.timeout = std::chrono::milliseconds(300);
  pid_t group = 0;
  ctx.on_started = [&](pid_t pgid) { group = pgid; };
  auto plan = Engine().Plan(ctx);
  EXPECT_FALSE(plan.ok);
  EXPECT_TRUE(plan.timed_out);
  EXPECT_NE(plan.detail.find("timed out"), std::string::npos) << plan.detail;
  EXPECT_LT(plan.duration, std::chrono::seconds(20));
  ASSERT_GT(group, 0);
  // The group's last members (the shell's `sleep`) may take a moment to be reaped by init.
  for (int i = 0; i < 100 && ::kill(-group, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_NE(::kill(-group, 0), 0) << "the process group " << group << " is still alive";
  EXPECT_EQ(Calls(), Args({"plan"}));  // not retried, not shown
}

TEST_F(TerraformEngineTest, OutputsAndStateAreReadAsJson) {
  Write("outputs.json", R"({"url":{"value":"http://x","type":"string","sensitive":false}})");
  Write("state.json", R"({"format_version":"1.0","values":{"root_module":{"resources":[]}}})");
  auto engine = Engine();
  auto outputs = engine.Outputs(Context());
  ASSERT_TRUE(outputs.ok);
  EXPECT_EQ(Argv(1), Args({"output", "-json", "-no-color"}));
  EXPECT_EQ(nlohmann::json::parse(outputs.output)["url"]["value"], "http://x");
  auto state = engine.State(Context());
  ASSERT_TRUE(state.ok) << state.output;
  EXPECT_EQ(Argv(2), Args({"show", "-json", "-no-color"}));
  EXPECT_TRUE(state.data["values"].is_object());
  EXPECT_TRUE(state.output.empty());
}

TEST_F(TerraformEngineTest, DriftIsARefreshOnlyPlan) {
  UseCorpusPlan("checkov__runner__resources__plan_change_keys__tfplan.json");
  auto drift = Engine().Drift(Context());
  ASSERT_TRUE(drift.ok) << drift.output;
  EXPECT_EQ(Argv(1), Args({"plan", "-input=false", "-no-color", "-refresh-only", "-out=.faber-drift.tfplan"}));
  EXPECT_EQ(Argv(2), Args({"show", "-json", "-no-color", ".faber-drift.tfplan"}));
  EXPECT_EQ(drift.data["resource_changes"].size(), 2u);
}

TEST_F(TerraformEngineTest, TofuIsDrivenTheSameWay) {
  settings_.binary = (kFakeTerraformDir / "tofu").string();
  settings_.workspace = "";
  ASSERT_TRUE(Engine().Init(Context()).ok);
  EXPECT_EQ(Argv(1), Args({"init", "-input=false", "-no-color"}));
}

TEST_F(TerraformEngineTest, AMissingBinaryIsAFailureNamingIt) {
  settings_.binary = "terraform-not-installed";
  auto r = Engine().Init(Context());
  EXPECT_TRUE(r.ran);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.output.find("terraform-not-installed"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace faber::testing
