// `faber serve` on a remote repository (clone mode), served by `git daemon` on loopback: a pull
// request's head, on no branch of the clone, is fetched for its preview; without a forge, the
// git notes faber writes are pushed to the remote where anyone can fetch them.

#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "common/files.h"
#include "tests/integration/infra_repo.h"
#include "tests/support/git_daemon.h"
#include "tests/webhooks/fake_forge_server.h"
#include "webhooks/signature.h"

namespace faber::testing {
namespace {

using namespace std::chrono_literals;

const std::string kSecret = "clone-webhook-secret-0123456789";

class CloneModeTest : public ::testing::Test {
 protected:
  CloneModeTest() : repo_(scratch_.path()) {
    std::filesystem::create_directories(srv_);
    repo_.tree().Git({"clone", "-q", "--bare", repo_.tree().dir().string(), (srv_ / "infra.git").string()});
  }

  // server.yaml for the served repository, with `forge` ("" for none).
  std::filesystem::path ServerConfig(const std::string& forge) {
    std::ofstream(scratch_.path() / "secret") << kSecret << "\n";
    std::ofstream(scratch_.path() / "token") << "ghp_cloneToken0123456789abcdefghijklmn\n";
    auto path = scratch_.path() / "server.yaml";
    std::ofstream out(path);
    out << "listen: 127.0.0.1:0\ndata_dir: " << (scratch_.path() / "data").string() << "\npoll_interval: 60s\n"
        << "repositories:\n  - url: " << daemon_.Url("infra.git") << "\n";
    if (!forge.empty()) {
      out << "    webhook_secret_file: " << (scratch_.path() / "secret").string() << "\n"
          << "    forge: {kind: github, repository: acme/infra, token_file: " << (scratch_.path() / "token").string()
          << ", api_url: \"" << forge << "\"}\n";
    }
    return path;
  }
  // Runs git against the served bare repository.
  common::ProcessResult ServedGit(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"--git-dir", (srv_ / "infra.git").string()};
    full.insert(full.end(), args.begin(), args.end());
    return repo_.tree().TryGit(full);
  }
  int ServedRecordsCommits() {
    auto r = ServedGit({"rev-list", "--count", "faber/records"});
    return r.exit_code == 0 ? std::stoi(r.stdout_text) : 0;
  }

  ScratchDir scratch_;
  InfraRepo repo_;
  std::filesystem::path srv_ = scratch_.path() / "srv";
  GitDaemon daemon_{srv_};
};

TEST_F(CloneModeTest, APullRequestHeadOnNoBranchIsFetchedForItsPreview) {
  ASSERT_TRUE(daemon_.ready());
  // The forge keeps pull request #7's head under refs/pull/7/head; no branch has it.
  WorkTree& tree = repo_.tree();
  tree.Checkout("env/test");
  tree.Checkout("feature", true);
  tree.Write("infra/main.txt", "from a fork\n");
  std::string head = tree.CommitAll("Change from a fork");
  tree.Git({"push", "-q", (srv_ / "infra.git").string(), "feature:refs/pull/7/head"});
  tree.Checkout("main");
  ASSERT_TRUE(ServedGit({"branch", "--contains", head}).stdout_text.empty());

  FakeForgeServer forge;
  FaberProcess faber({"serve", "--config", ServerConfig(forge.url()).string()}, repo_.Env());
  int port = ListeningPort(faber);
  ASSERT_GT(port, 0) << faber.Stderr();
  ASSERT_TRUE(WaitUntil([&] { return ServedRecordsCommits() == 2; }, 30s)) << faber.Stderr();

  auto text = common::ReadFile(std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/webhooks/github/pull_request.opened.payload.json");
  nlohmann::json doc = nlohmann::json::parse(*text);
  doc["number"] = 7;
  doc["pull_request"]["number"] = 7;
  doc["pull_request"]["base"]["ref"] = "env/test";
  doc["pull_request"]["head"]["sha"] = head;
  doc["pull_request"]["head"]["repo"]["full_name"] = "acme/infra";
  doc["repository"]["full_name"] = "acme/infra";
  std::string body = doc.dump();
  httplib::Client client("127.0.0.1", port);
  auto delivered = client.Post("/webhooks/github",
                               {{"X-GitHub-Event", "pull_request"},
                                {"X-GitHub-Delivery", "clone-1"},
                                {"X-Hub-Signature-256", "sha256=" + webhooks::HmacSha256Hex(kSecret, body)}},
                               body, "application/json");
  ASSERT_TRUE(delivered);
  ASSERT_EQ(delivered->status, 202) << delivered->body;
  auto comment = [&] {
    auto comments = forge.comments(7);
    return comments.empty() ? std::string() : comments.front().body;
  };
  ASSERT_TRUE(WaitUntil([&] { return comment().find("checks and plan of `" + head.substr(0, 7)) != std::string::npos; }, 30s))
      << faber.Stderr() << comment();
  EXPECT_NE(comment().find("passes the checks of test"), std::string::npos) << comment();
  EXPECT_EQ(comment().find("could not read the pull request's head"), std::string::npos) << comment();
  faber.Signal(SIGTERM);
  EXPECT_EQ(faber.Wait(20s), 0);
}

TEST_F(CloneModeTest, NotesArePushedOnTopOfTheRemotesNotes) {
  ASSERT_TRUE(daemon_.ready());
  // Someone already keeps notes of their own under refs/notes/faber on the remote.
  WorkTree& tree = repo_.tree();
  std::string main_head = tree.Head("main");
  tree.Git({"notes", "--ref=faber", "add", "-m", "reviewed by the platform team", main_head});
  tree.Git({"push", "-q", (srv_ / "infra.git").string(), "refs/notes/faber:refs/notes/faber"});

  FaberProcess faber({"serve", "--config", ServerConfig("").string()}, repo_.Env());
  ASSERT_GT(ListeningPort(faber), 0) << faber.Stderr();
  std::string test_head = tree.Head("env/test");
  std::string prod_head = tree.Head("env/prod");
  auto served_note = [&](const std::string& commit) {
    return ServedGit({"notes", "--ref=faber", "show", commit}).stdout_text;
  };
  ASSERT_TRUE(WaitUntil([&] {
    return served_note(test_head).find("faber(test): deploy") != std::string::npos &&
           served_note(prod_head).find("faber(prod): deploy") != std::string::npos;
  }, 30s)) << faber.Stderr();
  faber.Signal(SIGTERM);
  EXPECT_EQ(faber.Wait(20s), 0);

  // A fresh clone that fetches the notes shows faber's report next to the commit...
  auto fresh = scratch_.path() / "fresh";
  tree.Git({"clone", "-q", daemon_.Url("infra.git"), fresh.string()});
  WorkTree reader(fresh);
  reader.Git({"fetch", "-q", "origin", "refs/notes/*:refs/notes/*"});
  std::string log = reader.Git({"log", "--notes=faber", "-1", "origin/env/test"});
  EXPECT_NE(log.find("Notes (faber):"), std::string::npos) << log;
  EXPECT_NE(log.find("faber(test): deploy succeeded"), std::string::npos) << log;
  EXPECT_NE(log.find("### faber: test, deploy of `" + test_head.substr(0, 7) + "` succeeded"), std::string::npos) << log;
  // ...and the notes that were there before are kept.
  EXPECT_NE(reader.Git({"log", "--notes=faber", "-1", main_head}).find("reviewed by the platform team"), std::string::npos);
}

}  // namespace
}  // namespace faber::testing
