#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/redactor.h"
#include "reconciler/engines/engine.h"
#include "store/records_store.h"

namespace faber::reconciler {

// What a drift check of one environment found.
struct DriftOutcome {
  std::string status;     // in_sync | drifted | failed
  std::string detail;     // one line for people
  nlohmann::json report;  // the drift report, masked and redacted
};

// Runs init and a refresh-only plan (Engine::Drift) in `ctx` (the exported last applied commit)
// and builds the drift report: phase "drift", environment, commit, timestamp, status, and the
// summary of what changed outside faber (the plan's resource_drift), sensitive values masked.
DriftOutcome CheckDrift(Engine& engine, const EngineContext& ctx, const std::string& environment,
                        const std::string& commit, common::Redactor& redactor, common::TimePoint now);

// The records change of a drift check: reports/<env>/<UTC>-<sha7>-drift.json, in one commit
// "faber(<env>): drift <sha7> <status>".
store::RecordsChange BuildDriftRecord(const std::string& environment, const std::string& commit,
                                      common::TimePoint started, const DriftOutcome& outcome);

}  // namespace faber::reconciler
