#include "webhooks/trigger_sink.h"

namespace faber::webhooks {

const char* TriggerReasonName(TriggerReason reason) {
  switch (reason) {
    case TriggerReason::kPoll: return "poll";
    case TriggerReason::kPush: return "push";
    case TriggerReason::kPullRequest: return "pull_request";
    case TriggerReason::kMerge: return "merge";
    case TriggerReason::kComment: return "comment";
  }
  return "poll";
}

std::string Describe(const Trigger& trigger) {
  std::string branch = trigger.branch.empty() ? "all branches" : trigger.branch;
  std::string what = TriggerReasonName(trigger.reason);
  if (trigger.command) what += std::string(" /faber ") + CommandNameText(*trigger.command);
  if (trigger.pull_request != 0) what += " (pull request #" + std::to_string(trigger.pull_request) + ")";
  return what + " on " + branch + " of " + trigger.repository;
}

}  // namespace faber::webhooks
