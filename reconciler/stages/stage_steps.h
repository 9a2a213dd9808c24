#pragma once

#include <initializer_list>

#include "reconciler/engines/engine.h"
#include "reconciler/stages/run_context.h"
#include "reconciler/stages/test_report.h"

namespace faber::reconciler {

// The steps the stages share: running engine operations as one stage, and turning a phase's
// test report into the stage's record.

// One engine operation of a stage, by the name the records and the debugger use.
struct EngineOperation {
  const char* name;  // init | validate | plan | apply
  EngineResult (Engine::*run)(const EngineContext&);
};

// Runs `operations` in order as `stage` and appends the stage's record to the summary: passed,
// skipped when the engine had nothing to run for any of them, or failed (or aborted) at the first
// that fails, which becomes the summary's failure. Returns false when the stage failed.
bool RunEngineOperations(RunContext& ctx, manifests::Stage stage, std::initializer_list<EngineOperation> operations);

// Appends the record of test stage `stage` from its `report` (failed when the report fails, with
// the failing tests as output; skipped when the phase was skipped) and keeps the report in the
// summary. Returns false when the report fails.
bool FinishTestStage(RunContext& ctx, manifests::Stage stage, TestReport report, int64_t duration_ms);

// A fresh report of `phase` for this run, marked skipped when the run skips tests.
TestReport StartReport(RunContext& ctx, manifests::Stage phase);

}  // namespace faber::reconciler
