#include "reconciler/policy_branch.h"

namespace faber::reconciler {

common::Result<manifests::EnvironmentConfig> WithPolicyGates(store::Repository& repo, const manifests::EnvironmentConfig& env) {
  auto branch = repo.DefaultBranch();
  if (!branch.ok()) return branch.status();
  auto head = repo.ResolveBranch(*branch);
  if (!head.ok()) return head.status();
  auto text = repo.ReadFile(*head, "faber.yaml");
  if (!text.ok()) {
    return common::InvalidInput("faber.yaml is missing on the default branch " + *branch +
                                ", where the gates of " + env.name + " are read");
  }
  auto policy = manifests::ParseFaberConfig(*text, "faber.yaml@" + *branch);
  if (!policy.ok()) return policy.status();
  const manifests::EnvironmentConfig* declared = policy->FindEnvironment(env.name);
  if (declared == nullptr) {
    return common::InvalidInput("faber.yaml@" + *branch + " does not declare environment " + env.name +
                                ": its gates are read there");
  }
  manifests::EnvironmentConfig gated = env;
  manifests::TakeGatesFrom(*declared, &gated);
  return gated;
}

}  // namespace faber::reconciler
