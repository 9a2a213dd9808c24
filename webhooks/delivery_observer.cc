#include "webhooks/delivery_observer.h"

namespace faber::webhooks {

const char* DeliveryOutcomeName(DeliveryOutcome outcome) {
  switch (outcome) {
    case DeliveryOutcome::kAccepted:
      return "accepted";
    case DeliveryOutcome::kIgnored:
      return "ignored";
    case DeliveryOutcome::kDuplicate:
      return "duplicate";
    case DeliveryOutcome::kRejectedSignature:
      return "rejected_signature";
    case DeliveryOutcome::kRejectedMalformed:
      return "rejected_malformed";
    case DeliveryOutcome::kRejectedRepository:
      return "rejected_repository";
    case DeliveryOutcome::kUnavailable:
      return "unavailable";
  }
  return "rejected_malformed";
}

std::string DeliveryEventLabel(ForgeKind forge, const std::string& event_header) {
  if (forge == ForgeKind::kGitlab) {
    // GitLab names its hooks in X-Gitlab-Event ("Push Hook"); object_kind says the same in the body.
    if (event_header == "Push Hook") return "push";
    if (event_header == "Merge Request Hook") return "merge_request";
    if (event_header == "Note Hook") return "note";
    return "other";
  }
  for (const char* known : {"push", "pull_request", "issue_comment", "ping"}) {
    if (event_header == known) return known;
  }
  return "other";
}

}  // namespace faber::webhooks
