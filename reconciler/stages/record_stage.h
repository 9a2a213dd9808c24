#pragma once

#include "common/clock.h"
#include "manifests/faber_config.h"
#include "reconciler/failure_debugger.h"
#include "reconciler/run_summary.h"
#include "store/records_store.h"
#include "store/run_journal.h"

namespace faber::reconciler {

// The record stage: what a finished run writes to the records branch, in one commit. It runs
// after the pipeline's stages, inside the records mutation (see RecordsMutation), because it must
// derive everything from the records it updates and may run again after a lost race.

// A run's records commit and what the debugger made of the run.
struct RunRecord {
  store::RecordsChange change;
  DebugAnalysis analysis;
};

// Builds the records commit of finished run `run` from the records it updates:
// deployments/<env>.json, the phase reports, history.json, and the debugger's issue-log changes
// when a stage failed or a fix was tried (the engine's remedies and the requested fix, each
// recorded as an outcome). Pure: it derives everything from `records`.
common::Result<RunRecord> BuildRunRecord(const RunSummary& run, FailureDebugger& debugger,
                                         const store::RecordsSnapshot& records);

// Builds the records commit saying a run was interrupted (faber died during `journal.stage`) and
// what the environment's policy decided.
common::Result<store::RecordsChange> BuildInterruptedRecord(const store::JournalEntry& journal,
                                                            common::TimePoint detected,
                                                            manifests::InterruptedPolicy policy,
                                                            const store::RecordsSnapshot& records);

}  // namespace faber::reconciler
