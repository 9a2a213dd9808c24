#include "reconciler/pipeline.h"

#include "reconciler/cost_check.h"
#include "reconciler/plan_checks.h"
#include "reconciler/static_checks.h"

#include <algorithm>

#include "reconciler/checks/deployment_checks.h"
#include "reconciler/checks/health_checker.h"
#include "reconciler/command_environment.h"
#include "reconciler/engines/command_engine.h"
#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/plan_summary.h"
#include "reconciler/plan/sensitive.h"

namespace faber::reconciler {
namespace {

constexpr size_t kStageOutputLimit = 64 * 1024;

std::string Tail(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  return "[... " + std::to_string(text.size() - limit) + " bytes omitted ...]\n" + text.substr(text.size() - limit);
}

int64_t MillisBetween(common::TimePoint a, common::TimePoint b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

}  // namespace

nlohmann::json MaskOutputs(const nlohmann::json& outputs, const common::Redactor& redactor) {
  if (!outputs.is_object()) return nlohmann::json::parse(redactor.Redact(outputs.dump()), nullptr, false);
  nlohmann::json masked = nlohmann::json::object();
  for (const auto& [name, entry] : outputs.items()) {
    if (entry.is_object() && entry.value("sensitive", false)) {
      masked[name] = {{"value", common::Redactor::kMask}, {"sensitive", true}};
    } else {
      masked[name] = nlohmann::json::parse(redactor.Redact(entry.dump()), nullptr, false);
    }
  }
  return masked;
}

EngineContext Pipeline::ContextFor(const std::string& stage, const PipelineInputs& inputs,
                                   const common::Environment& env) {
  EngineContext ctx;
  ctx.module_dir = inputs.checkout_dir / inputs.env->directory;
  ctx.env = env;
  ctx.timeout = inputs.env->stage_timeout;
  if (ctx.timeout.count() > 0) ctx.deadline = std::chrono::steady_clock::now() + ctx.timeout;
  ctx.approved = inputs.approved;
  ctx.cancel = cancel_;
  ctx.on_started = [this, stage](pid_t pgid) {
    if (on_stage_) on_stage_(stage, pgid);
  };
  return ctx;
}

bool Pipeline::RunEngineStage(
    const std::string& stage,
    const std::vector<std::pair<std::string, EngineResult (Engine::*)(const EngineContext&)>>& ops,
    const EngineContext& ctx, RunOutcome& outcome, const PipelineInputs& inputs) {
  if (on_stage_) on_stage_(stage, 0);
  StageRecord record{stage, "passed", 0, 0, "", ""};
  std::vector<std::string> details;
  for (const auto& [operation, method] : ops) {
    EngineResult r = (engine_.*method)(ctx);
    record.duration_ms += r.duration.count();
    if (!r.data.is_null()) {
      // What the tool marks sensitive is masked in every later output of this run.
      for (const auto& secret : plan::CollectSensitiveValues(r.data)) redactor_.AddSecretValue(secret);
      engine_data_[operation] = std::move(r.data);
    }
    for (const auto& remedy : r.remedies) details.push_back(operation + " remedy: " + remedy);
    for (const auto& a : r.attempts) {
      outcome.fix_attempts.push_back({inputs.env->name, inputs.commit, stage, operation, a.remedy,
                                      Tail(redactor_.Redact(a.failure_output), kStageOutputLimit), a.succeeded, "", "", ""});
    }
    if (!r.ran) {
      details.push_back(operation + ": " + r.detail);
      continue;
    }
    std::string output = redactor_.Redact(r.output);
    if (!output.empty()) record.output += (record.output.empty() ? "" : "\n") + output;
    details.push_back(operation + ": " + r.detail);
    if (!r.ok) {
      record.status = r.cancelled ? "aborted" : "failed";
      record.exit_code = r.exit_code;
      record.detail = operation + " " + r.detail;
      record.output = Tail(record.output, kStageOutputLimit);
      outcome.stages.push_back(record);
      outcome.failure = FailureContext{inputs.env->name, inputs.commit, stage, operation, r.exit_code, record.output};
      return false;
    }
  }
  bool all_skipped = std::all_of(details.begin(), details.end(),
                                 [](const std::string& d) { return d.find("not configured") != std::string::npos; });
  if (all_skipped) record.status = "skipped";
  std::string joined;
  for (const auto& d : details) joined += (joined.empty() ? "" : "; ") + d;
  record.detail = joined;
  record.output = Tail(record.output, kStageOutputLimit);
  outcome.stages.push_back(record);
  return true;
}

TestReport Pipeline::RunPreDeploymentTests(const PipelineInputs& inputs, const EngineContext& ctx) {
  TestReport report{kStagePreDeployment, inputs.env->name, inputs.commit, common::FormatIso8601(clock_.Now()), "", {}, {}};
  if (inputs.skip_tests) {
    report.skipped_reason = "tests skipped by --skip-tests";
    return report;
  }
  for (auto& t : RunStaticChecks(*inputs.env, inputs.checkout_dir, inputs.checkout_dir / inputs.env->directory,
                                 inputs.policy_dirs, ScannerHost{&runner_, ctx.env, cancel_})) {
    for (const auto& f : t.findings) {
      if (f["status"] == "FAILED" && report.recommendations.size() < 10) {
        report.recommendations.push_back(f["resource"].get<std::string>() + ": " + f["recommendation"].get<std::string>());
      }
    }
    report.tests.push_back(std::move(t));
  }
  if (!inputs.env->tests.Skips("cost")) {
    if (auto cost = RunCostCheck(*inputs.env, inputs.checkout_dir / inputs.env->directory)) {
      if (cost->status != TestStatus::kPass) report.recommendations.push_back("cost: " + cost->message);
      report.tests.push_back(std::move(*cost));
    }
  }
  const auto& commands = inputs.env->tests.commands;
  for (size_t i = 0; i < commands.size(); ++i) {
    TestCaseResult t;
    t.name = commands[i];
    t.kind = "command";
    if (inputs.env->tests.Skips(t.name)) {
      t.status = TestStatus::kSkip;
      t.message = "skipped by tests.skip";
      report.tests.push_back(t);
      continue;
    }
    EngineResult r = RunShellCommand(runner_, commands[i], ctx);
    t.duration_ms = r.duration.count();
    t.status = r.ok ? TestStatus::kPass : TestStatus::kFail;
    t.message = r.detail;
    if (!r.ok) t.output = Tail(redactor_.Redact(r.output), kStageOutputLimit);
    report.tests.push_back(t);
    if (!r.ok) report.recommendations.push_back("Fix the failing test command: " + commands[i]);
    if (Cancelled()) break;
  }
  return report;
}

TestReport Pipeline::RunPostDeploymentTests(const PipelineInputs& inputs, const EngineContext& ctx) {
  TestReport report{kStagePostDeployment, inputs.env->name, inputs.commit, common::FormatIso8601(clock_.Now()), "", {}, {}};
  if (inputs.skip_tests) {
    report.skipped_reason = "tests skipped by --skip-tests";
    return report;
  }
  for (auto& t : RunStateChecks(inputs, ctx)) {
    if (t.status == TestStatus::kFail) report.recommendations.push_back(t.name + ": " + t.message);
    report.tests.push_back(std::move(t));
  }
  HealthChecker checker(http_, runner_, clock_, redactor_);
  for (const auto& check : inputs.env->health_checks) {
    if (inputs.env->tests.Skips(check.name)) {
      report.tests.push_back({check.name, check.http.empty() ? "command" : "http", TestStatus::kSkip,
                              "skipped by tests.skip", nlohmann::json::array(), 0, ""});
      continue;
    }
    TestCaseResult t = checker.Run(check, ctx);
    if (t.status == TestStatus::kFail) {
      report.recommendations.push_back("Health check '" + check.name + "' failed: check the deployed service and " +
                                       (check.http.empty() ? "the command " + check.command : "the URL " + check.http));
    }
    report.tests.push_back(std::move(t));
    if (Cancelled()) break;
  }
  return report;
}

bool Pipeline::FinishTestStage(const std::string& stage, const TestReport& report, int64_t duration_ms,
                               RunOutcome& outcome, const PipelineInputs& inputs) {
  StageRecord record{stage, "passed", 0, duration_ms, "", ""};
  std::string overall = report.OverallStatus();
  record.detail = "overall " + overall + ", " + std::to_string(report.tests.size()) + " test(s)";
  if (overall == "SKIPPED") record.status = "skipped", record.detail = report.skipped_reason;
  if (overall == "FAIL") {
    record.status = Cancelled() ? "aborted" : "failed";
    record.exit_code = 1;
    for (const auto& t : report.tests) {
      if (t.status != TestStatus::kFail) continue;
      record.output += t.name + ": " + t.message + "\n" + t.output;
    }
    record.output = Tail(record.output, kStageOutputLimit);
    outcome.failure = FailureContext{inputs.env->name, inputs.commit, stage,
                                     stage == kStagePostDeployment ? "health_check" : "test", 1, record.output};
  }
  outcome.stages.push_back(record);
  return overall != "FAIL";
}

nlohmann::json Pipeline::ReadOutputs(const EngineContext& ctx) {
  EngineResult r = engine_.Outputs(ctx);
  if (!r.ran || !r.ok) return nullptr;
  auto parsed = nlohmann::json::parse(r.output, nullptr, false);
  if (parsed.is_discarded()) return {{"error", "outputs are not JSON"}};
  return MaskOutputs(parsed, redactor_);
}

void Pipeline::AttachPlanSummary(const PipelineInputs& inputs, RunOutcome& outcome) {
  auto plan = engine_data_.find("plan");
  if (plan == engine_data_.end()) return;
  plan::PlanSummary summary = plan::SummarizePlan(plan::PlanDocumentOf(plan->second));
  outcome.plan_summary = nlohmann::json::parse(redactor_.Redact(summary.ToJson().dump()), nullptr, false);
  outcome.preview_markdown = redactor_.Redact(plan::RenderPlanMarkdown(summary, {"Plan for " + inputs.env->name}));
}

bool Pipeline::CheckPlan(const PipelineInputs& inputs, RunOutcome& outcome) {
  auto plan = engine_data_.find("plan");
  if (plan == engine_data_.end() || inputs.skip_tests || !outcome.pre_report) return true;
  StageRecord& record = outcome.stages.back();
  std::string failed;
  for (auto& t : RunPlanChecks(*inputs.env, plan->second, inputs.checkout_dir, inputs.policy_dirs)) {
    // Plan values the tool did not mark sensitive can still hold a known secret.
    t.findings = nlohmann::json::parse(redactor_.Redact(t.findings.dump()), nullptr, false);
    t.message = redactor_.Redact(t.message);
    record.detail += "; " + t.name + ": " + TestStatusName(t.status);
    if (t.status == TestStatus::kFail) {
      failed += t.name + ": " + t.message + "\n";
      outcome.pre_report->recommendations.push_back(t.name + ": " + t.message);
    }
    outcome.pre_report->tests.push_back(std::move(t));
  }
  if (failed.empty()) return true;
  // The plan is not deployed: what it would create fails the pre-deployment tests.
  record.status = "failed";
  record.exit_code = 1;
  record.output = Tail(record.output + (record.output.empty() ? "" : "\n") + failed, kStageOutputLimit);
  outcome.failure = FailureContext{inputs.env->name, inputs.commit, kStagePreview, "plan-checks", 1, failed};
  return false;
}

std::vector<TestCaseResult> Pipeline::RunStateChecks(const PipelineInputs& inputs, const EngineContext& ctx) {
  std::vector<TestCaseResult> tests;
  EngineResult state = engine_.State(ctx);
  if (!state.ran) return tests;
  if (!state.ok) {
    tests.push_back({"state", "post-deployment", TestStatus::kFail, "the state could not be read: " + state.detail,
                     nlohmann::json::array(), state.duration.count(), Tail(redactor_.Redact(state.output), kStageOutputLimit)});
    return tests;
  }
  for (const auto& secret : plan::CollectSensitiveValues(state.data)) redactor_.AddSecretValue(secret);
  auto plan = engine_data_.find("plan");
  if (plan != engine_data_.end()) {
    for (const char* name : {"resource-existence", "configuration"}) {
      if (inputs.env->tests.Skips(name)) continue;
      tests.push_back(std::string(name) == "configuration" ? CheckConfiguration(plan->second, state.data)
                                                             : CheckResourcesExist(plan->second, state.data));
    }
  }
  if (!inputs.env->tests.Skips("security-posture")) {
    // The repository's own policies hold for what is deployed as for what is planned.
    auto rules = LoadRules(inputs.checkout_dir, inputs.policy_dirs);
    tests.push_back(rules.ok() ? CheckSecurityPosture(state.data, inputs.env->tests, *rules)
                               : TestCaseResult{"security-posture", "post-deployment", TestStatus::kFail,
                                                rules.status().message(), nlohmann::json::array(), 0, ""});
  }
  const auto& alarmed = inputs.env->terraform.alarms_required_for;
  if (!alarmed.empty() && !inputs.env->tests.Skips("monitoring")) tests.push_back(CheckMonitoring(state.data, alarmed));
  for (auto& t : tests) t.findings = nlohmann::json::parse(redactor_.Redact(t.findings.dump()), nullptr, false);
  return tests;
}

RunOutcome Pipeline::Run(const PipelineInputs& inputs) {
  RunOutcome outcome;
  common::Environment env =
      BuildCommandEnvironment(*inputs.env, inputs.commit, inputs.branch, inputs.run_id, redactor_);
  bool ok = true;
  for (const std::string stage : kStageOrder) {
    if (!ok) {
      outcome.stages.push_back({stage, "not_run", 0, 0, "", ""});
      continue;
    }
    if (Cancelled()) {
      outcome.stages.push_back({stage, "aborted", 0, 0, "shutdown requested before the stage started", ""});
      outcome.failure = FailureContext{inputs.env->name, inputs.commit, stage, "shutdown", -1, ""};
      ok = false;
      continue;
    }
    EngineContext ctx = ContextFor(stage, inputs, env);
    auto started = clock_.Now();
    if (stage == kStageValidate) {
      ok = RunEngineStage(stage, {{"init", &Engine::Init}, {"validate", &Engine::Validate}}, ctx, outcome, inputs);
    } else if (stage == kStagePreview) {
      ok = RunEngineStage(stage, {{"plan", &Engine::Plan}}, ctx, outcome, inputs);
      AttachPlanSummary(inputs, outcome);
      if (ok) ok = CheckPlan(inputs, outcome);
    } else if (stage == kStageDeploy) {
      ok = RunEngineStage(stage, {{"apply", &Engine::Apply}}, ctx, outcome, inputs);
      if (ok) outcome.outputs = ReadOutputs(ctx);
    } else {
      if (on_stage_) on_stage_(stage, 0);
      bool pre = stage == kStagePreDeployment;
      TestReport report = pre ? RunPreDeploymentTests(inputs, ctx) : RunPostDeploymentTests(inputs, ctx);
      ok = FinishTestStage(stage, report, MillisBetween(started, clock_.Now()), outcome, inputs);
      (pre ? outcome.pre_report : outcome.post_report) = std::move(report);
    }
  }
  bool aborted = std::any_of(outcome.stages.begin(), outcome.stages.end(),
                             [](const StageRecord& s) { return s.status == "aborted"; });
  outcome.status = ok ? "succeeded" : (aborted ? "aborted" : "failed");
  return outcome;
}

}  // namespace faber::reconciler
