#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "manifests/faber_config.h"
#include "reconciler/test_report.h"

namespace faber::reconciler {

// The pre-deployment static checks of one environment, before any plan exists: the rule engine
// (faber's policy packs plus the repository's `policies` directories) and the tagging, naming and
// best-practice gates over the Terraform module at `module_dir`, honouring tests.skip. Returns two
// report test cases, "security" and "compliance": FAIL when a finding of a tests.block_on severity
// failed, WARN for tests.warn_on, else PASS; or nothing when the module holds no Terraform files.
std::vector<TestCaseResult> RunStaticChecks(const manifests::EnvironmentConfig& env,
                                            const std::filesystem::path& checkout_dir,
                                            const std::filesystem::path& module_dir,
                                            const std::vector<std::string>& policy_dirs);

}  // namespace faber::reconciler
