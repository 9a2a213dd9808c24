// The pre-deployment stage: the tests that need no deploy, over the run's code model.

#include "reconciler/engines/command_engine.h"
#include "reconciler/stages/cost_check.h"
#include "reconciler/stages/stage_steps.h"
#include "reconciler/stages/stages.h"
#include "reconciler/stages/static_checks.h"

namespace faber::reconciler {
namespace {

constexpr size_t kMaxRecommendations = 10;

// Security and compliance rules and the external scanners; their failed findings become the
// report's first recommendations.
void RunRuleTests(RunContext& ctx, TestReport& report) {
  ScannerHost host{&ctx.services().runner, ctx.command_env(), ctx.services().cancel,
                   ctx.inputs().runs_code ? "" : kUntrustedHead};
  for (auto& t : RunStaticChecks(ctx.env(), ctx.CodeModel(), ctx.Rules(), ctx.inputs().checkout_dir, ctx.module_dir(), host)) {
    for (const auto& f : t.findings) {
      if (f.status == checks::FindingStatus::kFailed && report.recommendations.size() < kMaxRecommendations) {
        report.recommendations.push_back(f.address + ": " + f.recommendation);
      }
    }
    report.tests.push_back(std::move(t));
  }
}

void RunCostTest(RunContext& ctx, TestReport& report) {
  if (ctx.env().tests.Skips("cost")) return;
  auto cost = RunCostCheck(ctx.env(), ctx.CodeModel(), ctx.module_dir());
  if (!cost) return;
  ctx.summary().cost = CostFigureOf(*cost);
  if (cost->status != TestStatus::kPass) report.recommendations.push_back("cost: " + cost->message);
  report.tests.push_back(std::move(*cost));
}

// The environment's own test commands, run in the module directory; each is one test case.
void RunTestCommands(RunContext& ctx, TestReport& report) {
  const auto& commands = ctx.env().tests.commands;
  EngineContext engine_ctx = ctx.EngineContextFor(manifests::Stage::kPreDeployment);
  for (const auto& command : commands) {
    TestCaseResult t;
    t.name = command;
    t.kind = "command";
    if (ctx.env().tests.Skips(t.name) || !ctx.inputs().runs_code) {
      t.status = TestStatus::kSkip;
      t.message = ctx.inputs().runs_code ? "skipped by tests.skip" : kUntrustedHead;
      report.tests.push_back(t);
      continue;
    }
    EngineResult r = RunShellCommand(ctx.services().runner, command, engine_ctx);
    t.duration_ms = r.duration.count();
    t.status = r.ok ? TestStatus::kPass : TestStatus::kFail;
    t.message = r.detail;
    if (!r.ok) t.output = ctx.RecordedOutput(r.output);
    report.tests.push_back(t);
    if (!r.ok) report.recommendations.push_back("Fix the failing test command: " + command);
    if (ctx.Cancelled()) break;
  }
}

}  // namespace

bool RunPreDeploymentStage(RunContext& ctx) {
  ctx.NotifyStage(manifests::Stage::kPreDeployment, 0);
  auto started = ctx.services().clock.SteadyNow();
  TestReport report = StartReport(ctx, manifests::Stage::kPreDeployment);
  if (!ctx.inputs().skip_tests) {
    RunRuleTests(ctx, report);
    RunCostTest(ctx, report);
    RunTestCommands(ctx, report);
  }
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(ctx.services().clock.SteadyNow() - started);
  return FinishTestStage(ctx, manifests::Stage::kPreDeployment, std::move(report), elapsed.count());
}

}  // namespace faber::reconciler
