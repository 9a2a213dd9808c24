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
  doc["pull_request"]["head"]["repo"]["full_name"] = "acme/infra";  // a branch of the repository itself
  doc["pull_request"]["author_association"] = "MEMBER";
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

  // The commit statuses: the preview passed on the head, the deploy failed on the merge. The
  // status is posted after the comment, so it may arrive a moment after the comment was seen.
  bool head_success = false, merge_failure = false;
  WaitUntil(
      [&] {
        head_success = merge_failure = false;
        for (const auto& r : forge.requests()) {
          if (r.method != "POST" || r.path.find("/statuses/") == std::string::npos) continue;
          auto body = nlohmann::json::parse(r.body);
          EXPECT_EQ(r.headers.at("Authorization"), "Bearer " + kToken);
          if (r.path.ends_with(head) && body["state"] == "success") head_success = true;
          if (r.path.ends_with(merge) && body["state"] == "failure" && body["context"] == "faber/test") {
            merge_failure = true;
          }
        }
        return head_success && merge_failure;
      },
      30s);
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

// A terraform environment through the stand-in terraform: a plan that creates a database (its
// password sensitive) and destroys a bucket.
const char* kDbPassword = "pl4n-Pa55-0x51e7";

nlohmann::json TerraformPlan() {
  nlohmann::json plan = nlohmann::json::parse(R"({
    "format_version": "1.2", "terraform_version": "1.5.7",
    "planned_values": {"root_module": {"resources": [
      {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
       "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 2,
       "values": {"identifier": "main-db", "instance_class": "db.t3.micro", "password": "SECRET"},
       "sensitive_values": {"password": true}}]}},
    "resource_changes": [
      {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
       "change": {"actions": ["create"], "before": null,
                  "after": {"identifier": "main-db", "instance_class": "db.t3.micro", "password": "SECRET"},
                  "after_unknown": {"arn": true}, "before_sensitive": false, "after_sensitive": {"password": true}}},
      {"address": "aws_s3_bucket.old", "mode": "managed", "type": "aws_s3_bucket", "name": "old",
       "change": {"actions": ["delete"], "before": {"bucket": "old-logs"}, "after": null,
                  "after_unknown": {}, "before_sensitive": {}, "after_sensitive": false}}]
  })");
  plan["planned_values"]["root_module"]["resources"][0]["values"]["password"] = kDbPassword;
  plan["resource_changes"][0]["change"]["after"]["password"] = kDbPassword;
  return plan;
}

