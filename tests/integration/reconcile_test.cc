// End to end: the faber binary reconciling real repositories made with git in temp dirs.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <thread>

#include "common/files.h"
#include "tests/integration/infra_repo.h"

namespace faber::testing {
namespace {

using nlohmann::json;

class ReconcileTest : public ::testing::Test {
 protected:
  common::ProcessResult Reconcile(const std::vector<std::string>& extra_args, const InfraRepo& repo,
                                  common::Environment env = {}) {
    std::vector<std::string> args = {"reconcile", "--repo", repo_dir().string(), "--once"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    for (const auto& [k, v] : repo.Env()) env[k] = v;
    return RunFaber(args, env);
  }
  std::filesystem::path repo_dir() const { return scratch_.path() / "repo"; }
  json RecordsJson(InfraRepo& repo, const std::string& path) {
    return json::parse(repo.tree().Git({"show", "faber/records:" + path}));
  }

  ScratchDir scratch_;
};

TEST_F(ReconcileTest, ACommitIsDeployedAndRecordedOnceThenReconcileIsANoop) {
  InfraRepo repo(scratch_.path());
  std::string head = repo.tree().Head("env/test");

  auto first = Reconcile({"--env", "test"}, repo);
  ASSERT_EQ(first.exit_code, 0) << first.stderr_text << first.stdout_text;
  EXPECT_NE(first.stdout_text.find("test: deployed " + head.substr(0, 7) + " succeeded"), std::string::npos)
      << first.stdout_text;
  ASSERT_EQ(repo.RecordsCommits(), 1);
  EXPECT_EQ(*common::ReadFile(repo.deploy_dir() / "test"), "test " + head + "\n");

  // One commit with the subject and trailers of DESIGN.md.
  WorkTree& git = repo.tree();
  EXPECT_EQ(git.Git({"log", "-1", "--format=%s", "faber/records"}), "faber(test): deploy " + head.substr(0, 7) + " succeeded\n");
  EXPECT_EQ(git.Git({"log", "-1", "--format=%(trailers:key=Faber-Environment,valueonly)", "faber/records"}), "test\n\n");
  EXPECT_EQ(git.Git({"log", "-1", "--format=%(trailers:key=Faber-Commit,valueonly)", "faber/records"}), head + "\n\n");
  EXPECT_EQ(git.Git({"log", "-1", "--format=%(trailers:key=Faber-Status,valueonly)", "faber/records"}), "succeeded\n\n");

  // The files of the records branch: deployment, both reports, history.
  auto files = git.Files("faber/records");
  std::vector<std::string> names;
  for (const auto& [name, content] : files) names.push_back(name);
  ASSERT_EQ(names.size(), 4u) << ::testing::PrintToString(names);
  EXPECT_EQ(names[0], "deployments/test.json");
  EXPECT_NE(names[1].find(head.substr(0, 7) + "-post-deployment.json"), std::string::npos);
  EXPECT_NE(names[2].find(head.substr(0, 7) + "-pre-deployment.json"), std::string::npos);
  EXPECT_EQ(names[3], "reports/test/history.json");
  json deployment = json::parse(files["deployments/test.json"]);
  EXPECT_EQ(deployment["status"], "succeeded");
  EXPECT_EQ(deployment["last_applied_commit"], head);
  EXPECT_EQ(deployment["last_attempted_commit"], head);
  EXPECT_EQ(deployment["last_run"]["stages"].size(), 5u);
  json pre = json::parse(files[names[2]]);
  EXPECT_EQ(pre["phase"], "pre-deployment");
  EXPECT_EQ(pre["overall_status"], "PASS");
  EXPECT_EQ(pre["commit"], head);
  EXPECT_EQ(pre["tests"][0]["name"], "./check.sh");
  json history = json::parse(files["reports/test/history.json"]);
  EXPECT_EQ(history["runs"].size(), 1u);
  EXPECT_EQ(history["stats"]["success_rate"], 1.0);

  // Same head: nothing runs, nothing is recorded.
  auto second = Reconcile({"--env", "test"}, repo);
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_NE(second.stdout_text.find("test: noop"), std::string::npos) << second.stdout_text;
  EXPECT_EQ(repo.RecordsCommits(), 1);

  // A new commit: one more run.
  std::string next = repo.Change("env/test", "v1");
  ASSERT_EQ(Reconcile({"--env", "test"}, repo).exit_code, 0);
  EXPECT_EQ(repo.RecordsCommits(), 2);
  EXPECT_EQ(RecordsJson(repo, "deployments/test.json")["last_applied_commit"], next);
  EXPECT_EQ(RecordsJson(repo, "reports/test/history.json")["runs"].size(), 2u);
}

TEST_F(ReconcileTest, AFailedApplyIsRecordedWithItsStageAndOutputAndNoSecretLeaks) {
  const std::string token = "tok-9f8e7d6c5b4a39281706";
  InfraRepo repo(scratch_.path(),
                 "#!/bin/sh\necho \"authenticating with $DEPLOY_TOKEN\"\n"
                 "echo \"using key AKIAIOSFODNN7EXAMPLE\"\n"
                 "echo \"state at https://deploy:hunter2pass@state.example.com/infra\"\n"
                 "echo \"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n"
                 "echo 'Error: creating S3 Bucket (logs): AccessDenied: Access Denied' >&2\nexit 7\n");
  std::string head = repo.tree().Head("env/test");
  auto run = Reconcile({"--env", "test"}, repo, {{"DEPLOY_TOKEN", token}});
  EXPECT_EQ(run.exit_code, 1) << run.stderr_text;
  EXPECT_NE(run.stdout_text.find("test: deployed " + head.substr(0, 7) + " failed"), std::string::npos);

  json deployment = RecordsJson(repo, "deployments/test.json");
  EXPECT_EQ(deployment["status"], "failed");
  EXPECT_TRUE(deployment["last_applied_commit"].is_null());
  EXPECT_EQ(deployment["last_attempted_commit"], head);
  const json& failure = deployment["last_run"]["failure"];
  EXPECT_EQ(failure["stage"], "deploy");
  EXPECT_EQ(failure["operation"], "apply");
  EXPECT_EQ(failure["exit_code"], 7);
  std::string output = failure["output"];
  EXPECT_NE(output.find("AccessDenied: Access Denied"), std::string::npos);
  EXPECT_NE(output.find("authenticating with [REDACTED]"), std::string::npos);
  EXPECT_EQ(repo.tree().Git({"log", "-1", "--format=%(trailers:key=Faber-Status,valueonly)", "faber/records"}), "failed\n\n");

  std::string everything = repo.tree().AllHistoryContent("faber/records") + run.stdout_text + run.stderr_text;
  for (const std::string& secret : {token, std::string("AKIAIOSFODNN7EXAMPLE"), std::string("hunter2pass"),
                                    std::string("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")}) {
    EXPECT_EQ(everything.find(secret), std::string::npos) << "leaked: " << secret;
  }

  // A failed commit is not retried in a loop: only a new commit or --retry runs it again.
  EXPECT_EQ(Reconcile({"--env", "test"}, repo, {{"DEPLOY_TOKEN", token}}).exit_code, 0);
  EXPECT_EQ(repo.RecordsCommits(), 1);
  EXPECT_EQ(Reconcile({"--env", "test", "--retry"}, repo, {{"DEPLOY_TOKEN", token}}).exit_code, 1);
  EXPECT_EQ(repo.RecordsCommits(), 2);
}

TEST_F(ReconcileTest, AFailingPreDeploymentTestBlocksTheDeploy) {
  InfraRepo repo(scratch_.path());
  repo.tree().Checkout("env/test");
  repo.tree().Git({"rm", "-q", "infra/main.txt"});  // check.sh fails without it
  repo.tree().CommitAll("Remove the main file");
  repo.tree().Checkout("main");
  auto run = Reconcile({"--env", "test"}, repo);
  EXPECT_EQ(run.exit_code, 1);
  json deployment = RecordsJson(repo, "deployments/test.json");
  // The validate stage runs check.sh too, so it is the first to fail.
  EXPECT_EQ(deployment["last_run"]["failure"]["stage"], "validate");
  EXPECT_FALSE(std::filesystem::exists(repo.deploy_dir() / "test"));
}

TEST_F(ReconcileTest, SkipTestsIsRecorded) {
  InfraRepo repo(scratch_.path());
  ASSERT_EQ(Reconcile({"--env", "test", "--skip-tests"}, repo).exit_code, 0);
  json deployment = RecordsJson(repo, "deployments/test.json");
  EXPECT_EQ(deployment["last_run"]["tests_skipped"], true);
  EXPECT_EQ(deployment["last_run"]["stages"][1]["status"], "skipped");
  EXPECT_NE(repo.tree().Git({"log", "-1", "--format=%B", "faber/records"}).find("tests skipped by --skip-tests"),
            std::string::npos);
}

TEST_F(ReconcileTest, TwoEnvironmentsReconciledAtTheSameTimeKeepBothRecords) {
  // Both applies overlap in time, so both records commits race for the branch tip.
  InfraRepo repo(scratch_.path(), std::string(InfraRepo::DefaultApply()) + "sleep 0.5\n");
  std::string test_head = repo.tree().Head("env/test");
  std::string prod_head = repo.tree().Head("env/prod");
  common::ProcessResult test_run, prod_run;
  std::thread a([&] { test_run = Reconcile({"--env", "test"}, repo); });
  std::thread b([&] { prod_run = Reconcile({"--env", "prod"}, repo); });
  a.join();
  b.join();
  ASSERT_EQ(test_run.exit_code, 0) << test_run.stderr_text;
  ASSERT_EQ(prod_run.exit_code, 0) << prod_run.stderr_text;
  EXPECT_EQ(repo.RecordsCommits(), 2);
  EXPECT_EQ(RecordsJson(repo, "deployments/test.json")["last_applied_commit"], test_head);
  EXPECT_EQ(RecordsJson(repo, "deployments/prod.json")["last_applied_commit"], prod_head);

  // One process, both environments in parallel threads.
  repo.Change("env/test", "t2");
  repo.Change("env/prod", "p2");
  auto both = Reconcile({}, repo);
  ASSERT_EQ(both.exit_code, 0) << both.stderr_text;
  EXPECT_EQ(repo.RecordsCommits(), 4);
  EXPECT_EQ(RecordsJson(repo, "reports/test/history.json")["runs"].size(), 2u);
  EXPECT_EQ(RecordsJson(repo, "reports/prod/history.json")["runs"].size(), 2u);
}

TEST_F(ReconcileTest, MalformedFaberYamlExitsTwoNamingFileAndLineAndRecordsNothing) {
  InfraRepo repo(scratch_.path());
  repo.tree().Write("faber.yaml", "version: 1\nenvironments:\n  - name: test\n    branch: env/test\n    engine: helm\n");
  repo.tree().CommitAll("Break faber.yaml");
  auto run = Reconcile({}, repo);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("faber.yaml:5:"), std::string::npos) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("engine"), std::string::npos);
  EXPECT_EQ(repo.RecordsCommits(), 0);

