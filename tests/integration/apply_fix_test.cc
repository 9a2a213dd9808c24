// End to end: a deploy fails on a stale state lock, the debugger proposes unlocking it, and
// `faber reconcile --apply-fix` carries the fix out through the stand-in terraform; the issue log
// on the records branch learns from it, as it learns from the remedies the engine runs by itself.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "tests/support/faber_harness.h"

namespace faber::testing {
namespace {

using nlohmann::json;

const std::filesystem::path kSourceDir = FABER_SOURCE_DIR;

class ApplyFixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(fake_dir());
    std::filesystem::copy_file(kSourceDir / "../shared/corpus/tfplan/checkov__runner__resources__plan_change_keys__tfplan.json",
                               fake_dir() / "plan.json");
    tree_.Write("faber.yaml",
                "version: 1\nenvironments:\n  - name: test\n    branch: env/test\n    directory: infra\n"
                "    engine: terraform\n    pass_env: [FAKE_TF_DIR]\n"
                "    terraform:\n      binary: " + (kSourceDir / "tests/support/fake_terraform/terraform").string() + "\n"
                "      retry_interval: 10ms\n"
                "    tests: {skip: [security, compliance, cost, resource-existence, configuration, security-posture]}\n");
    tree_.Write("infra/main.tf", "resource \"null_resource\" \"noop\" {}\n");
    tree_.CommitAll("Infrastructure");
    tree_.Git({"branch", "env/test"});
  }
  std::filesystem::path fake_dir() const { return scratch_.path() / "fake"; }
  common::ProcessResult Reconcile(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"reconcile", "--repo", tree_.dir().string(), "--once", "--env", "test"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFaber(args, {{"FAKE_TF_DIR", fake_dir().string()}});
  }
  void FailNext(const std::string& subcommand, int times, const std::string& text) const {
    std::ofstream(fake_dir() / ("fail-" + subcommand)) << times << "\n" << text << "\n";
  }
  json Records(const std::string& path) {
    auto files = tree_.Files("faber/records");
    auto it = files.find(path);
    if (it == files.end()) {
      ADD_FAILURE() << "no " << path << " on the records branch";
      return json::object();
    }
    return json::parse(it->second);
  }
  std::vector<std::string> Argv(const std::string& subcommand) const {
    std::ifstream calls(fake_dir() / "calls");
    for (std::string n, sub; calls >> n >> sub;) {
      if (sub != subcommand) continue;
      std::ifstream in(fake_dir() / ("call-" + n + ".argv"));
      std::vector<std::string> out;
      for (std::string line; std::getline(in, line);) out.push_back(line);
      return out;
    }
    return {};
  }
  json Solution(const json& issue, const std::string& id) {
    for (const auto& s : issue["solutions"]) {
      if (s["solution_id"] == id) return s;
    }
    ADD_FAILURE() << "no solution " << id << " in " << issue.dump(2);
    return json::object();
  }

  ScratchDir scratch_;
  WorkTree tree_{scratch_.path() / "repo"};
};

