#include "reconciler/pipeline.h"

#include "reconciler/stages/stage_table.h"

namespace faber::reconciler {

using manifests::Stage;
using manifests::StageStatus;
using manifests::RunStatus;

RunSummary Pipeline::Run(const RunInputs& inputs) {
  RunContext ctx(inputs, services_);
  RunSummary& summary = ctx.summary();
  bool ok = true;
  for (const StageEntry& entry : kStages) {
    if (manifests::StageIndex(entry.stage) > manifests::StageIndex(inputs.last_stage)) break;
    if (!ok) {
      summary.stages.push_back({entry.stage, StageStatus::kNotRun, 0, 0, "", ""});
      continue;
    }
    if (ctx.Cancelled()) {
      summary.stages.push_back({entry.stage, StageStatus::kAborted, 0, 0, "shutdown requested before the stage started", ""});
      summary.failure = FailureContext{inputs.env->name, inputs.commit, entry.stage, "shutdown", -1, ""};
      ok = false;
      continue;
    }
    ok = entry.run(ctx);
  }
  summary.status = ok ? RunStatus::kSucceeded : summary.AnyAborted() ? RunStatus::kAborted : RunStatus::kFailed;
  return std::move(summary);
}

}  // namespace faber::reconciler
