// The preview stage: the engine's plan, its summary, and the pre-deployment tests over its values.

#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/plan_summary.h"
#include "reconciler/stages/cost_check.h"
#include "reconciler/stages/plan_checks.h"
#include "reconciler/stages/stage_steps.h"
#include "reconciler/stages/stages.h"

namespace faber::reconciler {
namespace {

// The plan's change summary, masked, as JSON for the records and Markdown for a comment.
void SummarizePlan(RunContext& ctx, const nlohmann::json& plan) {
  const common::Redactor& redactor = ctx.services().redactor;
  plan::PlanSummary summary = plan::SummarizePlan(plan::PlanDocumentOf(plan));
  ctx.summary().plan_summary = nlohmann::json::parse(redactor.Redact(summary.ToJson().dump()), nullptr, false);
  ctx.summary().plan_markdown = redactor.Redact(plan::RenderPlanMarkdown(summary, {"Plan for " + ctx.env().name}));
}

// Runs the security, compliance and cost tests over the plan's values into the pre-deployment
// report; false (the preview stage failed) when one of them fails.
bool CheckPlan(RunContext& ctx, const nlohmann::json& plan) {
  RunSummary& summary = ctx.summary();
  if (ctx.inputs().skip_tests || !summary.pre_report) return true;
  const common::Redactor& redactor = ctx.services().redactor;
  StageRecord& record = summary.stages.back();
  std::string failed;
  for (auto& t : RunPlanChecks(ctx.env(), plan, ctx.CodeModel(), ctx.Rules(), ctx.inputs().checkout_dir)) {
    // Plan values the tool did not mark sensitive can still hold a known secret.
    RedactCase(t, redactor);
    record.detail += "; " + t.name + ": " + TestStatusName(t.status);
    if (auto figure = CostFigureOf(t)) summary.cost = figure;
    if (t.status == TestStatus::kFail) {
      failed += t.name + ": " + t.message + "\n";
      summary.pre_report->recommendations.push_back(t.name + ": " + t.message);
    }
    summary.pre_report->tests.push_back(std::move(t));
  }
  if (failed.empty()) return true;
  // The plan is not deployed: what it would create fails the pre-deployment tests.
  record.status = manifests::StageStatus::kFailed;
  record.exit_code = 1;
  record.output = TailOf(record.output + (record.output.empty() ? "" : "\n") + failed, kStageOutputLimit);
  summary.failure = FailureContext{ctx.env().name, ctx.inputs().commit, manifests::Stage::kPreview, "plan-checks", 1, failed};
  return false;
}

}  // namespace

bool RunPreviewStage(RunContext& ctx) {
  bool ok = RunEngineOperations(ctx, manifests::Stage::kPreview, {{"plan", &Engine::Plan}});
  const nlohmann::json* plan = ctx.EngineData("plan");
  if (plan == nullptr) return ok;
  SummarizePlan(ctx, *plan);
  return ok && CheckPlan(ctx, *plan);
}

}  // namespace faber::reconciler
