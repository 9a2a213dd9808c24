#include "reconciler/policy_branch.h"

#include "reconciler/repository_reconciler.h"

namespace faber::reconciler {

common::Result<manifests::EnvironmentConfig> WithPolicyGates(store::Repository& repo, const manifests::EnvironmentConfig& env) {
  auto policy = RepositoryReconciler::LoadRepositoryConfig(repo);
  if (!policy.ok()) return policy.status();
  const manifests::EnvironmentConfig* declared = policy->FindEnvironment(env.name);
  if (declared == nullptr) {
    return common::InvalidInput("faber.yaml on the default branch does not declare environment " + env.name +
                                ": its gates are read there");
  }
  manifests::EnvironmentConfig gated = env;
  manifests::TakeGatesFrom(*declared, &gated);
  return gated;
}

}  // namespace faber::reconciler
