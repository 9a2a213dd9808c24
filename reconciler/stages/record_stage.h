#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "reconciler/failure_debugger.h"
#include "reconciler/pipeline.h"
#include "store/records_store.h"
#include "store/run_journal.h"

namespace faber::reconciler {

// Identifies one run in records and reports.
struct RunIdentity {
  std::string run_id;          // "<yyyymmddThhmmssZ>-<sha7>"
  std::string environment;
  std::string branch;
  std::string commit;
  std::optional<int> pull_request;
  common::TimePoint started;
  common::TimePoint finished;
  bool tests_skipped = false;
  std::optional<FixAttempt> requested_fix;  // the fix a person asked this run to carry out
};

// Builds the records commit of a finished run from the records it updates: deployments/<env>.json,
// the phase reports, history.json, and the debugger's issue-log changes when a stage failed or a
// fix was tried (the engine's remedies and the requested fix, each recorded as an outcome).
// Pure: it derives everything from `records`, so it can run again after a lost race.
common::Result<store::RecordsChange> BuildRunRecord(const RunIdentity& run, const RunOutcome& outcome,
                                                    FailureDebugger& debugger, const store::RecordsSnapshot& records);

// Builds the records commit saying a run was interrupted (faber died during `journal.stage`) and
// what the environment's policy decided ("rerun" or "stop").
common::Result<store::RecordsChange> BuildInterruptedRecord(const store::JournalEntry& journal,
                                                            common::TimePoint detected, const std::string& policy,
                                                            const store::RecordsSnapshot& records);

}  // namespace faber::reconciler
