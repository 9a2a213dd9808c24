// Remedies the terraform engine runs by itself, each against the stand-in binary with real error
// texts: retries with backoff, force-unlock with the lock id from the error, init -upgrade and
// -reconfigure.
#include <nlohmann/json.hpp>

#include "tests/reconciler/engines/terraform_test_env.h"
#include "tests/support/faber_harness.h"

namespace faber::testing {
namespace {

using Args = std::vector<std::string>;
using std::chrono::milliseconds;

class TerraformRemediesTest : public TerraformEngineFixture {
 protected:
  void SetUp() override {
    TerraformEngineFixture::SetUp();
    std::filesystem::copy_file(kCorpusDir / "tfplan/checkov__runner__resources__plan_change_keys__tfplan.json",
                               fake_dir() / "plan.json");
  }
};

TEST_F(TerraformRemediesTest, TransientFailuresAreRetriedWithBackoff) {
  FailNext("plan", 2, CorpusErrorMessage("RequestLimitExceeded", "Request limit exceeded"));
  auto plan = Engine().Plan(Context());
  ASSERT_TRUE(plan.ok) << plan.output;
  EXPECT_EQ(Calls(), Args({"plan", "plan", "plan", "show"}));
  EXPECT_EQ(clock_.sleeps(), std::vector<common::Millis>({milliseconds(1000), milliseconds(2000)}));
  ASSERT_EQ(plan.remedies.size(), 2u);
  EXPECT_EQ(plan.remedies[0], "retry plan after 1000ms (transient failure)");
  EXPECT_EQ(plan.remedies[1], "retry plan after 2000ms (transient failure)");
  // The issue log learns that the first retry failed and the second worked.
  ASSERT_EQ(plan.attempts.size(), 2u);
  EXPECT_EQ(plan.attempts[0].remedy, "retry_with_backoff");
  EXPECT_FALSE(plan.attempts[0].succeeded);
  EXPECT_TRUE(plan.attempts[1].succeeded);
  EXPECT_NE(plan.attempts[0].failure_output.find("Request limit exceeded"), std::string::npos);
}

TEST_F(TerraformRemediesTest, RetriesStopAtTheLimit) {
  settings_.remedies.retries = 1;
  std::string reset;
  std::ifstream in(kCorpusDir / "errors/dev.jsonl");
  for (std::string line; std::getline(in, line);) {
    std::string message = nlohmann::json::parse(line)["message"];
    if (message.find("connection reset by peer") != std::string::npos) reset = message;
  }
  ASSERT_FALSE(reset.empty());
  FailNext("apply", 5, reset);
  auto engine = Engine();
  ASSERT_TRUE(engine.Plan(Context()).ok);
  auto apply = engine.Apply(Context());
  EXPECT_FALSE(apply.ok);
  EXPECT_EQ(Calls(), Args({"plan", "show", "apply", "apply"}));
  EXPECT_EQ(clock_.sleeps().size(), 1u);
  EXPECT_NE(apply.output.find("connection reset by peer"), std::string::npos);
  ASSERT_EQ(apply.attempts.size(), 1u);
  EXPECT_FALSE(apply.attempts[0].succeeded);
}

TEST_F(TerraformRemediesTest, PermissionErrorsAreNotRetried) {
  FailNext("plan", 1, CorpusErrorMessage("UnauthorizedOperation", "not authorized"));
  auto plan = Engine().Plan(Context());
  EXPECT_FALSE(plan.ok);
  EXPECT_EQ(Calls(), Args({"plan"}));
  EXPECT_TRUE(plan.remedies.empty());
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(TerraformRemediesTest, AStaleLockIsForceUnlockedWithTheIdFromTheErrorWhenAllowed) {
  settings_.remedies.force_unlock = true;
  FailNext("plan", 1, CorpusErrorMessage("ConditionalCheckFailedException", "Lock Info"));
  auto plan = Engine().Plan(Context());
  ASSERT_TRUE(plan.ok) << plan.output;
  EXPECT_EQ(Calls(), Args({"plan", "force-unlock", "plan", "show"}));
  EXPECT_EQ(Argv(2), Args({"force-unlock", "-force", "-no-color", "12345"}));
  EXPECT_EQ(Read(fake_dir() / "unlocked"), "12345\n");
  ASSERT_EQ(plan.remedies.size(), 1u);
  EXPECT_EQ(plan.remedies[0], "force-unlock 12345: succeeded");
  ASSERT_EQ(plan.attempts.size(), 1u);
  EXPECT_EQ(plan.attempts[0].remedy, "unlock_state");
  EXPECT_TRUE(plan.attempts[0].succeeded);
}

TEST_F(TerraformRemediesTest, ALockIsLeftAloneWhenForceUnlockIsNotAllowed) {
  FailNext("plan", 1, CorpusErrorMessage("ConditionalCheckFailedException", "Lock Info"));
  auto plan = Engine().Plan(Context());
  EXPECT_FALSE(plan.ok);
  EXPECT_EQ(Calls(), Args({"plan"}));
  ASSERT_EQ(plan.remedies.size(), 1u);
  EXPECT_EQ(plan.remedies[0], "state locked by lock 12345; force_unlock is not allowed");
  EXPECT_TRUE(plan.attempts.empty());
}

TEST_F(TerraformRemediesTest, APersonMayApproveUnlockingTheLockTheyLookedAt) {
  FailNext("plan", 1, CorpusErrorMessage("ConditionalCheckFailedException", "Lock Info"));
  auto ctx = Context();
  ctx.approved.unlock_lock_id = "12345";
  auto plan = Engine().Plan(ctx);
  ASSERT_TRUE(plan.ok) << plan.output;
  EXPECT_EQ(Calls(), Args({"plan", "force-unlock", "plan", "show"}));
  ASSERT_EQ(plan.remedies.size(), 1u);
  EXPECT_EQ(plan.remedies[0], "force-unlock 12345 (approved): succeeded");
}

TEST_F(TerraformRemediesTest, AnApprovalForAnotherLockUnlocksNothing) {
  FailNext("plan", 1, CorpusErrorMessage("ConditionalCheckFailedException", "Lock Info"));
  auto ctx = Context();
  ctx.approved.unlock_lock_id = "99999";  // someone else holds the lock now
  auto plan = Engine().Plan(ctx);
  EXPECT_FALSE(plan.ok);
  EXPECT_EQ(Calls(), Args({"plan"}));
}

TEST_F(TerraformRemediesTest, EveryCommandOfAStageSharesTheStagesTime) {
  FailNext("plan", 1, CorpusErrorMessage("RequestLimitExceeded", "Request limit exceeded"));
  auto ctx = Context();
  ctx.deadline = std::chrono::steady_clock::now() - std::chrono::milliseconds(1);
  auto plan = Engine().Plan(ctx);
  EXPECT_FALSE(plan.ok);
  EXPECT_TRUE(plan.timed_out);
  EXPECT_NE(plan.detail.find("the stage's time ran out"), std::string::npos) << plan.detail;
  EXPECT_TRUE(Calls().empty());  // nothing started after the deadline, not even the retry
}

TEST_F(TerraformRemediesTest, ALockStillHeldAfterUnlockingIsNotUnlockedTwice) {
  settings_.remedies.force_unlock = true;
  FailNext("plan", 2, CorpusErrorMessage("ConditionalCheckFailedException", "Lock Info"));
  auto plan = Engine().Plan(Context());
  EXPECT_FALSE(plan.ok);
  EXPECT_EQ(Calls(), Args({"plan", "force-unlock", "plan"}));
}

TEST_F(TerraformRemediesTest, InitUpgradesWhenTheLockFileDoesNotMatch) {
  FailNext("init", 1,
           "Error: Failed to query available provider packages\n\nCould not retrieve the list of available versions "
           "for provider hashicorp/aws: locked provider registry.terraform.io/hashicorp/aws 3.74.0 does not match "
           "configured version constraint ~> 4.0; must use terraform init -upgrade to allow selection of new versions");
  settings_.workspace = "";
  auto init = Engine().Init(Context());
  ASSERT_TRUE(init.ok) << init.output;
  EXPECT_EQ(Calls(), Args({"init", "init"}));
  EXPECT_EQ(Argv(2), Args({"init", "-input=false", "-no-color", "-upgrade"}));
  ASSERT_EQ(init.remedies.size(), 1u);
  EXPECT_EQ(init.remedies[0], "init -upgrade: succeeded");
  ASSERT_EQ(init.attempts.size(), 1u);
  EXPECT_EQ(init.attempts[0].remedy, "reinit_providers");
  EXPECT_TRUE(init.attempts[0].succeeded);
}

TEST_F(TerraformRemediesTest, InitReconfiguresWhenTheBackendChanged) {
  FailNext("init", 1,
           "Error: Backend configuration changed\n\nA change in the backend configuration has been detected, which may "
           "require migrating existing state.\n\nIf you wish to store the current configuration with no changes to "
           "the state, use \"terraform init -reconfigure\".");
  settings_.workspace = "";
  settings_.backend_config = {"bucket=b"};
  auto init = Engine().Init(Context());
  ASSERT_TRUE(init.ok) << init.output;
  EXPECT_EQ(Argv(2), Args({"init", "-input=false", "-no-color", "-reconfigure", "-backend-config=bucket=b"}));
}

TEST_F(TerraformRemediesTest, ReinitIsNotRunWhenThePolicyForbidsIt) {
  settings_.remedies.reinit = false;
  settings_.workspace = "";
  FailNext("init", 1, "Error: Backend configuration changed\nuse \"terraform init -reconfigure\".");
  auto init = Engine().Init(Context());
  EXPECT_FALSE(init.ok);
  EXPECT_EQ(Calls(), Args({"init"}));
}

TEST_F(TerraformRemediesTest, APersonMayApproveReinitWhenThePolicyForbidsIt) {
  settings_.remedies.reinit = false;
  settings_.workspace = "";
  FailNext("init", 1, "Error: Backend configuration changed\nuse \"terraform init -reconfigure\".");
  auto ctx = Context();
  ctx.approved.reinit = true;
  auto init = Engine().Init(ctx);
  ASSERT_TRUE(init.ok) << init.output;
  EXPECT_EQ(Argv(2), Args({"init", "-input=false", "-no-color", "-reconfigure"}));
}

}  // namespace
}  // namespace faber::testing
