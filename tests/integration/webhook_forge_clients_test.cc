// The forge clients against a real local HTTP server playing GitHub, GitLab and Gitea: paths,
// headers and bodies, one comment per pull request and environment updated in place, splitting
// at the forge's limit, redaction, and retries on 502 and 429.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/webhooks/forge_api_fixture.h"
#include "webhooks/comment_renderer.h"

namespace faber::webhooks {
namespace {

using namespace std::chrono_literals;

const std::string kToken = "ghp_faketoken0123456789abcdefghijklmnopqr";
const std::string kSha = "9a8b7c6d5e4f30211234567890abcdef12345678";

RunReport FailedDeploy(int pull_request) {
  RunReport r;
  r.environment = "test";
  r.commit = kSha;
  r.pull_request = pull_request;
  r.kind = manifests::RunKind::kDeploy;
  r.status = webhooks::ReportStatus::kFailed;
  r.headline = "The deploy failed: permission error (iss-4f2a).";
  r.sections = {{"validate", webhooks::SectionStatus::kPassed, "", "Success! The configuration is valid.\n"},
                {"pre-deployment tests", webhooks::SectionStatus::kPassed, "12 checks", ""},
                {"deploy", webhooks::SectionStatus::kFailed, "exit code 1",
                 "aws_s3_bucket.site: Creating...\nError: creating S3 Bucket: AccessDenied: Access Denied\n"
                 "  with AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"},
                {"post-deployment tests", webhooks::SectionStatus::kNotRun, "", ""}};
  r.proposal_markdown = "1. **Grant s3:CreateBucket to the deploy role** (high confidence, worked 3 of 3 times)";
  return r;
}

struct Forge {
  const char* name;
  std::unique_ptr<ForgeApi> (*make)(const std::string&, const std::string&, const std::string&, common::HttpClient&,
                                   common::Clock&, RetryPolicy);
};

class ForgeClientsTest : public ForgeApiFixture {
 protected:
  ForgeClientsTest() { redactor_.AddSecretValue(kToken); }
};

TEST_F(ForgeClientsTest, GithubCommentAndStatusPathsHeadersAndBodies) {
  auto notifier = Notifier(MakeGithubApi(server_.url(), "acme/infra", kToken, http_, clock_, {}));
  ASSERT_TRUE(notifier->Publish(FailedDeploy(7)).ok());
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path, "/repos/acme/infra/issues/7/comments?page=1&per_page=100");
  EXPECT_EQ(requests[1].method, "POST");
  EXPECT_EQ(requests[1].path, "/repos/acme/infra/issues/7/comments");
  EXPECT_EQ(requests[1].headers["Authorization"], "Bearer " + kToken);
  EXPECT_EQ(requests[1].headers["Content-Type"], "application/json");
  EXPECT_EQ(requests[2].path, "/repos/acme/infra/statuses/" + kSha);
  auto status = nlohmann::json::parse(requests[2].body);
  EXPECT_EQ(status["state"], "failure");
  EXPECT_EQ(status["context"], "faber/test");

