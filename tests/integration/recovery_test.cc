// Crash recovery and shutdown: faber killed with -9 mid-apply, and SIGTERM to a running server.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <fstream>
#include <regex>

#include "common/files.h"
#include "common/process_runner.h"
#include "tests/integration/infra_repo.h"

namespace faber::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// The first apply of an environment records its pid and hangs; later ones finish at once.
constexpr const char* kHangingApply =
    "#!/bin/sh\n"
    "if [ ! -f \"$DEPLOY_DIR/started-$FABER_ENV\" ]; then\n"
    "  echo $$ > \"$DEPLOY_DIR/started-$FABER_ENV\"\n"
    "  sleep 60\n"
    "fi\n"
    "echo \"$FABER_ENV $FABER_COMMIT\" > \"$DEPLOY_DIR/$FABER_ENV\"\n";

bool Alive(pid_t pid) { return common::IsLiveProcess(pid); }

pid_t ReadPid(const std::filesystem::path& file) {
  auto text = common::ReadFile(file);
  return text.ok() && !text->empty() ? std::stoi(*text) : 0;
}

class RecoveryTest : public ::testing::Test {
 protected:
  std::vector<std::string> ReconcileArgs(const std::string& env) {
    return {"reconcile", "--repo", (scratch_.path() / "repo").string(), "--once", "--env", env};
  }
  // Starts a reconcile of `env` and kills faber with SIGKILL once the apply hangs.
  pid_t KillDuringApply(InfraRepo& repo, const std::string& env) {
    FaberProcess faber(ReconcileArgs(env), repo.Env());
    auto marker = repo.deploy_dir() / ("started-" + env);
    EXPECT_TRUE(WaitUntil([&] { return ReadPid(marker) > 0; }, 20s)) << faber.Stderr();
    faber.Signal(SIGKILL);
    EXPECT_EQ(faber.Wait(5s), -SIGKILL);
    return ReadPid(marker);
  }
  json RecordsJson(InfraRepo& repo, const std::string& path) {
    return json::parse(repo.tree().Git({"show", "faber/records:" + path}));
  }

  ScratchDir scratch_;
};

TEST_F(RecoveryTest, KillNineDuringApplyIsRecordedAsInterruptedAndRerunOutsideProduction) {
  InfraRepo repo(scratch_.path(), kHangingApply);
  std::string head = repo.tree().Head("env/test");
  pid_t orphan = KillDuringApply(repo, "test");
  ASSERT_TRUE(Alive(orphan)) << "the apply should outlive the killed faber";
  EXPECT_EQ(repo.RecordsCommits(), 0);

  auto restart = RunFaber(ReconcileArgs("test"), repo.Env());
  EXPECT_EQ(restart.exit_code, 0) << restart.stderr_text << restart.stdout_text;
  EXPECT_TRUE(WaitUntil([&] { return !Alive(orphan); }, 5s)) << "the leftover apply was not stopped";
  EXPECT_NE(restart.stdout_text.find("interrupted during deploy; policy: rerun"), std::string::npos) << restart.stdout_text;

  // Two commits: the interruption, then the rerun that deployed.
  ASSERT_EQ(repo.RecordsCommits(), 2);
  EXPECT_EQ(repo.tree().Git({"log", "-1", "--skip=1", "--format=%s", "faber/records"}),
            "faber(test): recover " + head.substr(0, 7) + " interrupted\n");
  json deployment = RecordsJson(repo, "deployments/test.json");
  EXPECT_EQ(deployment["status"], "succeeded");
  EXPECT_EQ(deployment["last_applied_commit"], head);
  json history = RecordsJson(repo, "reports/test/history.json");
  ASSERT_EQ(history["runs"].size(), 2u);
  EXPECT_EQ(history["runs"][0]["status"], "interrupted");
  EXPECT_EQ(history["runs"][0]["failed_stage"], "deploy");
  EXPECT_EQ(history["runs"][1]["status"], "succeeded");
}

