#pragma once

#include <string>
#include <vector>

namespace faber::webhooks {

// Why a reconcile was asked for.
struct Trigger {
  std::string repository;   // as configured (path or URL)
  std::string branch;       // the environment branch that moved (pull request: its target), "" for all
  std::string reason;       // "push", "pull_request", "merge", "comment", "poll"
  int pull_request = 0;     // the pull request (GitLab: merge request iid) concerned, 0 for none
  std::string commit{};     // the head the event names, "" when unknown
  std::string command{};    // comment: help | plan | test | deploy | retry | apply-fix | resolved
  std::vector<std::string> arguments{};  // comment: the command's arguments
  std::string author{};     // comment: who wrote it

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
