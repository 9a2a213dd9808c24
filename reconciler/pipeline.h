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
#include "reconciler/engines/engine.h"
#include "reconciler/failure_debugger.h"
#include "reconciler/test_report.h"

namespace faber::reconciler {

// What one stage did; `output` is redacted and limited to its last 64 KiB.
struct StageRecord {
  std::string name;
  std::string status;  // passed | failed | skipped | not_run | aborted
  int exit_code = 0;
  int64_t duration_ms = 0;
  std::string detail;
  std::string output;
};

// The result of one pipeline run, ready to be recorded.
struct RunOutcome {
  std::string status;  // succeeded | failed | aborted
  std::vector<StageRecord> stages;
  std::optional<TestReport> pre_report;
  std::optional<TestReport> post_report;
  std::optional<FailureContext> failure;  // the failed stage, for the record and the debugger
  nlohmann::json outputs;                 // engine outputs (sensitive values masked), null if none
  nlohmann::json plan_summary;            // the previewed plan's summary (masked), null if none
  std::string preview_markdown;           // the same as Markdown for a comment, "" if none
  std::vector<FixAttempt> fix_attempts;   // the remedies the engine ran, for the issue log
};

struct PipelineInputs {
  const manifests::EnvironmentConfig* env = nullptr;
  std::string commit;
  std::string branch;
  std::string run_id;
  std::filesystem::path checkout_dir;  // the exported commit
  bool skip_tests = false;
  std::vector<std::string> policy_dirs;  // faber.yaml policies, relative to the repository root
  ApprovedRemedies approved;             // remedies a person approved for this run
};

// The per-environment pipeline: validate, pre-deployment tests, preview, deploy, post-deployment
// tests. The first failing stage ends the run; later stages are recorded as not run.
class Pipeline {
 public:
  // `on_stage` is told each stage as it starts and each process group as it starts (pgid 0
  // between commands), so a crash can be recovered from the journal.
  using StageListener = std::function<void(const std::string& stage, pid_t pgid)>;

  Pipeline(Engine& engine, common::ProcessRunner& runner, common::HttpClient& http, common::Clock& clock,
           common::Redactor& redactor, const common::CancelToken* cancel, StageListener on_stage)
      : engine_(engine), runner_(runner), http_(http), clock_(clock), redactor_(redactor), cancel_(cancel),
        on_stage_(std::move(on_stage)) {}

  // Runs every stage for `inputs`; never throws, every failure is in the outcome.
  RunOutcome Run(const PipelineInputs& inputs);

 private:
  EngineContext ContextFor(const std::string& stage, const PipelineInputs& inputs, const common::Environment& env);
  bool RunEngineStage(const std::string& stage, const std::vector<std::pair<std::string, EngineResult (Engine::*)(const EngineContext&)>>& ops,
                      const EngineContext& ctx, RunOutcome& outcome, const PipelineInputs& inputs);
  TestReport RunPreDeploymentTests(const PipelineInputs& inputs, const EngineContext& ctx);
  TestReport RunPostDeploymentTests(const PipelineInputs& inputs, const EngineContext& ctx);
  bool FinishTestStage(const std::string& stage, const TestReport& report, int64_t duration_ms, RunOutcome& outcome,
                       const PipelineInputs& inputs);
  nlohmann::json ReadOutputs(const EngineContext& ctx);
  void AttachPlanSummary(const PipelineInputs& inputs, RunOutcome& outcome);
  // Runs the security, compliance and cost tests over the plan's values into the pre-deployment
  // report; false (the preview stage failed) when one of them fails.
  bool CheckPlan(const PipelineInputs& inputs, RunOutcome& outcome);
  std::vector<TestCaseResult> RunStateChecks(const PipelineInputs& inputs, const EngineContext& ctx);
  bool Cancelled() const { return cancel_ != nullptr && cancel_->cancelled(); }

  Engine& engine_;
  common::ProcessRunner& runner_;
  common::HttpClient& http_;
  common::Clock& clock_;
  common::Redactor& redactor_;
  const common::CancelToken* cancel_;
  StageListener on_stage_;
  std::map<std::string, nlohmann::json> engine_data_;  // operation -> its machine-readable result
};

// Masks the values of outputs marked sensitive in `terraform output -json` shaped JSON
// ({"name": {"value": ..., "sensitive": true}}) and redacts the rest.
nlohmann::json MaskOutputs(const nlohmann::json& outputs, const common::Redactor& redactor);

}  // namespace faber::reconciler
