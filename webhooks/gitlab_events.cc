// GitLab deliveries -> ForgeEvent. GitLab names the event in the payload (object_kind) and
// numbers merge requests per project (iid), which is what its API takes.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "webhooks/forge_event.h"
#include "webhooks/json_fields.h"

namespace faber::webhooks {
namespace {

common::Result<ForgeEvent> ParseMergeRequest(const nlohmann::json& doc, const std::string& repository) {
  auto iid = RequireInt(doc, "/object_attributes/iid");
  if (!iid.ok()) return iid.status();
  auto target = RequireString(doc, "/object_attributes/target_branch");
  if (!target.ok()) return target.status();
  auto head = RequireString(doc, "/object_attributes/last_commit/id");
  if (!head.ok()) return head.status();
  std::string action = OptionalString(doc, "/object_attributes/action");
  ForgeEvent event;
  event.type = ForgeEvent::Type::kPullRequest;
  event.repository = repository;
  event.pull_request = *iid;
  event.branch = *target;
  event.commit = *head;
  // GitLab's merge request events carry no membership: the author is trusted only when listed in
  // server.yaml (trusted_authors), and a merge request from another project never.
  event.author = OptionalString(doc, "/user/username");
  event.from_fork = !doc.contains("object_attributes") ||
                    doc["object_attributes"].value("source_project_id", -1) != doc["object_attributes"].value("target_project_id", -2);
  if (action == "open") {
    event.action = ForgeEvent::Action::kOpened;
  } else if (action == "reopen") {
    event.action = ForgeEvent::Action::kReopened;
  } else if (action == "update" && !OptionalString(doc, "/object_attributes/oldrev").empty()) {
    event.action = ForgeEvent::Action::kUpdated;  // GitLab sends oldrev only when new commits were pushed
  } else if (action == "merge") {
    event.action = ForgeEvent::Action::kMerged;
    event.merge_commit = OptionalString(doc, "/object_attributes/merge_commit_sha");
  } else if (action == "close") {
    event.action = ForgeEvent::Action::kClosed;
  } else {
    return IgnoredEvent(repository, "merge request " + (action.empty() ? std::string("event") : action) +
                                   " without new commits needs no run");
  }
  return event;
}

common::Result<ForgeEvent> ParseNote(const nlohmann::json& doc, const std::string& repository) {
  auto type = RequireString(doc, "/object_attributes/noteable_type");
  if (!type.ok()) return type.status();
  auto note = RequireString(doc, "/object_attributes/note");
  if (!note.ok()) return note.status();
  auto author = RequireString(doc, "/user/username");
  if (!author.ok()) return author.status();
  if (*type != "MergeRequest") return IgnoredEvent(repository, "note on a " + *type + ", not a merge request");
  // Newer GitLab versions say whether a note was created or edited; an edit runs nothing again.
  if (std::string action = OptionalString(doc, "/object_attributes/action"); !action.empty() && action != "create") {
    return IgnoredEvent(repository, "note " + action + ": only new comments are read");
  }
  auto iid = RequireInt(doc, "/merge_request/iid");
  if (!iid.ok()) return iid.status();
  ForgeEvent event;
  event.type = ForgeEvent::Type::kComment;
  event.repository = repository;
  event.pull_request = *iid;
  event.body = *note;
  event.author = *author;
  if (doc["object_attributes"].contains("id") && doc["object_attributes"]["id"].is_number_integer()) {
    event.comment_id = std::to_string(doc["object_attributes"]["id"].get<long long>());
  }
  event.branch = OptionalString(doc, "/merge_request/target_branch");
  event.commit = OptionalString(doc, "/merge_request/last_commit/id");
  return event;
}

}  // namespace

common::Result<ForgeEvent> ParseGitlabEvent(const std::string& body) {
  // The top-level members read here and by ParseBranchPush, ParseMergeRequest and ParseNote.
  static const std::vector<std::string> kKeep = {"object_kind", "project",          "ref",  "after",
                                                 "deleted",     "object_attributes", "user", "merge_request"};
  auto doc = ParseObject(body, kKeep);
  if (!doc.ok()) return doc.status();
  auto kind = RequireString(*doc, "/object_kind");
  if (!kind.ok()) return kind.status();
  // A hook subscribed to more events than faber reads is not an error: those are answered 200.
  if (*kind != "push" && *kind != "merge_request" && *kind != "note") {
    return UnhandledEvent(*kind, "push, merge_request and note");
  }
  auto repository = RequireString(*doc, "/project/path_with_namespace");
  if (!repository.ok()) return repository.status();
  if (*kind == "push") return ParseBranchPush(*doc, *repository);
  if (*kind == "merge_request") return ParseMergeRequest(*doc, *repository);
  return ParseNote(*doc, *repository);
}

}  // namespace faber::webhooks
