#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/process_runner.h"
#include "reconciler/engines/command_engine.h"
#include "reconciler/engines/engine.h"
#include "reconciler/engines/terraform_errors.h"

namespace faber::reconciler {

// What the engine may do by itself when a command fails (faber.yaml `terraform:`).
struct RemedyPolicy {
  int retries = 2;                                          // transient failures retried this often
  std::chrono::milliseconds retry_interval{std::chrono::seconds(10)};  // first wait; doubles each time
  bool force_unlock = false;  // force-unlock a lock named in the error, then run again once
  bool reinit = true;         // init -upgrade / -reconfigure when init asks for it
};

// How one environment drives terraform or tofu.
struct TerraformSettings {
  std::string binary = "terraform";          // a name looked up on the environment's PATH, or a path
  std::string workspace;                     // "" or "default": the default workspace
  std::vector<std::string> backend_config;   // -backend-config values for init
  std::vector<std::string> var_files;        // -var-file values, relative to the module directory
  std::string plan_file = ".faber.tfplan";   // the saved plan, relative to the module directory
  RemedyPolicy remedies;
};

// The terraform/tofu engine. Each operation is one or more CLI commands run in the module
// directory with exactly the context's environment (plus TF_IN_AUTOMATION, TF_INPUT=0 and
// CHECKPOINT_DISABLE), as its own process group with the context's timeout:
//   Init      init -input=false -no-color [-backend-config=...], then workspace select|new
//   Validate  validate -json -no-color (diagnostics parsed; `data` holds them)
//   Plan      plan -input=false -no-color -out=PLAN [-var-file=...], then show -json PLAN (`data`;
//             the JSON goes through a file, never the output cap, up to kMaxEngineJsonBytes)
//   Apply     apply -input=false -no-color PLAN, only the plan made by Plan and only unchanged
//   Outputs   output -json -no-color
//   State     show -json -no-color (`data`)
//   Drift     plan -refresh-only -input=false -no-color -out=DRIFT, then show -json DRIFT (`data`)
// Failures are classified (terraform_errors.h) and remedied as the policy allows.
class TerraformEngine : public Engine {
 public:
  TerraformEngine(TerraformSettings settings, common::ProcessRunner& runner, common::Clock& clock)
      : settings_(std::move(settings)), runner_(runner), clock_(clock) {}

  EngineResult Init(const EngineContext& ctx) override;
  EngineResult Validate(const EngineContext& ctx) override;
  EngineResult Plan(const EngineContext& ctx) override;
  EngineResult Apply(const EngineContext& ctx) override;
  EngineResult Outputs(const EngineContext& ctx) override;
  EngineResult State(const EngineContext& ctx) override;
  EngineResult Drift(const EngineContext& ctx) override;

 private:
  // Runs `binary args...` once; `stdout_only`, when set, receives stdout alone (for -json);
  // `to_file`, when set, receives it instead (plan and state JSON, beyond the output cap).
  EngineResult RunOnce(const std::vector<std::string>& args, const EngineContext& ctx,
                       std::string* stdout_only = nullptr, const StdoutFile* to_file = nullptr);
  // Runs with the remedies of the policy: retries, force-unlock (`lockable` commands only).
  EngineResult Run(const std::vector<std::string>& args, const EngineContext& ctx, bool lockable,
                   std::string* stdout_only = nullptr, const StdoutFile* to_file = nullptr);
  // Runs `show -json [PLAN]` with stdout to a file in the module directory and returns its text.
  common::Result<std::string> ShowJson(const std::vector<std::string>& args, const EngineContext& ctx, bool retried,
                                       EngineResult& show);
  EngineResult PlanTo(const std::string& file, const std::vector<std::string>& extra, const EngineContext& ctx);
  std::vector<std::string> InitArgs(const std::string& remedy_flag) const;

  TerraformSettings settings_;
  common::ProcessRunner& runner_;
  common::Clock& clock_;
  std::optional<std::string> planned_digest_;  // SHA-256 of the saved plan made by Plan
};

// Returns the SHA-256 of the file at `path` as hex, or "" when it cannot be read.
std::string FileDigest(const std::filesystem::path& path);

}  // namespace faber::reconciler