  auto comments = server_.comments(7);
  ASSERT_EQ(comments.size(), 1u);
  const std::string& body = comments[0].body;
  EXPECT_EQ(body.rfind(CommentMarker("test", 7, 1), 0), 0u) << body;
  // Failure, then the proposal, then what passed.
  size_t failure = body.find("AccessDenied");
  size_t proposal = body.find("Grant s3:CreateBucket");
  size_t passed = body.find("The configuration is valid");
  ASSERT_NE(failure, std::string::npos);
  ASSERT_NE(proposal, std::string::npos);
  ASSERT_NE(passed, std::string::npos);
  EXPECT_LT(failure, proposal);
  EXPECT_LT(proposal, passed);
  EXPECT_EQ(body.find("wJalrXUtnFEMI"), std::string::npos) << "a secret reached the comment";
  EXPECT_NE(body.find(common::Redactor::kMask), std::string::npos);
}

TEST_F(ForgeClientsTest, ADriftVerdictIsItsOwnStatusAndLeavesNoComment) {
  auto notifier = Notifier(MakeGithubApi(server_.url(), "acme/infra", kToken, http_, clock_, {}));
  for (ReportStatus verdict : {ReportStatus::kDrifted, ReportStatus::kInSync}) {
    RunReport drift;
    drift.environment = "test";
    drift.commit = kSha;
    drift.kind = manifests::RunKind::kDrift;
    drift.status = verdict;
    drift.headline = "`0123456` in test drifted: 1 resource(s) changed outside faber.";
    ASSERT_TRUE(notifier->Publish(drift).ok());
  }
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);  // no comment: a scheduled check has no pull request
  auto drifted = nlohmann::json::parse(requests[0].body);
  EXPECT_EQ(requests[0].path, "/repos/acme/infra/statuses/" + kSha);
  EXPECT_EQ(drifted["context"], "faber/drift/test");  // the deploy's faber/test verdict stays
  EXPECT_EQ(drifted["state"], "failure");
  EXPECT_EQ(nlohmann::json::parse(requests[1].body)["state"], "success");
}

TEST_F(ForgeClientsTest, OneCommentPerPullRequestAndEnvironmentUpdatedInPlace) {
  auto notifier = Notifier(MakeGithubApi(server_.url(), "acme/infra", kToken, http_, clock_, {}));
  ASSERT_TRUE(notifier->Publish(FailedDeploy(7)).ok());
  RunReport fixed = FailedDeploy(7);
  fixed.status = webhooks::ReportStatus::kSucceeded;
  fixed.headline = "Deployed.";
  fixed.sections[2] = {"deploy", webhooks::SectionStatus::kPassed, "", "Apply complete! Resources: 1 added, 0 changed, 0 destroyed.\n"};
  fixed.proposal_markdown.clear();
  ASSERT_TRUE(notifier->Publish(fixed).ok());
  RunReport prod = fixed;
  prod.environment = "prod";
  ASSERT_TRUE(notifier->Publish(prod).ok());

  auto comments = server_.comments(7);
  ASSERT_EQ(comments.size(), 2u);  // test's comment edited, prod's added
  EXPECT_NE(comments[0].body.find("Apply complete!"), std::string::npos);
  EXPECT_EQ(comments[0].body.find("AccessDenied"), std::string::npos);
  EXPECT_EQ(comments[1].body.rfind(CommentMarker("prod", 7, 1), 0), 0u);
  int patches = 0;
  for (const auto& r : server_.requests()) {
    if (r.method == "PATCH") {
      ++patches;
      EXPECT_EQ(r.path, "/repos/acme/infra/issues/comments/" + std::to_string(comments[0].id));
    }
  }
  EXPECT_EQ(patches, 1);

  // Publishing the same report again sends no edit at all.
  size_t before = server_.requests().size();
  ASSERT_TRUE(notifier->Publish(prod).ok());
  for (size_t i = before; i < server_.requests().size(); ++i) EXPECT_NE(server_.requests()[i].method, "PATCH");
}

