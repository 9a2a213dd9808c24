#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/cancel_token.h"
#include "common/process_runner.h"
#include "common/status.h"
#include "manifests/faber_config.h"

namespace faber::reconciler {

// Remedies a person approved for one run beyond what the engine's policy allows by itself
// (`/faber apply-fix`, `faber reconcile --apply-fix`).
struct ApprovedRemedies {
  std::string unlock_lock_id;  // force-unlock this lock, and only this one, when an error names it
  bool reinit = false;         // init -upgrade / -reconfigure when init asks for it
};

// Where and how an engine operation runs.
struct EngineContext {
  std::filesystem::path module_dir;        // the environment's directory inside the exported commit
  common::Environment env;                 // the whole environment of the commands
  std::chrono::milliseconds timeout{0};    // of each command; bounded by `deadline` too
  std::optional<std::chrono::steady_clock::time_point> deadline;  // the end of the stage, when set
  ApprovedRemedies approved;
  const common::CancelToken* cancel = nullptr;
  std::function<void(pid_t)> on_started;   // journals the process group of each command
};

// One remedy the engine ran after a command failed, and what came of it: the issue log learns
// from each (see FixAttempt).
struct RemedyAttempt {
  std::string remedy;          // retry_with_backoff | unlock_state | reinit_providers (the knowledge base's names)
  std::string failure_output;  // the output of the failure it answered, NOT yet redacted
  bool succeeded = false;      // the command succeeded after it
};

// The outcome of one engine operation. A failure is data (exit code, output), not an error.
struct EngineResult {
  bool ran = false;          // false when the engine has nothing to do for this operation
  bool ok = true;
  int exit_code = 0;
  bool timed_out = false;
  bool cancelled = false;
  std::string output;        // stdout then stderr, NOT yet redacted
  std::chrono::milliseconds duration{0};
  std::string detail;        // e.g. "exit code 1", "timed out after 600000ms", "not configured"
  // Machine-readable result where the tool offers one (the plan or state JSON, validate
  // diagnostics), null otherwise. NOT masked: it may hold sensitive values.
  nlohmann::json data;
  std::vector<std::string> remedies;  // remedies tried (or refused) during the operation, one line each
  std::vector<RemedyAttempt> attempts;  // the remedies tried, for the issue log
};

// A deploy tool, as the pipeline sees it.
class Engine {
 public:
  virtual ~Engine() = default;
  // Prepares the working directory (providers, backends).
  virtual EngineResult Init(const EngineContext& ctx) = 0;
  // Checks the code without touching infrastructure.
  virtual EngineResult Validate(const EngineContext& ctx) = 0;
  // Previews the change.
  virtual EngineResult Plan(const EngineContext& ctx) = 0;
  // Deploys.
  virtual EngineResult Apply(const EngineContext& ctx) = 0;
  // Reads the deployed outputs; `output` holds JSON when ran and ok.
  virtual EngineResult Outputs(const EngineContext& ctx) = 0;
  // Reads the deployed state; `data` holds `terraform show -json` shaped JSON when the engine
  // keeps one. Engines without a state do not run (the default).
  virtual EngineResult State(const EngineContext& ctx) {
    (void)ctx;
    EngineResult none;
    none.detail = "not configured";
    return none;
  }
  // Reads the difference between the deployed state and the real infrastructure (a refresh-only
  // plan); `data` holds the plan JSON. Engines that cannot tell do not run (the default).
  virtual EngineResult Drift(const EngineContext& ctx) {
    (void)ctx;
    EngineResult none;
    none.detail = "not configured";
    return none;
  }
};

// Builds the engine an environment asks for; the controller supplies the real one.
class EngineFactory {
 public:
  virtual ~EngineFactory() = default;
  // Returns the engine for `env`, or kInvalidInput when its engine kind is not available.
  virtual common::Result<std::unique_ptr<Engine>> Create(const manifests::EnvironmentConfig& env) = 0;
};

}  // namespace faber::reconciler
