// GitHub and Gitea deliveries -> ForgeEvent. Gitea sends GitHub's shapes with its own action
// names ("synchronized") and marks pull-request comments with is_pull.

#include <nlohmann/json.hpp>

#include "webhooks/forge_event.h"
#include "webhooks/json_fields.h"

namespace faber::webhooks {
namespace {

common::Result<ForgeEvent> ParsePullRequest(const nlohmann::json& doc, const std::string& repository, bool gitea) {
  auto action = RequireString(doc, "/action");
  if (!action.ok()) return action.status();
  auto number = RequireInt(doc, "/pull_request/number");
  if (!number.ok()) return number.status();
  auto base = RequireString(doc, "/pull_request/base/ref");
  if (!base.ok()) return base.status();
  auto head = RequireString(doc, "/pull_request/head/sha");
  if (!head.ok()) return head.status();
  ForgeEvent event;
  event.type = ForgeEvent::Type::kPullRequest;
  event.repository = repository;
  event.pull_request = *number;
  event.branch = *base;
  event.commit = *head;
  event.author = OptionalString(doc, "/pull_request/user/login");
  event.association = OptionalString(doc, "/pull_request/author_association");
  const std::string head_repo = OptionalString(doc, "/pull_request/head/repo/full_name");
  event.from_fork = head_repo != repository;  // a deleted fork names no repository: untrusted too
  const std::string& name = *action;
  // Gitea calls an update "synchronized" where GitHub says "synchronize".
  if (name == "closed") {
    bool merged = doc.contains("pull_request") && doc["pull_request"].value("merged", false);
    event.action = merged ? ForgeEvent::Action::kMerged : ForgeEvent::Action::kClosed;
    event.merge_commit = OptionalString(doc, "/pull_request/merge_commit_sha");
  } else if (name == "opened") {
    event.action = ForgeEvent::Action::kOpened;
  } else if (name == "reopened") {
    event.action = ForgeEvent::Action::kReopened;
  } else if (name == "synchronize" || (gitea && name == "synchronized")) {
    event.action = ForgeEvent::Action::kUpdated;
  } else {
    return IgnoredEvent(repository, "pull request action " + name + " needs no run");
  }
  return event;
}

common::Result<ForgeEvent> ParseIssueComment(const nlohmann::json& doc, const std::string& repository, bool gitea) {
  auto action = RequireString(doc, "/action");
  if (!action.ok()) return action.status();
  auto number = RequireInt(doc, "/issue/number");
  if (!number.ok()) return number.status();
  auto body = RequireString(doc, "/comment/body");
  if (!body.ok()) return body.status();
  auto author = RequireString(doc, "/comment/user/login");
  if (!author.ok()) return author.status();
  if (*action != "created") return IgnoredEvent(repository, "comment " + *action + ": only new comments are read");
  bool on_pull_request = gitea ? doc.value("is_pull", false)
                               : doc.contains("issue") && doc["issue"].contains("pull_request") &&
                                     !doc["issue"]["pull_request"].is_null();
  if (!on_pull_request) return IgnoredEvent(repository, "comment on an issue, not a pull request");
  ForgeEvent event;
  event.type = ForgeEvent::Type::kComment;
  event.repository = repository;
  event.pull_request = *number;
  event.body = *body;
  event.author = *author;
  event.association = OptionalString(doc, "/comment/author_association");
  if (doc.contains("comment") && doc["comment"].contains("id") && doc["comment"]["id"].is_number_integer()) {
    event.comment_id = std::to_string(doc["comment"]["id"].get<long long>());
  }
  // Gitea adds the pull request itself to comment deliveries; GitHub does not.
  event.branch = OptionalString(doc, "/pull_request/base/ref");
  event.commit = OptionalString(doc, "/pull_request/head/sha");
  return event;
}

}  // namespace

common::Result<ForgeEvent> ParseGithubEvent(const std::string& event_name, const std::string& body, bool gitea) {
  const char* header = gitea ? "X-Gitea-Event" : "X-GitHub-Event";
  if (event_name.empty()) return common::InvalidInput(std::string("missing header ") + header);
  // A hook subscribed to more events than faber reads is not an error: those are answered 200.
  if (event_name != "push" && event_name != "pull_request" && event_name != "issue_comment" && event_name != "ping") {
    return UnhandledEvent(event_name, "push, pull_request, issue_comment and ping");
  }
  // Only what the parsers below read is kept.
  static const std::vector<std::string> kKeep = {"ref",   "after",   "deleted",    "action", "number",
                                                 "pull_request", "issue", "comment", "repository", "is_pull"};
  auto doc = ParseObject(body, kKeep);
  if (!doc.ok()) return doc.status();
  if (event_name == "ping") {
    ForgeEvent event;
    event.type = ForgeEvent::Type::kPing;
    // An organization hook's ping names no repository.
    event.repository = OptionalString(*doc, "/repository/full_name");
    return event;
  }
  auto repository = RequireString(*doc, "/repository/full_name");
  if (!repository.ok()) return repository.status();
  if (event_name == "push") return ParseBranchPush(*doc, *repository);
  if (event_name == "pull_request") return ParsePullRequest(*doc, *repository, gitea);
  return ParseIssueComment(*doc, *repository, gitea);
}

}  // namespace faber::webhooks