TEST_F(ForgeClientsTest, LongOutputIsSplitAtTheLimitWithoutBreakingCodeFences) {
  auto notifier = Notifier(MakeGithubApi(server_.url(), "acme/infra", kToken, http_, clock_, {}));
  RunReport r = FailedDeploy(9);
  std::string output;
  for (int i = 0; output.size() < 200000; ++i) output += "line " + std::to_string(i) + ": module.vpc.aws_subnet.private[" + std::to_string(i) + "] error\n";
  r.sections[2].output = output;
  ASSERT_TRUE(notifier->Publish(r).ok());
  auto comments = server_.comments(9);
  ASSERT_GE(comments.size(), 4u);
  std::string joined;
  for (size_t i = 0; i < comments.size(); ++i) {
    const std::string& body = comments[i].body;
    EXPECT_LE(body.size(), 65536u);
    EXPECT_EQ(body.rfind(CommentMarker("test", 9, static_cast<int>(i + 1)), 0), 0u);
    // Every part renders alone: its fences pair up.
    size_t fences = 0;
    for (size_t pos = body.find("\n```"); pos != std::string::npos; pos = body.find("\n```", pos + 1)) ++fences;
    EXPECT_EQ(fences % 2, 0u) << "part " << i + 1;
    joined += body;
  }
  // Nothing of the output is lost, and the first lines come first.
  EXPECT_NE(joined.find("line 0: "), std::string::npos);
  std::string last_line = output.substr(output.rfind("line ", output.size() - 2));
  EXPECT_NE(joined.find(last_line), std::string::npos);
  EXPECT_NE(comments[0].body.find("line 0: "), std::string::npos);
  EXPECT_EQ(comments[0].body.find("The configuration is valid"), std::string::npos);  // passing output last
  EXPECT_NE(comments.back().body.find("The configuration is valid"), std::string::npos);

  // A shorter run afterwards keeps part 1 in place and empties the parts left over.
  ASSERT_TRUE(notifier->Publish(FailedDeploy(9)).ok());
  auto after = server_.comments(9);
  ASSERT_EQ(after.size(), comments.size());
  EXPECT_NE(after[0].body.find("AccessDenied"), std::string::npos);
  for (size_t i = 1; i < after.size(); ++i) EXPECT_NE(after[i].body.find("no longer needed"), std::string::npos);
}

TEST_F(ForgeClientsTest, RetriesOn502And429HonouringRetryAfter) {
  auto notifier = Notifier(MakeGithubApi(server_.url(), "acme/infra", kToken, http_, clock_, {4, 500ms, 30s}));
  server_.FailNext({{502, ""}, {429, "7"}});
  ASSERT_TRUE(notifier->Publish(FailedDeploy(3)).ok());
  auto sleeps = clock_.sleeps();
  ASSERT_EQ(sleeps.size(), 2u);
  EXPECT_EQ(sleeps[0], 500ms);  // backoff after the 502
  EXPECT_EQ(sleeps[1], 7s);     // what Retry-After asked for
  EXPECT_EQ(server_.comments(3).size(), 1u);

  server_.FailNext({{503, ""}, {503, ""}, {503, ""}, {503, ""}});
  auto status = notifier->Reply(3, "hello");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), common::ErrorKind::kTransient);
  EXPECT_NE(status.message().find("gave up after 4 attempts"), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find(kToken), std::string::npos);

  server_.FailNext({{401, ""}});
  auto denied = notifier->Reply(3, "hello");
  EXPECT_EQ(denied.kind(), common::ErrorKind::kInvalidInput);  // not retried
  EXPECT_NE(denied.message().find("HTTP 401"), std::string::npos);
}

