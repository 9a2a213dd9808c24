#pragma once

// Where an environment's gates come from: faber.yaml on the repository's default branch, which a
// commit on an environment branch cannot change (manifests::TakeGatesFrom lists the settings).

#include <string>

#include "common/status.h"
#include "manifests/faber_config.h"
#include "store/repository.h"

namespace faber::reconciler {

// `env` (as the environment branch's own faber.yaml declares it) with its gates taken from the
// same environment in the repository's configuration (RepositoryReconciler::LoadRepositoryConfig,
// the default branch). An error when that configuration cannot be read or does not declare the
// environment: without its gates nothing deploys.
common::Result<manifests::EnvironmentConfig> WithPolicyGates(store::Repository& repo, const manifests::EnvironmentConfig& env);

}  // namespace faber::reconciler
