// Whose pull requests may run code on faber's host: the forge's word on the author (GitHub's and
// Gitea's author_association), server.yaml's trusted_authors, and never a fork's head.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/files.h"
#include "webhooks/forge_event.h"
#include "webhooks/webhook_receiver.h"

namespace faber::webhooks {
namespace {

std::string Corpus(const std::string& name) {
  return *common::ReadFile(std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/webhooks" / name);
}

TEST(PullRequestTrustTest, GithubAuthorsAreTrustedByTheirAssociationAndNeverFromAFork) {
  nlohmann::json doc = nlohmann::json::parse(Corpus("github/pull_request.opened.payload.json"));
  const CommandAuthorization nobody_listed{{}, "faber-bot"};
  auto owner = ParseGithubEvent("pull_request", doc.dump(), false);
  ASSERT_TRUE(owner.ok()) << owner.status().message();
  EXPECT_EQ(owner->author, "Codertocat");
  EXPECT_EQ(owner->association, "OWNER");
  EXPECT_FALSE(owner->from_fork);
  EXPECT_TRUE(TrustsPullRequest(nobody_listed, *owner));

  for (const char* association : {"NONE", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", ""}) {
    doc["pull_request"]["author_association"] = association;
    auto stranger = ParseGithubEvent("pull_request", doc.dump(), false);
    ASSERT_TRUE(stranger.ok());
    EXPECT_FALSE(TrustsPullRequest(nobody_listed, *stranger)) << association;
    // Listed in trusted_authors (any case): trusted whatever the forge says.
    EXPECT_TRUE(TrustsPullRequest(CommandAuthorization{{"codertocat"}, "faber-bot"}, *stranger)) << association;
  }
  doc["pull_request"]["author_association"] = "MEMBER";
  doc["pull_request"]["head"]["repo"]["full_name"] = "mallory/Hello-World";
  auto fork = ParseGithubEvent("pull_request", doc.dump(), false);
  ASSERT_TRUE(fork.ok());
  EXPECT_TRUE(fork->from_fork);
  EXPECT_FALSE(TrustsPullRequest(CommandAuthorization{{"codertocat"}, "faber-bot"}, *fork));
  doc["pull_request"]["head"]["repo"] = nullptr;  // the fork was deleted
  auto gone = ParseGithubEvent("pull_request", doc.dump(), false);
  ASSERT_TRUE(gone.ok());
  EXPECT_TRUE(gone->from_fork);
}

TEST(PullRequestTrustTest, GitlabMergeRequestsAreTrustedOnlyWhenListedAndFromTheProjectItself) {
  nlohmann::json doc = nlohmann::json::parse(Corpus("gitlab/gitlab-merge-request-event-subgroup.json"));
  auto same_project = ParseGitlabEvent(doc.dump());
  ASSERT_TRUE(same_project.ok()) << same_project.status().message();
  ASSERT_EQ(same_project->type, ForgeEvent::Type::kPullRequest);
  EXPECT_EQ(same_project->author, "lkysow");
  EXPECT_FALSE(same_project->from_fork);
  // GitLab says nothing about membership: unlisted authors are strangers.
  EXPECT_FALSE(TrustsPullRequest(CommandAuthorization{{}, ""}, *same_project));
  EXPECT_TRUE(TrustsPullRequest(CommandAuthorization{{"lkysow"}, ""}, *same_project));
  doc["object_attributes"]["source_project_id"] = 1;
  auto fork = ParseGitlabEvent(doc.dump());
  ASSERT_TRUE(fork.ok());
  EXPECT_TRUE(fork->from_fork);
  EXPECT_FALSE(TrustsPullRequest(CommandAuthorization{{"lkysow"}, ""}, *fork));
}

}  // namespace
}  // namespace faber::webhooks
