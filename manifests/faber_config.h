#pragma once

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace faber::manifests {

// One post-deployment check: an HTTP probe or a shell command (exactly one of `http`, `command`).
struct HealthCheckConfig {
  std::string name;
  std::string http;                       // URL probed with GET
  std::string command;                    // shell command line, run in the environment's directory
  int expect_status = 200;
  std::string expect_body;                // substring the body must contain, if set
  int retries = 3;                        // attempts after the first one
  std::chrono::milliseconds interval{std::chrono::seconds(2)};  // wait before the first retry
  double backoff = 2.0;                   // each further wait is multiplied by this
  std::chrono::milliseconds max_interval{std::chrono::seconds(60)};
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};  // per attempt
};

// An external scanner run with the static checks when on PATH (tests.scanners).
struct ExternalScannerConfig {
  std::string name;                       // checkov | tfsec | trivy
  std::vector<std::string> args;          // extra arguments after faber's own
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};
  bool required = false;                  // not installed or failed: the security test fails, not warns
};

struct TestsConfig {
  std::vector<std::string> block_on{"CRITICAL", "HIGH"};
  std::vector<std::string> warn_on{"MEDIUM"};
  std::vector<std::string> skip;          // rule ids or test names not run
  std::vector<std::string> commands;      // pre-deployment test commands: exit 0 passes
  std::vector<ExternalScannerConfig> scanners;  // external scanners whose findings join the report

  // True when `name` (a test name or rule id) is listed in `skip`.
  bool Skips(const std::string& name) const { return std::find(skip.begin(), skip.end(), name) != skip.end(); }
};

// How a terraform or tofu environment drives its binary (faber.yaml `terraform:`).
struct TerraformConfig {
  std::string binary;                     // "": the engine's name (terraform | tofu) on PATH
  std::string workspace;                  // "": the environment's name; "default" keeps the default
  std::vector<std::string> backend_config;  // -backend-config values for init
  int retries = 2;                        // transient failures (throttling, timeouts) retried this often
  std::chrono::milliseconds retry_interval{std::chrono::seconds(10)};  // first wait, doubled each retry
  bool force_unlock = false;              // may force-unlock a state lock named in an error
  bool reinit = true;                     // may run init -upgrade / -reconfigure when init asks for it
  std::vector<std::string> alarms_required_for;  // resource types each needing a metric alarm after deploy
};

// What to do with a run found interrupted (faber killed mid-run) at the next start.
enum class InterruptedPolicy { kRerun, kStop };

// The deploy tool of an environment.
enum class EngineKind { kTerraform, kTofu, kCommand };

// What makes a new commit of an environment branch deploy.
enum class ApprovalMode {
  kOnMerge,    // the merge (a new head) deploys
  kOnComment,  // an approver comments `/faber deploy` (or runs `faber reconcile --approve`)
};

// Returns "terraform", "tofu" or "command", as faber.yaml spells them.
const char* EngineKindName(EngineKind kind);
// Returns "rerun" or "stop".
const char* InterruptedPolicyName(InterruptedPolicy policy);

struct EnvironmentConfig {
  std::string name;
  std::string branch;
  std::string directory = ".";            // root module / deploy directory, relative to the repo root
  EngineKind engine = EngineKind::kTerraform;
  std::map<std::string, std::string> commands;  // command engine: init, validate, plan, apply, outputs
  std::vector<std::string> var_files;
  std::optional<double> budget_monthly_usd;
  double budget_warn_share = 0.8;          // the cost test warns at or above this share of the budget
  TestsConfig tests;
  std::vector<std::string> tagging_required;
  std::string naming_pattern;
  std::vector<HealthCheckConfig> health_checks;
  std::string requires_passed;            // promotion gate: environment that must have passed
  ApprovalMode approval = ApprovalMode::kOnMerge;
  bool production = false;                // default: true for names prod/production
  InterruptedPolicy on_interrupted = InterruptedPolicy::kRerun;  // default: kStop when production
  std::vector<std::string> pass_env;      // extra variables of faber's environment handed to commands
  std::vector<std::string> pass_env_public;  // of pass_env, the ones whose values are not redacted
  std::chrono::milliseconds stage_timeout{std::chrono::minutes(60)};
  TerraformConfig terraform;              // engine: terraform | tofu only
};

// Copies onto `env` the settings that guard a deploy from `policy`, the same environment as
// faber.yaml on the repository's default branch declares it: approval, requires, budget,
// production and on_interrupted, pass_env and pass_env_public, tests.skip and tests.block_on, tagging and naming.
// A commit on an environment branch must not be able to switch off the gates it has to pass (or
// hand itself more of faber's secrets): changing them takes a merge on the default branch.
void TakeGatesFrom(const EnvironmentConfig& policy, EnvironmentConfig* env);

struct FaberConfig {
  int version = 1;
  std::string records_branch = "faber/records";
  std::vector<std::string> policies;      // directories of extra YAML policies
  std::vector<EnvironmentConfig> environments;

  // Returns the environment named `name`, or nullptr.
  const EnvironmentConfig* FindEnvironment(const std::string& name) const;
  // Returns the environment deployed from `branch` (branches are unique), or nullptr.
  const EnvironmentConfig* FindEnvironmentByBranch(const std::string& branch) const;
};

// Parses and validates faber.yaml text. `file` is used in messages only. Every error names the
// file, line, column and field path ("faber.yaml:7:5: environments[0].engine: ..."); unknown keys
// are errors. All errors found are reported together, one per line, as kInvalidInput.
common::Result<FaberConfig> ParseFaberConfig(const std::string& text, const std::string& file);

// Parses a duration such as "500ms", "2s", "1m30s", "1h"; false when malformed.
bool ParseDuration(const std::string& text, std::chrono::milliseconds* out);

}  // namespace faber::manifests
