// The post-deployment stage: what the deploy left, checked against the plan and the rules, and
// the health checks.

#include "reconciler/checks/deployment_checks.h"
#include "reconciler/checks/health_checker.h"
#include "reconciler/plan/sensitive.h"
#include "reconciler/stages/stage_steps.h"
#include "reconciler/stages/stages.h"

namespace faber::reconciler {
namespace {

TestCaseResult FailedCase(const std::string& name, const std::string& kind, const std::string& message) {
  TestCaseResult t;
  t.name = name;
  t.kind = kind;
  t.status = TestStatus::kFail;
  t.message = message;
  return t;
}

// The checks of the deployed state: resources exist and are configured as planned, the security
// posture holds, the required alarms exist. None when the engine keeps no state.
std::vector<TestCaseResult> RunStateChecks(RunContext& ctx, const EngineContext& engine_ctx) {
  std::vector<TestCaseResult> tests;
  EngineResult state = ctx.services().engine.State(engine_ctx);
  if (!state.ran) return tests;
  if (!state.ok) {
    tests.push_back(FailedCase("state", "post-deployment", "the state could not be read: " + state.detail));
    tests.back().duration_ms = state.duration.count();
    tests.back().output = ctx.RecordedOutput(state.output);
    return tests;
  }
  common::Redactor& redactor = ctx.services().redactor;
  for (const auto& secret : plan::CollectSensitiveValues(state.data)) redactor.AddSecretValue(secret);
  const manifests::TestsConfig& config = ctx.env().tests;
  if (const nlohmann::json* plan = ctx.EngineData("plan")) {
    if (!config.Skips("resource-existence")) tests.push_back(CheckResourcesExist(*plan, state.data));
    if (!config.Skips("configuration")) tests.push_back(CheckConfiguration(*plan, state.data));
  }
  if (!config.Skips("security-posture")) {
    // The repository's own policies hold for what is deployed as for what is planned.
    const auto& rules = ctx.Rules();
    tests.push_back(rules.ok() ? CheckSecurityPosture(state.data, config, *rules)
                               : FailedCase("security-posture", "post-deployment", rules.status().message()));
  }
  const auto& alarmed = ctx.env().terraform.alarms_required_for;
  if (!alarmed.empty() && !config.Skips("monitoring")) tests.push_back(CheckMonitoring(state.data, alarmed));
  for (auto& t : tests) RedactCase(t, redactor);
  return tests;
}

void RunHealthChecks(RunContext& ctx, const EngineContext& engine_ctx, TestReport& report) {
  RunServices& s = ctx.services();
  HealthChecker checker(s.http, s.runner, s.clock, s.redactor);
  for (const auto& check : ctx.env().health_checks) {
    if (ctx.env().tests.Skips(check.name)) {
      TestCaseResult skipped;
      skipped.name = check.name;
      skipped.kind = check.http.empty() ? "command" : "http";
      skipped.status = TestStatus::kSkip;
      skipped.message = "skipped by tests.skip";
      report.tests.push_back(std::move(skipped));
      continue;
    }
    TestCaseResult t = checker.Run(check, engine_ctx);
    if (t.status == TestStatus::kFail) {
      report.recommendations.push_back("Health check '" + check.name + "' failed: check the deployed service and " +
                                       (check.http.empty() ? "the command " + check.command : "the URL " + check.http));
    }
    report.tests.push_back(std::move(t));
    if (ctx.Cancelled()) break;
  }
}

}  // namespace

bool RunPostDeploymentStage(RunContext& ctx) {
  ctx.NotifyStage(manifests::Stage::kPostDeployment, 0);
  auto started = ctx.services().clock.SteadyNow();
  EngineContext engine_ctx = ctx.EngineContextFor(manifests::Stage::kPostDeployment);
  TestReport report = StartReport(ctx, manifests::Stage::kPostDeployment);
  if (!ctx.inputs().skip_tests) {
    for (auto& t : RunStateChecks(ctx, engine_ctx)) {
      if (t.status == TestStatus::kFail) report.recommendations.push_back(t.name + ": " + t.message);
      report.tests.push_back(std::move(t));
    }
    RunHealthChecks(ctx, engine_ctx, report);
  }
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(ctx.services().clock.SteadyNow() - started);
  return FinishTestStage(ctx, manifests::Stage::kPostDeployment, std::move(report), elapsed.count());
}

}  // namespace faber::reconciler
