// Reading a pull request from each forge (its target branch and head), against a real local HTTP
// server playing GitHub, GitLab and Gitea: what comment deliveries leave out is asked for, with
// the same token header, retries and errors as every other forge call.

#include <gtest/gtest.h>

#include "controller/repository_source.h"
#include "tests/webhooks/forge_api_fixture.h"
#include "webhooks/git_notes_notifier.h"

namespace faber::webhooks {
namespace {

using namespace std::chrono_literals;

const std::string kToken = "ghp_prtoken0123456789abcdefghijklmnopqr";
const std::string kHead = "5c1e0f9a8b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e";

using PullRequestApiTest = ForgeApiFixture;

TEST_F(PullRequestApiTest, GithubReadsBaseRefAndHeadSha) {
  server_.SetPullRequest(7, "env/test", kHead);
  auto notifier = Notifier(MakeGithubApi(server_.url(), "acme/infra", kToken, http_, clock_, {}));
  auto pr = notifier->PullRequest(7);
  ASSERT_TRUE(pr.ok()) << pr.status().message();
  EXPECT_EQ(pr->base_branch, "env/test");
  EXPECT_EQ(pr->head_commit, kHead);
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path, "/repos/acme/infra/pulls/7");
  EXPECT_EQ(requests[0].headers["Authorization"], "Bearer " + kToken);
  EXPECT_EQ(notifier->PullRequestHeadRef(7), "refs/pull/7/head");
}

TEST_F(PullRequestApiTest, GitlabReadsTargetBranchAndSha) {
  server_.SetPullRequest(12, "env/prod", kHead);
  auto notifier = Notifier(MakeGitlabApi(server_.url() + "/api/v4", "group/sub/infra", "glpat-token-abcdef", http_, clock_, {}));
  auto pr = notifier->PullRequest(12);
  ASSERT_TRUE(pr.ok()) << pr.status().message();
  EXPECT_EQ(pr->base_branch, "env/prod");
  EXPECT_EQ(pr->head_commit, kHead);
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/api/v4/projects/group%2Fsub%2Finfra/merge_requests/12");
  EXPECT_EQ(requests[0].headers["PRIVATE-TOKEN"], "glpat-token-abcdef");
  EXPECT_EQ(notifier->PullRequestHeadRef(12), "refs/merge-requests/12/head");
}

TEST_F(PullRequestApiTest, GiteaReadsBaseRefAndHeadSha) {
  server_.SetPullRequest(4, "env/test", kHead);
  auto notifier = Notifier(MakeGiteaApi(server_.url() + "/api/v1", "acme/infra", "gitea-token-123456", http_, clock_, {}));
  auto pr = notifier->PullRequest(4);
  ASSERT_TRUE(pr.ok()) << pr.status().message();
  EXPECT_EQ(pr->base_branch, "env/test");
  EXPECT_EQ(pr->head_commit, kHead);
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/api/v1/repos/acme/infra/pulls/4");
  EXPECT_EQ(requests[0].headers["Authorization"], "token gitea-token-123456");
  EXPECT_EQ(notifier->PullRequestHeadRef(4), "refs/pull/4/head");
}

TEST_F(PullRequestApiTest, RetriedOn502And429LikeEveryCall) {
  server_.SetPullRequest(3, "env/test", kHead);
  auto notifier = Notifier(MakeGithubApi(server_.url(), "acme/infra", kToken, http_, clock_, {4, 500ms, 30s}));
  server_.FailNext({{502, ""}, {429, "3"}});
  auto pr = notifier->PullRequest(3);
  ASSERT_TRUE(pr.ok()) << pr.status().message();
  EXPECT_EQ(pr->head_commit, kHead);
  auto sleeps = clock_.sleeps();
  ASSERT_EQ(sleeps.size(), 2u);
  EXPECT_EQ(sleeps[0], 500ms);
  EXPECT_EQ(sleeps[1], 3s);
  EXPECT_EQ(server_.requests().size(), 3u);
}

TEST_F(PullRequestApiTest, AnUnknownPullRequestIsAnErrorWithoutTheToken) {
  auto notifier = Notifier(MakeGithubApi(server_.url(), "acme/infra", kToken, http_, clock_, {}));
  auto pr = notifier->PullRequest(99);
  ASSERT_FALSE(pr.ok());
  EXPECT_EQ(pr.status().kind(), common::ErrorKind::kInvalidInput);  // a 404 is not retried
  EXPECT_NE(pr.status().message().find("GET /repos/acme/infra/pulls/99: HTTP 404"), std::string::npos)
      << pr.status().message();
  EXPECT_EQ(pr.status().message().find(kToken), std::string::npos);
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST(GitNotesPullRequestTest, WithoutAForgeThereIsNoOneToAsk) {
  common::Redactor redactor;
  GitNotesNotifier notifier(controller::MakeGitNotesStore("/nonexistent"), redactor);
  auto pr = notifier.PullRequest(5);
  ASSERT_FALSE(pr.ok());
  EXPECT_EQ(pr.status().kind(), common::ErrorKind::kNotFound);
  EXPECT_EQ(notifier.PullRequestHeadRef(5), "");
}

}  // namespace
}  // namespace faber::webhooks