TEST_F(ApplyFixTest, TheProposedUnlockIsCarriedOutOnRequestAndItsSuccessRecorded) {
  // The lock stays for the failed run and for the first plan of the fix, as a dead run's lock does.
  FailNext("plan", 2, CorpusErrorMessage("ConditionalCheckFailedException", "Lock Info"));
  auto failed = Reconcile();
  ASSERT_EQ(failed.exit_code, 1) << failed.stderr_text << failed.stdout_text;
  json run = Records("deployments/test.json")["last_run"];
  std::string issue_id = run["debug"]["issue_id"];
  bool proposed = false;
  for (const auto& s : run["debug"]["solutions"]) {
    proposed |= s["solution_id"] == "unlock-stale-lock" && s["remedy_arguments"]["lock_id"] == "12345";
  }
  ASSERT_TRUE(proposed) << run["debug"].dump(2);
  EXPECT_TRUE(Argv("force-unlock").empty());  // the policy does not unlock by itself

  auto fixed = Reconcile({"--apply-fix", "unlock-stale-lock"});
  ASSERT_EQ(fixed.exit_code, 0) << fixed.stdout_text << Records("deployments/test.json").dump(2);
  EXPECT_EQ(Argv("force-unlock"), std::vector<std::string>({"force-unlock", "-force", "-no-color", "12345"}));
  json deployment = Records("deployments/test.json");
  EXPECT_EQ(deployment["status"], "succeeded");
  ASSERT_EQ(deployment["last_run"]["fixes"].size(), 1u) << deployment["last_run"].dump(2);
  json fix = deployment["last_run"]["fixes"][0];
  EXPECT_EQ(fix["solution_id"], "unlock-stale-lock");
  EXPECT_EQ(fix["requested_by"], "cli");
  EXPECT_EQ(fix["succeeded"], true);
  json issue = Records("issues/" + issue_id + ".json");
  // Carried out once: the engine's unlock is the requested fix, not a second attempt.
  EXPECT_EQ(Solution(issue, "unlock-stale-lock")["success_rate"]["attempts"], 1);
  EXPECT_EQ(Solution(issue, "unlock-stale-lock")["success_rate"]["successes"], 1);
  EXPECT_EQ(issue["resolved"], true);
}

TEST_F(ApplyFixTest, AFixThatIsNotProposedOrNotAutomatedIsRefusedWithTheReason) {
  FailNext("plan", 5, CorpusErrorMessage("ConditionalCheckFailedException", "Lock Info"));
  ASSERT_EQ(Reconcile().exit_code, 1);
  std::string records_before = tree_.Head("faber/records");

  auto unknown = Reconcile({"--apply-fix", "no-such-fix"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.stdout_text.find("has no proposed solution no-such-fix; its proposals are: "), std::string::npos)
      << unknown.stdout_text << unknown.stderr_text;
  EXPECT_NE(unknown.stdout_text.find("unlock-stale-lock"), std::string::npos);
  EXPECT_EQ(tree_.Head("faber/records"), records_before);  // nothing ran, nothing recorded

  auto misused = RunFaber({"reconcile", "--repo", tree_.dir().string(), "--once", "--apply-fix", "unlock-stale-lock"});
  EXPECT_EQ(misused.exit_code, 2);
  EXPECT_NE(misused.stderr_text.find("--apply-fix needs --env and --once"), std::string::npos);
}

TEST_F(ApplyFixTest, AFixForACommitTheBranchMovedPastIsRefused) {
  FailNext("plan", 1, CorpusErrorMessage("ConditionalCheckFailedException", "Lock Info"));
  ASSERT_EQ(Reconcile().exit_code, 1);
  tree_.Checkout("env/test");
  tree_.Write("infra/extra.tf", "resource \"null_resource\" \"more\" {}\n");
  tree_.CommitAll("More infrastructure");
  auto stale = Reconcile({"--apply-fix", "unlock-stale-lock"});
  EXPECT_NE(stale.exit_code, 0);
  EXPECT_NE(stale.stdout_text.find("moved on to"), std::string::npos) << stale.stdout_text << stale.stderr_text;
}

TEST_F(ApplyFixTest, ARetryTheEngineRanByItselfIsRecordedInTheIssueLog) {
  FailNext("apply", 1, CorpusErrorMessage("RequestLimitExceeded", "Request limit exceeded"));
  auto run = Reconcile();
  ASSERT_EQ(run.exit_code, 0) << run.stdout_text << Records("deployments/test.json").dump(2);
  json fixes = Records("deployments/test.json")["last_run"]["fixes"];
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_EQ(fixes[0]["remedy"], "retry_with_backoff");
  EXPECT_EQ(fixes[0]["operation"], "apply");
  EXPECT_EQ(fixes[0]["succeeded"], true);
  json issue = Records("issues/" + fixes[0]["issue_id"].get<std::string>() + ".json");
  EXPECT_EQ(issue["occurrence_count"], 1);
  EXPECT_EQ(Solution(issue, fixes[0]["solution_id"])["success_rate"]["successes"], 1);
}

}  // namespace
}  // namespace faber::testing