// A stranger's pull request changes the test command to leak the environment. Its preview runs
// faber's own checks only: nothing from the head executes, the deploy token never reaches it, the
// comment says what did not run, and the status does not say "merging it deploys". A member's
// `/faber plan` then runs the head's code (and so the changed command).
TEST(WebhookEndToEndTest, AStrangersPullRequestRunsNoCodeUntilAMemberAsksForThePlan) {
  ScratchDir scratch;
  InfraRepo repo(scratch.path());
  FakeForgeServer forge;
  FaberProcess faber({"serve", "--config", WriteServerConfig(scratch.path(), forge.url(), true).string()}, repo.Env());
  int port = ListeningPort(faber);
  ASSERT_GT(port, 0) << faber.Stderr();
  ASSERT_TRUE(WaitUntil([&] { return repo.RecordsCommits() == 2; }, 30s)) << faber.Stderr();

  const std::filesystem::path leak = scratch.path() / "leaked-environment";
  WorkTree& tree = repo.tree();
  tree.Checkout("env/test");
  tree.Checkout("stranger", true);
  tree.Write("infra/check.sh", "#!/bin/sh\nenv > " + leak.string() + "\ntest -f main.txt\n", true);
  std::string head = tree.CommitAll("Tidy the check");
  tree.Checkout("main");

  for (const char* variant : {"none", "fork"}) {
    nlohmann::json doc = PullRequestPayload("pull_request.opened.payload.json", 9, "env/test", head);
    if (std::string(variant) == "none") {
      doc["pull_request"]["author_association"] = "NONE";
    } else {
      doc["pull_request"]["head"]["repo"]["full_name"] = "mallory/infra";  // a member's fork is a fork too
    }
    auto opened = Deliver(port, "pull_request", doc.dump(), std::string("e2e-untrusted-") + variant);
    ASSERT_TRUE(opened);
    ASSERT_EQ(opened->status, 202) << opened->body;
    ASSERT_TRUE(WaitUntil([&] { return CommentOn(forge, 9).find("not trusted to run code") != std::string::npos; }, 30s))
        << variant << faber.Stderr() << CommentOn(forge, 9);
    EXPECT_FALSE(std::filesystem::exists(leak)) << variant << ": the head's test command ran";
  }
  std::string preview = CommentOn(forge, 9);
  std::cout << "---- the preview of a stranger's pull request ----\n" << preview << "---- end ----\n";
  EXPECT_NE(preview.find("passes faber's own checks of test"), std::string::npos) << preview;
  EXPECT_NE(preview.find("/faber plan"), std::string::npos) << preview;
  EXPECT_EQ(preview.find("merging it deploys"), std::string::npos) << preview;
  bool green = false;
  for (const auto& r : forge.requests()) {
    if (r.method == "POST" && r.path.ends_with("/statuses/" + head)) green |= nlohmann::json::parse(r.body)["state"] == "success";
  }
  EXPECT_FALSE(green) << "an untrusted head must not get a passing status";

  // A member vouches for it: the plan (and the head's test command with it) runs.
  nlohmann::json comment = nlohmann::json::parse(*common::ReadFile(
      std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/webhooks/github/issue_comment.created.payload.json"));
  comment["issue"]["number"] = 9;
  comment["issue"]["pull_request"] = {{"url", "https://api.github.com/repos/acme/infra/pulls/9"}};
  comment["comment"]["body"] = "/faber plan";
  comment["comment"]["user"]["login"] = "maintainer";
  comment["comment"]["author_association"] = "MEMBER";
  comment["repository"]["full_name"] = "acme/infra";
  forge.SetPullRequest(9, "env/test", head);
  auto asked = Deliver(port, "issue_comment", comment.dump(), "e2e-untrusted-plan");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 202) << asked->body;
  ASSERT_TRUE(WaitUntil([&] { return std::filesystem::exists(leak); }, 30s)) << faber.Stderr() << CommentOn(forge, 9);
  auto leaked = common::ReadFile(leak);
  ASSERT_TRUE(leaked.ok());
  EXPECT_EQ(leaked->find(kToken), std::string::npos) << "the forge token is faber's, never a command's";
}

TEST(WebhookEndToEndTest, ThePlanIsInThePreviewOfAPlanCommentAndInTheDeployComment) {
  ScratchDir scratch;
  auto fake = scratch.path() / "fake";
  std::filesystem::create_directories(fake);
  nlohmann::json plan = TerraformPlan();
  std::ofstream(fake / "plan.json") << plan.dump(2);
  nlohmann::json state = {{"format_version", "1.0"}, {"terraform_version", "1.5.7"},
                          {"values", {{"root_module", plan["planned_values"]["root_module"]}}}};
  std::ofstream(fake / "state.json") << state.dump(2);
  WorkTree tree(scratch.path() / "repo");
  tree.Write("faber.yaml",
             "version: 1\nenvironments:\n  - name: test\n    branch: env/test\n    directory: infra\n"
             "    engine: terraform\n    pass_env: [FAKE_TF_DIR]\n    terraform:\n      binary: " +
                 (std::filesystem::path(FABER_SOURCE_DIR) / "tests/support/fake_terraform/terraform").string() +
                 "\n      retry_interval: 10ms\n    tests: {block_on: [CRITICAL], warn_on: [HIGH, MEDIUM, LOW]}\n");
  tree.Write("infra/main.tf", "resource \"null_resource\" \"noop\" {}\n");
  tree.CommitAll("Infrastructure");
  tree.Git({"branch", "env/test"});
  auto records = [&] {
    auto r = tree.TryGit({"rev-list", "--count", "faber/records"});
    return r.exit_code == 0 ? std::stoi(r.stdout_text) : 0;
  };
  FakeForgeServer forge;
  FaberProcess faber({"serve", "--config", WriteServerConfig(scratch.path(), forge.url(), true).string()},
                     {{"FAKE_TF_DIR", fake.string()}});
  int port = ListeningPort(faber);
  ASSERT_GT(port, 0) << faber.Stderr();
  ASSERT_TRUE(WaitUntil([&] { return records() == 1; }, 30s)) << faber.Stderr();

  // Pull request #9 was opened while faber was down: faber never saw it. Someone comments
  // `/faber plan`; GitHub's comment names neither its target branch nor its head.
  tree.Checkout("env/test");
  tree.Checkout("feature", true);
  tree.Write("infra/README.md", "The database comes next.\n");  // the stand-in terraform plans the same
  std::string head = tree.CommitAll("Add the database");
  tree.Checkout("main");
  forge.SetPullRequest(9, "env/test", head);
  auto text = common::ReadFile(std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/webhooks/github/issue_comment.created.payload.json");
  nlohmann::json comment = nlohmann::json::parse(*text);
  comment["repository"]["full_name"] = "acme/infra";
  comment["issue"]["number"] = 9;
  comment["issue"]["pull_request"] = {{"url", "https://api.github.com/repos/acme/infra/pulls/9"}};
  comment["comment"]["body"] = "/faber plan";
  auto asked = Deliver(port, "issue_comment", comment.dump(), "e2e-plan-1");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 202) << asked->body;
  ASSERT_TRUE(WaitUntil([&] { return CommentOn(forge, 9).find("checks and plan of `" + head.substr(0, 7)) != std::string::npos; }, 30s))
      << faber.Stderr() << CommentOn(forge, 9);
  bool asked_forge = false;
  for (const auto& r : forge.requests()) asked_forge = asked_forge || (r.method == "GET" && r.path == "/repos/acme/infra/pulls/9");
  EXPECT_TRUE(asked_forge);
  std::string preview = CommentOn(forge, 9);
  std::cout << "---- the preview on pull request #9 ----\n" << preview << "---- end ----\n";
  EXPECT_NE(preview.find("### Plan for test: 1 to add, 0 to change, 1 to destroy"), std::string::npos) << preview;
  EXPECT_NE(preview.find("**1 resource(s) will be destroyed**"), std::string::npos) << preview;
  EXPECT_NE(preview.find("#### Create (1)\n\n- `aws_db_instance.main`"), std::string::npos) << preview;
  EXPECT_NE(preview.find("<details><summary>plan output"), std::string::npos) << preview;  // the raw plan, collapsed
  EXPECT_EQ(preview.find(kDbPassword), std::string::npos);

  // The merge deploys; the deploy comment shows the plan that was applied.
  tree.Checkout("env/test");
  tree.Git({"merge", "--no-ff", "feature", "-m", "Merge pull request #9 from acme/feature"});
  std::string merge = tree.Head("env/test");
  tree.Checkout("main");
  nlohmann::json merged = PullRequestPayload("pull_request.closed.payload.json", 9, "env/test", head);
  merged["pull_request"]["merged"] = true;
  merged["pull_request"]["merge_commit_sha"] = merge;
  auto closed = Deliver(port, "pull_request", merged.dump(), "e2e-plan-2");
  ASSERT_TRUE(closed);
  ASSERT_EQ(closed->status, 202) << closed->body;
  ASSERT_TRUE(WaitUntil([&] { return CommentOn(forge, 9).find("deploy of `" + merge.substr(0, 7)) != std::string::npos; }, 30s))
      << faber.Stderr() << CommentOn(forge, 9);
  std::string deployed = CommentOn(forge, 9);
  std::cout << "---- the deploy comment on pull request #9 ----\n" << deployed << "---- end ----\n";
  EXPECT_NE(deployed.find("### Plan applied to test: 1 to add, 0 to change, 1 to destroy"), std::string::npos) << deployed;
  EXPECT_NE(deployed.find("`aws_s3_bucket.old`"), std::string::npos) << deployed;
  EXPECT_EQ(deployed.find(kDbPassword), std::string::npos);
  faber.Signal(SIGTERM);
  EXPECT_EQ(faber.Wait(20s), 0);
  EXPECT_EQ(faber.Stderr().find(kDbPassword), std::string::npos);
}

// A deploy fails on a state lock a dead run left; an owner comments `/faber apply-fix` with the
// proposed solution; faber unlocks exactly that lock, deploys, and the comment and the issue log
// say the fix worked.
TEST(WebhookEndToEndTest, ApplyFixFromACommentCarriesOutTheProposedUnlockAndRecordsIt) {
  ScratchDir scratch;
  auto fake = scratch.path() / "fake";
  std::filesystem::create_directories(fake);
  std::ofstream(fake / "plan.json") << TerraformPlan().dump(2);
  // The lock holds for the first deploy and for the first plan of the fix.
  std::ofstream(fake / "fail-plan") << "2\n" << CorpusErrorMessage("ConditionalCheckFailedException", "Lock Info") << "\n";
  WorkTree tree(scratch.path() / "repo");
  tree.Write("faber.yaml",
             "version: 1\nenvironments:\n  - name: test\n    branch: env/test\n    directory: infra\n"
             "    engine: terraform\n    pass_env: [FAKE_TF_DIR]\n    terraform:\n      binary: " +
                 (std::filesystem::path(FABER_SOURCE_DIR) / "tests/support/fake_terraform/terraform").string() +
                 "\n    tests: {block_on: [CRITICAL], skip: [resource-existence, configuration]}\n");
  tree.Write("infra/main.tf", "resource \"null_resource\" \"noop\" {}\n");
  tree.CommitAll("Infrastructure");
  tree.Git({"branch", "env/test"});
  std::string head = tree.Head("env/test");
  FakeForgeServer forge;
  FaberProcess faber({"serve", "--config", WriteServerConfig(scratch.path(), forge.url(), true).string()},
                     {{"FAKE_TF_DIR", fake.string()}});
  int port = ListeningPort(faber);
  ASSERT_GT(port, 0) << faber.Stderr();
  auto deployment = [&] {
    auto r = tree.TryGit({"show", "faber/records:deployments/test.json"});
    return r.exit_code == 0 ? nlohmann::json::parse(r.stdout_text) : nlohmann::json::object();
  };
  ASSERT_TRUE(WaitUntil([&] { return deployment().value("status", "") == "failed"; }, 30s)) << faber.Stderr();
  std::string issue = deployment()["last_run"]["debug"]["issue_id"];

  forge.SetPullRequest(11, "env/test", head);
  auto text = common::ReadFile(std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/webhooks/github/issue_comment.created.payload.json");
  nlohmann::json comment = nlohmann::json::parse(*text);
  comment["repository"]["full_name"] = "acme/infra";
  comment["issue"]["number"] = 11;
  comment["issue"]["pull_request"] = {{"url", "https://api.github.com/repos/acme/infra/pulls/11"}};
  comment["comment"]["body"] = "/faber apply-fix unlock-stale-lock";
  auto asked = Deliver(port, "issue_comment", comment.dump(), "e2e-fix-1");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 202) << asked->body;
  ASSERT_TRUE(WaitUntil([&] { return deployment().value("status", "") == "succeeded"; }, 30s)) << faber.Stderr();
  ASSERT_TRUE(WaitUntil([&] { return forge.comments(11).size() == 2; }, 20s)) << faber.Stderr();

  std::string answer = forge.comments(11)[0].body;
  EXPECT_NE(answer.find("Applying `unlock-stale-lock`"), std::string::npos) << answer;
  EXPECT_NE(answer.find("as @Codertocat asked"), std::string::npos) << answer;
  std::string deployed = forge.comments(11)[1].body;
  std::cout << "---- the deploy comment on pull request #11 ----\n" << deployed << "---- end ----\n";
  EXPECT_NE(deployed.find("Deployed `" + head.substr(0, 7) + "` to test"), std::string::npos) << deployed;
  EXPECT_NE(deployed.find("`/faber apply-fix unlock-stale-lock` from @Codertocat for issue `" + issue + "`: **worked**"),
            std::string::npos)
      << deployed;
  nlohmann::json entry = nlohmann::json::parse(tree.Git({"show", "faber/records:issues/" + issue + ".json"}));
  bool recorded = false;
  for (const auto& s : entry["solutions"]) {
    recorded |= s["solution_id"] == "unlock-stale-lock" && s["success_rate"]["successes"] == 1;
  }
  EXPECT_TRUE(recorded) << entry.dump(2);
  faber.Signal(SIGTERM);
  EXPECT_EQ(faber.Wait(20s), 0);
}

// A delivery captured and sent again after faber restarted is still a replay.
TEST(WebhookEndToEndTest, AReplayedDeliveryIsRefusedAfterARestart) {
  ScratchDir scratch;
  InfraRepo repo(scratch.path());
  FakeForgeServer forge;
  auto config = WriteServerConfig(scratch.path(), forge.url(), true);
  std::string push = PullRequestPayload("pull_request.opened.payload.json", 3, "env/test", repo.tree().Head("env/test")).dump();
  {
    FaberProcess faber({"serve", "--config", config.string()}, repo.Env());
    int port = ListeningPort(faber);
    ASSERT_GT(port, 0) << faber.Stderr();
    auto first = Deliver(port, "pull_request", push, "captured-1");
    ASSERT_TRUE(first);
    EXPECT_EQ(first->status, 202) << first->body;
    faber.Signal(SIGTERM);
    EXPECT_EQ(faber.Wait(20s), 0);
  }
  FaberProcess restarted({"serve", "--config", config.string()}, repo.Env());
  int port = ListeningPort(restarted);
  ASSERT_GT(port, 0) << restarted.Stderr();
  auto replay = Deliver(port, "pull_request", push, "captured-1");
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->status, 200);
  EXPECT_NE(replay->body.find("already received"), std::string::npos) << replay->body;
  auto fresh = Deliver(port, "pull_request", push, "captured-2");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->status, 202) << fresh->body;
  restarted.Signal(SIGTERM);
  EXPECT_EQ(restarted.Wait(20s), 0);
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

