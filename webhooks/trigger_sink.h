#pragma once

#include <optional>
#include <string>
#include <vector>

#include "webhooks/comment_command.h"

namespace faber::webhooks {

// What made a reconcile be asked for.
enum class TriggerReason {
  kPoll,         // the poll interval passed
  kPush,         // a branch moved
  kPullRequest,  // a pull request was opened or its head moved: preview it
  kMerge,        // a pull request was merged into its target
  kComment,      // a /faber command in a pull-request comment
};

// Returns "poll", "push", "pull_request", "merge" or "comment", for logs.
const char* TriggerReasonName(TriggerReason reason);

// Why a reconcile was asked for.
struct Trigger {
  std::string repository;   // as configured (path or URL)
  std::string branch;       // the environment branch that moved (pull request: its target), "" for all
  TriggerReason reason = TriggerReason::kPoll;
  int pull_request = 0;     // the pull request (GitLab: merge request iid) concerned, 0 for none
  std::string commit{};     // the head the event names, "" when unknown
  std::optional<CommandName> command{};  // comment: the /faber command
  std::vector<std::string> arguments{};  // comment: the command's arguments
  std::string author{};     // comment: who wrote it; pull request: who opened it
  // May code from this trigger's head run on faber's host (plan, engine and test commands)? True
  // for pushes and polls (the branch is the repository's), for a pull request only when its
  // author is trusted (WebhookReceiver::TrustsPullRequest), and for a command a trusted commenter
  // gives. An untrusted head gets faber's in-process checks only.
  bool runs_code = true;

  // True for work about one pull request, which is never merged with other triggers.
  bool ForPullRequest() const { return pull_request != 0; }
};

// Where receivers put work; the controller's queue implements it. Receivers never run pipelines.
class TriggerSink {
 public:
  virtual ~TriggerSink() = default;
  // Enqueues `trigger`; returns false when the queue refuses it (full or shutting down).
  virtual bool Enqueue(const Trigger& trigger) = 0;
};

// Returns a short text for logs, e.g. "push on env/test of /srv/git/infra.git".
std::string Describe(const Trigger& trigger);

}  // namespace faber::webhooks
