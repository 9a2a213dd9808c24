#pragma once

#include <string>

namespace faber::webhooks {

// Why a reconcile was asked for.
struct Trigger {
  std::string repository;   // as configured (path or URL)
  std::string branch;       // the environment branch that moved, "" for all
  std::string reason;       // "push", "pull_request", "comment", "poll"
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
