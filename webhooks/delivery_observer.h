#pragma once

#include <string>

#include "webhooks/forge_event.h"

namespace faber::webhooks {

// What became of one webhook delivery, in classes few enough to label a metric with.
enum class DeliveryOutcome {
  kAccepted,            // work was queued
  kIgnored,             // valid, nothing to do (ping, unhandled event or action, no command)
  kDuplicate,           // a delivery or comment already acted on
  kRejectedSignature,   // 401: missing or wrong signature
  kRejectedMalformed,   // 400: not a forge webhook, or a handled event's body faber cannot read
  kRejectedRepository,  // 403, 404: a repository or forge not served here
  kUnavailable,         // 503: faber is shutting down
};

// Returns "accepted", "ignored", "duplicate", "rejected_signature", "rejected_malformed",
// "rejected_repository" or "unavailable".
const char* DeliveryOutcomeName(DeliveryOutcome outcome);

// The event of a delivery as a metric label: the forge's name for it when faber handles it
// (push, pull_request, issue_comment, ping; GitLab: push, merge_request, note), "other" for
// anything else, so a header from outside cannot create new series.
std::string DeliveryEventLabel(ForgeKind forge, const std::string& event_header);

// Told of every delivery the receiver answers (metrics); implementations must be thread-safe.
class DeliveryObserver {
 public:
  virtual ~DeliveryObserver() = default;
  // Counts one delivery to `forge`'s endpoint of `event` (a DeliveryEventLabel) and its outcome.
  virtual void ObserveDelivery(ForgeKind forge, const std::string& event, DeliveryOutcome outcome) = 0;
};

}  // namespace faber::webhooks
