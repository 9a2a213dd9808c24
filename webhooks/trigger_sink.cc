#include "webhooks/trigger_sink.h"

namespace faber::webhooks {

std::string Describe(const Trigger& trigger) {
  std::string branch = trigger.branch.empty() ? "all branches" : trigger.branch;
  return trigger.reason + " on " + branch + " of " + trigger.repository;
}

}  // namespace faber::webhooks
