#pragma once

// Where an environment's gates come from: faber.yaml on the repository's default branch, which a
// commit on an environment branch cannot change (manifests::TakeGatesFrom lists the settings).

#include <string>

#include "common/status.h"
#include "manifests/faber_config.h"
#include "reconciler/checks/rule.h"
#include "store/repository.h"

namespace faber::reconciler {

// The branch faber.yaml, the gates and the policies are read from (Repository::PolicyBranch)
// and the commit it is at.
struct PolicyHead {
  std::string branch;
  std::string commit;
};
// Resolves it; an error naming the branch when it does not exist.
common::Result<PolicyHead> ResolvePolicyHead(store::Repository& repo);

// `env` (as the environment branch's own faber.yaml declares it) with its gates taken from the
// same environment in the repository's configuration (RepositoryReconciler::LoadRepositoryConfig,
// the default branch). An error when that configuration cannot be read or does not declare the
// environment: without its gates nothing deploys.
common::Result<manifests::EnvironmentConfig> WithPolicyGates(store::Repository& repo, const manifests::EnvironmentConfig& env);

// The rules a run checks: faber's built-in rules, then every *.yaml / *.yml file under `dirs`
// (faber.yaml `policies:`, in path order) as the default branch holds them, not as the gated
// commit does, so a commit cannot weaken or delete the rules it is checked against. Errors name
// the file (and line, from the policy parser).
common::Result<std::vector<checks::Rule>> LoadPolicyRules(store::Repository& repo, const std::vector<std::string>& dirs);

}  // namespace faber::reconciler
