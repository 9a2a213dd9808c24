// A remote served by `git daemon` on loopback: records pushed, rejected pushes detected.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/integration/infra_repo.h"
#include "tests/support/git_daemon.h"

namespace faber::testing {
namespace {

class RemoteTest : public ::testing::Test {
 protected:
  RemoteTest() : repo_(scratch_.path()) {
    std::filesystem::create_directories(srv_);
    repo_.tree().Git({"clone", "-q", "--bare", repo_.tree().dir().string(), (srv_ / "infra.git").string()});
  }

  common::ProcessResult Reconcile() {
    return RunFaber({"reconcile", "--repo", daemon_.Url("infra.git"), "--once", "--env", "test", "--data-dir",
                     (scratch_.path() / "data").string()},
                    repo_.Env());
  }
  // Runs git against the served bare repository.
  std::string ServedGit(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"--git-dir", (srv_ / "infra.git").string()};
    full.insert(full.end(), args.begin(), args.end());
    return repo_.tree().Git(full);
  }
  int ServedRecordsCommits() {
    std::vector<std::string> args = {"--git-dir", (srv_ / "infra.git").string(), "rev-list", "--count", "faber/records"};
    auto r = repo_.tree().TryGit(args);
    return r.exit_code == 0 ? std::stoi(r.stdout_text) : 0;
  }
  // Installs a pre-receive hook that rejects the first `rejections` pushes.
  void InstallHook(int rejections) {
    auto hook = srv_ / "infra.git/hooks/pre-receive";
    std::filesystem::create_directories(hook.parent_path());
    auto counter = scratch_.path() / "hook-count";
    std::ofstream(hook) << "#!/bin/sh\nn=$(cat " << counter << " 2>/dev/null || echo 0)\necho $((n+1)) > " << counter
                        << "\nif [ \"$n\" -lt " << rejections
                        << " ]; then echo 'records are frozen during the audit window' >&2; exit 1; fi\n";
    std::filesystem::permissions(hook, std::filesystem::perms::owner_all);
  }

  ScratchDir scratch_;
  InfraRepo repo_;
  std::filesystem::path srv_ = scratch_.path() / "srv";
  GitDaemon daemon_{srv_};
};

TEST_F(RemoteTest, RecordsArePushedToTheRemote) {
  ASSERT_TRUE(daemon_.ready());
  auto run = Reconcile();
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text << run.stdout_text;
  EXPECT_EQ(ServedRecordsCommits(), 1);
  std::string head = repo_.tree().Head("env/test");
  EXPECT_EQ(ServedGit({"log", "-1", "--format=%s", "faber/records"}), "faber(test): deploy " + head.substr(0, 7) + " succeeded\n");
  // The environment branches are untouched on the remote.
  EXPECT_EQ(ServedGit({"rev-parse", "env/test"}), head + "\n");

  // A merge pushed to the remote's env/test is fetched, deployed and recorded on top.
  std::string next = repo_.Change("env/test", "v1");
  repo_.tree().Git({"push", "-q", (srv_ / "infra.git").string(), "env/test"});
  run = Reconcile();
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(ServedRecordsCommits(), 2);
  EXPECT_NE(ServedGit({"show", "faber/records:deployments/test.json"}).find(next), std::string::npos);
}

TEST_F(RemoteTest, ARejectedPushIsDetectedRetriedAndReported) {
  ASSERT_TRUE(daemon_.ready());
  InstallHook(1);
  auto run = Reconcile();
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text << run.stdout_text;
  EXPECT_NE(run.stdout_text.find("push rejected: pre-receive hook declined"), std::string::npos) << run.stdout_text;
  EXPECT_NE(run.stdout_text.find("records are frozen during the audit window"), std::string::npos) << run.stdout_text;
  EXPECT_EQ(ServedRecordsCommits(), 1);
}

TEST_F(RemoteTest, APushThatKeepsFailingKeepsTheRecordAndPushesItLater) {
  ASSERT_TRUE(daemon_.ready());
  InstallHook(1000);
  auto run = Reconcile();
  EXPECT_EQ(run.exit_code, 1) << run.stderr_text;
  EXPECT_NE(run.stdout_text.find("records kept locally"), std::string::npos) << run.stdout_text;
  EXPECT_EQ(ServedRecordsCommits(), 0);

  // The hook goes away, and meanwhile someone else pushed a records commit first.
  std::filesystem::remove(srv_ / "infra.git/hooks/pre-receive");
  WorkTree other(scratch_.path() / "other");
  other.Write("notes/audit.md", "audit window closed\n");
  other.CommitAll("Close the audit window");
  other.Git({"push", "-q", (srv_ / "infra.git").string(), "HEAD:refs/heads/faber/records"});

  run = Reconcile();  // nothing new to deploy: the pending record is replayed and pushed
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text << run.stdout_text;
  EXPECT_EQ(ServedRecordsCommits(), 2);
  EXPECT_EQ(ServedGit({"show", "faber/records:notes/audit.md"}), "audit window closed\n");
  EXPECT_NE(ServedGit({"show", "faber/records:deployments/test.json"}).find("\"succeeded\""), std::string::npos);
}

}  // namespace
}  // namespace faber::testing
