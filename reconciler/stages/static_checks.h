#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/cancel_token.h"
#include "common/process_runner.h"
#include "manifests/faber_config.h"
#include "reconciler/checks/rule.h"
#include "reconciler/checks/scanner.h"
#include "reconciler/model/resource_model.h"
#include "reconciler/stages/test_report.h"

namespace faber::reconciler {

// faber's rules plus those of the repository's `policies` directories (relative to `checkout_dir`);
// kInvalidInput naming the policy file that does not load.
common::Result<std::vector<checks::Rule>> LoadRules(const std::filesystem::path& checkout_dir,
                                                    const std::vector<std::string>& policy_dirs);

// Runs `rules` and the environment's tagging, naming and production gates over `model`, honouring tests.skip.
checks::ScanResult ScanModel(const manifests::EnvironmentConfig& env, const ResourceModel& model,
                             const std::vector<checks::Rule>& rules);

// The two report cases of a scan, "security<suffix>" and "compliance<suffix>", graded by
// tests.block_on and tests.warn_on; file paths relative to `checkout_dir`.
std::vector<TestCaseResult> SummarizeScan(const checks::ScanResult& result, const manifests::TestsConfig& tests,
                                          const std::filesystem::path& checkout_dir, const std::string& suffix);

// What the external scanners of tests.scanners run with.
struct ScannerHost {
  common::ProcessRunner* runner = nullptr;     // nullptr: enabled scanners are reported as not run
  common::Environment env;                     // their whole environment; PATH is where they are found
  const common::CancelToken* cancel = nullptr;
  std::string withheld;  // non-empty: no scanner runs, each is reported skipped for this reason
};

// The pre-deployment static checks of one environment, before any plan exists: `rules` (faber's
// policy packs plus the repository's `policies` directories) and the tagging, naming and
// best-practice gates over `model`, the Terraform module at `module_dir`, honouring tests.skip. Returns two
// report test cases, "security" and "compliance": FAIL when a finding of a tests.block_on severity
// failed, WARN for tests.warn_on, else PASS; or nothing when the module holds no Terraform files.
// The external scanners of tests.scanners found on PATH are run over the module too: their
// findings join "security" (one finding reported by faber and a scanner counts once), and each
// enabled scanner adds a test case "scanner:<name>": PASS when it ran, WARN when it is not
// installed or failed (FAIL when `required`), with the reason.
std::vector<TestCaseResult> RunStaticChecks(const manifests::EnvironmentConfig& env,
                                            const common::Result<ResourceModel>& model,
                                            const common::Result<std::vector<checks::Rule>>& rules,
                                            const std::filesystem::path& checkout_dir,
                                            const std::filesystem::path& module_dir,
                                            const ScannerHost& scanners = {});

// RunStaticChecks with the model built from `module_dir` and the rules loaded here, for callers
// that run no pipeline (one-off checks, tests).
std::vector<TestCaseResult> RunStaticChecks(const manifests::EnvironmentConfig& env,
                                            const std::filesystem::path& checkout_dir,
                                            const std::filesystem::path& module_dir,
                                            const std::vector<std::string>& policy_dirs,
                                            const ScannerHost& scanners = {});

}  // namespace faber::reconciler
