#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "webhooks/forge_http.h"
#include "webhooks/notifier.h"

namespace faber::webhooks {

struct ForgeComment {
  std::string id;
  std::string body;
  std::string author;  // the login of who wrote it ("" when the forge did not say)
};

// The few calls faber makes to a forge, in each forge's own API.
class ForgeApi {
 public:
  virtual ~ForgeApi() = default;
  // Lists the comments of pull request `number` (every page).
  virtual common::Result<std::vector<ForgeComment>> ListComments(int number) = 0;
  // Adds a comment to pull request `number`.
  virtual common::Status CreateComment(int number, const std::string& body) = 0;
  // Replaces the text of comment `id` on pull request `number`.
  virtual common::Status UpdateComment(int number, const std::string& id, const std::string& body) = 0;
  // Sets the commit status `context` of `commit`: state is success | failure | pending | error.
  virtual common::Status SetStatus(const std::string& commit, const std::string& context, const std::string& state,
                                   const std::string& description) = 0;
  // Reads pull request `number`: its target branch and head commit.
  virtual common::Result<PullRequestInfo> GetPullRequest(int number) = 0;
  // The login the token acts as (GitHub and Gitea: GET /user's login; GitLab: GET /user's username).
  virtual common::Result<std::string> CurrentUser() = 0;
  // The ref holding the head of pull request `number` in the forge's repository.
  virtual std::string HeadRef(int number) const = 0;
  // The longest comment the forge accepts, in bytes.
  virtual size_t CommentLimit() const = 0;
};

// GitHub's REST API (issue comments, commit statuses); comments are capped at 65,536 characters.
std::unique_ptr<ForgeApi> MakeGithubApi(const std::string& api_url, const std::string& repository,
                                        const std::string& token, common::HttpClient& http, common::Clock& clock,
                                        RetryPolicy retry = {});
// GitLab's REST API v4 (merge request notes, commit statuses); notes are capped at 1,000,000.
std::unique_ptr<ForgeApi> MakeGitlabApi(const std::string& api_url, const std::string& repository,
                                        const std::string& token, common::HttpClient& http, common::Clock& clock,
                                        RetryPolicy retry = {});
// Gitea's REST API v1 (issue comments, commit statuses); comments kept under 65,535 bytes so they
// fit a MySQL TEXT column, the smallest store Gitea runs on.
std::unique_ptr<ForgeApi> MakeGiteaApi(const std::string& api_url, const std::string& repository,
                                       const std::string& token, common::HttpClient& http, common::Clock& clock,
                                       RetryPolicy retry = {});

}  // namespace faber::webhooks