TEST_F(RecoveryTest, KillNineInProductionStopsAndWaitsForARetry) {
  InfraRepo repo(scratch_.path(), kHangingApply);
  std::string head = repo.tree().Head("env/prod");
  pid_t orphan = KillDuringApply(repo, "prod");

  auto restart = RunFaber(ReconcileArgs("prod"), repo.Env());
  EXPECT_EQ(restart.exit_code, 1) << restart.stderr_text;
  EXPECT_NE(restart.stdout_text.find("prod: stopped"), std::string::npos) << restart.stdout_text;
  EXPECT_TRUE(WaitUntil([&] { return !Alive(orphan); }, 5s));
  ASSERT_EQ(repo.RecordsCommits(), 1);
  json deployment = RecordsJson(repo, "deployments/prod.json");
  EXPECT_EQ(deployment["status"], "interrupted");
  EXPECT_EQ(deployment["last_run"]["policy"], "stop");
  EXPECT_EQ(deployment["last_run"]["interrupted_stage"], "deploy");
  EXPECT_NE(repo.tree().Git({"log", "-1", "--format=%B", "faber/records"}).find("faber reconcile --retry"),
            std::string::npos);

  // Nothing happens until a person asks.
  EXPECT_EQ(RunFaber(ReconcileArgs("prod"), repo.Env()).exit_code, 0);
  EXPECT_EQ(repo.RecordsCommits(), 1);
  auto args = ReconcileArgs("prod");
  args.push_back("--retry");
  auto retry = RunFaber(args, repo.Env());
  EXPECT_EQ(retry.exit_code, 0) << retry.stderr_text;
  EXPECT_EQ(repo.RecordsCommits(), 2);
  EXPECT_EQ(RecordsJson(repo, "deployments/prod.json")["last_applied_commit"], head);
}

std::filesystem::path WriteServerConfig(const std::filesystem::path& dir, const std::string& grace) {
  auto path = dir / "server.yaml";
  std::ofstream(path) << "listen: 127.0.0.1:0\n"
                      << "data_dir: " << (dir / "data").string() << "\n"
                      << "poll_interval: 300ms\n"
                      << "shutdown_grace: " << grace << "\n"
                      << "repositories:\n  - url: " << (dir / "repo").string() << "\n";
  return path;
}

TEST_F(RecoveryTest, ServeReconcilesServesHealthAndMetricsAndStopsOnSigterm) {
  InfraRepo repo(scratch_.path());
  FaberProcess faber({"serve", "--config", WriteServerConfig(scratch_.path(), "5s").string()}, repo.Env());
  int port = ListeningPort(faber);
  ASSERT_GT(port, 0) << faber.Stderr();
  ASSERT_TRUE(WaitUntil([&] { return repo.RecordsCommits() == 2; }, 20s)) << faber.Stderr();

  httplib::Client client("127.0.0.1", port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_TRUE(WaitUntil([&] { auto r = client.Get("/readyz"); return r && r->status == 200; }, 5s));
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("faber_runs_total{repository=\"" + (scratch_.path() / "repo").string() +
                               "\",environment=\"test\",status=\"succeeded\"} 1"),
            std::string::npos)
      << metrics->body;

  // A new commit is picked up by the next poll.
  repo.Change("env/test", "v1");
  EXPECT_TRUE(WaitUntil([&] { return repo.RecordsCommits() == 3; }, 20s));

  faber.Signal(SIGTERM);
  EXPECT_EQ(faber.Wait(10s), 0) << faber.Stderr();
}

TEST_F(RecoveryTest, SigtermAbortsALongStageAfterTheGracePeriodAndRecordsIt) {
  InfraRepo repo(scratch_.path(), kHangingApply);
  FaberProcess faber({"serve", "--config", WriteServerConfig(scratch_.path(), "500ms").string()}, repo.Env());
  ASSERT_GT(ListeningPort(faber), 0) << faber.Stderr();
  ASSERT_TRUE(WaitUntil([&] { return ReadPid(repo.deploy_dir() / "started-test") > 0 &&
                                     ReadPid(repo.deploy_dir() / "started-prod") > 0; }, 20s));
  pid_t apply = ReadPid(repo.deploy_dir() / "started-test");
  faber.Signal(SIGTERM);
  EXPECT_EQ(faber.Wait(15s), 0) << faber.Stderr();
  EXPECT_TRUE(WaitUntil([&] { return !Alive(apply); }, 5s)) << "the aborted apply must not survive faber";
  ASSERT_EQ(repo.RecordsCommits(), 2);
  json deployment = RecordsJson(repo, "deployments/test.json");
  EXPECT_EQ(deployment["status"], "aborted");
  EXPECT_EQ(deployment["last_run"]["stages"][3]["status"], "aborted");
  // Recorded whole: no journal left to be mistaken for a crash.
  auto again = RunFaber(ReconcileArgs("test"), repo.Env());
  EXPECT_EQ(again.stdout_text.find("interrupted"), std::string::npos) << again.stdout_text;
}

}  // namespace
}  // namespace faber::testing
