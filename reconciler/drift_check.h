#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/redactor.h"
#include "manifests/run_vocabulary.h"
#include "reconciler/engines/engine.h"
#include "store/records_store.h"

namespace faber::reconciler {

// What a drift check of one environment found.
struct DriftOutcome {
  manifests::DriftVerdict verdict = manifests::DriftVerdict::kFailed;
  std::string detail;     // one line for people
  nlohmann::json report;  // the drift report, masked and redacted
  std::string report_path;  // where the records keep it, set once it is recorded
};

// Runs init and a refresh-only plan (Engine::Drift) in `ctx` (the exported last applied commit)
// and builds the drift report: phase "drift", environment, commit, timestamp, status, and the
// summary of what changed outside faber (the plan's resource_drift), sensitive values masked.
DriftOutcome CheckDrift(Engine& engine, const EngineContext& ctx, const std::string& environment,
                        const std::string& commit, common::Redactor& redactor, common::TimePoint now);

// The records change of a drift check, derived from `records` (see RecordsMutation), in one
// commit "faber(<env>): drift <sha7> <status>": the report reports/<env>/<UTC>-<sha7>-drift.json,
// the check as `drift` in deployments/<env>.json (status, checked_at, commit, report,
// drifted_resources, detail, and `since`: when the environment was first seen drifted at this
// commit), and a row appended to `drift_checks` in reports/<env>/history.json (its runs and
// statistics untouched). Errors: an unreadable deployment record or history.
common::Result<store::RecordsChange> BuildDriftRecord(const store::RecordsSnapshot& records,
                                                      const std::string& environment, const std::string& commit,
                                                      common::TimePoint started, const DriftOutcome& outcome);

}  // namespace faber::reconciler
