#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace faber::webhooks {

enum class ForgeKind { kGithub, kGitlab, kGitea };

// "github", "gitlab" or "gitea".
const char* ForgeKindName(ForgeKind kind);

// What a webhook delivery means to faber, whatever forge sent it.
struct ForgeEvent {
  enum class Type {
    kPing,         // the forge checking the hook: nothing to do
    kPush,         // a branch moved
    kPullRequest,  // a pull request opened, updated, reopened, merged or closed
    kComment,      // a comment on a pull request
    kIgnored,      // a valid delivery faber has no use for (a tag, a label, an issue comment)
    kUnhandled,    // an event type faber does not subscribe to (issues, stars, pipelines, ...): not read further
  };
  Type type = Type::kIgnored;
  std::string repository;   // the forge's full name, e.g. acme/infra
  std::string branch;       // push: the branch that moved; pull request and comment: the target branch ("" when the payload does not say)
  std::string commit;       // push: the new head; pull request: its head; comment: the head when the payload says
  int pull_request = 0;     // the pull request's number (GitLab: iid), 0 for pushes
  // Pull request: what happened to it (each forge's action names are read into this).
  enum class Action { kOpened, kUpdated, kReopened, kMerged, kClosed };
  Action action = Action::kOpened;
  std::string merge_commit; // merged pull request: the commit on the target branch, when the payload says
  std::string author;       // comment: its author's login; pull request: its author's (GitLab: who acted)
  std::string association;  // comment, pull request: OWNER | MEMBER | COLLABORATOR | ... when the forge says, else ""
  bool from_fork = false;   // pull request: its head is in another repository
  std::string body;         // comment: its text
  std::string comment_id;   // comment: the forge's id of the comment ("" when the payload does not say)
  std::string why_ignored;  // kIgnored, kUnhandled: the reason, for the response and the log
};

// A valid delivery faber has no use for, with the reason.
ForgeEvent IgnoredEvent(std::string repository, std::string why);

// A delivery of an event type faber does not handle, named `event_name` (from a header or the
// payload: cut to a printable, bounded length before it is echoed).
ForgeEvent UnhandledEvent(const std::string& event_name, const std::string& handled);

// Reads a push delivery, whose fields (ref, after) GitHub, Gitea and GitLab share: a branch that
// moved, or ignored for a tag or a deleted branch (`deleted`, or a new head of all zeros).
common::Result<ForgeEvent> ParseBranchPush(const nlohmann::json& doc, const std::string& repository);

// Parses a GitHub delivery of event `event_name` (the X-GitHub-Event header). Gitea's payloads
// follow GitHub's with a few differences, selected by `gitea`. An event faber does not handle is
// kUnhandled, its body unread. Errors (kInvalidInput) name what is wrong with a handled event's
// delivery: JSON that does not parse, a missing or mistyped field.
common::Result<ForgeEvent> ParseGithubEvent(const std::string& event_name, const std::string& body, bool gitea);

// Parses a GitLab delivery (the event is the payload's object_kind; one faber does not handle is
// kUnhandled).
common::Result<ForgeEvent> ParseGitlabEvent(const std::string& body);

}  // namespace faber::webhooks
