// GitHub, GitLab and Gitea behind ForgeApi. The three differ in paths, auth headers, status state
// names and comment limits; the paging loop and the retries are shared.

#include <map>

#include <nlohmann/json.hpp>

#include "webhooks/forge_api.h"

namespace faber::webhooks {
namespace {

constexpr int kMaxPages = 50;

// Where each forge puts a comment's author: GitHub and Gitea user.login, GitLab author.username.
struct AuthorField {
  const char* object;
  const char* login;
};

// Reads pages of `path` (which has a query already) until one comes back short.
common::Result<std::vector<ForgeComment>> ListPages(ForgeHttp& http, const std::string& path, int page_size,
                                                    const char* id_field, const char* body_field, AuthorField author) {
  std::vector<ForgeComment> comments;
  for (int page = 1; page <= kMaxPages; ++page) {
    auto doc = http.Call("GET", path + "&page=" + std::to_string(page));
    if (!doc.ok()) return doc.status();
    if (!doc->is_array()) return common::Transient("GET " + path + ": the forge did not answer with a list");
    for (const auto& item : *doc) {
      if (!item.is_object() || !item.contains(id_field)) continue;
      const auto& id = item[id_field];
      std::string text = item.contains(body_field) && item[body_field].is_string() ? item[body_field].get<std::string>() : "";
      std::string login;
      if (item.contains(author.object) && item[author.object].is_object()) {
        const auto& who = item[author.object];
        if (who.contains(author.login) && who[author.login].is_string()) login = who[author.login].get<std::string>();
      }
      comments.push_back({id.is_string() ? id.get<std::string>() : id.dump(), text, login});
    }
    if (static_cast<int>(doc->size()) < page_size) break;
  }
  return comments;
}

// Reads the string at `path` (object keys) of a pull request document; the error names what
// the forge left out.
common::Result<std::string> StringAt(const nlohmann::json& doc, std::initializer_list<const char*> path,
                                     const std::string& what) {
  const nlohmann::json* node = &doc;
  std::string name;
  for (const char* key : path) {
    name += (name.empty() ? "" : ".") + std::string(key);
    if (!node->is_object() || !node->contains(key)) return common::Transient(what + ": the answer has no " + name);
    node = &(*node)[key];
  }
  if (!node->is_string() || node->get_ref<const std::string&>().empty()) {
    return common::Transient(what + ": " + name + " is not a non-empty string");
  }
  return node->get<std::string>();
}

// GET /user: the login at `field` of the account the token belongs to.
common::Result<std::string> ReadCurrentUser(ForgeHttp& http, const char* field) {
  auto doc = http.Call("GET", "/user");
  if (!doc.ok()) return doc.status();
  if (!doc->is_object() || !doc->contains(field) || !(*doc)[field].is_string() ||
      (*doc)[field].get_ref<const std::string&>().empty()) {
    return common::Transient(std::string("GET /user: the answer has no ") + field);
  }
  return (*doc)[field].get<std::string>();
}

common::Result<PullRequestInfo> ReadPullRequest(ForgeHttp& http, const std::string& path,
                                                std::initializer_list<const char*> base,
                                                std::initializer_list<const char*> head) {
  auto doc = http.Call("GET", path);
  if (!doc.ok()) return doc.status();
  auto branch = StringAt(*doc, base, "GET " + path);
  if (!branch.ok()) return branch.status();
  auto commit = StringAt(*doc, head, "GET " + path);
  if (!commit.ok()) return commit.status();
  return PullRequestInfo{*branch, *commit};
}

// GitHub's REST API, and Gitea's, which follows GitHub's paths and bodies: they differ only in
// the token header, paging and the comment size limit.
class GithubStyleApi : public ForgeApi {
 public:
  struct Dialect {
    std::map<std::string, std::string> auth_headers;
    std::string page_query;  // appended to the comments path
    int page_size;
    size_t comment_limit;
  };
  GithubStyleApi(const std::string& api_url, const std::string& repository, Dialect dialect, common::HttpClient& http,
                 common::Clock& clock, RetryPolicy retry)
      : repo_("/repos/" + repository),
        dialect_(std::move(dialect)),
        http_(api_url, dialect_.auth_headers, http, clock, retry) {}