TEST_F(ForgeClientsTest, ARateLimited403IsWaitedOutAndTheCommentPostedOnce) {
  auto notifier = Notifier(MakeGithubApi(server_.url(), "acme/infra", kToken, http_, clock_, {}));
  auto reset = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count() + 6;
  server_.FailNext({{403, "", {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", std::to_string(reset)}}}});
  ASSERT_TRUE(notifier->Reply(3, "hello").ok());
  ASSERT_EQ(server_.comments(3).size(), 1u);
  EXPECT_NE(server_.comments(3)[0].body.find("hello"), std::string::npos);
  std::vector<common::Millis> waited = {6s};
  EXPECT_EQ(clock_.sleeps(), waited);
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);  // the refused POST and the one that went through
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[1].method, "POST");

  // A 403 that is no rate limit is a permission error: not retried, nothing posted.
  server_.FailNext({{403, ""}});
  auto denied = notifier->Reply(3, "again");
  EXPECT_EQ(denied.kind(), common::ErrorKind::kInvalidInput);
  EXPECT_EQ(server_.comments(3).size(), 1u);
  EXPECT_EQ(clock_.sleeps().size(), 1u);
}

// Anyone can write faber's marker; only the comment faber wrote itself is edited.
void ExpectStrangersMarkerLeftAlone(testing::FakeForgeServer& server, ForgeNotifier& notifier, int number) {
  const std::string forged = CommentMarker("test", number, 1) + "\nfaber says: all good, merge it";
  server.AddComment(number, "mallory", forged);
  ASSERT_TRUE(notifier.Publish(FailedDeploy(number)).ok());
  auto comments = server.comments(number);
  ASSERT_EQ(comments.size(), 2u);
  EXPECT_EQ(comments[0].body, forged);
  EXPECT_EQ(comments[1].author, "faber-bot");
  EXPECT_EQ(comments[1].body.rfind(CommentMarker("test", number, 1), 0), 0u);

  RunReport again = FailedDeploy(number);
  again.headline = "Failed again.";
  ASSERT_TRUE(notifier.Publish(again).ok());
  comments = server.comments(number);
  ASSERT_EQ(comments.size(), 2u);  // faber's own comment edited in place, the stranger's untouched
  EXPECT_EQ(comments[0].body, forged);
  EXPECT_NE(comments[1].body.find("Failed again."), std::string::npos);
}

TEST_F(ForgeClientsTest, GithubLeavesAStrangersCommentWithTheMarkerAlone) {
  auto notifier = Notifier(MakeGithubApi(server_.url(), "acme/infra", kToken, http_, clock_, {}));
  ExpectStrangersMarkerLeftAlone(server_, *notifier, 7);
  int asked = 0;
  for (const auto& r : server_.requests()) {
    asked += r.path == "/user";
    if (r.method == "PATCH") {
      EXPECT_EQ(r.path, "/repos/acme/infra/issues/comments/" + std::to_string(server_.comments(7)[1].id));
    }
  }
  EXPECT_EQ(asked, 1);  // learnt once, then remembered
}

TEST_F(ForgeClientsTest, GitlabLeavesAStrangersNoteWithTheMarkerAlone) {
  auto notifier =
      Notifier(MakeGitlabApi(server_.url() + "/api/v4", "group/infra", "glpat-token-abcdef", http_, clock_, {}));
  ExpectStrangersMarkerLeftAlone(server_, *notifier, 12);
}

TEST_F(ForgeClientsTest, AConfiguredBotLoginIsTrustedWithoutAskingTheForge) {
  ForgeNotifier notifier(MakeGiteaApi(server_.url() + "/api/v1", "acme/infra", "gitea-token-123456", http_, clock_, {}),
                         redactor_, "Faber-Bot");
  ExpectStrangersMarkerLeftAlone(server_, notifier, 4);
  for (const auto& r : server_.requests()) EXPECT_NE(r.path, "/api/v1/user");
}

TEST_F(ForgeClientsTest, GitlabNotesAndStatuses) {
  auto notifier = Notifier(MakeGitlabApi(server_.url() + "/api/v4", "group/sub/infra", "glpat-token-abcdef", http_, clock_, {}));
  ASSERT_TRUE(notifier->Publish(FailedDeploy(12)).ok());
  RunReport again = FailedDeploy(12);
  again.headline = "Failed again.";
  ASSERT_TRUE(notifier->Publish(again).ok());
  auto requests = server_.requests();
  ASSERT_GE(requests.size(), 5u);
  EXPECT_EQ(requests[0].path, "/api/v4/projects/group%2Fsub%2Finfra/merge_requests/12/notes?page=1&per_page=100&sort=asc");
  EXPECT_EQ(requests[1].path, "/api/v4/projects/group%2Fsub%2Finfra/merge_requests/12/notes");
  EXPECT_EQ(requests[1].headers["PRIVATE-TOKEN"], "glpat-token-abcdef");
  EXPECT_EQ(requests[2].path, "/api/v4/projects/group%2Fsub%2Finfra/statuses/" + kSha);
  auto status = nlohmann::json::parse(requests[2].body);
  EXPECT_EQ(status["state"], "failed");
  EXPECT_EQ(status["name"], "faber/test");
  // Before editing its earlier note, faber asks the forge who it is (once).
  EXPECT_EQ(requests[4].path, "/api/v4/user");
  EXPECT_EQ(requests[5].method, "PUT");
  auto comments = server_.comments(12);
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_EQ(requests[5].path,
            "/api/v4/projects/group%2Fsub%2Finfra/merge_requests/12/notes/" + std::to_string(comments[0].id));
  EXPECT_NE(comments[0].body.find("Failed again."), std::string::npos);
}

TEST_F(ForgeClientsTest, GiteaCommentsAndStatuses) {
  auto notifier = Notifier(MakeGiteaApi(server_.url() + "/api/v1", "acme/infra", "gitea-token-123456", http_, clock_, {}));
  RunReport ok = FailedDeploy(4);
  ok.status = webhooks::ReportStatus::kSucceeded;
  ASSERT_TRUE(notifier->Publish(ok).ok());
  ok.headline = "Deployed again.";
  ASSERT_TRUE(notifier->Publish(ok).ok());
  auto requests = server_.requests();
  EXPECT_EQ(requests[0].path, "/api/v1/repos/acme/infra/issues/4/comments?limit=50&page=1");
  EXPECT_EQ(requests[1].headers["Authorization"], "token gitea-token-123456");
  EXPECT_EQ(nlohmann::json::parse(requests[2].body)["state"], "success");
  EXPECT_EQ(requests[4].path, "/api/v1/user");
  EXPECT_EQ(requests[5].method, "PATCH");
  EXPECT_EQ(server_.comments(4).size(), 1u);
}

TEST(CommentSplitTest, FenceOpenAtACutIsClosedAndReopened) {
  std::string text = "intro\n````hcl\n";
  for (int i = 0; i < 400; ++i) text += "resource \"x\" \"r" + std::to_string(i) + "\" {}\n";
  text += "````\nafter\n";
  auto pieces = SplitMarkdown(text, 2000);
  ASSERT_GT(pieces.size(), 3u);
  for (size_t i = 0; i < pieces.size(); ++i) {
    EXPECT_LE(pieces[i].size(), 2000u - 150);
    if (i > 0) {
      EXPECT_NE(pieces[i].find("````hcl\n"), std::string::npos) << pieces[i];
    }
    if (i + 1 < pieces.size()) {
      EXPECT_EQ(pieces[i].substr(pieces[i].size() - 5), "````\n");
    }
  }
  EXPECT_NE(pieces.back().find("after"), std::string::npos);
}

TEST(CommentSplitTest, ALineLongerThanAPieceIsCutOnACharacterBoundary) {
  std::string line;
  while (line.size() < 10000) line += "é";  // two bytes each
  auto pieces = SplitMarkdown(line + "\n", 1000);
  std::string joined;
  for (const auto& p : pieces) {
    EXPECT_LE(p.size(), 1000u);
    // Each piece is valid UTF-8 at its cut: it never starts with a continuation byte.
    size_t start = p.rfind('\n', p.size() - 2);
    start = start == std::string::npos ? 0 : start + 1;
    EXPECT_NE(static_cast<unsigned char>(p[start]) & 0xC0, 0x80);
    joined += p;
  }
  size_t count = 0;
  for (size_t pos = joined.find("é"); pos != std::string::npos; pos = joined.find("é", pos + 1)) ++count;
  EXPECT_EQ(count, 5000u);
}

TEST(CommentRenderTest, OutputHoldingBackticksGetsALongerFence) {
  common::Redactor redactor;
  RunReport r = FailedDeploy(1);
  r.sections[2].output = "Error:\n```\nnot the end\n```\n";
  std::string body = RenderReport(r, redactor);
  EXPECT_NE(body.find("````text\nError:\n```\nnot the end\n```\n````\n"), std::string::npos) << body;
}

}  // namespace
}  // namespace faber::webhooks
