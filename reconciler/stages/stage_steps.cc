#include "reconciler/stages/stage_steps.h"

#include <algorithm>

namespace faber::reconciler {

using manifests::Stage;
using manifests::StageStatus;

bool RunEngineOperations(RunContext& ctx, Stage stage, std::initializer_list<EngineOperation> operations) {
  ctx.NotifyStage(stage, 0);
  if (!ctx.inputs().runs_code) {
    ctx.summary().stages.push_back({stage, StageStatus::kSkipped, 0, 0, kUntrustedHead, ""});
    return true;
  }
  EngineContext engine_ctx = ctx.EngineContextFor(stage);
  RunSummary& summary = ctx.summary();
  StageRecord record{stage, StageStatus::kPassed, 0, 0, "", ""};
  std::string details;
  bool any_ran = false;
  for (const auto& op : operations) {
    EngineResult r = (ctx.services().engine.*op.run)(engine_ctx);
    record.duration_ms += r.duration.count();
    if (!r.data.is_null()) ctx.KeepEngineData(op.name, std::move(r.data));
    for (const auto& remedy : r.remedies) details += std::string(details.empty() ? "" : "; ") + op.name + " remedy: " + remedy;
    for (const auto& a : r.attempts) {
      summary.fix_attempts.push_back({ctx.env().name, ctx.inputs().commit, stage, op.name, a.remedy,
                                      ctx.RecordedOutput(a.failure_output), a.succeeded, "", "", ""});
    }
    details += std::string(details.empty() ? "" : "; ") + op.name + ": " + r.detail;
    if (!r.ran) continue;
    any_ran = true;
    std::string output = ctx.services().redactor.Redact(r.output);
    if (!output.empty()) record.output += (record.output.empty() ? "" : "\n") + output;
    if (!r.ok) {
      record.status = r.cancelled ? StageStatus::kAborted : StageStatus::kFailed;
      record.exit_code = r.exit_code;
      record.detail = std::string(op.name) + " " + r.detail;
      record.output = TailOf(record.output, kStageOutputLimit);
      summary.failure = FailureContext{ctx.env().name, ctx.inputs().commit, stage, op.name, r.exit_code, record.output};
      summary.stages.push_back(std::move(record));
      return false;
    }
  }
  // An engine with nothing to run for this stage (a command engine without these commands).
  if (!any_ran) record.status = StageStatus::kSkipped;
  record.detail = details;
  record.output = TailOf(record.output, kStageOutputLimit);
  summary.stages.push_back(std::move(record));
  return true;
}

bool FinishTestStage(RunContext& ctx, Stage stage, TestReport report, int64_t duration_ms) {
  RunSummary& summary = ctx.summary();
  StageRecord record{stage, StageStatus::kPassed, 0, duration_ms, "", ""};
  ReportVerdict verdict = report.Overall();
  record.detail = "overall " + report.OverallStatus() + ", " + std::to_string(report.tests.size()) + " test(s)";
  if (verdict == ReportVerdict::kSkipped) {
    record.status = StageStatus::kSkipped;
    record.detail = report.skipped_reason;
  }
  if (verdict == ReportVerdict::kFail) {
    record.status = ctx.Cancelled() ? StageStatus::kAborted : StageStatus::kFailed;
    record.exit_code = 1;
    for (const auto& t : report.tests) {
      if (t.status != TestStatus::kFail) continue;
      record.output += t.name + ": " + t.message + "\n" + t.output;
    }
    record.output = TailOf(record.output, kStageOutputLimit);
    summary.failure = FailureContext{ctx.env().name, ctx.inputs().commit, stage,
                                     stage == Stage::kPostDeployment ? "health_check" : "test", 1, record.output};
  }
  summary.stages.push_back(std::move(record));
  (stage == Stage::kPreDeployment ? summary.pre_report : summary.post_report) = std::move(report);
  return verdict != ReportVerdict::kFail;
}

TestReport StartReport(RunContext& ctx, Stage phase) {
  TestReport report;
  report.phase = phase;
  report.environment = ctx.env().name;
  report.commit = ctx.inputs().commit;
  report.timestamp = common::FormatIso8601(ctx.services().clock.Now());
  if (ctx.inputs().skip_tests) report.skipped_reason = "tests skipped by --skip-tests";
  return report;
}

}  // namespace faber::reconciler
