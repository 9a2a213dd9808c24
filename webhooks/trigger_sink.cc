#include "webhooks/trigger_sink.h"

namespace faber::webhooks {

std::string Describe(const Trigger& trigger) {
  std::string branch = trigger.branch.empty() ? "all branches" : trigger.branch;
  std::string what = trigger.reason;
  if (!trigger.command.empty()) what += " /faber " + trigger.command;
  if (trigger.pull_request != 0) what += " (pull request #" + std::to_string(trigger.pull_request) + ")";
  return what + " on " + branch + " of " + trigger.repository;
}

}  // namespace faber::webhooks