namespace faber::testing {
namespace {

// Two `faber serve` on one port would share its webhooks at random (SO_REUSEPORT): the second
// must refuse to start, naming the address.
TEST(WebhookEndToEndTest, ASecondServeOnTheSamePortRefusesToStart) {
  ScratchDir scratch;
  InfraRepo repo(scratch.path());
  FakeForgeServer forge;
  FaberProcess first({"serve", "--config", WriteServerConfig(scratch.path(), forge.url(), true).string()}, repo.Env());
  int port = ListeningPort(first);
  ASSERT_GT(port, 0) << first.Stderr();
  std::filesystem::create_directories(scratch.path() / "second");
  std::string config = *common::ReadFile(WriteServerConfig(scratch.path(), forge.url(), true));
  config.replace(config.find("listen: 127.0.0.1:0"), std::string("listen: 127.0.0.1:0").size(),
                 "listen: 127.0.0.1:" + std::to_string(port));
  config.replace(config.find("data_dir: "), std::string("data_dir: ").size(),
                 "data_dir: " + (scratch.path() / "second").string() + "/");
  std::ofstream(scratch.path() / "second.yaml") << config;
  FaberProcess second({"serve", "--config", (scratch.path() / "second.yaml").string()}, repo.Env());
  auto exit_code = second.Wait(20s);
  ASSERT_TRUE(exit_code.has_value()) << "the second serve is still running: " << second.Stderr();
  EXPECT_NE(*exit_code, 0);
  EXPECT_NE(second.Stderr().find("127.0.0.1:" + std::to_string(port)), std::string::npos) << second.Stderr();
}

}  // namespace
}  // namespace faber::testing