  repo.tree().Write("faber.yaml", "version: 1\nenvironments: [\n  {name: test\n");
  repo.tree().CommitAll("Unbalanced");
  run = Reconcile({}, repo);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("faber.yaml:"), std::string::npos) << run.stderr_text;
  EXPECT_EQ(repo.RecordsCommits(), 0);
  EXPECT_TRUE(std::filesystem::is_empty(repo.deploy_dir()));
}

TEST_F(ReconcileTest, ABrokenRepositoryIsAClearError) {
  auto run = RunFaber({"reconcile", "--repo", scratch_.path().string(), "--once"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find(scratch_.path().string()), std::string::npos) << run.stderr_text;
}

TEST_F(ReconcileTest, HistoryShowsTheRuns) {
  InfraRepo repo(scratch_.path());
  ASSERT_EQ(Reconcile({"--env", "test"}, repo).exit_code, 0);
  repo.Change("env/test", "v1");
  ASSERT_EQ(Reconcile({"--env", "test"}, repo).exit_code, 0);
  auto text = RunFaber({"history", "--repo", repo_dir().string(), "--env", "test"});
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  EXPECT_NE(text.stdout_text.find("history of test: 2 run(s), success rate 100%"), std::string::npos) << text.stdout_text;
  EXPECT_NE(text.stdout_text.find(repo.tree().Head("env/test").substr(0, 7)), std::string::npos);
  auto as_json = RunFaber({"history", "--repo", repo_dir().string(), "--env", "test", "--format", "json"});
  ASSERT_EQ(as_json.exit_code, 0);
  EXPECT_EQ(json::parse(as_json.stdout_text)["runs"].size(), 2u);
  EXPECT_EQ(RunFaber({"history", "--repo", repo_dir().string(), "--env", "nope"}).exit_code, 1);
}

}  // namespace
}  // namespace faber::testing
