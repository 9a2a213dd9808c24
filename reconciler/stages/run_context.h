#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/cancel_token.h"
#include "common/clock.h"
#include "common/http_client.h"
#include "common/process_runner.h"
#include "common/redactor.h"
#include "manifests/faber_config.h"
#include "reconciler/checks/rule.h"
#include "reconciler/engines/engine.h"
#include "reconciler/model/resource_model.h"
#include "reconciler/run_summary.h"

namespace faber::reconciler {

// What one run is asked to do.
struct RunInputs {
  const manifests::EnvironmentConfig* env = nullptr;
  std::string commit;
  std::string branch;
  std::string run_id;
  std::filesystem::path checkout_dir;    // the exported commit
  bool skip_tests = false;
  // The rules the run checks (faber's own plus the repository's policies, read where the gates
  // are: see LoadPolicyRules); unset: faber's own only.
  std::function<common::Result<std::vector<checks::Rule>>()> load_rules;
  ApprovedRemedies approved;             // remedies a person approved for this run
  // The last stage to run: a pull request's preview stops after kPreview (kPreDeployment for
  // `/faber test`); later stages are left out of the summary, not recorded as not run.
  manifests::Stage last_stage = manifests::Stage::kPostDeployment;
  // False for a pull request whose author is not trusted: no engine command, test command or
  // external scanner runs, so nothing from the head executes on faber's host and no secret is
  // handed to it; faber's in-process checks (HCL, rules, compliance, cost) still run.
  bool runs_code = true;
};

// Why a stage or test was not run for an untrusted head, as reports and comments say it.
inline constexpr const char* kUntrustedHead =
    "not run: the pull request's author is not trusted to run code on faber's host "
    "(a maintainer can run it with /faber plan)";

// Told each stage as it starts and each process group as it starts (pgid 0 between commands), so
// a crash can be recovered from the journal.
using StageListener = std::function<void(manifests::Stage stage, pid_t pgid)>;

// The side effects a run goes through.
struct RunServices {
  Engine& engine;
  common::ProcessRunner& runner;
  common::HttpClient& http;
  common::Clock& clock;
  common::Redactor& redactor;
  const common::CancelToken* cancel = nullptr;
  StageListener on_stage;
};

// Everything one run's stages share, built once per run: the inputs, the environment of its
// commands, the code's ResourceModel and the loaded rules (each built on first use, so every test
// reads the same model), the engine's machine-readable results, and the summary being filled.
class RunContext {
 public:
  RunContext(const RunInputs& inputs, RunServices services);

  const RunInputs& inputs() const { return inputs_; }
  const manifests::EnvironmentConfig& env() const { return *inputs_.env; }
  RunServices& services() { return services_; }
  RunSummary& summary() { return summary_; }
  // The root module inside the exported commit.
  std::filesystem::path module_dir() const { return inputs_.checkout_dir / inputs_.env->directory; }

  // The module's code as a ResourceModel (var files applied), built on the first call.
  const common::Result<ResourceModel>& CodeModel();
  // faber's rules plus the repository's policies, loaded on the first call.
  const common::Result<std::vector<checks::Rule>>& Rules();

  // Where and how an engine operation of `stage` runs; the stage's deadline starts now.
  EngineContext EngineContextFor(manifests::Stage stage);
  // The commands' environment (FABER_* variables, pass_env).
  const common::Environment& command_env() const { return command_env_; }

  // Keeps the machine-readable result of `operation` (e.g. the plan JSON), after adding what it
  // marks sensitive to the redactor.
  void KeepEngineData(const std::string& operation, nlohmann::json data);
  // The kept result of `operation`, or nullptr.
  const nlohmann::json* EngineData(const std::string& operation) const;

  // Redacts `text` and keeps its last 64 KiB, as stage outputs are recorded.
  std::string RecordedOutput(const std::string& text) const;
  // Tells the listener that `stage` (or one of its processes, `pgid`) started.
  void NotifyStage(manifests::Stage stage, pid_t pgid) const;
  bool Cancelled() const { return services_.cancel != nullptr && services_.cancel->cancelled(); }

 private:
  RunInputs inputs_;
  RunServices services_;
  RunSummary summary_;
  common::Environment command_env_;
  std::optional<common::Result<ResourceModel>> code_model_;
  std::optional<common::Result<std::vector<checks::Rule>>> rules_;
  std::map<std::string, nlohmann::json> engine_data_;
};

// Keeps the last `limit` bytes of `text`, saying how much was left out.
std::string TailOf(const std::string& text, size_t limit);

// The byte limit of each recorded stage output.
inline constexpr size_t kStageOutputLimit = 64 * 1024;

}  // namespace faber::reconciler
