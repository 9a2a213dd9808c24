#pragma once

#include <string>

#include "common/process_runner.h"
#include "common/redactor.h"
#include "manifests/faber_config.h"

namespace faber::reconciler {

// Returns the whole environment deploy commands run with: a few basics of faber's own
// environment (PATH, HOME, USER, LANG, LC_ALL, TZ, TMPDIR), the variables the environment lists in
// `pass_env`, and FABER_ENV, FABER_COMMIT, FABER_BRANCH, FABER_RUN_ID. Nothing else leaks through.
// The values of every pass_env variable not in pass_env_public, and of any variable with a
// secret-looking name, are added to `redactor`.
common::Environment BuildCommandEnvironment(const manifests::EnvironmentConfig& env, const std::string& commit,
                                            const std::string& branch, const std::string& run_id,
                                            common::Redactor& redactor);

}  // namespace faber::reconciler
