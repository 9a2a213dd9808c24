#include "reconciler/requeue_policy.h"

#include <algorithm>
#include <cmath>

namespace faber::reconciler {
namespace {

RequeueDecision Backoff(int attempts, const RequeuePolicy& policy, double jitter_unit, std::string reason) {
  double base = static_cast<double>(policy.backoff_base.count()) * std::pow(2.0, std::min(attempts, 30));
  double capped = std::min(base, static_cast<double>(policy.backoff_max.count()));
  double jittered = capped * (1.0 + policy.jitter * (2.0 * jitter_unit - 1.0));
  return {RequeueKind::kBackoff, std::chrono::milliseconds(static_cast<int64_t>(std::max(jittered, 0.0))), std::move(reason)};
}

// What an error of `kind` asks for.
RequeueDecision ForError(const common::Status& error, int attempts, const RequeuePolicy& policy, double jitter_unit) {
  switch (error.kind()) {
    case common::ErrorKind::kTransient:
    case common::ErrorKind::kConflict:
      return Backoff(attempts, policy, jitter_unit, error.message());
    case common::ErrorKind::kWaiting:
      return {RequeueKind::kDelay, policy.wait_delay, error.message()};
    case common::ErrorKind::kCancelled:
      return {RequeueKind::kNone, {}, error.message()};
    case common::ErrorKind::kInvalidInput:
    case common::ErrorKind::kNotFound:
    case common::ErrorKind::kStalled:
    case common::ErrorKind::kInternal:
      break;
  }
  return {RequeueKind::kStalled, {}, error.message()};
}

}  // namespace

const char* RequeueKindName(RequeueKind kind) {
  switch (kind) {
    case RequeueKind::kNone: return "none";
    case RequeueKind::kBackoff: return "backoff";
    case RequeueKind::kDelay: return "delay";
    case RequeueKind::kStalled: return "stalled";
  }
  return "none";
}

RequeueDecision DecideRequeue(const EnvironmentResult& result, int attempts, const RequeuePolicy& policy,
                              double jitter_unit) {
  std::string note = result.notes.empty() ? "" : result.notes.back();
  switch (result.action) {
    case Action::kError:
      return ForError(result.error, attempts, policy, jitter_unit);
    case Action::kBusy:
    case Action::kBlocked:
      // Another process holds the lock, or the environment it is promoted from has not passed yet.
      return {RequeueKind::kDelay, policy.wait_delay, result.error.ok() ? note : result.error.message()};
    case Action::kAwaitingApproval:
    case Action::kStopped:
      return {RequeueKind::kStalled, {}, note};
    case Action::kDeployed:
      if (result.Failed()) {
        return {RequeueKind::kStalled, {}, "the deploy " + result.StatusName() + ": push a fix or comment `/faber retry`"};
      }
      return {};
    case Action::kNoop:
    case Action::kRecovered:
    case Action::kDrift:
      return {};
  }
  return {};
}

}  // namespace faber::reconciler
