#pragma once

#include <chrono>
#include <string>

#include "reconciler/environment_reconciler.h"

namespace faber::reconciler {

// When to reconcile an environment again after a pass, decided by the kind of what stopped it
// (as Flux does): a transient error retries with backoff and jitter, a wait (a lock, a gate)
// retries after a delay, a stall waits for a person (a new commit, `/faber retry`, an approval).
enum class RequeueKind { kNone, kBackoff, kDelay, kStalled };

// Returns "none", "backoff", "delay" or "stalled", for logs and metric labels.
const char* RequeueKindName(RequeueKind kind);

struct RequeueDecision {
  RequeueKind kind = RequeueKind::kNone;
  std::chrono::milliseconds delay{0};  // for kBackoff and kDelay: when to reconcile again
  std::string reason;                  // one line for the log
};

struct RequeuePolicy {
  std::chrono::milliseconds backoff_base{std::chrono::seconds(5)};  // first retry of a transient error
  std::chrono::milliseconds backoff_max{std::chrono::minutes(5)};
  double jitter = 0.2;                                              // +/- this share of each backoff
  std::chrono::milliseconds wait_delay{std::chrono::seconds(30)};   // a lock or gate held elsewhere
};

// Decides the requeue of `result`, whose previous `attempts` in a row were requeued for the same
// kind of reason (0 for the first). `jitter_unit` in [0, 1) picks the jitter (0.5 for none), so
// tests decide it. Backoff doubles per attempt from backoff_base up to backoff_max.
RequeueDecision DecideRequeue(const EnvironmentResult& result, int attempts, const RequeuePolicy& policy,
                              double jitter_unit);

}  // namespace faber::reconciler