  common::Result<std::vector<ForgeComment>> ListComments(int number) override {
    return ListPages(http_, repo_ + "/issues/" + std::to_string(number) + "/comments?" + dialect_.page_query,
                     dialect_.page_size, "id", "body", {"user", "login"});
  }
  common::Status CreateComment(int number, const std::string& body) override {
    return http_.Call("POST", repo_ + "/issues/" + std::to_string(number) + "/comments", {{"body", body}}).status();
  }
  common::Status UpdateComment(int, const std::string& id, const std::string& body) override {
    return http_.Call("PATCH", repo_ + "/issues/comments/" + id, {{"body", body}}).status();
  }
  common::Status SetStatus(const std::string& commit, const std::string& context, const std::string& state,
                           const std::string& description) override {
    return http_.Call("POST", repo_ + "/statuses/" + commit,
                      {{"state", state}, {"context", context}, {"description", description.substr(0, 140)}})
        .status();
  }
  common::Result<PullRequestInfo> GetPullRequest(int number) override {
    return ReadPullRequest(http_, repo_ + "/pulls/" + std::to_string(number), {"base", "ref"}, {"head", "sha"});
  }
  common::Result<std::string> CurrentUser() override { return ReadCurrentUser(http_, "login"); }
  std::string HeadRef(int number) const override { return "refs/pull/" + std::to_string(number) + "/head"; }
  size_t CommentLimit() const override { return dialect_.comment_limit; }

 private:
  std::string repo_;
  Dialect dialect_;
  ForgeHttp http_;
};

class GitlabApi : public ForgeApi {
 public:
  GitlabApi(const std::string& api_url, const std::string& repository, const std::string& token,
            common::HttpClient& http, common::Clock& clock, RetryPolicy retry)
      : project_("/projects/" + EncodePathSegment(repository)), http_(api_url, {{"PRIVATE-TOKEN", token}}, http, clock, retry) {}

  common::Result<std::vector<ForgeComment>> ListComments(int number) override {
    return ListPages(http_, Notes(number) + "?per_page=100&sort=asc", 100, "id", "body", {"author", "username"});
  }
  common::Status CreateComment(int number, const std::string& body) override {
    return http_.Call("POST", Notes(number), {{"body", body}}).status();
  }
  common::Status UpdateComment(int number, const std::string& id, const std::string& body) override {
    return http_.Call("PUT", Notes(number) + "/" + id, {{"body", body}}).status();
  }
  common::Status SetStatus(const std::string& commit, const std::string& context, const std::string& state,
                           const std::string& description) override {
    // GitLab says "failed" where GitHub says "failure", and has no "error".
    std::string gitlab_state = state == "failure" || state == "error" ? "failed" : state;
    return http_.Call("POST", project_ + "/statuses/" + commit,
                      {{"state", gitlab_state}, {"name", context}, {"description", description.substr(0, 255)}})
        .status();
  }
  common::Result<PullRequestInfo> GetPullRequest(int number) override {
    return ReadPullRequest(http_, project_ + "/merge_requests/" + std::to_string(number), {"target_branch"}, {"sha"});
  }
  common::Result<std::string> CurrentUser() override { return ReadCurrentUser(http_, "username"); }
  std::string HeadRef(int number) const override { return "refs/merge-requests/" + std::to_string(number) + "/head"; }
  size_t CommentLimit() const override { return 1000000; }

 private:
  std::string Notes(int number) const { return project_ + "/merge_requests/" + std::to_string(number) + "/notes"; }
  std::string project_;
  ForgeHttp http_;
};

}  // namespace

std::unique_ptr<ForgeApi> MakeGithubApi(const std::string& api_url, const std::string& repository,
                                        const std::string& token, common::HttpClient& http, common::Clock& clock,
                                        RetryPolicy retry) {
  GithubStyleApi::Dialect github{
      {{"Authorization", "Bearer " + token}, {"X-GitHub-Api-Version", "2022-11-28"}}, "per_page=100", 100, 65536};
  return std::make_unique<GithubStyleApi>(api_url, repository, std::move(github), http, clock, retry);
}

std::unique_ptr<ForgeApi> MakeGitlabApi(const std::string& api_url, const std::string& repository,
                                        const std::string& token, common::HttpClient& http, common::Clock& clock,
                                        RetryPolicy retry) {
  return std::make_unique<GitlabApi>(api_url, repository, token, http, clock, retry);
}

std::unique_ptr<ForgeApi> MakeGiteaApi(const std::string& api_url, const std::string& repository,
                                       const std::string& token, common::HttpClient& http, common::Clock& clock,
                                       RetryPolicy retry) {
  // Gitea caps pages at 50; its comment limit is taken one under GitHub's to be safe.
  GithubStyleApi::Dialect gitea{{{"Authorization", "token " + token}}, "limit=50", 50, 65535};
  return std::make_unique<GithubStyleApi>(api_url, repository, std::move(gitea), http, clock, retry);
}

}  // namespace faber::webhooks
