// `faber serve` end to end with a forge: a pull request into env/test is previewed and commented
// on, its merge deploys, the deploy fails, and the same comment ends up telling a person what
// failed, the categorized error and the ranked fix. The forge is a real local HTTP server playing
// GitHub's API; webhooks are GitHub's real payloads, signed.

#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "common/files.h"
#include "tests/integration/infra_repo.h"
#include "tests/webhooks/fake_forge_server.h"
#include "webhooks/signature.h"

namespace faber::testing {
namespace {

using namespace std::chrono_literals;

const std::string kSecret = "e2e-webhook-secret-0123456789";
const std::string kToken = "ghp_e2eToken0123456789abcdefghijklmnop";

std::filesystem::path WriteServerConfig(const std::filesystem::path& dir, const std::string& api_url, bool with_secret) {
  std::ofstream(dir / "secret") << kSecret << "\n";
  std::ofstream(dir / "token") << kToken << "\n";
  auto path = dir / "server.yaml";
  std::ofstream out(path);
  out << "listen: 127.0.0.1:0\n"
      << "data_dir: " << (dir / "data").string() << "\n"
      << "poll_interval: 60s\n"
      << "repositories:\n  - url: " << (dir / "repo").string() << "\n";
  if (with_secret) out << "    webhook_secret_file: " << (dir / "secret").string() << "\n";
  out << "    forge: {kind: github, repository: acme/infra, token_file: " << (dir / "token").string()
      << ", api_url: \"" << api_url << "\", bot_user: faber-bot}\n";
  return path;
}

nlohmann::json PullRequestPayload(const std::string& name, int number, const std::string& base, const std::string& head) {
  auto text = common::ReadFile(std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/webhooks/github" / name);
  nlohmann::json doc = nlohmann::json::parse(*text);
  doc["number"] = number;
  doc["pull_request"]["number"] = number;
  doc["pull_request"]["base"]["ref"] = base;
  doc["pull_request"]["head"]["sha"] = head;
  doc["repository"]["full_name"] = "acme/infra";
  return doc;
}

httplib::Result Deliver(int port, const std::string& event, const std::string& body, const std::string& delivery) {
  httplib::Client client("127.0.0.1", port);
  return client.Post("/webhooks/github",
                     {{"X-GitHub-Event", event},
                      {"X-GitHub-Delivery", delivery},
                      {"X-Hub-Signature-256", "sha256=" + webhooks::HmacSha256Hex(kSecret, body)}},
                     body, "application/json");
}

std::string CommentOn(FakeForgeServer& forge, int number) {
  auto comments = forge.comments(number);
  return comments.empty() ? "" : comments.front().body;
}

TEST(WebhookEndToEndTest, PullRequestPreviewThenMergeEndsWithTheFailureCommentAPersonReads) {
  ScratchDir scratch;
  InfraRepo repo(scratch.path());
  FakeForgeServer forge;
  FaberProcess faber({"serve", "--config", WriteServerConfig(scratch.path(), forge.url(), true).string()}, repo.Env());
  int port = ListeningPort(faber);
  ASSERT_GT(port, 0) << faber.Stderr();
  ASSERT_TRUE(WaitUntil([&] { return repo.RecordsCommits() == 2; }, 30s)) << faber.Stderr();

  // A pull request into env/test whose deploy will fail for want of a permission.
  WorkTree& tree = repo.tree();
  tree.Checkout("env/test");
  tree.Checkout("feature", true);
  tree.Write("infra/apply.sh",
             "#!/bin/sh\necho 'aws_instance.web: Creating...'\n"
             "echo 'Error: creating EC2 Instance: UnauthorizedOperation: You are not authorized to perform this "
             "operation. User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: "
             "ec2:RunInstances on resource: arn:aws:ec2:us-east-1:123456789012:instance/*' >&2\nexit 1\n",
             true);
  tree.Write("infra/main.txt", "v1\n");
  std::string head = tree.CommitAll("Add a web server");
  tree.Checkout("main");

  auto opened = Deliver(port, "pull_request", PullRequestPayload("pull_request.opened.payload.json", 5, "env/test", head).dump(), "e2e-1");
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 202) << opened->body;
  ASSERT_TRUE(WaitUntil([&] { return CommentOn(forge, 5).find("passes the checks of test") != std::string::npos; }, 30s))
      << faber.Stderr() << CommentOn(forge, 5);
  std::string preview = CommentOn(forge, 5);
  EXPECT_NE(preview.find("checks and plan of `" + head.substr(0, 7) + "`"), std::string::npos) << preview;

  // The merge: a merge commit on env/test, then GitHub's "closed" event with merged: true.
  tree.Checkout("env/test");
  tree.Git({"merge", "--no-ff", "feature", "-m", "Merge pull request #5 from acme/feature"});
  std::string merge = tree.Head("env/test");
  tree.Checkout("main");
  nlohmann::json merged = PullRequestPayload("pull_request.closed.payload.json", 5, "env/test", head);
  merged["pull_request"]["merged"] = true;
  merged["pull_request"]["merge_commit_sha"] = merge;
  auto closed = Deliver(port, "pull_request", merged.dump(), "e2e-2");
  ASSERT_TRUE(closed);
  ASSERT_EQ(closed->status, 202) << closed->body;
  ASSERT_TRUE(WaitUntil([&] { return CommentOn(forge, 5).find("deploy of `" + merge.substr(0, 7)) != std::string::npos; }, 30s))
      << faber.Stderr() << CommentOn(forge, 5);

  // One comment for the pull request and environment, updated in place: what a person reads.
  auto comments = forge.comments(5);
  ASSERT_EQ(comments.size(), 1u);
  std::string comment = comments[0].body;
  std::cout << "---- the comment on pull request #5 ----\n" << comment << "---- end ----\n";
  EXPECT_NE(comment.find("failed"), std::string::npos);
  EXPECT_NE(comment.find("UnauthorizedOperation"), std::string::npos);           // the failure
  EXPECT_NE(comment.find("a **permission** error, issue `"), std::string::npos);  // the categorized error
  size_t failure = comment.find("UnauthorizedOperation");
  size_t proposal = comment.find("What faber proposes");
  ASSERT_NE(proposal, std::string::npos);                                        // the ranked proposal
  EXPECT_LT(failure, proposal);
  EXPECT_EQ(comment.find(kToken), std::string::npos);
  EXPECT_EQ(comment.find(kSecret), std::string::npos);

  // The commit statuses: the preview passed on the head, the deploy failed on the merge.
  bool head_success = false, merge_failure = false;
  for (const auto& r : forge.requests()) {
    if (r.method != "POST" || r.path.find("/statuses/") == std::string::npos) continue;
    auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(r.headers.at("Authorization"), "Bearer " + kToken);
    if (r.path.ends_with(head) && body["state"] == "success") head_success = true;
    if (r.path.ends_with(merge) && body["state"] == "failure" && body["context"] == "faber/test") merge_failure = true;
  }
  EXPECT_TRUE(head_success);
  EXPECT_TRUE(merge_failure);

  // A person teaches faber the fix by replying; faber answers and the issue log has it.
  std::smatch issue;
  ASSERT_TRUE(std::regex_search(comment, issue, std::regex("issue `(ISS-[0-9a-f]+)`")));
  auto text = common::ReadFile(std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/webhooks/github/issue_comment.created.payload.json");
  nlohmann::json reply = nlohmann::json::parse(*text);
  reply["repository"]["full_name"] = "acme/infra";
  reply["issue"]["number"] = 5;
  reply["issue"]["pull_request"] = {{"url", "https://api.github.com/repos/acme/infra/pulls/5"}};
  reply["comment"]["body"] = "/faber resolved " + issue[1].str() + " Added ec2:RunInstances to the deployer policy";
  auto resolved = Deliver(port, "issue_comment", reply.dump(), "e2e-4");
  ASSERT_TRUE(resolved);
  ASSERT_EQ(resolved->status, 202) << resolved->body;
  ASSERT_TRUE(WaitUntil([&] { return forge.comments(5).size() == 2; }, 20s)) << faber.Stderr();
  EXPECT_NE(forge.comments(5)[1].body.find("Recorded for issue `" + issue[1].str() + "`"), std::string::npos)
      << forge.comments(5)[1].body;
  std::string entry = tree.Git({"show", "faber/records:issues/" + issue[1].str() + ".json"});
  EXPECT_NE(entry.find("Added ec2:RunInstances to the deployer policy"), std::string::npos) << entry;

  // Through the real server, a forged delivery is refused and the token never reaches the log.
  httplib::Client client("127.0.0.1", port);
  auto forged = client.Post("/webhooks/github", {{"X-GitHub-Event", "push"}, {"X-GitHub-Delivery", "e2e-3"}}, "{}", "application/json");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
  faber.Signal(SIGTERM);
  EXPECT_EQ(faber.Wait(20s), 0);
  EXPECT_EQ(faber.Stderr().find(kToken), std::string::npos);
}

TEST(WebhookEndToEndTest, ServeRefusesToStartWithoutAWebhookSecret) {
  ScratchDir scratch;
  InfraRepo repo(scratch.path());
  auto result = RunFaber({"serve", "--config", WriteServerConfig(scratch.path(), "http://127.0.0.1:9", false).string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.stderr_text.find("no webhook secret"), std::string::npos) << result.stderr_text;
}

}  // namespace
}  // namespace faber::testing
